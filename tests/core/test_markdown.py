"""Markdown from strangers: no raw HTML, no script URLs, no third-party images."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from sitegen.render.markdown import _MD, PLAIN_LINK, is_safe_link, normalize_link, render, summary

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:x",
        "java%09script:x",
        "&#106;avascript:x",
        "vbscript:x",
        "data:text/html,<script>",
        "file:///etc",
    ],
)
def test_dangerous_schemes_are_refused(url: str) -> None:
    assert not is_safe_link(url)


@pytest.mark.parametrize(
    "url", ["https://a.example/", "mailto:a@b.example", "/x/", "../y", "#frag", "page?q=1"]
)
def test_ordinary_links_are_allowed(url: str) -> None:
    assert is_safe_link(url)


def test_raw_html_is_escaped_and_bad_links_stay_text() -> None:
    html = render(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>"
    ).html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "href" not in html


def test_headings_shift_and_get_unique_ids() -> None:
    html = render("# Role\n\n## Role\n\n###### Deep\n").html
    assert '<h2 id="role">Role</h2>' in html
    assert '<h3 id="role-2">Role</h3>' in html
    assert '<h6 id="deep">Deep</h6>' in html


def test_images_become_links_so_no_other_host_is_contacted() -> None:
    html = render("![logo](https://tracker.example/pixel.png)").html
    assert html.strip() == '<p><a href="https://tracker.example/pixel.png">Image: logo</a></p>'


def test_plain_text_and_summary() -> None:
    rendered = render("# Hi\n\nSome *text* and `code`.\n\n- item\n")
    assert rendered.text == "Hi Some text and code. item"
    assert summary("word " * 100, 20) == "word word word word…"


def test_script_json_cannot_close_its_script_block() -> None:
    import json

    from sitegen.render.jsonld import script_json

    data = {"title": "</script><script>alert(1)</script>", "x": "a&b\u2028"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


@settings(max_examples=3000, deadline=None)
@given(st.from_regex(PLAIN_LINK, fullmatch=True))
def test_links_taken_as_already_normal_are_what_markdown_it_makes_of_them(url: str) -> None:
    assert normalizeLink(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://Example.COM/Jobs/1?ref=a&b=c#Apply",
        "http://a.example:8080/x/(y)/z;p=1",
        "https://a.example/ü",
        "https://bücher.example/",
        "https://a.example/a b",
        "https://a.example/100%",
        "https://a.example/%41",
        "https://user@a.example/",
        "https://[::1]/",
        "mailto:jobs@a.example",
        "../relative page",
        "",
    ],
)
def test_every_link_normalizes_as_markdown_it_does(url: str) -> None:
    assert normalize_link(url) == normalizeLink(url)


def test_descriptions_render_as_with_markdown_its_own_link_normalizing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    import generate  # the bench's postings: several links each

    assert generate.main(["80", str(tmp_path)]) == 0
    files = sorted(tmp_path.rglob("*.md")) + sorted((REPO / "content").rglob("*.md"))
    descriptions = [path.read_text(encoding="utf-8") for path in files]
    assert sum(text.count("](http") for text in descriptions) > 100
    ours = [_MD.render(text) for text in descriptions]
    monkeypatch.setattr(_MD, "normalizeLink", normalizeLink)
    assert [_MD.render(text) for text in descriptions] == ours


HTMLISH = st.lists(
    st.sampled_from(
        [
            *"ab <>/!-?=\"'`\n",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "<?x ",
            "<![CDATA[",
            "]]>",
            "<script>",
            "<pre>",
            '<a href="x">',
            "<b>",
            "&amp;",
            "    ",
            "- ",
            "# ",
            "> ",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(HTMLISH)
def test_raw_html_in_any_mix_never_reaches_the_page_as_markup(text: str) -> None:
    html = _MD.render(text)
    for markup in ("<script", "<b>", '<a href="x">', "<!--", "<![CDATA[", "<?", "<!DOCTYPE"):
        assert markup not in html
