"""Search data from the site model: one columnar metadata file plus description-word shards.

    search/meta.json        every open posting, newest first, in columns (fetched before the
                            first result): slug, title, company, location, arrangement, regions,
                            time-zone window, tags, employment type, salary numbers and the day
                            it was posted; the places a reader may say they live in, each with
                            the regions open to it; the listings that have feeds.
                            A slug that starts with the slugified title is stored as "~" and
                            the rest; apply addresses stay on the posting page (weight)
    search/words/<ab>.json  description words starting with <ab>, each with the postings that
                            use it (fetched on demand, when a query word starts with <ab>)

Row numbers are delta-encoded in the shards; small fields are packed (see "kind"). Salaries
stay in their own currency and period; the reader compares them after normalising to a year
with YEARLY below (never across currencies). Dates are days since 1970-01-01, so "posted
within 7 days" counts from `today`, the build day. Pure: the site model in, {path: bytes} out.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.content import pay
from sitegen.content.model import Posting
from sitegen.content.names import slugify
from sitegen.content.regions import NAMED_REGIONS, includes, members
from sitegen.render.views import EMPLOYMENT_NAMES, PostingView, location_text
from sitegen.site.model import ARRANGEMENT_NAMES, Site, region_name, term_title
from sitegen.site.urls import arrangement_path, company_path, region_path, tag_path

# Hours, days, weeks and months in a working year: 40-hour weeks, 5-day weeks, 52 weeks.
YEARLY = {period.name: period.per_year for period in pay.TABLE.values()}
SHARD_PREFIX = 2  # characters of a word that name its shard
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class SearchData:
    files: dict[str, bytes]  # output path -> bytes
    version: str  # a hash of every file, appended to fetches so caches never mix versions
    currencies: tuple[str, ...]  # most used first
    tags: tuple[str, ...]
    areas: tuple[tuple[str, str], ...]  # where a reader may live: (code, display name)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _index(values: Iterable[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(sorted(set(values), key=lambda s: (s.lower(), s)))}


def _by_use(values: Iterable[str]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return tuple(sorted(counts, key=lambda v: (-counts[v], v)))


def _deltas(rows: Sequence[int]) -> list[int]:
    return [rows[0], *map(operator.sub, rows[1:], rows[:-1])]


def reader_areas(regions: Iterable[str]) -> list[str]:
    """The places a reader may say they live in, for postings open to `regions`: the named
    regions among them (EU...), then every country they hold, by name."""
    named = set(regions)
    countries = {code for region in named for code in members(region)}
    return [r for r in NAMED_REGIONS if r in named and r != "Worldwide"] + sorted(
        countries, key=lambda code: (region_name(code), code)
    )


def search_data(site: Site, views: Mapping[str, PostingView]) -> SearchData:
    """The search files."""
    postings = list(site.open)
    companies = _index(p.company.name for p in postings)
    places = [location_text(p) for p in postings if p.location.arrangement != "remote"]
    locations = _index(places)
    tags = _index(t for p in postings for t in p.tags)
    regions = _index(r for p in postings for r in p.location.regions)
    areas = reader_areas(regions)
    currencies = _by_use(p.salary.currency for p in postings if p.salary)
    currency_at = {c: i for i, c in enumerate(currencies)}
    arrangements = list(ARRANGEMENT_NAMES)
    types = list(EMPLOYMENT_NAMES)
    rows_of: dict[str, list[int]] = {t: [] for t in tags}
    for row, posting in enumerate(postings):
        for t in dict.fromkeys(posting.tags):
            rows_of[t].append(row)
    meta: dict[str, Any] = {
        "today": site.today.toordinal() - _EPOCH_ORDINAL,
        "yearly": YEARLY,
        "periods": pay.PERIODS,
        "currencies": currencies,
        "companies": [[c, company_path(c)] for c in companies],
        "locations": list(locations),  # of hybrid and on-site postings only
        "tags": list(tags),
        "regions": [[r, region_name(r)] for r in regions],
        # each area (code, name), and the regions open to a reader there
        "areas": [[a, region_name(a)] for a in areas],
        "open_to": [[regions[r] for r in regions if includes(r, a)] for a in areas],
        "feeds": _feeds(site, tags, arrangements, areas),
        "arrangements": [[a, ARRANGEMENT_NAMES[a]] for a in arrangements],
        "types": [[t, EMPLOYMENT_NAMES[t]] for t in types],
        # one column per field, one entry per posting
        "slug": [_short_slug(p.slug, p.title) for p in postings],
        "title": [p.title for p in postings],
        "company": [companies[p.company.name] for p in postings],
        # hybrid and on-site rows only, in order; "Remote (regions)" is rebuilt from "region"
        "place": [locations[place] for place in places],
        "region": [[regions[r] for r in p.location.regions] for p in postings],
        # the UTC offsets (minutes) a remote posting asks applicants to work within; 0: any
        "utc": [list(p.location.timezones or ()) or 0 for p in postings],
        # per tag, the rows that carry it (delta-encoded): smaller than tags per row
        "tagged": [_deltas(rows_of[t]) for t in tags],
        # arrangement, employment type, pay period and currency (+1, 0: no salary) in one
        # number: arrangement + 3 * (type + 8 * (period + 5 * currency))
        "radix": [len(arrangements), len(types), len(pay.PERIODS)],
        "kind": [_kind(p, arrangements, types, currency_at) for p in postings],
        # amounts: n thousand as n, other amounts as -amount; max 0 when there is none
        "min": [_amount(p.salary.min) if p.salary else 0 for p in postings],
        "max": [_amount(p.salary.max or 0) if p.salary else 0 for p in postings],
        "day": [p.day.toordinal() - _EPOCH_ORDINAL for p in postings],  # in the site's zone
    }
    # millions of (word, row) pairs at 50,000 postings: one dict lookup each
    rows_with: dict[str, list[int]] = {}
    get = rows_with.get
    for row, posting in enumerate(postings):
        for word in views[posting.id].description.words.split():
            rows = get(word)
            if rows is None:
                rows_with[word] = [row]
            else:
                rows.append(row)
    shards: dict[str, dict[str, list[int]]] = {}
    for word, rows in rows_with.items():
        shards.setdefault(word[:SHARD_PREFIX], {})[word] = rows
    meta["shards"] = sorted(shards)
    files = {"search/meta.json": _dump(meta)}
    for key in sorted(shards):
        entries = {w: _deltas(r) for w, r in sorted(shards[key].items())}
        files[f"search/words/{key}.json"] = _dump(entries)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    return SearchData(
        files,
        digest.hexdigest()[:10],
        currencies,
        tuple(tags),
        tuple((a, region_name(a)) for a in areas),
    )


def _feeds(
    site: Site, tags: Iterable[str], arrangements: Iterable[str], areas: Iterable[str]
) -> dict[str, dict[str, list[str]]]:
    """Filter -> value -> [title, folder] of the listing whose feeds a search with only that
    filter amounts to (a place no posting names has no listing, so no feed)."""
    terms = {t.path: t for t in (*site.tags, *site.arrangements, *site.regions)}
    found: dict[str, dict[str, list[str]]] = {}
    for name, values, path in (
        ("tag", tags, tag_path),
        ("arrangement", arrangements, arrangement_path),
        ("region", areas, region_path),
    ):
        listed = {v: terms[path(v)] for v in values if path(v) in terms}
        found[name] = {v: [term_title(term), term.path] for v, term in listed.items()}
    return found


def _short_slug(slug: str, title: str) -> str:
    """'~acme' for 'backend-engineer-acme' with the title 'Backend Engineer'; else the slug."""
    head = slugify(title) + "-"
    return "~" + slug.removeprefix(head) if slug.startswith(head) else slug


def _kind(
    posting: Posting, arrangements: list[str], types: list[str], currency_at: dict[str, int]
) -> int:
    salary = posting.salary
    period = pay.PERIODS.index(salary.period) if salary else 0
    currency = currency_at[salary.currency] + 1 if salary else 0
    number = currency
    for value, radix in (
        (period, len(pay.PERIODS)),
        (types.index(posting.employment_type), len(types)),
        (arrangements.index(posting.location.arrangement), len(arrangements)),
    ):
        number = number * radix + value
    return number


def _amount(value: float) -> float | int:
    """Short JSON for an amount: 138000 -> 138 (thousands), 494 -> -494, 120.5 -> -120.5."""
    if value and value % 1000 == 0:
        return int(value // 1000)
    return -(int(value) if float(value).is_integer() else value)
