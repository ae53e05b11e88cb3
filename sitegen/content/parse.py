"""Postings, pages and editors' notes parsed and validated from text, every problem located."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.content import fields as f
from sitegen.content import table
from sitegen.content.limits import body_problems
from sitegen.content.model import (
    Company,
    EditionNote,
    Location,
    Page,
    Posting,
    Salary,
)
from sitegen.content.names import DEVICE_NAMES, slugify
from sitegen.content.source import Located, SourceProblem, SplitSource, split
from sitegen.errors import BuildError, SourceError

_UTC = ZoneInfo("UTC")
# [ \t]*, not \s*: \s would run on over every following blank line at each line start,
# quadratic in a run of blank lines (100,000 of them took 20 s)
_TODO_LINE = re.compile(r"^[ \t]*TODO\b", re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _slug(path: str, ck: f.Checker) -> str:
    stem = Path(path).stem
    if not _SLUG.match(stem):
        ck.fail(
            None,
            None,
            f"the file name is not a URL slug: rename it to '{slugify(stem) or 'posting'}.md' "
            "(lowercase letters, digits and hyphens)",
        )
    elif DEVICE_NAMES.match(stem):
        ck.fail(
            None,
            None,
            f"'{stem}' is a device name on Windows, so its page could not be saved there: "
            f"rename the file, e.g. to '{stem}-job.md'",
        )
    return stem


def _body_limits(src: SplitSource, ck: f.Checker) -> None:
    for line, message in body_problems(src.body, src.body_line):
        ck.fail(line, None, message)


def _split(text: str, path: str) -> SplitSource:
    try:
        return split(text, path)
    except SourceProblem as problem:
        raise BuildError([problem.error]) from None


def parse_posting(text: str, path: str, tz: ZoneInfo = _UTC) -> Posting:
    """Validate one posting's text; raise BuildError naming every problem in it."""
    ck = f.Checker(path, tz)
    src = _split(text, path)
    slug = _slug(path, ck)
    v = f.check_fields(src.front_matter, table.POSTING, "", ck, src.start_line)
    fm = src.front_matter
    _cross_checks(v, fm, ck)
    if not src.body.strip():
        ck.fail(src.body_line, None, "the description is empty: write it below the closing '---'")
    _body_limits(src, ck)
    todo = _TODO_LINE.search(src.body)
    if todo:
        ck.fail(
            src.body_line + src.body.count("\n", 0, todo.start()),
            None,
            "the description still holds a placeholder (TODO): write it in your own words",
        )
    if ck.errors:
        raise BuildError(ck.errors)
    loc, sal, company = v["location"], v.get("salary"), v["company"]
    return Posting(
        source=path,
        slug=slug,
        id=v["id"],
        title=v["title"],
        company=Company(company["name"], company.get("website")),
        posted=v["date"],
        day=_day(v["date"], ck),
        updated=v.get("updated"),
        apply=v["apply"],
        direct_apply=bool(v.get("direct_apply", False)),
        location=Location(
            loc["arrangement"],
            loc.get("regions") or (),
            loc.get("city"),
            loc.get("region"),
            loc.get("country"),
            loc.get("timezones"),
        ),
        employment_type=v["employment_type"],
        salary=Salary(sal["min"], sal.get("max"), sal["currency"], sal["period"]) if sal else None,
        tags=v.get("tags") or (),
        closes=v["closes"].astimezone(tz).date() if v.get("closes") else None,
        draft=bool(v.get("draft", False)),
        body=src.body,
        body_line=src.body_line,
        id_line=fm["id"].line,
        date_line=fm["date"].line,
        closes_line=fm["closes"].line if "closes" in fm else None,
        aliases=v.get("aliases") or (),
        aliases_line=fm["aliases"].line if "aliases" in fm else None,
    )


def _day(moment: dt.datetime, ck: f.Checker) -> dt.date:
    return moment.astimezone(ck.tz).date()


