"""A posting's `aliases`: a redirect page at each old path, in no listing, feed, search file
or sitemap; hostile or colliding paths refused with the file and line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.commands.serve import Preview
from tests.conftest import CONFIG, MakeProject, posting_text

DAY = dt.date(2026, 11, 22)
OTHER_ID = "22222222-2222-4333-8444-555555555555"
# the redirect page's own lines (base.html gives the rest of its frame, as on every page)
REDIRECT_LINES = [
    "<title>Moved: Backend Engineer at Example Co · Test Digest</title>",
    '<meta name="robots" content="noindex">',
    '<link rel="canonical" href="https://example.github.io/digest/jobs/new-name/">',
    '<meta http-equiv="refresh" content="0; url=/digest/jobs/new-name/">',
    "<h1>This posting has moved</h1>",
    '<p>It is now here: <a href="/digest/jobs/new-name/">Backend Engineer at Example Co</a>. '
    "Please update your bookmarks and links.</p>",
]


def check(root: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--root", str(root)], stdout=out, stderr=err)
    *problems, last = err.getvalue().splitlines() or [""]
    assert last.endswith("nothing was written")
    return code, problems


def renamed(make_project: MakeProject, aliases: str, config: str = CONFIG) -> Path:
    text = posting_text("new-name", extra=f"aliases: {aliases}\n")
    return make_project({"content/postings/new-name.md": text}, config)


def test_a_renamed_posting_redirects_from_its_old_paths(make_project: MakeProject) -> None:
    root = renamed(make_project, "[jobs/old-name/, /2023/backend.html, jobs/older]")
    out = root / "output"
    build(root, out, today=DAY)
    for name in ("jobs/old-name/index.html", "2023/backend.html", "jobs/older/index.html"):
        page = (out / name).read_bytes()
        lines = page.decode("utf-8").splitlines()
        assert all(line in lines for line in REDIRECT_LINES), name
        assert page.startswith(b'<!doctype html>\n<html lang="en">\n<head>\n') and b"<main" in page
        assert b"Skip to content" in page  # the site's frame, from the theme
    # nowhere but at their own paths: not in listings, feeds, search or the sitemap
    others = [p for p in out.rglob("*") if p.is_file() and "old-name" not in p.as_posix()]
    for file in others:
        data = file.read_bytes()
        assert b"old-name" not in data and b"2023/backend" not in data, file
    sitemap = (out / "sitemap.xml").read_text()
    assert "jobs/new-name/" in sitemap and "older" not in sitemap
    meta = json.loads((out / "search" / "meta.json").read_text())
    assert "older" not in json.dumps(meta)


def test_the_compact_theme_makes_redirect_pages_too(make_project: MakeProject) -> None:
    root = renamed(make_project, "[jobs/old-name/]", CONFIG + 'theme = "compact"\n')
    build(root, root / "output", today=DAY)
    page = (root / "output" / "jobs" / "old-name" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/digest/jobs/new-name/">' in page
    assert "<style>" in page  # the compact theme's frame


def test_the_preview_serves_the_redirect_a_build_writes(make_project: MakeProject) -> None:
    root = renamed(make_project, "[jobs/old-name/]")
    build(root, root / "output", base_url="http://127.0.0.1:8000/digest/", today=DAY)
    preview = Preview(root, "http://127.0.0.1:8000/digest/", today=DAY)
    written = (root / "output" / "jobs" / "old-name" / "index.html").read_bytes()
    assert preview.file("jobs/old-name/index.html") == written


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        (
            '"javascript:alert(1)"',
            "'javascript:alert(1)' is a full address: write the path "
            "inside the site, e.g. jobs/old-slug/",
        ),
        (
            "//evil.example/",
            "'//evil.example/' is a full address: write the path inside the "
            "site, e.g. jobs/old-slug/",
        ),
        (
            "https://evil.example/x/",
            "'https://evil.example/x/' is a full address: write the "
            "path inside the site, e.g. jobs/old-slug/",
        ),
        (
            "../../etc/passwd",
            "'../../etc/passwd' steps out of its folder ('..'): write the "
            "path from the site's root",
        ),
        (
            "'jobs/\"><script>alert(1)</script>/'",
            "'jobs/\"><script>alert(1)</script>/' may "
            "hold only letters, digits and - . _ ~ between slashes, not starting with a dot, "
            "e.g. jobs/old-slug/",
        ),
        (
            '"jobs/it\'s/"',
            '"jobs/it\'s/" may hold only letters, digits and - . _ ~ between '
            "slashes, not starting with a dot, e.g. jobs/old-slug/",
        ),
        (
            "jobs/old?utm=x",
            "'jobs/old?utm=x' has a query or #fragment: a redirect stands at a path alone",
        ),
        ('"/"', "'/' is the home page: name the old page's path, e.g. jobs/old-slug/"),
        ("jobs/aux/", "'jobs/aux/' 'aux' is a device name on Windows: its page could not be saved"),
        ("[]", "list the old paths, e.g. [jobs/old-slug/], or remove the field"),
        ("[[jobs/x/]]", "['jobs/x/'] is not a path: write e.g. jobs/old-slug/"),
    ],
)
def test_hostile_aliases_are_refused_on_their_line(
    make_project: MakeProject, alias: str, message: str
) -> None:
    root = renamed(make_project, f"[{alias}]" if not alias.startswith("[") else alias)
    code, lines = check(root)
    assert (code, lines) == (1, [f"content/postings/new-name.md:18: aliases: {message}"])
    assert not (root / "output").exists()


def test_an_alias_may_not_stand_where_the_site_has_a_page(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/postings/one.md": posting_text(
                "one", extra="aliases: [jobs/two/, tags/python/, feed.xml/x/, search/words/]\n"
            ),
            "content/postings/two.md": posting_text(
                "two", id=OTHER_ID, extra="aliases: [jobs/one]\n"
            ),
            "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
        }
    )
    code, lines = check(root)
    where = "content/postings/{}.md:18: aliases: "
    assert (code, lines) == (
        1,
        [
            where.format("one") + "feed.xml/x/ is a page or file the site makes: remove it "
            "from aliases",
            where.format("one") + "jobs/two/ is the address of content/postings/two.md: remove "
            "it from aliases",
            where.format("one") + "search/words/ is in a folder the site makes: remove it "
            "from aliases",
            where.format("one") + "tags/python/ is a page or file the site makes: remove it "
            "from aliases",
            where.format("two") + "jobs/one/ is the address of content/postings/one.md: remove "
            "it from aliases",
        ],
    )


def test_two_postings_may_not_claim_one_old_path(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/postings/one.md": posting_text("one", extra="aliases: [jobs/old/]\n"),
            "content/postings/two.md": posting_text(
                "two", id=OTHER_ID, extra="aliases: [/JOBS/old]\n"
            ),
        }
    )
    code, lines = check(root)
    assert (code, lines) == (
        1,
        [
            "content/postings/one.md:18: aliases: jobs/old/ is also an alias of "
            "content/postings/two.md: keep it in the posting it belongs to",
            "content/postings/two.md:18: aliases: JOBS/old/ is also an alias of "
            "content/postings/one.md: keep it in the posting it belongs to",
        ],
    )


def test_an_alias_of_its_own_address_is_refused(make_project: MakeProject) -> None:
    root = renamed(make_project, "[jobs/new-name/]")
    assert check(root) == (
        1,
        [
            "content/postings/new-name.md:18: aliases: jobs/new-name/ is this posting's own "
            "address: remove it from aliases"
        ],
    )
