"""`sitegen new`: a posting file with every field, ready to fill in.

What the command line gives (the arrangement, where remote applicants may live, the city
and country of an office) is written in and checked as `sitegen check` would; the rest is a
TODO placeholder that check refuses until it is filled in. Regions are written for a remote
posting only: an office posting that kept them would be listed as remote.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.content import fields, remote
from sitegen.content.model import ARRANGEMENTS, EMPLOYMENT_TYPES
from sitegen.content.names import slugify
from sitegen.content.schema import comment
from sitegen.content.source import Located
from sitegen.errors import BuildError, SourceError

_WHERE = "sitegen new"


@dataclass(frozen=True)
class Place:
    """Where the job is, as the command line gave it; None where it did not."""

    arrangement: str | None = None
    regions: tuple[str, ...] = ()
    city: str | None = None
    country: str | None = None


def _q(value: str) -> str:
    """json.dumps quotes free text so that any value is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _todo(what: str) -> str:
    return _q(f"TODO: {what}")


def _location(place: Place) -> list[str]:
    if place.arrangement is None:
        return [
            f"  arrangement: {_todo('one of ' + ', '.join(ARRANGEMENTS))}",
            "  # remote: where applicants may live, e.g. [US] or [EU] or [Worldwide]",
            "  # regions: [Worldwide]",
            "  # hybrid or on-site: city and two-letter country code",
            "  # city: Berlin",
            "  # country: DE",
        ]
    if place.arrangement == "remote":
        regions = ", ".join(place.regions) if place.regions else None
        return [
            "  arrangement: remote",
            f"  regions: [{regions}]"
            if regions
            else "  regions: "
            + _todo("where applicants may live, e.g. [US] or [EU] or [Worldwide]"),
        ]
    return [
        f"  arrangement: {place.arrangement}",
        f"  city: {_q(place.city) if place.city else _todo('the city of the office')}",
        f"  country: {place.country or _todo('two-letter country code, e.g. DE')}",
    ]


def posting_text(
    title: str,
    company: str,
    day: dt.date,
    posting_id: str,
    place: Place = Place(),
    schema_url: str | None = None,
) -> str:
    lines = [
        "---",
        *([comment(schema_url).rstrip("\n")] if schema_url else []),
        f"id: {posting_id}  # never change this: feed readers know the posting by it",
        f"title: {_q(title)}",
        "company:",
        f"  name: {_q(company)}",
        "  # website: https://example.com/",
        f"date: {day.isoformat()}",
        "apply: " + _todo("the application web address (https://...) or an email address"),
        "location:",
        *_location(place),
        "employment_type: " + _todo("one of " + ", ".join(EMPLOYMENT_TYPES)),
        "# salary:",
        "#   min: 90000",
        "#   max: 120000",
        "#   currency: USD",
        "#   period: year",
        "tags: []",
        f"# closes: {(day + dt.timedelta(days=30)).isoformat()}",
        "draft: false",
        "---",
        "TODO: describe the role in your own words: what the team does, what the job is, "
        "what it asks for.",
    ]
    return "\n".join(lines) + "\n"


def place_from(
    arrangement: str | None, regions: Sequence[str], city: str | None, country: str | None
) -> Place:
    """The command line's place, checked by the rules `sitegen check` uses; BuildError
    names every option that is wrong and what to do."""
    ck = fields.Checker(_WHERE, ZoneInfo("UTC"))
    remote_only = arrangement != "remote" and bool(regions)
    office_only = arrangement == "remote" and bool(city or country)
    if arrangement is None and (regions or city or country):
        ck.fail(None, "--arrangement", "is needed with --region, --city or --country")
    if remote_only:
        ck.fail(None, "--region", f"is for remote postings, and this one is {arrangement}")
    if office_only:
        ck.fail(None, "--city/--country", "are for hybrid and on-site postings, not remote ones")
    found = (
        remote.regions(Located([Located(r, 0) for r in regions], 0), "--region", ck)
        if regions
        else ()
    )
    code = fields.country(Located(country, 0), "--country", ck) if country else None
    if ck.errors:  # about options, not lines of a file
        raise BuildError([SourceError(_WHERE, None, e.field, e.message) for e in ck.errors])
    return Place(arrangement, found or (), city.strip() if city else None, code)


def new_posting(
    root: Path,
    title: str,
    company: str,
    day: dt.date,
    place: Place = Place(),
    schema_url: str | None = None,
) -> Path:
    base = slugify(f"{company} {title}")[:80].strip("-")
    if not base or not title.strip() or not company.strip():
        raise BuildError(
            [
                SourceError(
                    _WHERE, None, None, "give a job title and a company name with letters or digits"
                )
            ]
        )
    folder = root / "content" / "postings"
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / f"{base}.md", 1
    while os.path.lexists(path):  # a link, even to nothing, is never written through
        n += 1
        path = folder / f"{base}-{n}.md"
    text = posting_text(title.strip(), company.strip(), day, str(uuid.uuid4()), place, schema_url)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite a maintainer's file
        handle.write(text)
    return path
