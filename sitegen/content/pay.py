"""Pay periods: the one table of what a salary's period means to each part of the site."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    name: str  # as written in front matter: "hour"
    per: str  # as shown after an amount: "an hour"
    unit: str  # schema.org's unitText in JSON-LD: "HOUR"
    per_year: int  # how many make a working year, for comparing salaries in search


TABLE: dict[str, Period] = {
    period.name: period
    for period in (
        Period("hour", "an hour", "HOUR", 2080),
        Period("day", "a day", "DAY", 260),
        Period("week", "a week", "WEEK", 52),
        Period("month", "a month", "MONTH", 12),
        Period("year", "a year", "YEAR", 1),
    )
}
PERIODS = tuple(TABLE)  # the names, shortest first
