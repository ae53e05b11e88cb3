"""A posting as a row of plain values, the way the build cache stores it.

A rebuild reads every cached posting back. Pickling a Posting as itself costs a class
lookup and a constructor call per object (the posting, its company, location and salary,
two dates and their zones): seven per posting, and 40% of the unpickling time at 10,000
postings. A row holds strings, numbers, tuples and None, which pickle reads without any
lookup, and from_row() rebuilds the objects here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.content import Company, Location, Posting, Salary

Row = tuple[Any, ...]
# a moment: its fields, its zone (a ZoneInfo's key, or the zone itself) and its fold
Moment = tuple[int, int, int, int, int, int, int, str | dt.tzinfo | None, int]


def to_row(p: Posting) -> Row:
    """The posting's fields in order, with its company, location and salary flattened."""
    c, loc, s = p.company, p.location, p.salary
    return (
        p.source,
        p.slug,
        p.id,
        p.title,
        c.name,
        c.website,
        _moment(p.posted),
        None if p.updated is None else _moment(p.updated),
        p.apply,
        loc.arrangement,
        loc.regions,
        loc.city,
        loc.region,
        loc.country,
        p.employment_type,
        None if s is None else (s.min, s.max, s.currency, s.period),
        p.tags,
        None if p.closes is None else p.closes.toordinal(),
        p.draft,
        p.body,
        p.body_line,
        p.id_line,
    )


def from_row(r: Row) -> Posting:
    """The posting to_row() was made from; TypeError or ValueError for a row of another shape."""
    (source, slug, id_, title, name, website, posted, updated, apply) = r[:9]
    (arrangement, regions, city, region, country, employment_type, salary, tags) = r[9:17]
    (closes, draft, body, body_line, id_line) = r[17:]
    return Posting(
        source,
        slug,
        id_,
        title,
        Company(name, website),
        _when(posted),
        None if updated is None else _when(updated),
        apply,
        Location(arrangement, regions, city, region, country),
        employment_type,
        None if salary is None else Salary(*salary),
        tags,
        None if closes is None else dt.date.fromordinal(closes),
        draft,
        body,
        body_line,
        id_line,
    )


def _moment(when: dt.datetime) -> Moment:
    zone = when.tzinfo
    return (
        when.year,
        when.month,
        when.day,
        when.hour,
        when.minute,
        when.second,
        when.microsecond,
        # a ZoneInfo by its key; others (fixed offsets; a zone read from a file, which has
        # no key) as themselves
        zone.key if type(zone) is ZoneInfo and zone.key is not None else zone,
        when.fold,
    )


def _when(m: Moment) -> dt.datetime:
    year, month, day, hour, minute, second, micro, zone, fold = m
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone  # ZoneInfo keeps one per key
    return dt.datetime(year, month, day, hour, minute, second, micro, tz, fold=fold)
