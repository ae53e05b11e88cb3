"""Feed test helpers: a generated project of many postings, and readers for built feeds."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser  # type: ignore[import-untyped]

from tests.conftest import CONFIG, posting_text

BASE = "https://example.github.io/digest/"
BUILD_DAY = dt.date(2026, 11, 22)
MAX_AGE = 365  # the generated site's max_age_days: none of its postings expires
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")
# Body of every generated posting: relative links, a fragment and an image with a relative path.
BODY = """\
Read [about us](../../about/) and [the work](#the-work) first.

## The work

![Team photo](team.png) and [the tag page](/tags/python/).
"""


@dataclass(frozen=True)
class Generated:
    slug: str
    id: str
    title: str
    company: str
    posted: dt.datetime
    updated: dt.datetime | None
    listed: bool  # open, not a draft: expected in feeds

    @property
    def entry_id(self) -> str:
        return f"urn:uuid:{self.id}"


def generated_postings(count: int) -> list[Generated]:
    """Postings with dates spread over six months (listed for a year: see MAX_AGE); every 7th
    closed, every 11th a draft."""
    result = []
    start = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)
    for n in range(count):
        posted = start + dt.timedelta(days=n * 1.5)
        if n % 3 == 0:  # the same instant, written in another zone
            posted = posted.astimezone(dt.timezone(dt.timedelta(hours=2)))
        updated = posted + dt.timedelta(days=2) if n % 5 == 0 else None
        closed, draft = n % 7 == 3, n % 11 == 4
        result.append(
            Generated(
                slug=f"job-{n:04d}",
                id=str(uuid.UUID(int=n + 1, version=4)),
                title=f"Engineer {n}",
                company=f"Company {n % 9}",
                posted=posted,
                updated=updated,
                listed=not closed and not draft and posted.date() <= BUILD_DAY,
            )
        )
    return result


def generated_files(postings: list[Generated]) -> dict[str, str]:
    files = {}
    for n, p in enumerate(postings):
        extra = ""
        if p.updated:
            extra += f"updated: {p.updated.isoformat()}\n"
        if n % 7 == 3:
            extra += f"closes: {(p.posted + dt.timedelta(days=1)).date().isoformat()}\n"
        if n % 11 == 4:
            extra += "draft: true\n"
        files[f"content/postings/{p.slug}.md"] = posting_text(
            p.slug,
            id=p.id,
            title=p.title,
            company=p.company,
            date=p.posted.isoformat(),
            extra=extra,
            body=BODY,
        )
    files["content/pages/about.md"] = "---\ntitle: About\n---\nAbout us.\n"
    return files


def config(feed_limit: int = 50, base_url: str = BASE, max_age_days: int = 60) -> str:
    text = CONFIG.replace("https://example.github.io/digest/", base_url)
    return text + f"feed_limit = {feed_limit}\nmax_age_days = {max_age_days}\n"


def feed_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.name in FEED_NAMES)


def parse(path: Path) -> Any:
    """feedparser's reading of an RSS or Atom file."""
    return feedparser.parse(path.read_bytes())


def load_json(path: Path) -> Any:
    return json.loads(path.read_bytes())


def entry_ids(path: Path) -> list[str]:
    if path.suffix == ".json":
        return [item["id"] for item in load_json(path)["items"]]
    return [e.id for e in parse(path).entries]


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in feed_files(out)}


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
