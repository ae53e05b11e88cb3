"""What templates see: read-only views of postings with their HTML and display strings."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from sitegen.config import SiteConfig
from sitegen.content import pay
from sitegen.content.model import Posting, Salary
from sitegen.render.description import Description, describe
from sitegen.render.feedtext import absolute_html
from sitegen.render.jsonld import job_posting, script_json
from sitegen.site import expiry
from sitegen.site.model import ARRANGEMENT_NAMES, Site, region_name, week_of
from sitegen.site.urls import (
    absolute,
    company_path,
    edition_path,
    posting_path,
    region_path,
    tag_path,
)

EMPLOYMENT_NAMES = {
    "full-time": "Full-time",
    "part-time": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "internship": "Internship",
    "volunteer": "Volunteer",
    "per-diem": "Per diem",
    "other": "Other",
}


@dataclass(frozen=True)
class Link:
    text: str
    path: str  # site-relative


@dataclass(frozen=True)
class Monogram:
    """A company's stand-in logo, made from its name alone (no request to anyone): up to two
    initials and one of MONOGRAM_COLOURS colours (the theme's classes mono-0...)."""

    initials: str
    colour: int


MONOGRAM_COLOURS = 8


def monogram(name: str) -> Monogram:
    """The initials of the name's first two words (letters and digits; a name without any
    gives its first character) and a colour from a hash of its UTF-8 bytes. The same as
    monogram() in the default theme's search.js, which draws search results."""
    words: list[str] = []
    word = ""
    for char in name:
        if unicodedata.category(char)[0] in "LN":
            word += char
        elif word:
            words.append(word)
            word = ""
    words += [word] if word else []
    initials = "".join(w[0] for w in words[:2]).upper() or name.strip()[:1] or "?"
    h = 0
    for byte in name.encode("utf-8"):
        h = (h * 31 + byte) & 0xFFFFFFFF
    return Monogram(initials, h % MONOGRAM_COLOURS)


@dataclass(frozen=True)
class PostingView:
    posting: Posting
    path: str
    is_open: bool
    status: str  # "open", "closed" (past `closes`) or "expired" (past max_age_days)
    last_day: dt.date  # the last day it is (or was) listed
    day: dt.date  # posted, in the site's time zone
    posted_ago: str | None  # "today", "3 days ago", "2 weeks ago"; None from 60 days on
    is_new: bool  # posted within the last 7 days of the build day
    salary: str | None
    location: str
    place: tuple[str, ...]  # the location in phrases a line may not break: location_phrases()
    arrangement: Link
    regions: tuple[Link, ...]
    employment: str
    company: Link
    monogram: Monogram
    tags: tuple[Link, ...]
    edition: Link
    config: SiteConfig
    description: Description

    @property
    def summary(self) -> str:
        return self.description.summary

    @property
    def html(self) -> Markup:
        """The description as HTML."""
        return Markup(self.description.html)

    @property
    def jsonld(self) -> Markup | None:
        """schema.org JobPosting for the page's head: only for open, published postings.
        Made when asked for (only the posting's own page does), not kept."""
        if not self.is_open or self.posting.draft:
            return None
        return _jsonld(self.posting, self.description.html, self.path, self.config)

    @property
    def id(self) -> str:
        return self.posting.id

    @property
    def title(self) -> str:
        return self.posting.title

    @property
    def is_draft(self) -> bool:
        return self.posting.draft


def amount(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def salary_text(salary: Salary) -> str:
    """'USD 137,000–199,000 a year'."""
    span = amount(salary.min)
    if salary.max is not None and salary.max != salary.min:
        span += "–" + amount(salary.max)
    return f"{salary.currency} {span} {pay.TABLE[salary.period].per}"


# The UTC offsets in use, in minutes: the whole hours from UTC-12 to UTC+14 and the others
# (Newfoundland's -3:30, India's +5:30, Nepal's +5:45, Chatham's +12:45...).
OFFSETS = tuple(
    sorted([*range(-720, 841, 60), -570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765])
)


def offset_text(minutes: int) -> str:
    """A UTC offset in minutes as people write it: 'UTC−3', 'UTC+5:30', 'UTC'."""
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "\u2212"  # the minus sign, not a hyphen
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def window_text(window: tuple[int, int]) -> str:
    """'UTC−3 to UTC+3'; one offset alone when the window is one."""
    low, high = window
    return offset_text(low) if low == high else f"{offset_text(low)} to {offset_text(high)}"


def location_text(posting: Posting) -> str:
    loc = posting.location
    if loc.arrangement == "remote":
        hours = f", {window_text(loc.timezones)}" if loc.timezones else ""
        return "Remote (" + ", ".join(region_name(r) for r in loc.regions) + ")" + hours
    place = ", ".join(x for x in (loc.city, loc.region, region_name(loc.country or "")) if x)
    return f"{ARRANGEMENT_NAMES[loc.arrangement]}: {place}"


def location_phrases(posting: Posting) -> tuple[str, ...]:
    """location_text() cut where a line may break: between the regions of a remote posting,
    before its hours and after "Hybrid:"; never inside a place ("Berlin, Germany") or a region.
    Joined with spaces they are location_text()."""
    loc = posting.location
    if loc.arrangement == "remote":
        names = [region_name(r) for r in loc.regions]
        phrases = [f"{n}," for n in names[:-1]] + [f"{names[-1]})"] if names else [")"]
        phrases[0] = "Remote (" + phrases[0]
        if loc.timezones:
            phrases[-1] += ","
            phrases.append(window_text(loc.timezones))
        return tuple(phrases)
    arrangement, place = location_text(posting).split(": ", 1)
    return (f"{arrangement}:", place)


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """A day as "20 November 2026", in English whatever the machine's locale, without a
    strftime call on each of a page's dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ago(days: int) -> str | None:
    """How long ago, for freshness at a glance: "today", "yesterday", "5 days ago" up to two
    weeks, then "3 weeks ago" up to 60 days; beyond that None (show the date instead)."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return None


def posting_view(posting: Posting, site: Site, description: Description) -> PostingView:
    path = posting_path(posting)
    status = site.status(posting)
    week = week_of(posting, site.config)
    arrangement = posting.location.arrangement
    return PostingView(
        posting=posting,
        path=path,
        is_open=status == expiry.OPEN,
        status=status,
        last_day=site.last_open_day(posting),
        day=posting.day,
        posted_ago=ago(expiry.age(posting, site.today)),
        is_new=expiry.is_new(posting, site.today),
        salary=salary_text(posting.salary) if posting.salary else None,
        location=location_text(posting),
        place=location_phrases(posting),
        arrangement=Link(ARRANGEMENT_NAMES[arrangement], f"{arrangement}/"),
        regions=tuple(Link(region_name(r), region_path(r)) for r in posting.location.regions),
        employment=EMPLOYMENT_NAMES[posting.employment_type],
        company=Link(posting.company.name, company_path(posting.company.name)),
        monogram=monogram(posting.company.name),
        tags=tuple(Link(t, tag_path(t)) for t in posting.tags),
        edition=Link(f"Edition {week}", edition_path(week)),
        config=site.config,
        description=description,
    )


def _jsonld(posting: Posting, html: str, path: str, config: SiteConfig) -> Markup:
    url = absolute(config.base_url, path)
    description = absolute_html(html, url)  # read away from the page, so no relative links
    return Markup(script_json(job_posting(posting, description, url, config)))


class Views(Mapping[str, PostingView]):
    """Posting id -> its view, each made on first use and kept for the build."""

    def __init__(self, site: Site, descriptions: Mapping[str, Description]) -> None:
        """descriptions: posting id -> its description (made here when missing)."""
        self.site = site
        self.descriptions = descriptions
        self.postings = {p.id: p for p in site.postings}
        self.made: dict[str, PostingView] = {}

    def __getitem__(self, key: str) -> PostingView:
        view = self.made.get(key)
        if view is None:
            posting = self.postings[key]
            description = self.descriptions.get(key) or describe(
                posting.body, self.site.config.base_path
            )
            view = self.made[key] = posting_view(posting, self.site, description)
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self.postings)

    def __len__(self) -> int:
        return len(self.postings)
