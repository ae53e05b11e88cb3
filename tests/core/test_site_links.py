"""Links written in content as site-absolute ('/about/') stay on the site under a sub-path
base URL: on pages, in feeds and in JSON-LD; protocol-relative links stay external."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from sitegen.build import build
from sitegen.render.markdown import render_html
from tests.conftest import CONFIG, MakeProject, posting_text

BODY = """\
Read [about us](/about/), [the tag](/tags/python/#top) and [search](/search/?q=rust).
![Logo](/static/logo.png) [a CDN](//cdn.example/x) [relative](../other/) [frag](#x)
[site root](/)
"""
PAGE = "---\ntitle: About\n---\nSee [the job](/jobs/example-job/) and [home](/).\n"
NOTE = "---\ntitle: Week 47\n---\nThis week: [about](/about/).\n"


def _built(make_project: MakeProject, config: str = CONFIG) -> Path:
    root = make_project(
        {
            "content/postings/example-job.md": posting_text(body=BODY),
            "content/pages/about.md": PAGE,
            "content/editions/2026-W47.md": NOTE,
        },
        config,
    )
    out = root / "output"
    build(root, out, today=dt.date(2026, 11, 23))  # W47 has ended: its edition is in the feed
    return out


def _text(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_pages_link_under_the_base_path(make_project: MakeProject) -> None:
    out = _built(make_project)
    posting = _text(out, "jobs/example-job/index.html")
    for href in (
        "/digest/about/",
        "/digest/tags/python/#top",
        "/digest/search/?q=rust",
        "/digest/static/logo.png",
        "/digest/",
        "//cdn.example/x",  # another host, left as written
        "../other/",
        "#x",
    ):
        assert f'href="{href}"' in posting, href
    about = _text(out, "about/index.html")
    assert 'href="/digest/jobs/example-job/"' in about and 'href="/digest/"' in about
    assert 'href="/digest/about/"' in _text(out, "editions/2026-w47/index.html")


def test_feeds_and_json_ld_link_to_the_site(make_project: MakeProject) -> None:
    out = _built(make_project)
    base = "https://example.github.io/digest/"
    for name in ("feed.xml", "atom.xml"):
        feed = _text(out, name)
        assert f'href="{base}about/"' in feed.replace("&quot;", '"'), name
        assert "https://example.github.io/about/" not in feed, name
    item = json.loads(_text(out, "feed.json"))["items"][0]["content_html"]
    assert f'href="{base}about/"' in item and 'href="http://cdn.example/x"' not in item
    assert f'href="{base}tags/python/#top"' in item
    editions = json.loads(_text(out, "editions/feed.json"))["items"][0]["content_html"]
    assert f'href="{base}about/"' in editions
    page = _text(out, "jobs/example-job/index.html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script is not None
    description = json.loads(script.group(1))["description"]
    assert f'href="{base}about/"' in description


def test_a_site_at_the_root_of_its_host_keeps_the_links(make_project: MakeProject) -> None:
    config = CONFIG.replace("https://example.github.io/digest/", "https://jobs.example.org/")
    out = _built(make_project, config)
    posting = _text(out, "jobs/example-job/index.html")
    assert 'href="/about/"' in posting and 'href="//cdn.example/x"' in posting


def test_markdown_resolves_only_site_absolute_links() -> None:
    html = render_html("[a](/a/) [b](//b.example/) [c](c/) [d](/\\d.example/)", "/x/")
    assert 'href="/x/a/"' in html
    assert 'href="//b.example/"' in html
    assert 'href="c/"' in html
    # a backslash after the slash is escaped, never a second slash: it stays on the site
    assert 'href="/x/%5Cd.example/"' in html
    assert render_html("[a](/a/)") == render_html("[a](/a/)", "/") == '<p><a href="/a/">a</a></p>\n'
