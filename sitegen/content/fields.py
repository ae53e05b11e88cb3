"""Per-field validators for front matter: each takes a located value and returns a clean one.

A validator records problems on the Checker and returns None; it never raises.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pycountry

from sitegen.content import patterns
from sitegen.content.lookalike import ascii_url
from sitegen.content.names import slugify
from sitegen.content.regions import countries
from sitegen.content.source import Located
from sitegen.errors import SourceError

T = TypeVar("T")


@dataclass
class Checker:
    """Collects the problems of one file."""

    path: str
    tz: ZoneInfo
    errors: list[SourceError] = field(default_factory=list)

    def fail(self, line: int | None, name: str | None, message: str) -> None:
        self.errors.append(SourceError(self.path, line, name, message))


Validator = Callable[[Located, str, Checker], Any]

# Characters that draw nothing yet are not format characters (Unicode category Cf, all of
# which go: bidi overrides and isolates, zero-width spaces and joiners, soft hyphens, tags).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u180e\u034f")
# Control, format, surrogate, private-use and unassigned code points.
_DROPPED = frozenset({"Cf", "Cs", "Co", "Cn"})


def clean_line(value: str) -> str:
    """One line of display text: no control, bidi-override, zero-width or invisible characters."""
    if value.isascii():
        return " ".join(value.translate(_ASCII_CONTROLS).split())
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" or category in ("Zl", "Zp"):
            kept.append(" ")
        elif category not in _DROPPED and char not in _BLANK and not _variation_selector(char):
            kept.append(char)
    return " ".join("".join(kept).split())


def _variation_selector(char: str) -> bool:
    return 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF


_ASCII_CONTROLS = {c: " " for c in [*range(0x20), 0x7F]}


def shown(value: Any, limit: int = 60) -> str:
    """A front-matter value as a message quotes it: plain Python values, no Located wrappers,
    shortened, with escapes instead of control characters."""
    text = repr(unwrapped(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unwrapped(value: Any) -> Any:
    """A front-matter value as plain Python values, its Located wrappers taken off."""
    if isinstance(value, Located):
        return unwrapped(value.value)
    if isinstance(value, dict):
        return {k: unwrapped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrapped(v) for v in value]
    return value


def shown_name(name: str) -> str:
    """A field name as a message shows it: escapes instead of invisible or control characters."""
    text = name if name.isprintable() else repr(name)[1:-1]
    return text if len(text) <= 60 else text[:57] + "..."


def text(max_length: int) -> Validator:
    def check(loc: Located, name: str, ck: Checker) -> str | None:
        if isinstance(loc.value, bool) or not isinstance(loc.value, str | int | float):
            ck.fail(loc.line, name, "must be text")
            return None
        value = clean_line(str(loc.value))
        if not value:
            ck.fail(loc.line, name, "must not be empty")
            return None
        if len(value) > max_length:
            ck.fail(loc.line, name, f"is {len(value)} characters long: keep it under {max_length}")
            return None
        return value

    return check


def mapping(loc: Located, name: str, ck: Checker) -> dict[str, Located] | None:
    if isinstance(loc.value, str):
        return {"name": loc}  # "company: Mozilla" is short for "company: {name: Mozilla}"
    if not isinstance(loc.value, dict):
        ck.fail(loc.line, name, "must be a group of indented 'field: value' lines")
        return None
    return loc.value


def check_fields(
    values: Mapping[str, Located],
    specs: Mapping[str, tuple[bool, Validator]],
    prefix: str,
    ck: Checker,
    missing_line: int | None,
) -> dict[str, Any]:
    """Run the table of validators over a mapping: unknown, missing and invalid fields."""
    result: dict[str, Any] = {}
    for key, loc in values.items():
        name = prefix + key
        if key not in specs:
            hint = difflib.get_close_matches(key, list(specs), n=1, cutoff=0.6)
            advice = (
                f"did you mean '{prefix}{hint[0]}'?"
                if hint
                else ("known fields: " + ", ".join(prefix + k for k in specs))
            )
            ck.fail(loc.line, shown_name(name), f"unknown field: {advice}")
            continue
        placeholder = _placeholder(loc)
        if placeholder is not None:
            ck.fail(placeholder, name, "still holds a placeholder (TODO): fill it in")
            continue
        result[key] = specs[key][1](loc, name, ck)
    for key, (required, _) in specs.items():
        if required and key not in values:
            ck.fail(missing_line, prefix + key, "missing: this field is required")
    return result


def _placeholder(loc: Located) -> int | None:
    """The line of a TODO left by `sitegen import`; nested groups are checked field by field."""
    if isinstance(loc.value, str) and loc.value.strip().upper().startswith("TODO"):
        return loc.line
    if isinstance(loc.value, list):
        return next((p for v in loc.value if (p := _placeholder(v))), None)
    return None


def uuid_value(loc: Located, name: str, ck: Checker) -> str | None:
    if isinstance(loc.value, str) and _UUID.match(loc.value):
        return str(uuid.UUID(loc.value.strip()))
    ck.fail(
        loc.line,
        name,
        "must be a UUID such as 3f1c9a52-7d4e-4b8a-9a61-0c2e5d7b8f10 "
        "(`sitegen new` makes one; never change it once published)",
    )
    return None


_UUID = re.compile(patterns.UUID)
_DATE_TIME = re.compile(patterns.DATE_TIME)


def timestamp(loc: Located, name: str, ck: Checker) -> dt.datetime | None:
    """A date or date-time; a date means midnight and a naive time means the site's zone."""
    value = loc.value
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
            # only the ISO forms people write (not 2026-W47-1), as the JSON Schema says
            if not _DATE_TIME.match(value) and _FIRST_YEAR <= parsed.year <= _LAST_YEAR:
                raise ValueError("")
            value = parsed
        except ValueError as exc:
            shape = re.match(r"^\d{4}-\d{2}-\d{2}", value.strip())
            reason = f" ({exc})" if shape and str(exc) else ""
            ck.fail(
                loc.line,
                name,
                f"cannot read the date {shown(loc.value)}{reason}: write a real date as YYYY-MM-DD",
            )
            return None
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=ck.tz) if value.tzinfo is None else value
    elif isinstance(value, dt.date):
        value = dt.datetime.combine(value, dt.time(), ck.tz)
    else:
        ck.fail(loc.line, name, "must be a date written as YYYY-MM-DD")
        return None
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        ck.fail(
            loc.line,
            name,
            f"the year {value.year} cannot be right: use a date from {_FIRST_YEAR} to {_LAST_YEAR}",
        )
        return None
    return value


