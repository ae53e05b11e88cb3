"""The content model: postings, pages and editors' notes, as parsed from their files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ARRANGEMENTS = ("remote", "hybrid", "on-site")
EMPLOYMENT_TYPES = (
    "full-time",
    "part-time",
    "contract",
    "temporary",
    "internship",
    "volunteer",
    "per-diem",
    "other",
)


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    website: str | None


@dataclass(frozen=True, slots=True)
class Location:
    arrangement: str  # one of ARRANGEMENTS
    regions: tuple[str, ...]  # where remote applicants may live
    city: str | None
    region: str | None
    country: str | None
    timezones: tuple[int, int] | None  # remote: UTC offsets (minutes) to work within


@dataclass(frozen=True, slots=True)
class Salary:
    min: float
    max: float | None
    currency: str
    period: str


@dataclass(frozen=True, slots=True)
class Posting:
    source: str  # path relative to the project root, for messages
    slug: str
    id: str
    title: str
    company: Company
    posted: dt.datetime  # aware
    day: dt.date  # the day it was posted, in the site's time zone
    updated: dt.datetime | None
    apply: str  # http(s) URL or mailto: link
    direct_apply: bool  # the apply link starts the application itself (schema.org directApply)
    location: Location
    employment_type: str
    salary: Salary | None
    tags: tuple[str, ...]
    closes: dt.date | None
    draft: bool
    body: str  # Markdown
    body_line: int
    id_line: int  # where `id:` stands, for duplicate-id reports
    date_line: int  # where `date:` stands, and `closes:` (if set): for reports on dates
    closes_line: int | None
    aliases: tuple[str, ...] = ()  # old site-relative paths ("jobs/old/"), each redirected here
    aliases_line: int | None = None  # where `aliases:` stands


@dataclass(frozen=True, slots=True)
class Page:
    source: str
    slug: str
    title: str
    description: str
    draft: bool
    body: str


@dataclass(frozen=True, slots=True)
class EditionNote:
    source: str
    week: str  # ISO week, "2026-W47"
    title: str | None
    body: str


@dataclass(frozen=True)
class Content:
    postings: tuple[Posting, ...]
    pages: tuple[Page, ...]
    notes: tuple[EditionNote, ...]
