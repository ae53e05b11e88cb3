"""Structure beyond parsing: Atom against RFC 4287's schema, RSS 2.0 and JSON Feed 1.1 rules."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.feeds.helpers import feed_files, is_absolute, load_json

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))
# RFC 822 section 5 date-time as RSS 2.0 uses it: optional day name, four-digit year allowed.
RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2,4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z])$"
)
SITES = ["real_site", "generated_site"]


def _feeds(request: pytest.FixtureRequest, which: str, name: str) -> list[Path]:
    out: Path = request.getfixturevalue(which)
    found = [p for p in feed_files(out) if p.name == name]
    assert found
    return found


def test_schema_rejects_a_feed_without_id() -> None:
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
    bad += b"<updated>2026-11-16T00:00:00Z</updated></feed>"
    assert not SCHEMA.validate(etree.fromstring(bad))


@pytest.mark.parametrize("which", SITES)
def test_atom_is_valid_against_rfc4287_schema(which: str, request: pytest.FixtureRequest) -> None:
    for path in _feeds(request, which, "atom.xml"):
        doc = etree.parse(str(path))
        assert SCHEMA.validate(doc), f"{path}: {SCHEMA.error_log}"
        feed = doc.getroot()
        entries = feed.findall(f"{ATOM}entry")
        # The RFC's rules outside RELAX NG: authors, alternate links, self link.
        assert feed.find(f"{ATOM}author") is not None or all(
            e.find(f"{ATOM}author") is not None for e in entries
        )
        assert feed.find(f"{ATOM}link[@rel='self']") is not None
        for entry in entries:
            alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
            assert len(alternates) == 1, path
            assert entry.find(f"{ATOM}content") is not None
            assert entry.find(f"{ATOM}summary") is not None
            assert entry.find(f"{ATOM}published") is not None


@pytest.mark.parametrize("which", SITES)
def test_rss_has_the_elements_rss2_requires(which: str, request: pytest.FixtureRequest) -> None:
    for path in _feeds(request, which, "feed.xml"):
        rss = etree.parse(str(path)).getroot()
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        channel = rss.find("channel")
        assert channel is not None
        for name in ("title", "link", "description"):
            assert (channel.findtext(name) or "").strip(), f"{path}: channel {name}"
        assert is_absolute(channel.findtext("link", ""))
        assert RFC822.match(channel.findtext("lastBuildDate", "")), path
        for item in channel.findall("item"):
            assert item.findtext("title") or item.findtext("description")
            guid = item.find("guid")
            assert guid is not None and guid.get("isPermaLink") == "false"
            assert (guid.text or "").startswith("urn:uuid:")
            date = item.findtext("pubDate", "")
            assert RFC822.match(date), f"{path}: {date!r}"
            assert email.utils.parsedate_to_datetime(date).tzinfo is not None
            assert is_absolute(item.findtext("link", ""))


@pytest.mark.parametrize("which", SITES)
def test_json_feed_has_the_fields_json_feed_11_requires(
    which: str, request: pytest.FixtureRequest
) -> None:
    for path in _feeds(request, which, "feed.json"):
        feed = load_json(path)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(feed["title"], str) and feed["title"]
        assert feed["feed_url"] == feed["home_page_url"] + "feed.json"
        assert isinstance(feed["items"], list)
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert item.get("content_html") or item.get("content_text")
            for key in ("date_published", "date_modified"):
                assert dt.datetime.fromisoformat(item[key]).tzinfo is not None
            assert is_absolute(item["url"])