# Dates outside these years are typing mistakes, and near year 1 or 9999 a time-zone shift
# or a week's end would leave what Python's dates can hold.
_FIRST_YEAR, _LAST_YEAR = 1970, 2999


def boolean(loc: Located, name: str, ck: Checker) -> bool | None:
    if isinstance(loc.value, bool):
        return loc.value
    ck.fail(loc.line, name, "must be true or false")
    return None


def http_url(loc: Located, name: str, ck: Checker) -> str | None:
    value = loc.value.strip() if isinstance(loc.value, str) else None
    if value and _is_http_url(value):
        return value
    ck.fail(loc.line, name, "must be a full web address starting with https:// or http://")
    return None


# space (str.isspace's, which \s is for str patterns) and characters that break out of markup
_NOT_IN_URL = re.compile(r"[\s<>\"'`\\]")


def _is_http_url(value: str) -> bool:
    if not value.isprintable() or _NOT_IN_URL.search(value):
        return False  # control, format (bidi, zero-width) and space characters included
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname or "", parts.port
    except ValueError:  # a port out of range, a broken [IPv6] host
        return False
    return parts.scheme in ("http", "https") and "." in host.strip(".")


_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&*+/=?^_{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)


def apply_link(loc: Located, name: str, ck: Checker) -> str | None:
    """A web address, or an email address (returned as a mailto: link)."""
    value = loc.value.strip() if isinstance(loc.value, str) else ""
    address = value.removeprefix("mailto:")
    if _is_http_url(value):
        return ascii_url(value)  # a look-alike host shows as xn--...: see lookalike.py
    if _EMAIL.match(address):
        return "mailto:" + address
    ck.fail(loc.line, name, "must be a web address (https://...) or an email address")
    return None


