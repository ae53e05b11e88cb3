"""When a posting leaves the listings, and how fresh it is: one rule, from the build day.

A posting's last open day is its `closes` date when it has one (which may lie beyond the age
limit: that is how a posting is kept listed longer), else the day it was posted plus the
site's `max_age_days`. On every later day it is closed (it had `closes`) or expired (it had
not): out of every listing, feed, search file and the sitemap, its page kept and marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sitegen.content.model import Posting
from sitegen.errors import SourceError

EXPIRING_DAYS = 7  # `sitegen check` warns about postings that leave the listings this soon
NEW_DAYS = 7  # a posting is marked "New" on the day it is posted and the six after

OPEN, CLOSED, EXPIRED = "open", "closed", "expired"


def last_open_day(posting: Posting, max_age_days: int) -> dt.date:
    """The last day the posting is listed."""
    if posting.closes is not None:
        return posting.closes
    return posting.day + dt.timedelta(days=max_age_days)


def is_open(posting: Posting, today: dt.date, max_age_days: int) -> bool:
    """Listed on the build day `today`."""
    return today <= last_open_day(posting, max_age_days)


def status(posting: Posting, today: dt.date, max_age_days: int) -> str:
    """OPEN, CLOSED (past its `closes` date) or EXPIRED (past the age limit)."""
    if is_open(posting, today, max_age_days):
        return OPEN
    return CLOSED if posting.closes is not None else EXPIRED


def age(posting: Posting, today: dt.date) -> int:
    """Whole days since the posting's day: 0 on that day."""
    return (today - posting.day).days


def is_new(posting: Posting, today: dt.date) -> bool:
    return 0 <= age(posting, today) < NEW_DAYS


def is_expiring(posting: Posting, today: dt.date, max_age_days: int) -> bool:
    """Listed today, and out of the listings within EXPIRING_DAYS days."""
    left = (last_open_day(posting, max_age_days) - today).days
    return 0 <= left < EXPIRING_DAYS  # 0: today is its last day


def _when(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def expiring_warnings(
    postings: Iterable[Posting],
    today: dt.date,
    max_age_days: int,
    only: Collection[str] | None = None,
) -> list[SourceError]:
    """For `sitegen check`: every published posting that leaves the listings within
    EXPIRING_DAYS days, at the line to change, with how to keep it listed."""
    warnings = []
    for p in postings:
        if p.draft or not is_expiring(p, today, max_age_days):
            continue
        if only is not None and p.source not in only:
            continue
        last = last_open_day(p, max_age_days)
        leaves = f"listed until {last} ({_when((last - today).days)}), then out of the listings"
        if p.closes is not None:
            warnings.append(
                SourceError(
                    p.source,
                    p.closes_line,
                    "closes",
                    f"closes soon: {leaves}. If the closing date has moved, set "
                    "closes: YYYY-MM-DD to the new one",
                )
            )
        else:
            warnings.append(
                SourceError(
                    p.source,
                    p.date_line,
                    "date",
                    f"expires soon, {max_age_days} days after its date: {leaves}. If the job "
                    "is still open, add closes: YYYY-MM-DD (its closing date) to keep it listed",
                )
            )
    return warnings
