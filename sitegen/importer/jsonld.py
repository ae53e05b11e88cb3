"""Facts from a page's schema.org `JobPosting` (the JSON-LD that job pages carry for search
engines): title, hiring organisation, closing date, employment type, place or remote
regions, and pay. Anything malformed is skipped; nothing here raises."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from . import fields
from .location import country_code, parse_location, region_code
from .model import Facts, Location, Salary
from .salary import parse_salary
from .timestamps import to_date

_PERIODS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


def job_posting(scripts: list[str]) -> Facts:
    """The facts of the first JobPosting among the JSON-LD `scripts`."""
    for text in scripts:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for item in _items(data, 0):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if "JobPosting" in kinds:
                return _facts(item)
    return Facts()


def _items(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _items(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _items(data.get("@graph"), depth + 1)


def _facts(item: dict[str, Any]) -> Facts:
    organisation = item.get("hiringOrganization")
    company = _text(organisation.get("name")) if isinstance(organisation, dict) else None
    website = organisation.get("sameAs") if isinstance(organisation, dict) else None
    kinds = item.get("employmentType")
    kind_list = kinds if isinstance(kinds, list) else [kinds]
    employment = next(
        (k for raw in kind_list if isinstance(raw, str) and (k := fields.employment_type(raw))),
        None,
    )
    return Facts(
        title=_text(item.get("title")),
        company=company,
        company_website=website if isinstance(website, str) and fields.is_url(website) else None,
        employment_type=employment,
        closes=to_date(item.get("validThrough")),
        location=_location(item),
        salary=_salary(item.get("baseSalary")),
        description=item.get("description") if isinstance(item.get("description"), str) else None,
    )


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _location(item: dict[str, Any]) -> Location | None:
    if str(item.get("jobLocationType", "")).upper() == "TELECOMMUTE":
        wanted = item.get("applicantLocationRequirements")
        entries = wanted if isinstance(wanted, list) else [wanted]
        names = [e.get("name") if isinstance(e, dict) else e for e in entries]
        regions = tuple(
            dict.fromkeys(r for n in names if isinstance(n, str) and (r := region_code(n)))
        )
        return Location(arrangement="remote", regions=regions)
    place = item.get("jobLocation")
    place = place[0] if isinstance(place, list) and place else place
    address = place.get("address") if isinstance(place, dict) else None
    if not isinstance(address, dict):
        return None
    country = address.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    parts = [address.get("addressLocality"), address.get("addressRegion")]
    words = [p for p in parts if isinstance(p, str) and p.strip()]
    code = country_code(country) if isinstance(country, str) else None
    text = ", ".join([*words, code] if code else words)
    return parse_location(text) if text else None


def _salary(value: Any) -> Salary | None:
    if not isinstance(value, dict):
        return None
    currency = value.get("currency")
    amount = value.get("value")
    if isinstance(amount, dict):
        unit = _PERIODS.get(str(amount.get("unitText", "")).upper(), "")
        low = amount.get("minValue", amount.get("value"))
        high = amount.get("maxValue")
    else:
        unit, low, high = "", amount, None
    numbers = [n for n in (low, high) if isinstance(n, int | float) and not isinstance(n, bool)]
    if not numbers:
        return None
    text = " - ".join(f"{n:g}" if isinstance(n, float) else str(n) for n in numbers)
    return parse_salary(f"{currency or ''} {text} {unit}".strip(), bare_ok=True)
