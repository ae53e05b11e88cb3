"""Postings that go stale: a posting without `closes` leaves every listing, feed, search file
and the sitemap `max_age_days` after its date (default 60), keeping its page, marked."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.config import parse_config
from sitegen.errors import BuildError
from tests.conftest import CONFIG, MakeProject, posting_text

DAY = dt.date(2026, 11, 22)
STALE_ID = "61616161-2222-4333-8444-555555555555"
EDGE_ID = "60606060-2222-4333-8444-555555555555"
LATE = "2026-09-22T23:30:00-04:00"


def _days_before(days: int) -> str:
    return (DAY - dt.timedelta(days=days)).isoformat()


def _files() -> dict[str, str]:
    return {
        # 61 days old: expired with the default max_age_days of 60
        "content/postings/stale.md": posting_text(
            "stale", id=STALE_ID, title="Stale Role", date=_days_before(61)
        ),
        # 60 days old: its last day in the listings
        "content/postings/edge.md": posting_text(
            "edge", id=EDGE_ID, title="Edge Role", date=_days_before(60)
        ),
        # 90 days old, kept listed by a closing date
        "content/postings/extended.md": posting_text(
            "extended",
            id="90909090-2222-4333-8444-555555555555",
            title="Extended Role",
            date=_days_before(90),
            extra=f"closes: {(DAY + dt.timedelta(days=30)).isoformat()}\n",
        ),
    }


def _all_text(out: Path) -> dict[str, str]:
    """Every text file of a built site but the postings' own pages, by name."""
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json") and "jobs/" not in str(p)
    }


@pytest.fixture
def built(make_project: MakeProject, tmp_path: Path) -> Path:
    root = make_project(_files())
    out = tmp_path / "output"
    build(root, out, today=DAY)
    return out


def test_a_61_day_old_posting_is_out_of_every_listing_feed_sitemap_and_search_file(
    built: Path,
) -> None:
    files = _all_text(built)
    assert {"index.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml"} <= set(files)
    assert "search/meta.json" in files and "tags/python/feed.json" in files
    editions = {name for name in files if name.startswith("editions/")}
    for name, text in files.items():
        if name in editions:
            continue  # an edition lists every posting of its week, marked when expired
        assert "jobs/stale/" not in text, name
        assert STALE_ID not in text, name
        assert "Stale Role" not in text, name
    meta = json.loads(files["search/meta.json"])
    assert sorted(meta["title"]) == ["Edge Role", "Extended Role"]
    for name in ("index.html", "tags/python/index.html", "remote/us/index.html"):
        assert "jobs/edge/" in files[name] and "jobs/extended/" in files[name], name
    assert "jobs/edge/" in files["sitemap.xml"] and EDGE_ID in files["feed.xml"]


def test_the_expired_posting_keeps_its_page_marked_noindex_without_json_ld(built: Path) -> None:
    page = (built / "jobs/stale/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "application/ld+json" not in page
    assert (
        '<p class="notice" role="status">This posting expired on 21 November 2026, 60 days '
        "after it was posted. It is kept here for reference; applications are no longer "
        "accepted.</p>"
    ) in page
    assert '<div><dt>Expired</dt><dd><time datetime="2026-11-21">21 November 2026</time>' in page
    assert "https://example.com/apply/stale" not in page  # no apply link
    edition = (built / "editions/2026-w39/index.html").read_text(encoding="utf-8")
    row = edition.split('id="t-' + STALE_ID)[1].split("</li>\n</ol>")[0]
    assert '<li class="badge">Expired</li>' in row


def test_the_last_day_is_still_open_with_json_ld_valid_through_it(built: Path) -> None:
    page = (built / "jobs/edge/index.html").read_text(encoding="utf-8")
    assert "noindex" not in page and "notice" not in page
    [data] = re.findall(r'<script type="application/ld\+json">\n(.*)\n</script>', page)
    assert json.loads(data)["validThrough"] == "2026-11-22T23:59:59"
    extended = (built / "jobs/extended/index.html").read_text(encoding="utf-8")
    [data] = re.findall(r'<script type="application/ld\+json">\n(.*)\n</script>', extended)
    assert json.loads(data)["validThrough"] == "2026-12-22T23:59:59"


def test_the_age_limit_is_counted_in_the_sites_time_zone(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """23:30 in New York on 2026-09-22 is 2026-09-23 in UTC: 60 days before the build day
    there, so still listed on a UTC site; 61 on a New York site, so expired."""
    root = make_project({"content/postings/late.md": posting_text("late", date=LATE)})
    for zone, listed in (("UTC", True), ("America/New_York", False)):
        config = CONFIG.replace('timezone = "UTC"', f'timezone = "{zone}"')
        (root / "sitegen.toml").write_text(config, encoding="utf-8")
        out = tmp_path / zone.replace("/", "-")
        build(root, out, today=DAY)
        assert ("jobs/late/" in (out / "index.html").read_text(encoding="utf-8")) is listed, zone


def test_max_age_days_sets_the_limit(make_project: MakeProject, tmp_path: Path) -> None:
    files = {
        "content/postings/ten.md": posting_text("ten", date=_days_before(10)),
        "content/postings/eleven.md": posting_text(
            "eleven", id="22222222-2222-4333-8444-555555555555", date=_days_before(11)
        ),
    }
    root = make_project(files, CONFIG + "max_age_days = 10\n")
    build(root, tmp_path / "out", today=DAY)
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "jobs/ten/" in home and "jobs/eleven/" not in home
    page = (tmp_path / "out/jobs/eleven/index.html").read_text(encoding="utf-8")
    assert "This posting expired on 21 November 2026, 10 days after it was posted." in page


@pytest.mark.parametrize("value", ["0", "-5", '"60"', "1.5", "true", "4000"])
def test_max_age_days_must_be_a_whole_number_of_days(value: str) -> None:
    with pytest.raises(BuildError) as caught:
        parse_config(CONFIG + f"max_age_days = {value}\n", "sitegen.toml")
    assert [str(e) for e in caught.value.errors] == [
        "sitegen.toml:6: max_age_days: must be a whole number of days from 1 to 3650 "
        "(leave it out for the default, 60)"
    ]


def test_max_age_days_defaults_to_60() -> None:
    assert parse_config(CONFIG, "sitegen.toml").max_age_days == 60


def test_a_posting_dated_after_the_build_day_is_refused(
    make_project: MakeProject, tmp_path: Path
) -> None:
    files = {
        "content/postings/soon.md": posting_text("soon", date="2026-11-23"),
        # 23:30 in New York on the build day is already the next day in UTC
        "content/postings/tonight.md": posting_text(
            "tonight", id="22222222-2222-4333-8444-555555555555", date="2026-11-22T23:30:00-05:00"
        ),
        # 01:00 in Berlin on the next day is still the build day in UTC
        "content/postings/berlin.md": posting_text(
            "berlin", id="33333333-2222-4333-8444-555555555555", date="2026-11-23T00:30:00+01:00"
        ),
    }
    root = make_project(files)
    with pytest.raises(BuildError) as caught:
        build(root, tmp_path / "out", today=DAY)
    assert [str(e) for e in caught.value.errors] == [
        "content/postings/soon.md:6: date: is in the future: 2026-11-23 is after the build "
        "day 2026-11-22 (both in the site's time zone): write the day the posting is published",
        "content/postings/tonight.md:6: date: is in the future: 2026-11-23 is after the build "
        "day 2026-11-22 (both in the site's time zone): write the day the posting is published",
    ]
    assert not (tmp_path / "out").exists()
    build(root, tmp_path / "later", today=DAY + dt.timedelta(days=1))  # a day later, fine
