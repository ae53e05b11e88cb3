"""`sitegen list`: the postings a maintainer may want to act on, one line each (like Hugo's
`hugo list expired`): those out of the listings, those about to leave them, and drafts.

    content/postings/old.md<TAB>expired<TAB>2026-11-15<TAB>Backend Engineer at Example Co

The date is the last day a closed or expired posting was listed, the last day an expiring
one will be, and a draft's posting date. Lines are sorted by file, then kind; nothing else
goes to standard output (an empty list is said on standard error), so a script can read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sitegen.build import build_date, load, site_config
from sitegen.content.model import Posting
from sitegen.site import expiry

KINDS = ("expired", "expiring", "drafts")
_NONE = {
    "expired": "no closed or expired postings",
    "expiring": f"no postings leaving the listings within {expiry.EXPIRING_DAYS} days",
    "drafts": "no drafts",
}


def rows(
    postings: Sequence[Posting], kinds: Sequence[str], today: dt.date, max_age_days: int
) -> list[tuple[str, str, dt.date, str]]:
    """(file, kind, date, title) of every posting in the chosen lists, sorted."""
    found = []
    for p in postings:
        title = f"{p.title} at {p.company.name}"
        if p.draft:
            if "drafts" in kinds:
                found.append((p.source, "draft", p.day, title))
            continue
        last = expiry.last_open_day(p, max_age_days)
        state = expiry.status(p, today, max_age_days)
        if state != expiry.OPEN and "expired" in kinds:
            found.append((p.source, state, last, title))
        elif expiry.is_expiring(p, today, max_age_days) and "expiring" in kinds:
            found.append((p.source, "expiring", last, title))
    return sorted(found)


def _line(row: tuple[str, str, dt.date, str]) -> str:
    source, kind, day, title = row
    # titles are one line of text; a tab in one would only look like a column break
    return "\t".join((source, kind, day.isoformat(), title.replace("\t", " ")))


def list_postings(
    root: Path, kinds: Sequence[str], today: dt.date | None, out: TextIO, err: TextIO
) -> int:
    config = site_config(root)
    day = build_date(config, today)
    config, content = load(root, today=day)
    found = rows(content.postings, kinds, day, config.max_age_days)
    for row in found:
        print(_line(row), file=out)
    if not found:
        nothing = [_NONE[k] for k in KINDS if k in kinds]
        said = ", ".join(nothing[:-1]) + " and " + nothing[-1] if len(nothing) > 1 else nothing[0]
        print(f"{said} on {day}", file=err)
    return 0
