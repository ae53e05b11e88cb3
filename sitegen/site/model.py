"""The site model: which pages exist, what each lists, in which order. Pure, no rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial

import pycountry

from sitegen.config import SiteConfig
from sitegen.content.lookalike import mixed
from sitegen.content.model import ARRANGEMENTS, Content, EditionNote, Page, Posting
from sitegen.content.names import spelling
from sitegen.content.regions import NAMED_REGIONS, includes
from sitegen.errors import BuildError, SourceError
from sitegen.site import expiry
from sitegen.site.urls import (
    arrangement_path,
    company_path,
    edition_path,
    region_path,
    tag_path,
)

ARRANGEMENT_NAMES = {"remote": "Remote", "hybrid": "Hybrid", "on-site": "On-site"}


@dataclass(frozen=True)
class Term:
    """A tag, company, work arrangement or remote region, with its open postings."""

    kind: str  # "tag" | "company" | "arrangement" | "region"
    name: str
    slug: str
    path: str  # site-relative, e.g. "tags/python/"
    postings: tuple[Posting, ...]  # open postings, newest first
    total: int  # published postings ever, open or closed

    @property
    def open(self) -> int:
        """How many of its postings are open now."""
        return len(self.postings)


_TERM_NOUNS = {
    "tag": "Postings tagged",
    "company": "Postings at",
    "arrangement": "Postings:",
    "region": "Remote postings open to applicants in",
}


def term_title(term: Term) -> str:
    """What a term's listing and its feeds are called: "Postings tagged python"."""
    return f"{_TERM_NOUNS[term.kind]} {term.name}"


@dataclass(frozen=True)
class Edition:
    week: str  # "2026-W47"
    path: str  # "editions/2026-w47/"
    start: dt.date
    end: dt.date
    postings: tuple[Posting, ...]  # every posting of that week, open or closed, newest first
    note: EditionNote | None
    complete: bool  # the week has ended by the build day; else it is "this week so far"


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: dt.date
    postings: tuple[Posting, ...]  # every published posting, newest first
    open: tuple[Posting, ...]
    tags: tuple[Term, ...]
    companies: tuple[Term, ...]
    arrangements: tuple[Term, ...]
    regions: tuple[Term, ...]
    editions: tuple[Edition, ...]  # newest first
    pages: tuple[Page, ...]

    def is_open(self, posting: Posting) -> bool:
        """Listed today: neither closed nor expired (the rule is in expiry.py)."""
        return expiry.is_open(posting, self.today, self.config.max_age_days)

    def status(self, posting: Posting) -> str:
        return expiry.status(posting, self.today, self.config.max_age_days)

    def last_open_day(self, posting: Posting) -> dt.date:
        return expiry.last_open_day(posting, self.config.max_age_days)


def edition_title(edition: Edition) -> str:
    """The editor's title for the week, else "Edition 2026-W47"."""
    note = edition.note
    return note.title if note and note.title else f"Edition {edition.week}"


def week_of(posting: Posting, config: SiteConfig) -> str:
    year, week, _ = posting.posted.astimezone(config.tz).isocalendar()
    return f"{year}-W{week:02d}"


@cache  # pycountry's lookup, for every posting of every page
def region_name(region: str) -> str:
    """'US' -> 'United States'; named regions stay as they are."""
    if region in NAMED_REGIONS:
        return region
    country = pycountry.countries.get(alpha_2=region)
    return str(getattr(country, "common_name", None) or country.name) if country else region


def newest_first(postings: Iterable[Posting]) -> tuple[Posting, ...]:
    return tuple(sorted(postings, key=lambda p: (-p.posted.timestamp(), p.slug)))


def _terms(
    kind: str,
    postings: tuple[Posting, ...],
    is_open: Callable[[Posting], bool],
    keys: Callable[[Posting], Iterable[str]],
    path: Callable[[str], str],
    display: Callable[[str], str],
) -> tuple[Term, ...]:
    """Group postings by a key; one term per distinct path, named after its first spelling.
    A posting with two spellings of one term (tags 'node js' and 'node-js') is in it once."""
    by_key: dict[str, list[Posting]] = {}  # each spelling's postings, newest first
    for posting in postings:
        for key in keys(posting):
            members = by_key.get(key)
            if members is None:
                members = by_key[key] = []
            members.append(posting)
    groups: dict[str, tuple[str, list[Posting]]] = {}
    rank: dict[int, int] = {}  # a posting's place in postings, made if spellings must merge
    clashes: list[SourceError] = []
    for key, members in by_key.items():  # in the order each spelling first appears
        where = path(key)  # once per spelling, not per posting: 30,000 tags, 40 spellings
        if where not in groups:
            groups[where] = (key, members)
            continue
        if spelling(key) != spelling(groups[where][0]):
            clashes.append(_clash(kind, key, groups[where][0], where, members[0], groups[where][1]))
            continue
        rank = rank or {id(p): n for n, p in enumerate(postings)}
        first, earlier = groups[where]
        merged = {id(p): p for p in earlier + members}.values()
        groups[where] = (first, sorted(merged, key=lambda p: rank[id(p)]))
    if clashes:
        raise BuildError(clashes)
    terms = [
        Term(
            kind,
            display(key),
            p.rstrip("/").rsplit("/", 1)[-1],
            p,
            tuple(x for x in members if is_open(x)),
            len(members),
        )
        for p, (key, members) in groups.items()
    ]
    return tuple(sorted(terms, key=lambda t: (t.name.lower(), t.path)))


