"""Frozen values the importer passes between its pure steps.

A `Draft` holds what was found in one source; anything not found is a placeholder
string starting with ``TODO`` so that ``sitegen check`` rejects the posting until a
maintainer fills it in. `Note` lines make up the report printed for each source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

TODO_TITLE = "TODO: job title"
TODO_COMPANY = "TODO: company name"
TODO_APPLY = "TODO: apply URL or email"
TODO_ARRANGEMENT = "TODO: remote | hybrid | on-site"
TODO_REGIONS = "TODO: where applicants may live (country codes or regions)"
TODO_CITY = "TODO: city"
TODO_COUNTRY = "TODO: ISO 3166-1 country code"
TODO_EMPLOYMENT = "TODO: full-time | part-time | contract | internship | other"
TODO_CURRENCY = "TODO: ISO 4217 currency code"
TODO_DESCRIPTION = "TODO: write the description (the source had none)"
TODO_PERIOD = "TODO: hour | day | week | month | year"


class SourceProblem(Exception):
    """A source that cannot be imported; the message says what went wrong and what to do."""


def is_placeholder(value: object) -> bool:
    """True for a placeholder left for a maintainer to fill in."""
    return isinstance(value, str) and value.startswith("TODO")


@dataclass(frozen=True)
class Salary:
    min: float
    max: float | None
    currency: str
    period: str
    assumptions: tuple[str, ...] = ()

    def describe(self) -> str:
        amount = _amount(self.min)
        if self.max is not None:
            amount += f"-{_amount(self.max)}"
        return f"{self.currency} {amount} per {self.period}"


def _amount(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Location:
    arrangement: str = TODO_ARRANGEMENT
    regions: tuple[str, ...] = ()
    city: str | None = None
    region: str | None = None
    country: str | None = None

    def describe(self) -> str:
        """ "remote; regions US, EU" or "arrangement TODO; city Berlin; country DE"."""
        named = [
            ("arrangement", self.arrangement),
            ("regions", ", ".join(self.regions) or None),
            ("city", self.city),
            ("region", self.region),
            ("country", self.country),
        ]
        parts = [
            f"{name} TODO" if is_placeholder(value) else f"{name} {value}"
            for name, value in named
            if value
        ]
        text = "; ".join(parts)
        return text if is_placeholder(self.arrangement) else text.removeprefix("arrangement ")

    @property
    def complete(self) -> bool:
        values = (self.arrangement, *self.regions, self.city, self.region, self.country)
        return not any(is_placeholder(v) for v in values)


@dataclass(frozen=True)
class Note:
    """One line of the import report: `kind` is found, missing, mapped, dropped or warning."""

    kind: str
    text: str


@dataclass(frozen=True)
class Draft:
    title: str
    company: str
    apply: str
    location: Location
    employment_type: str
    body: str
    date: datetime.date
    salary: Salary | None = None
    company_website: str | None = None
    updated: datetime.date | None = None
    closes: datetime.date | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = field(default=())


@dataclass(frozen=True)
class Facts:
    """What a page's metadata states (its heading, <title>, JSON-LD, "Apply" link): used
    where the text of the ad itself does not say."""

    title: str | None = None
    company: str | None = None
    company_website: str | None = None
    apply: str | None = None
    employment_type: str | None = None
    closes: datetime.date | None = None
    location: Location | None = None
    salary: Salary | None = None
    description: str | None = None  # HTML, from JSON-LD: the body when the page has none
