"""sitegen linkcheck on small hand-made outputs, and on the site built from the repository."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.commands.linkcheck import Problem, check_site, main
from tests.conftest import SUBPATH_BASE

BASE = "https://example.github.io/digest/"
PAGE = """<!doctype html>
<html><head><link rel="stylesheet" href="/digest/static/style.css"></head>
<body><main id="main">{body}</main></body></html>
"""


def make_output(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "style.css").write_text("body {}")
    return root


def problems(root: Path, base: str = BASE) -> list[str]:
    return [str(p) for p in check_site(root, base).problems]


def test_working_links_of_every_form(tmp_path: Path) -> None:
    out = make_output(
        tmp_path,
        {
            "index.html": PAGE.format(
                body='<a href="jobs/x/">rel</a> <a href="/digest/jobs/x/#apply">root</a>'
                f' <a href="{BASE}jobs/x/index.html">absolute</a>'
                ' <a href="http://example.github.io/digest/jobs/x">other scheme, no slash</a>'
                ' <a href="#main">here</a> <a href="#top">top</a> <a href="">self</a>'
                ' <a href="https://other.example/nope/">external</a>'
                ' <a href="mailto:jobs@example.com">mail</a>'
                ' <img src="static/style.css" srcset="static/style.css 1x, /digest/ 2x">'
            ),
            "jobs/x/index.html": PAGE.format(
                body='<a href="../../">up</a> <p id="apply">Apply</p> <a href="?page=2">q</a>'
            ),
            "sitemap.xml": '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9"><url><loc>{BASE}jobs/x/</loc></url></urlset>',
            "robots.txt": f"User-agent: *\nSitemap: {BASE}sitemap.xml\n",
        },
    )
    report = check_site(out, BASE)
    assert report.problems == []
    assert (report.files, report.links) == (4, 18)


def test_broken_link_and_missing_fragment(tmp_path: Path) -> None:
    out = make_output(
        tmp_path,
        {
            "index.html": PAGE.format(
                body='\n<a href="jobs/gone/">gone</a>\n<a href="jobs/x/#nowhere">frag</a>'
                '\n<a href="#also-nowhere">here</a>'
                f'\n<a href="{BASE}static/missing.css">absolute</a>'
            ),
            "jobs/x/index.html": PAGE.format(body="<p id='apply'>x</p>"),
        },
    )
    assert problems(out) == [
        "index.html:4: jobs/gone/: not found: no file jobs/gone/index.html in the output",
        "index.html:5: jobs/x/#nowhere: no element with id 'nowhere' in jobs/x/index.html",
        "index.html:6: #also-nowhere: no element with id 'also-nowhere' in index.html",
        f"index.html:7: {BASE}static/missing.css: not found: no file static/missing.css in "
        "the output",
    ]


def test_links_that_leave_the_sub_path(tmp_path: Path) -> None:
    """On a sub-path site, a link to the host's root is broken even if the file exists."""
    out = make_output(
        tmp_path,
        {
            "index.html": PAGE.format(
                body='<a href="/jobs/x/">root</a> <a href="../../../etc/passwd">up</a>'
            ),
            "jobs/x/index.html": PAGE.format(body=""),
        },
    )
    assert problems(out) == [
        "index.html:3: ../../../etc/passwd: leads outside the site, which lives under /digest/",
        "index.html:3: /jobs/x/: leads outside the site, which lives under /digest/",
    ]


def test_feeds_404_page_and_duplicate_ids(tmp_path: Path) -> None:
    out = make_output(
        tmp_path,
        {
            "index.html": PAGE.format(body='<p id="a">1</p>\n<p id="a">2</p>'),
            "404.html": PAGE.format(
                body='<a href="editions/">editions</a><a href="/digest/">ok</a>'
            ),
            "editions/index.html": PAGE.format(body=""),
            "feeds/atom.xml": '<feed xmlns="http://www.w3.org/2005/Atom">'
            f'<link href="{BASE}feeds/atom.xml" rel="self"/>'
            f'<entry><link href="{BASE}jobs/closed/"/></entry></feed>',
            "feeds/feed.json": '{"version": "https://jsonfeed.org/version/1.1", '
            f'"feed_url": "{BASE}feeds/feed.json", "items": [{{"url": "{BASE}jobs/y/"}}]}}',
            "broken.xml": "<urlset><loc>",
        },
    )
    assert problems(out) == [
        "404.html:3: editions/: the 404 page is served at any address, so this relative link "
        "breaks: start it with / or the site's address",
        "broken.xml: cannot be read for links: no element found: line 1, column 13",
        f"feeds/atom.xml: {BASE}jobs/closed/: not found: no file jobs/closed/index.html in the "
        "output",
        f"feeds/feed.json: {BASE}jobs/y/: not found: no file jobs/y/index.html in the output",
        "index.html:4: #a: this id is used more than once on the page",
    ]


def test_command_line(tmp_path: Path) -> None:
    out = make_output(tmp_path / "out", {"index.html": PAGE.format(body='<a href="x/">x</a>')})
    stdout = io.StringIO()
    assert main([str(out), "--base-url", BASE], stdout=stdout) == 1
    assert stdout.getvalue().splitlines() == [
        "index.html:3: x/: not found: no file x/index.html in the output",
        "1 broken link (2 links in 1 files checked)",
    ]
    stdout = io.StringIO()
    assert main([str(out), "--base-url", BASE, "--format", "github"], stdout=stdout) == 1
    assert stdout.getvalue().splitlines()[0] == (
        f"::error file={out.as_posix()}/index.html,line=3,title=broken link::"
        "x/: not found: no file x/index.html in the output"
    )
    (out / "x").mkdir()
    (out / "x" / "index.html").write_text("<p>x</p>")
    stdout = io.StringIO()
    assert main([str(out), "--base-url", BASE], stdout=stdout) == 0
    assert stdout.getvalue() == "no broken links (2 links in 2 files checked)\n"


def test_command_line_refuses_a_relative_base_url(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path), "--base-url", "/digest/"], stdout=io.StringIO())
    assert exit_info.value.code == 2


def test_the_real_site_has_no_broken_link(real_site: Path) -> None:
    report = check_site(real_site, SUBPATH_BASE)
    assert report.problems == []
    assert report.files > 20 and report.links > 300


def test_a_problem_reads_like_a_compiler_message() -> None:
    assert str(Problem("a/index.html", 7, "x/", "not found")) == "a/index.html:7: x/: not found"
    assert str(Problem("sitemap.xml", None, "x", "not found")) == "sitemap.xml: x: not found"
