"""Read a location and work arrangement from notations such as "Remote US",
"Remote (EU)", "United States", "Berlin, Germany" or "Hybrid - London, UK"."""

from __future__ import annotations

import re
from dataclasses import replace

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
    (re.compile(r"\b(?:fully |100% )?remote(?:[- ]first| only)?\b", re.I), "remote"),
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


def parse_location(text: str) -> Location | None:
    """The location `text` names, or None when it names nothing recognisable.

    A country alone ("United States") leaves the arrangement as a placeholder.
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
    place = _place(pieces)
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


def _place(pieces: list[str]) -> Location | None:
    names = [n.strip() for piece in pieces for n in piece.split(",") if n.strip()]
    if not names:
        return None
    country = country_code(names[-1])
    if len(names) == 1:
        named = _NAMED_REGIONS.get(names[0].lower())
        if named:
            return Location(arrangement="remote", regions=(named,))
        return Location(country=country) if country else None
    if country is None:
        country = _us_state(names[-1]) or TODO_COUNTRY
        return Location(city=names[0], region=_join(names[1:]), country=country)
    return Location(city=names[0], region=_join(names[1:-1]), country=country)


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
