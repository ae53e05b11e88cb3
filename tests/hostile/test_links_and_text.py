"""Dangerous URLs never become links; invisible and direction-changing characters never
reach a listing; tags cannot carry markup."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest

from sitegen.content import fields
from sitegen.content.source import Located
from sitegen.render.markdown import is_safe_link, render_html
from tests.hostile.payloads import MARKDOWN, URLS


def check(validator: fields.Validator, value: object) -> tuple[object, list[str]]:
    ck = fields.Checker("p.md", ZoneInfo("UTC"))
    result = validator(Located(value, 7), "apply", ck)
    return result, [str(e) for e in ck.errors]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    "validator", [fields.apply_link, fields.http_url], ids=["apply", "website"]
)
def test_hostile_urls_are_refused_as_apply_links_and_websites(
    validator: fields.Validator, url: str
) -> None:
    result, errors = check(validator, url)
    assert result is None
    assert len(errors) == 1 and errors[0].startswith("p.md:7: apply: must be")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/jobs?id=1&ref=x", "https://example.com/jobs?id=1&ref=x"),
        ("  HTTPS://Example.com/a  ", "HTTPS://Example.com/a"),
        ("jobs@example.com", "mailto:jobs@example.com"),
        ("mailto:jobs@example.com", "mailto:jobs@example.com"),
    ],
)
def test_ordinary_apply_links_pass(url: str, expected: str) -> None:
    assert check(fields.apply_link, url) == (expected, [])


def test_a_web_address_with_any_space_or_markup_character_is_refused() -> None:
    """Every code point str.isspace calls space, and each character that could close an
    attribute or start markup, anywhere in the address."""
    refused = [chr(c) for c in range(0x110000) if chr(c).isspace()] + list("<>\"'`\\")
    for char in refused:
        url = f"https://example.com/a{char}b"
        assert check(fields.http_url, url)[0] is None, repr(char)
    assert check(fields.http_url, "https://example.com/a-b")[0] == "https://example.com/a-b"


@pytest.mark.parametrize("value", [None, 1, True, [URLS[0]], {"href": URLS[0]}])
def test_apply_links_of_other_types_are_refused(value: object) -> None:
    assert check(fields.apply_link, value)[0] is None


@pytest.mark.parametrize("source", MARKDOWN)
def test_markdown_never_links_to_a_script_scheme(source: str) -> None:
    html = render_html(source)
    for href in re.findall(r'href="([^"]*)"', html):
        assert is_safe_link(href), href
        assert re.match(r"^(https?://|mailto:|#|/|[a-z0-9.%-]+(/|$))", href, re.I), href
    assert not re.search(r"<(script|img|iframe|svg|style)\b", html, re.I)
    assert not re.search(r"<[a-z]+[^>]*\son\w+=", html, re.I)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u202egnp.exe", "gnp.exe"),  # right-to-left override
        ("Senior\u200b Engineer\u200d", "Senior Engineer"),  # zero-width space and joiner
        ("A\u2066B\u2069C\u2067D\u2068E", "ABCDE"),  # isolates
        ("A\u061cB\u200e\u200fC", "ABC"),  # Arabic letter mark, LRM, RLM
        ("A\u00adB\u2060C\ufeffD", "ABCD"),  # soft hyphen, word joiner, BOM
        ("A\u180eB\u3164C\u115fD", "ABCD"),  # Mongolian vowel separator, Hangul fillers
        ("A\U000e0041\U000e007fB", "AB"),  # tag characters
        ("A\ufe0f\U000e0100B", "AB"),  # variation selectors (used to smuggle text)
        ("A\ue000B\U000f0000C", "ABC"),  # private use
        ("Line\u2028two\u2029three\x85four", "Line two three four"),
        ("tab\there\x1b[31mred\x7f", "tab here [31mred"),
        ("  lots   of\n\nspace ", "lots of space"),
        ("Ünïcödé 日本語 العربية", "Ünïcödé 日本語 العربية"),  # letters stay
    ],
)
def test_clean_line_neutralises_invisible_and_bidi_characters(raw: str, clean: str) -> None:
    assert fields.clean_line(raw) == clean


def test_a_title_made_only_of_invisible_characters_is_empty() -> None:
    _, errors = check(fields.text(150), "\u200b\u202e\u2066\ufeff")
    assert errors == ["p.md:7: apply: must not be empty"]


@pytest.mark.parametrize(
    "tag", ["<script>", 'a"b', "x onload=y", "javascript:x", "../etc", "a/b", "\u202epy", "a" * 41]
)
def test_tags_cannot_carry_markup_or_paths(tag: str) -> None:
    ck = fields.Checker("p.md", ZoneInfo("UTC"))
    assert fields.tags(Located([Located(tag, 3)], 3), "tags", ck) is None
    assert ck.errors and ck.errors[0].line == 3
