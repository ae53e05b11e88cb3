"""Read a location and work arrangement from notations such as "Remote US",
"Remote (EU)", "United States", "Berlin, Germany" or "Hybrid - London, UK"."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

import pycountry

from .model import TODO_ARRANGEMENT, TODO_CITY, TODO_COUNTRY, TODO_REGIONS, Location

_NAMED_REGIONS = {
    "eu": "EU",
    "european union": "EU",
    "eea": "EEA",
    "europe": "Europe",
    "emea": "EMEA",
    "americas": "Americas",
    "north america": "North America",
    "latam": "LATAM",
    "latin america": "LATAM",
    "apac": "APAC",
    "asia pacific": "APAC",
    "worldwide": "Worldwide",
    "anywhere": "Worldwide",
    "everywhere": "Worldwide",
    "global": "Worldwide",
}
_COUNTRY_ALIASES = {
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "usa": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "deutschland": "DE",
    "holland": "NL",
    "south korea": "KR",
    "russia": "RU",
}
_ARRANGEMENT_WORDS = (
    (
        re.compile(
            r"\b(?:fully |100% )?remote(?:[- ]first| only)?\b|\btelecommute\b|^\s*online\s*$", re.I
        ),
        "remote",
    ),
    (re.compile(r"\bhybrid\b", re.I), "hybrid"),
    (re.compile(r"\b(?:on[- ]?site|in[- ]office|office[- ]based)\b", re.I), "on-site"),
)
_SEPARATORS = re.compile(r"[()\[\]|/;:–—]|\s-\s|^\s*-|-\s*$|\bor\b|\band\b", re.I)
_US_STATES = frozenset(
    str(s.code).removeprefix("US-") for s in pycountry.subdivisions if s.country_code == "US"
)
_LEADING_SYMBOLS = re.compile(r"^[^\w(]+")
_BODY_REMOTE = re.compile(
    r"\b(?:fully|100%|completely|entirely|full[- ]time)\s+remote\b"
    r"|\bremote[- ]first\b|\bwork from anywhere\b",
    re.I,
)


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code, or None."""
    key = name.strip().strip(".").lower() if len(name.strip()) > 4 else name.strip().lower()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        return None


def region_code(name: str) -> str | None:
    """A `regions` entry (country code or named region) for `name`, or None."""
    key = name.strip().lower()
    return _NAMED_REGIONS.get(key) or country_code(name)


def parse_location(text: str, *, trusted: bool = False) -> Location | None:
    """The location `text` names, or None when it names nothing recognisable.

    A country alone ("United States") leaves the arrangement as a placeholder. When
    `trusted` (the text is known to be a place, as a board's `location` field is), a name
    that is no known country is read as a city whose country is left as a placeholder.
    """
    arrangement = None
    rest = _LEADING_SYMBOLS.sub("", text)
    for pattern, name in _ARRANGEMENT_WORDS:
        if pattern.search(rest):
            arrangement = arrangement or name
            rest = pattern.sub(" ", rest)
    pieces = [p.strip(" ,.") for p in _SEPARATORS.split(rest) if p.strip(" ,.")]
    if arrangement == "remote":
        return _remote(pieces)
    place = _place(pieces, trusted=trusted or arrangement is not None)
    if place is None:
        return Location(arrangement=arrangement) if arrangement else None
    if arrangement:
        return _with_arrangement(place, arrangement)
    return place


def _remote(pieces: list[str]) -> Location:
    names = [n.strip() for piece in pieces for n in piece.split(",") if n.strip()]
    regions = [region_code(n) for n in names]
    known = tuple(dict.fromkeys(r for r in regions if r))
    return Location(arrangement="remote", regions=known or (TODO_REGIONS,))


