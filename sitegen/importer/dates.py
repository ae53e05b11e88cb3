"""Read the closing date an ad states: "Closing date: 31 January 2027", "Apply by
January 31, 2027", "Applications close on 2027-01-31"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

_LABEL = re.compile(
    r"\b(?:closing date|closes(?: on)?|applications? (?:close|closes|deadline)(?: on)?"
    r"|apply (?:by|before)|application deadline|deadline(?: to apply)?|open until)"
    r"\s*(?:is\s*)?[:\-–—]?\s*(?P<date>[^.;()]{6,40})",
    re.I,
)
_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d", "%d.%m.%Y")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", re.I)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_DATE_END = re.compile(r"^(.*?\d{4}(?:-\d{2}-\d{2})?)")


def parse_date(text: str) -> datetime.date | None:
    """A calendar date written out ("31 January 2027", "Jan 31st, 2027", "2027-01-31")."""
    match = _DATE_END.match(text.strip())
    if not match:
        return None
    value = _ORDINAL.sub("", _WEEKDAY.sub("", match.group(1).replace(",", " ")))
    value = " ".join(value.split())
    for form in _FORMATS:
        try:
            return datetime.datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def closing_date(blocks: Iterable[str]) -> datetime.date | None:
    """The first closing date stated in the ad's blocks."""
    for block in blocks:
        for line in block.splitlines():
            match = _LABEL.search(line.replace("**", ""))
            if match and (date := parse_date(match.group("date"))):
                return date
    return None