def _cross_checks(v: dict[str, Any], fm: dict[str, Located], ck: f.Checker) -> None:
    """Rules that relate one field to another."""
    posted = v.get("date")
    for name, what in (("updated", "updated date"), ("closes", "closing date")):
        when = v.get(name)
        # compared as days in the site's zone: a posting may close on the day it is posted
        if posted and when and _day(when, ck) < _day(posted, ck):
            ck.fail(
                fm[name].line,
                name,
                f"the {what} {_day(when, ck)} is before the posting date "
                f"{_day(posted, ck)}: check both dates",
            )
    salary = v.get("salary")
    if salary and salary.get("max") is not None and salary["max"] < salary["min"]:
        ck.fail(
            fm["salary"].value["max"].line,
            "salary.max",
            f"is below salary.min ({salary['max']:g} < {salary['min']:g}): swap them",
        )
    loc = v.get("location")
    if loc:
        line = fm["location"].line
        if loc["arrangement"] == "remote" and not loc.get("regions"):
            ck.fail(
                line,
                "location.regions",
                "missing: a remote posting lists where applicants may "
                "live, e.g. regions: [US] or regions: [Worldwide]",
            )
        for key in table.REMOTE_ONLY if loc["arrangement"] != "remote" else ():
            if loc.get(key):
                ck.fail(
                    fm["location"].value[key].line,
                    f"location.{key}",
                    f"is for remote postings, and this one is {loc['arrangement']}: remove "
                    "it, or set arrangement: remote",
                )
        if loc["arrangement"] != "remote" and not (loc.get("city") and loc.get("country")):
            ck.fail(
                line,
                "location",
                f"a {loc['arrangement']} posting needs city and country "
                "(a two-letter code such as US)",
            )


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_page(text: str, path: str) -> Page:
    ck = f.Checker(path, _UTC)
    src = _split(text, path)
    slug = _slug(path, ck)
    v = f.check_fields(src.front_matter, table.PAGE, "", ck, src.start_line)
    _body_limits(src, ck)
    if ck.errors:
        raise BuildError(ck.errors)
    return Page(path, slug, v["title"], v.get("description") or "", bool(v.get("draft")), src.body)


def parse_note(text: str, path: str) -> EditionNote:
    ck = f.Checker(path, _UTC)
    src = _split(text, path)
    stem = Path(path).stem
    match = _WEEK.match(stem)
    week = ""
    if match:
        try:
            dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            week = stem
        except ValueError:
            match = None
    if not match:
        ck.fail(None, None, "an editor's note is named after its ISO week, e.g. '2026-W47.md'")
    v = f.check_fields(src.front_matter, table.NOTE, "", ck, src.start_line)
    _body_limits(src, ck)
    if ck.errors:
        raise BuildError(ck.errors)
    return EditionNote(path, week, v.get("title"), src.body)


def check_unique(postings: Sequence[Posting], pages: Sequence[Page]) -> list[SourceError]:
    """Ids and URLs must be unique across files, also ignoring letter case; both files are named."""
    errors: list[SourceError] = []
    urls = [(p.source, "jobs/" + p.slug) for p in postings] + [(p.source, p.slug) for p in pages]
    # the files that share an id or URL, grouped, in the order of the files (counted first:
    # grouping every file took 15 ms of each 10,000-posting build, for none in the end)
    repeated_ids = _repeated(p.id for p in postings)
    by_id: dict[str, list[Posting]] = {}
    for posting in postings if repeated_ids else ():
        if posting.id in repeated_ids:
            by_id.setdefault(posting.id, []).append(posting)
    repeated_urls = _repeated(url.lower() for _source, url in urls)
    by_url: dict[str, list[tuple[str, str]]] = {}
    for source, url in urls if repeated_urls else ():
        if url.lower() in repeated_urls:
            by_url.setdefault(url.lower(), []).append((source, url))
    for same in by_id.values():
        for posting in same if len(same) > 1 else ():
            others = ", ".join(p.source for p in same if p is not posting)
            errors.append(
                SourceError(
                    posting.source,
                    posting.id_line,
                    "id",
                    f"the same id is used by {others}: every "
                    "posting needs its own (`sitegen new` makes one)",
                )
            )
    for entries in by_url.values():
        for source, url in entries if len(entries) > 1 else ():
            others = ", ".join(s for s, _ in entries if s != source)
            errors.append(
                SourceError(
                    source,
                    None,
                    None,
                    f"its URL /{url}/ is the same (ignoring "
                    f"letter case) as that of {others}: rename one of the files",
                )
            )
    return errors


def future_dates(postings: Iterable[Posting], today: dt.date) -> list[SourceError]:
    """A posting dated after the build day is refused: it would be listed before it exists,
    and its week's edition could not be published."""
    return [
        SourceError(
            p.source,
            p.date_line,
            "date",
            f"is in the future: {p.day} is after the build day {today} (both in the site's "
            "time zone): write the day the posting is published",
        )
        for p in postings
        if p.day > today
    ]


def _repeated(values: Iterable[str]) -> set[str]:
    return {value for value, count in Counter(values).items() if count > 1}