def _place(pieces: list[str], *, trusted: bool) -> Location | None:
    """City, region and country from names such as ["Munich", "Germany", "3 days a week"]:
    the last name that is a country (or a US state, or a state or province of one country)
    ends the place; street addresses before the city and words after the place go."""
    names = [n.strip() for piece in pieces for n in piece.split(",") if _is_place_name(n)]
    if not names:
        return None
    if len(names) == 1 and (named := _NAMED_REGIONS.get(names[0].lower())):
        return Location(arrangement="remote", regions=(named,))
    for index in range(len(names) - 1, -1, -1):
        found = _country_of(names[index], after_city=index > 0)
        if found is None:
            continue
        country, is_state = found
        # "Cambridge, MA", "Tysons Corner, Virginia": the state is the region
        before = names[: index + 1] if is_state else names[:index]
        if not before:
            return Location(country=country)
        if len(before) == 1 and before[0] == names[index]:
            return Location(region=before[0], country=country)
        city, *region = before
        return Location(city=_city(city), region=_join(region), country=country)
    if len(names) == 1 and not trusted:
        return None
    city, *region = names
    alias = _CITY_ALIASES.get(city.lower())
    if alias:
        return Location(city=alias[0], region=_join(region), country=alias[1])
    return Location(city=city, region=_join(region), country=TODO_COUNTRY)


_CITY_ALIASES = {
    "nyc": ("New York", "US"),
    "new york city": ("New York", "US"),
    "sf": ("San Francisco", "US"),
    "sf bay area": ("San Francisco", "US"),
}
_NOT_PLACE_WORDS = re.compile(
    r"\b(?:days?|weeks?|months?|hours?|per|possible|optional|required|travel|office|offices"
    r"|flexible|negotiable|relocation|visa|hq|headquarters|based|near)\b",
    re.I,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{5}\b")
# Two-letter codes that, after a city, more often name a country than a US state.
_COUNTRY_FIRST = frozenset({"DE", "IN"})


def _is_place_name(name: str) -> bool:
    name = name.strip()
    return bool(name) and not _NOT_PLACE_WORDS.search(name) and not name[:1].isdigit()


def _city(name: str) -> str:
    """A city without its postcode ("London SW1W 0EB" -> "London")."""
    return " ".join(_POSTCODE.sub(" ", name).split()) or name


def _country_of(name: str, *, after_city: bool) -> tuple[str, bool] | None:
    """(country code, whether `name` is a state or province of it), or None."""
    code = name.strip()
    if after_city and code not in _COUNTRY_FIRST and _us_state(code):
        return "US", True
    if country := country_code(name):
        return country, False
    subdivision = _subdivision_country(name)
    return (subdivision, True) if subdivision else None


def _subdivision_country(name: str) -> str | None:
    """The country of a state or province named in full ("Virginia" -> US, "Ontario" -> CA),
    when only one country has a subdivision of that name."""
    key = name.strip().casefold()
    if len(key) < 4:
        return None
    found = {str(s.country_code) for s in _subdivisions() if s.name.casefold() == key}
    return found.pop() if len(found) == 1 else None


@cache
def _subdivisions() -> tuple[Any, ...]:
    return tuple(s for s in pycountry.subdivisions if s.type in _SUBDIVISION_TYPES)


_SUBDIVISION_TYPES = frozenset({"State", "Province", "Country", "Territory", "District", "Nation"})


def _us_state(name: str) -> str | None:
    code = name.strip()
    if len(code) == 2 and code.isupper() and code in _US_STATES:
        return "US"
    return None


def _join(names: list[str]) -> str | None:
    return ", ".join(names) or None


def _with_arrangement(place: Location, arrangement: str) -> Location:
    if arrangement == "remote":
        return Location(arrangement="remote", regions=(place.country or TODO_REGIONS,))
    return replace(place, arrangement=arrangement, city=place.city or TODO_CITY)


def refine_with_body(location: Location | None, body: str) -> tuple[Location | None, str | None]:
    """Use a clear statement in the body ("fully remote") to settle the arrangement; also
    return the statement when it changed anything."""
    match = _BODY_REMOTE.search(body)
    if not match:
        return location, None
    if location is None:
        return Location(arrangement="remote", regions=(TODO_REGIONS,)), match.group(0)
    if location.arrangement == TODO_ARRANGEMENT and location.city is None:
        refined = Location(arrangement="remote", regions=(location.country or TODO_REGIONS,))
        return refined, match.group(0)
    return location, None


def complete_location(location: Location | None) -> Location:
    """Fill what a posting requires with placeholders."""
    if location is None:
        return Location(arrangement=TODO_ARRANGEMENT)
    if location.arrangement == "remote":
        return Location(arrangement="remote", regions=location.regions or (TODO_REGIONS,))
    if location.arrangement == TODO_ARRANGEMENT:
        return location
    return replace(
        location,
        regions=(),
        city=location.city or TODO_CITY,
        country=location.country or TODO_COUNTRY,
    )
