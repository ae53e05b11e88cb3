"""The fields of a remote posting's location: where applicants may live (`regions`) and the
hours they should keep (`timezones`), checked like every other field."""

from __future__ import annotations

import re

from sitegen.content.fields import Checker, norway_hint, shown
from sitegen.content.regions import NAMED_REGIONS, countries
from sitegen.content.source import Located

_REGION_BY_KEY = {r.lower(): r for r in NAMED_REGIONS}


def regions(loc: Located, name: str, ck: Checker) -> tuple[str, ...] | None:
    items = loc.value if isinstance(loc.value, list) else [loc]
    result: list[str] = []
    for item in items:
        raw = item.value.strip() if isinstance(item.value, str) else ""
        region = _REGION_BY_KEY.get(raw.lower()) or ("GB" if raw.upper() == "UK" else raw.upper())
        if region not in NAMED_REGIONS and region not in countries():
            ck.fail(
                item.line,
                name,
                f"unknown region {shown(item.value)}{norway_hint(item.value)}: use a two-letter "
                f"country code (US, DE, ...) or one of {', '.join(NAMED_REGIONS)}",
            )
            return None
        if region not in result:
            result.append(region)
    if not result:
        ck.fail(loc.line, name, "list at least one region applicants may live in, e.g. [US]")
        return None
    return tuple(result)


_OFFSET = re.compile(r"UTC\s*(?:([+\-\u2212])\s*(\d{1,2})(?::(00|15|30|45))?)?", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+|\s*\u2013\s*|\s*\.\.\s*", re.IGNORECASE)


def _offset(text: str) -> int | None:
    """'UTC+5:30' -> 330, 'UTC-3' -> -180, 'UTC' -> 0; None unless from UTC-12 to UTC+14."""
    match = _OFFSET.fullmatch(text.strip())
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    total = int(hours or 0) * 60 + int(minutes or 0)
    total = -total if sign in ("-", "\u2212") else total
    return total if -720 <= total <= 840 else None


def utc_window(loc: Located, name: str, ck: Checker) -> tuple[int, int] | None:
    """'UTC-3 to UTC+3' -> (-180, 180): the UTC offsets, in minutes, applicants should
    work within, the western one first; one offset ('UTC+1') is a window of one."""
    parts = _TO.split(loc.value.strip(), maxsplit=1) if isinstance(loc.value, str) else []
    offsets = [_offset(part) for part in parts]
    if not offsets or None in offsets:
        ck.fail(
            loc.line,
            name,
            f"{shown(loc.value)} is not a time-zone window: write it as UTC-3 to UTC+3 "
            "(from UTC-12 to UTC+14, whole hours or :15, :30, :45), or one offset such as UTC+5:30",
        )
        return None
    low, high = offsets[0], offsets[-1]
    if low is None or high is None or low > high:
        ck.fail(loc.line, name, f"{shown(loc.value)}: write the western (smaller) offset first")
        return None
    return low, high
