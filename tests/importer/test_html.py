"""Simple HTML bodies become Markdown text; no raw HTML comes through."""

from __future__ import annotations

from sitegen.importer.html import html_to_markdown, looks_like_html


def test_structure_survives() -> None:
    html = (
        "<h2>About</h2><p>We are <b>Acme</b> &amp; co.</p>"
        "<ul><li>One</li><li>Two <em>fast</em></li></ul><ol><li>a</li><li>b</li></ol>"
    )
    assert html_to_markdown(html) == (
        "## About\n\nWe are **Acme** & co.\n\n- One\n- Two *fast*\n\n1. a\n2. b"
    )


def test_only_safe_links_are_kept() -> None:
    html = (
        '<p><a href="https://x.example/a">Apply</a> <a href="mailto:j@x.example">Mail</a> '
        '<a href="javascript:alert(1)">bad</a> <a href="data:text/html,x">data</a></p>'
    )
    assert html_to_markdown(html) == (
        "[Apply](https://x.example/a) [Mail](mailto:j@x.example) bad data"
    )


def test_scripts_styles_and_escaped_markup_never_become_html() -> None:
    html = (
        "<style>p{}</style><script>steal()</script><p>1 &lt;script&gt;alert(1)&lt;/script&gt;"
        "</p><div><img src=x onerror=alert(1)>text</div><iframe src=//x></iframe>"
    )
    out = html_to_markdown(html)
    assert "steal" not in out
    assert "<" not in out.replace("\\<", "")
    assert out == "1 \\<script>alert(1)\\</script>\n\ntext"


def test_line_breaks_are_hard_breaks_except_at_the_end_of_a_block() -> None:
    html = "<p>Line one<br>Line two<br></p><p>Next<br/></p>"
    assert html_to_markdown(html) == "Line one\\\nLine two\n\nNext"


def test_looks_like_html() -> None:
    assert looks_like_html("<p>Hello</p>")
    assert looks_like_html("  <div><h1>x</h1></div>")
    assert not looks_like_html("Plain text with a <b> tag inside")
    assert not looks_like_html("# Markdown")