def one_of(choices: tuple[str, ...], aliases: Mapping[str, str] | None = None) -> Validator:
    def check(loc: Located, name: str, ck: Checker) -> str | None:
        raw = str(loc.value).strip().lower() if isinstance(loc.value, str) else ""
        value = (aliases or {}).get(raw, raw)
        if value in choices:
            return value
        hint = difflib.get_close_matches(raw, choices, n=1)
        advice = f"did you mean '{hint[0]}'? " if hint else ""
        ck.fail(
            loc.line,
            name,
            f"{shown(loc.value)} is not known: {advice}use one of {', '.join(choices)}",
        )
        return None

    return check


def positive_number(loc: Located, name: str, ck: Checker) -> float | None:
    value = loc.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e12:
        ck.fail(loc.line, name, "must be a positive number without currency signs or commas")
        return None
    return float(value)


@cache
def currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def currency(loc: Located, name: str, ck: Checker) -> str | None:
    value = loc.value.strip().upper() if isinstance(loc.value, str) else ""
    if value in currencies():
        return value
    ck.fail(
        loc.line,
        name,
        f"unknown currency {shown(loc.value)}: use an ISO 4217 code such as USD, EUR or GBP",
    )
    return None


def norway_hint(value: object) -> str:
    """YAML 1.1 reads an unquoted NO (Norway) as false, and ON, Y, N likewise."""
    return (
        ' (YAML read it as true/false: put the code in quotes, e.g. "NO")'
        if isinstance(value, bool)
        else ""
    )


def country(loc: Located, name: str, ck: Checker) -> str | None:
    value = loc.value.strip().upper() if isinstance(loc.value, str) else ""
    value = {"UK": "GB"}.get(value, value)
    if value in countries():
        return value
    code = country_code(loc.value) if isinstance(loc.value, str) else None
    advice = f"did you mean '{code}'? " if code else ""
    ck.fail(
        loc.line,
        name,
        f"unknown country {shown(loc.value)}{norway_hint(loc.value)}: {advice}use an ISO 3166 "
        "two-letter code such as US, DE or GB",
    )
    return None


def country_code(name: str) -> str | None:
    """The ISO code of a country written out: 'Germany' or 'DEU' -> 'DE'."""
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        pass
    try:  # 'Russia' (officially the Russian Federation); 'Korea' is two countries
        found = pycountry.countries.search_fuzzy(name.strip())
    except LookupError:
        return None
    return str(found[0].alpha_2) if len(found) == 1 else None


_TAG = re.compile(r"^[a-z0-9][a-z0-9+#. -]{0,39}$")
MAX_TAGS = 30


def tags(loc: Located, name: str, ck: Checker) -> tuple[str, ...] | None:
    if not isinstance(loc.value, list):
        ck.fail(loc.line, name, "must be a list, e.g. [python, remote-first]")
        return None
    if len(loc.value) > MAX_TAGS:
        ck.fail(loc.line, name, f"has {len(loc.value)} tags: keep it to at most {MAX_TAGS}")
        return None
    result: list[str] = []
    for item in loc.value:
        tag = " ".join(str(item.value).lower().split()) if isinstance(item.value, str | int) else ""
        if not _TAG.match(tag) or not slugify(tag):
            ck.fail(
                item.line,
                name,
                f"{shown(item.value)} is not a tag: use lowercase words, digits "
                "and hyphens (at most 40 characters)",
            )
            return None
        if tag not in result:
            result.append(tag)
    return tuple(result)