def _clash(
    kind: str, name: str, other: str, where: str, posting: Posting, others: list[Posting]
) -> SourceError:
    """Two names that are not spellings of one another would share a page: refused, never
    merged (nor numbered by order, which would move a page when another name comes)."""
    first = min(others, key=lambda p: p.source).source
    odd = mixed(name) or mixed(other)
    scripts = f" (one mixes scripts: {odd})" if odd else ""
    return SourceError(
        posting.source,
        None,
        "company" if kind == "company" else "tags",
        f"the {kind} '{name}' would share the page /{where} with the {kind} '{other}' "
        f"({first}){scripts}: if they are one, write the name the same way in both; if not, "
        "tell them apart (e.g. add the country or the legal form)",
    )


def _region_terms(
    postings: tuple[Posting, ...], is_open: Callable[[Posting], bool]
) -> tuple[Term, ...]:
    """One listing per region a posting names, holding every posting that an applicant
    living there may apply to: remote/de/ lists the postings open to DE, the EU, the EEA,
    Europe, EMEA or Worldwide; remote/eu/ those open to the whole EU (not DE alone)."""
    named = list(dict.fromkeys(r for p in postings for r in p.location.regions))
    listings_of = {region: [area for area in named if includes(region, area)] for region in named}
    members: dict[str, list[Posting]] = {area: [] for area in named}
    for posting in postings:  # in a listing once, whichever of its regions put it there
        regions = posting.location.regions
        for area in dict.fromkeys(area for region in regions for area in listings_of[region]):
            members[area].append(posting)
    terms = [
        Term(
            "region",
            region_name(area),
            path.rstrip("/").rsplit("/", 1)[-1],
            path,
            tuple(p for p in listed if is_open(p)),
            len(listed),
        )
        for area, listed in members.items()
        for path in [region_path(area)]
    ]
    return tuple(sorted(terms, key=lambda t: (t.name.lower(), t.path)))


def build_site(config: SiteConfig, content: Content, today: dt.date, drafts: bool) -> Site:
    postings = newest_first(p for p in content.postings if drafts or not p.draft)
    listed = partial(expiry.is_open, today=today, max_age_days=config.max_age_days)
    open_postings = tuple(p for p in postings if listed(p))
    # asked once per posting: every tag, company and region it is in asks again (a tenth
    # of a save in `serve` at 10,000 postings when each asked expiry)
    open_ids = frozenset(p.id for p in open_postings)

    def is_open(posting: Posting) -> bool:
        return posting.id in open_ids

    pages = tuple(sorted((p for p in content.pages if drafts or not p.draft), key=lambda p: p.slug))
    return Site(
        config=config,
        today=today,
        postings=postings,
        open=open_postings,
        tags=_terms("tag", postings, is_open, lambda p: p.tags, tag_path, str),
        companies=_terms(
            "company", postings, is_open, lambda p: [p.company.name], company_path, str
        ),
        arrangements=tuple(
            Term(
                "arrangement",
                ARRANGEMENT_NAMES[a],
                a,
                arrangement_path(a),
                tuple(p for p in open_postings if p.location.arrangement == a),
                sum(1 for p in postings if p.location.arrangement == a),
            )
            for a in ARRANGEMENTS
        ),
        regions=_region_terms(postings, is_open),
        editions=_editions(config, postings, content.notes, today),
        pages=pages,
    )


def _editions(
    config: SiteConfig,
    postings: tuple[Posting, ...],
    notes: tuple[EditionNote, ...],
    today: dt.date,
) -> tuple[Edition, ...]:
    """One edition per week with postings or an editor's note, up to the week of the build
    day (a note written ahead for a later week waits for its week)."""
    weeks: dict[str, list[Posting]] = {}
    for posting in postings:
        weeks.setdefault(week_of(posting, config), []).append(posting)
    note_by_week = {n.week: n for n in notes}
    result = []
    for week in sorted(set(weeks) | set(note_by_week), reverse=True):
        year, number = int(week[:4]), int(week[6:])
        start = dt.date.fromisocalendar(year, number, 1)
        if start > today:
            continue
        result.append(
            Edition(
                week,
                edition_path(week),
                start,
                start + dt.timedelta(days=6),
                tuple(weeks.get(week, ())),
                note_by_week.get(week),
                complete=start + dt.timedelta(days=6) < today,
            )
        )
    return tuple(result)
