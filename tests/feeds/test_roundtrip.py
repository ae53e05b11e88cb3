"""Every feed parses cleanly, and its entries say what the content says."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.content.model import Posting
from sitegen.content.parse import parse_posting
from tests.conftest import BUILD_DATE, REPO, SUBPATH_BASE
from tests.feeds.helpers import BASE, Generated, feed_files, load_json, parse


def _instant(parsed: object) -> dt.datetime:
    """feedparser's UTC struct_time as an aware datetime."""
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)  # type: ignore[arg-type]


@pytest.mark.parametrize("which", ["real_site", "generated_site"])
def test_every_xml_feed_parses_without_bozo(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    feeds = [p for p in feed_files(out) if p.suffix == ".xml"]
    assert len(feeds) >= 10
    for path in feeds:
        parsed = parse(path)
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        expected = "rss20" if path.name == "feed.xml" else "atom10"
        assert parsed.version == expected, path


@pytest.mark.parametrize("which", ["real_site", "generated_site"])
def test_the_three_formats_of_a_feed_hold_the_same_entries(
    which: str, request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(which)
    for rss in out.rglob("feed.xml"):
        ids = [e.id for e in parse(rss).entries]
        assert [e.id for e in parse(rss.with_name("atom.xml")).entries] == ids
        assert [i["id"] for i in load_json(rss.with_name("feed.json"))["items"]] == ids


def _expected(generated: list[Generated]) -> list[Generated]:
    listed = [g for g in generated if g.listed]
    return sorted(listed, key=lambda g: g.posted, reverse=True)[:50]


def test_rss_entries_round_trip(generated_site: Path, generated: list[Generated]) -> None:
    entries = parse(generated_site / "feed.xml").entries
    want = _expected(generated)
    assert [e.id for e in entries] == [g.entry_id for g in want]
    for entry, g in zip(entries, want, strict=True):
        assert entry.guidislink is False
        assert entry.title == f"{g.title} at {g.company}"
        assert entry.link == f"{BASE}jobs/{g.slug}/"
        assert _instant(entry.published_parsed) == g.posted
        assert [t.term for t in entry.tags] == ["python", "backend"]


def test_atom_entries_round_trip(generated_site: Path, generated: list[Generated]) -> None:
    feed = parse(generated_site / "atom.xml")
    want = _expected(generated)
    assert [e.id for e in feed.entries] == [g.entry_id for g in want]
    for entry, g in zip(feed.entries, want, strict=True):
        assert entry.title == f"{g.title} at {g.company}"
        links = {link.rel: link.href for link in entry.links}
        assert links == {
            "alternate": f"{BASE}jobs/{g.slug}/",
            "related": f"https://example.com/apply/{g.slug}",
        }
        assert _instant(entry.published_parsed) == g.posted
        assert _instant(entry.updated_parsed) == (g.updated or g.posted)
        assert entry.content[0].type == "text/html"
        assert entry.summary_detail.type == "text/plain"
    newest = max(g.updated or g.posted for g in want)
    assert _instant(feed.feed.updated_parsed) == newest


def test_json_feed_items_round_trip(generated_site: Path, generated: list[Generated]) -> None:
    items = load_json(generated_site / "feed.json")["items"]
    want = _expected(generated)
    assert [i["id"] for i in items] == [g.entry_id for g in want]
    for item, g in zip(items, want, strict=True):
        assert item["title"] == f"{g.title} at {g.company}"
        assert item["url"] == f"{BASE}jobs/{g.slug}/"
        assert item["external_url"] == f"https://example.com/apply/{g.slug}"
        assert dt.datetime.fromisoformat(item["date_published"]) == g.posted
        assert dt.datetime.fromisoformat(item["date_modified"]) == (g.updated or g.posted)
        assert item["tags"] == ["python", "backend"]


def test_company_feed_lists_only_that_company(
    generated_site: Path, generated: list[Generated]
) -> None:
    entries = parse(generated_site / "companies/company-3/atom.xml").entries
    want = [g for g in _expected_all(generated) if g.company == "Company 3"]
    assert [e.id for e in entries] == [g.entry_id for g in want]
    assert entries


def _expected_all(generated: list[Generated]) -> list[Generated]:
    return sorted((g for g in generated if g.listed), key=lambda g: g.posted, reverse=True)


def _real_postings() -> list[Posting]:
    """The repository's postings, read with the content parser (not with the feed code)."""
    return [
        parse_posting(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
        for path in sorted((REPO / "content/postings").rglob("*.md"))
    ]


def _listed_on(posting: Posting, day: dt.date) -> bool:
    """Until its closing date, else for 60 days after its date (the default max_age_days)."""
    if posting.closes:
        return posting.closes >= day
    return (day - posting.posted.astimezone(dt.UTC).date()).days <= 60


def test_real_site_entries_match_its_postings(real_site: Path) -> None:
    listed = [p for p in _real_postings() if _listed_on(p, BUILD_DATE) and not p.draft]
    listed.sort(key=lambda p: (-p.posted.timestamp(), p.slug))
    feed = parse(real_site / "atom.xml")
    assert [e.id for e in feed.entries] == [f"urn:uuid:{p.id}" for p in listed[:50]]
    for entry, posting in zip(feed.entries, listed, strict=False):
        assert entry.title == f"{posting.title} at {posting.company.name}"
        assert entry.link == f"{SUBPATH_BASE}jobs/{posting.slug}/"
        assert _instant(entry.published_parsed) == posting.posted
        assert _instant(entry.updated_parsed) == (posting.updated or posting.posted)
        assert [t.term for t in entry.tags] == list(posting.tags)


def test_editions_feed_has_one_entry_per_edition(tmp_path: Path) -> None:
    postings = [p for p in _real_postings() if not p.draft]
    weeks = {note.stem: 0 for note in (REPO / "content/editions").glob("*.md")}
    for p in postings:
        year, number, _ = p.posted.astimezone(dt.UTC).isocalendar()  # the site's zone is UTC
        weeks[f"{year}-W{number:02d}"] = weeks.get(f"{year}-W{number:02d}", 0) + 1
    # built on the Monday after the newest week: every week has ended, so each has an entry
    newest_end = dt.date.fromisocalendar(int(max(weeks)[:4]), int(max(weeks)[6:]), 7)
    out = tmp_path / "output"
    build(REPO, out, base_url=SUBPATH_BASE, today=newest_end + dt.timedelta(days=1))
    feed = parse(out / "editions/atom.xml")
    newest_first = sorted(weeks, reverse=True)
    assert [e.link for e in feed.entries] == [
        f"{SUBPATH_BASE}editions/{w.lower()}/" for w in newest_first
    ]
    for entry, week in zip(feed.entries, newest_first, strict=True):
        assert entry.id.startswith("urn:uuid:")
        html = entry.content[0].value
        assert html.count(f'<a href="{SUBPATH_BASE}jobs/') == weeks[week]
    titles = {e.link: e.title for e in feed.entries}
    assert titles[f"{SUBPATH_BASE}editions/2026-w47/"] == (
        "First edition: services, ads and databases"
    )


def test_the_running_week_has_no_entry_in_the_editions_feed(real_site: Path) -> None:
    """Built on Sunday 2026-11-22, the last day of 2026-W47: its edition is this week's so
    far, with a page but no feed entry until the week has ended."""
    assert parse(real_site / "editions/atom.xml").entries == []
    assert load_json(real_site / "editions/feed.json")["items"] == []
    page = (real_site / "editions/2026-w47/index.html").read_text(encoding="utf-8")
    assert "(this week so far)</h1>" in page
