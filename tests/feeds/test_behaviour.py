"""What subscribers rely on: stable ids, absolute links, clean text, the cap, determinism."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from sitegen.build import build
from sitegen.cli import main
from tests.conftest import MakeProject, posting_text
from tests.feeds.helpers import (
    BASE,
    BODY,
    config,
    entry_ids,
    feed_files,
    is_absolute,
    load_json,
    parse,
    tree,
)

ID_A = "3f1c9a52-7d4e-4b8a-9a61-0c2e5d7b8f10"
ID_B = "5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
# A Monday: the week of posting_text's default date (2026-W47) has ended, so its edition is
# published with a feed entry.
DAY = dt.date(2026, 11, 23)


def _build(root: Path, name: str = "output", **kwargs: object) -> Path:
    out = root.parent / name
    build(root, out, today=kwargs.pop("today", DAY), **kwargs)  # type: ignore[arg-type]
    return out


def _all_ids(out: Path) -> dict[str, list[str]]:
    return {p.relative_to(out).as_posix(): entry_ids(p) for p in feed_files(out)}


def test_renamed_retitled_and_moved_posting_keeps_its_entry_id(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({"content/postings/first-name.md": posting_text("first-name", id=ID_A)})
    before = _all_ids(_build(root, "before"))
    (root / "content/postings/first-name.md").rename(root / "content/postings/second-name.md")
    path = root / "content/postings/second-name.md"
    path.write_text(
        posting_text("second-name", id=ID_A, title="Principal Backend Engineer"), encoding="utf-8"
    )
    after_dir = _build(root, "after", base_url="https://jobs.example.org/")
    after = _all_ids(after_dir)
    assert before == after
    assert before["feed.xml"] == [f"urn:uuid:{ID_A}"]
    assert before["editions/feed.json"] == after["editions/feed.json"]
    assert len(before["editions/feed.json"]) == 1
    moved = parse(after_dir / "atom.xml").entries[0]
    assert moved.title == "Principal Backend Engineer at Example Co"
    assert moved.link == "https://jobs.example.org/jobs/second-name/"


def test_relative_links_in_a_body_come_out_absolute(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job", body=BODY)}, config())
    out = _build(root)
    page = f"{BASE}jobs/job/"
    wanted = [
        f'href="{BASE}about/"',
        f'href="{page}#the-work"',
        f'href="{page}team.png"',
        'href="https://example.github.io/digest/tags/python/"',
    ]
    html_of = {
        "feed.xml": parse(out / "feed.xml").entries[0].content[0].value,
        "atom.xml": parse(out / "atom.xml").entries[0].content[0].value,
        "feed.json": load_json(out / "feed.json")["items"][0]["content_html"],
    }
    for name, html in html_of.items():
        for snippet in wanted:
            assert snippet in html, f"{name} lacks {snippet}"


@pytest.mark.parametrize("which", ["real_site", "generated_site"])
def test_every_link_in_feed_content_is_absolute(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    checked = 0
    for path in out.rglob("feed.json"):
        for item in load_json(path)["items"]:
            root = lxml.html.fragment_fromstring(item["content_html"], create_parent="div")
            for _element, _attr, link, _pos in root.iterlinks():
                assert is_absolute(link) or link.startswith("mailto:"), f"{path}: {link}"
                checked += 1
    assert checked > 0


def test_control_characters_do_not_break_the_feeds(make_project: MakeProject) -> None:
    body = "Pasted\x0b from a word\x01 processor\x1f, with a form feed\x0c and\x7f more.\n"
    root = make_project({"content/postings/job.md": posting_text("job", body=body)})
    out = _build(root)
    for path in feed_files(out):
        data = path.read_bytes()
        for char in "\x0b\x01\x1f\x0c\x7f":
            assert char.encode() not in data, path
            assert f"\\u{ord(char):04x}".encode() not in data, path
    for name in ("feed.xml", "atom.xml"):
        parsed = parse(out / name)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert "Pasted from a word processor" in parsed.entries[0].content[0].value
    assert "Pasted from" in load_json(out / "feed.json")["items"][0]["content_html"]


def test_an_editions_entry_has_absolute_links_and_xml_safe_text(
    make_project: MakeProject,
) -> None:
    note = '---\ntitle: "Week one"\n---\nRead [the about page](../../about/)\x0b first.\n'
    root = make_project(
        {
            "content/postings/job.md": posting_text("job", title='Backend "Engineer" <&>'),
            "content/editions/2026-W47.md": note,
        },
        config(),
    )
    out = _build(root)
    html = load_json(out / "editions" / "feed.json")["items"][0]["content_html"]
    assert f'href="{BASE}about/"' in html
    assert f'<a href="{BASE}jobs/job/">Backend &#34;Engineer&#34; &lt;&amp;&gt; at ' in html
    parsed = parse(out / "editions" / "atom.xml")
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert "\x0b" not in (out / "editions" / "atom.xml").read_text()


def _many(count: int, **extra: str) -> dict[str, str]:
    files = {}
    for n in range(count):
        day = dt.date(2026, 8, 3) + dt.timedelta(weeks=n)  # one posting a week
        files[f"content/postings/job-{n}.md"] = posting_text(
            f"job-{n}",
            id=f"00000000-0000-4000-8000-{n:012d}",
            date=day.isoformat(),
            extra=extra.get(f"job-{n}", ""),
        )
    return files


def test_feed_limit_caps_every_feed(make_project: MakeProject) -> None:
    root = make_project(_many(12), config(feed_limit=5, max_age_days=365))
    out = _build(root)
    newest = [f"urn:uuid:00000000-0000-4000-8000-{n:012d}" for n in range(11, 6, -1)]
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert entry_ids(out / name) == newest
        assert entry_ids(out / "tags/python" / name) == newest
        assert len(entry_ids(out / "editions" / name)) == 5


@pytest.mark.parametrize("drafts", [False, True])
def test_closed_expired_and_draft_postings_never_appear(
    make_project: MakeProject, drafts: bool
) -> None:
    extra = {
        "job-1": "closes: 2026-08-20\n",  # closed long before the build date
        "job-2": "draft: true\n",
        "job-3": "closes: 2026-10-02\n",  # closed the day before the build
    }
    root = make_project(_many(6, **extra), config())
    # job-0, posted on 2026-08-03, is 61 days old: expired (max_age_days = 60)
    out = _build(root, drafts=drafts, today=dt.date(2026, 10, 3))
    gone = {f"urn:uuid:00000000-0000-4000-8000-{n:012d}" for n in (0, 1, 2, 3)}
    for path in feed_files(out):
        assert not gone & set(entry_ids(path)), path
    assert len(entry_ids(out / "feed.json")) == 2  # job-4 and job-5
    editions = load_json(out / "editions/feed.json")["items"]
    assert not any("jobs/job-2/" in item["content_html"] for item in editions)


def test_two_builds_give_identical_feed_bytes(make_project: MakeProject) -> None:
    root = make_project(_many(8), config())
    first, second = tree(_build(root, "first")), tree(_build(root, "second"))
    assert first == second
    # the site, two tags, one company, three arrangements, one region, the editions
    assert len(first) == 3 * (1 + 2 + 1 + 3 + 1 + 1)


def test_feed_bytes_do_not_depend_on_the_clock(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # postings listed for ten years: a later build day expires none of them
    root = make_project(_many(6), config(max_age_days=3650))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-19
    from_epoch = tree(_build(root, "epoch", today=None))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030
    later = tree(_build(root, "later", today=dt.date(2031, 3, 1)))
    assert from_epoch == later
    rss = (root.parent / "later/feed.xml").read_text(encoding="utf-8")
    assert "<lastBuildDate>Mon, 07 Sep 2026 00:00:00 +0000</lastBuildDate>" in rss


def test_an_empty_feed_has_the_sites_newest_date(make_project: MakeProject) -> None:
    files = _many(3, **{"job-0": "closes: 2026-08-10\n"})
    files["content/postings/job-0.md"] = files["content/postings/job-0.md"].replace(
        "tags: [python, backend]", "tags: [python, backend, cobol]"
    )
    root = make_project(files, config())
    out = _build(root)
    feed = parse(out / "tags/cobol/atom.xml")
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2026-08-17T00:00:00+00:00"
    assert load_json(out / "tags/cobol/feed.json")["items"] == []


def test_pages_name_their_own_feeds_and_the_sites(real_site: Path) -> None:
    def alternates(page: str) -> list[str]:
        doc = lxml.html.parse(str(real_site / page / "index.html"))
        return [str(link.get("href")) for link in doc.iterfind(".//link[@rel='alternate']")]

    base = "http://127.0.0.1:8000/digest/"
    site = [f"{base}feed.xml", f"{base}atom.xml", f"{base}feed.json"]
    own = {
        "": site,
        "tags/rust": [f"{base}tags/rust/{n}" for n in ("feed.xml", "atom.xml", "feed.json")],
        "companies/mozilla": [f"{base}companies/mozilla/feed.xml"],
        "editions": [f"{base}editions/feed.xml", f"{base}editions/atom.xml"],
    }
    for page, feeds in own.items():
        links = alternates(page)
        assert set(feeds) <= set(links) and set(site) <= set(links), page
        assert links[0] == feeds[0], f"{page}: its own feed comes first"
        assert not any("/tags/python/" in link for link in links)
    assert alternates("jobs/mozilla-backend-software-engineer-ads") == site
    assert alternates("about") == site
    subscribe = (real_site / "tags/rust/index.html").read_text(encoding="utf-8")
    assert '<a href="/digest/tags/rust/atom.xml" type="application/atom+xml">Atom</a>' in subscribe


def test_bad_links_in_a_body_do_not_break_the_build(make_project: MakeProject) -> None:
    body = "See [broken](http://[::1) and [mail](mailto:jobs@example.com) and [x](<a b>).\n"
    root = make_project({"content/postings/job.md": posting_text("job", body=body)})
    assert main(["build", "--root", str(root), "--date", "2026-11-22", "--quiet"]) == 0
    parsed = parse(root / "output/atom.xml")
    assert not parsed.bozo
    assert 'href="mailto:jobs@example.com"' in parsed.entries[0].content[0].value


@pytest.mark.parametrize("base_url", ["https://example.org/a\x0bb/", "https://example.org/a b/"])
def test_a_base_url_feeds_cannot_carry_is_an_error_not_a_traceback(
    make_project: MakeProject, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    assert main(["build", "--root", str(root), "--base-url", base_url, "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "--base-url: must not contain spaces or control characters" in err
    assert "Traceback" not in err
