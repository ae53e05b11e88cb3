"""The text helpers of the feeds: cleaning for XML and making links absolute."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render.feedtext import absolute_html, xml_safe
from sitegen.render.markdown import render_html
from tests.feeds.helpers import is_absolute

PAGE = "https://example.org/digest/jobs/x/"
PIECES = [*"ab #[]()<>!*_`\n\x00\x0b\x1f\x7f\x85\ufffe\ud800/.:-", "](../", "](#", "- ", "> "]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


def test_xml_safe_keeps_tabs_newlines_and_text_and_drops_controls() -> None:
    assert xml_safe("a\tb\nc\r\x00\x08\x0b\x0c\x1f\x7f\x85\ud800\ufffe\uffffé😀") == "a\tb\nc\ré😀"


def test_xml_safe_removes_exactly_what_xml_1_0_cannot_carry_and_c1_controls() -> None:
    """Every code point, against the XML 1.0 Char production (plus DEL and C1 removed)."""
    allowed = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    every = "".join(chr(point) for point in range(0x110000))
    assert xml_safe(every) == "".join(allowed.findall(every))


def test_absolute_html_resolves_paths_fragments_and_images() -> None:
    html = '<p><a href="../y/">y</a> <a href="#top">t</a> <img src="i.png" alt=""></p>'
    assert absolute_html(html, PAGE) == (
        '<p><a href="https://example.org/digest/jobs/y/">y</a> '
        '<a href="https://example.org/digest/jobs/x/#top">t</a> '
        '<img src="https://example.org/digest/jobs/x/i.png" alt=""></p>'
    )


def test_absolute_html_keeps_absolute_and_mailto_links_and_drops_malformed_ones() -> None:
    html = '<a href="https://a.example/">a</a><a href="mailto:j@b.example">m</a><a href="http://[x">x</a>'
    assert absolute_html(html, PAGE) == (
        '<a href="https://a.example/">a</a><a href="mailto:j@b.example">m</a><a>x</a>'
    )


def test_absolute_html_of_nothing_is_nothing() -> None:
    assert absolute_html("", PAGE) == ""
    assert absolute_html("\x00\x0b", PAGE) == ""


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_any_markdown_gives_clean_absolute_html(text: str) -> None:
    html = absolute_html(render_html(text), PAGE)
    assert xml_safe(html) == html
    if html.strip():
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for _element, _attr, link, _pos in root.iterlinks():
            assert is_absolute(link) or link.startswith("mailto:"), link


URL_PIECES = [*"aZ09-._~!$&'()*+,;=%@:/?#[] \t\\é", "http://", "https://", "mailto:", "//", "../"]


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(
    st.sampled_from(["http://", "https://", ""]), st.lists(st.sampled_from(URL_PIECES), max_size=12)
)
def test_the_plain_url_shortcut_agrees_with_urljoin(scheme: str, pieces: list[str]) -> None:
    href = scheme + "".join(pieces)
    from urllib.parse import urljoin

    from sitegen.render.feedtext import _PLAIN_URL

    if _PLAIN_URL.fullmatch(href):
        assert urljoin(PAGE, href) == href
        assert urljoin("http://example.org/", href) == href
