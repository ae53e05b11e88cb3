"""Find the title, company and badge line at the top of a pasted job ad.

Two shapes are known:

- Markdown, as job boards export it::

      # [Senior Engineer](https://example.com/apply/1)
      ### Example Corp
      #### `💰 USD $100,000~$120,000` `🌎 Remote US`

- Plain text, as copied from a page: "How to Apply for <title>" / "at <company>",
  "<title> at <company>" on the first line, or labelled lines ("Title: ...",
  "Company: ...", "Location: ...", "Salary: ...", "Employment type: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .location import parse_location
from .model import Location, Note, is_placeholder

_MD_TITLE_LINK = re.compile(r"^#\s+\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)$")
_MD_TITLE = re.compile(r"^#\s+(?P<title>.+)$")
_MD_COMPANY = re.compile(r"^#{2,3}\s+(?P<company>.+)$")
_MD_BADGES = re.compile(r"^#{4,6}\s+(?P<badges>.+)$")
_BADGE = re.compile(r"`([^`]+)`")

_PLAIN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("title", re.compile(r"^how to apply for (?P<value>.+)$", re.I)),
    ("company", re.compile(r"^at (?P<value>[A-Z0-9][^.!?]{0,60}\.?)$")),
    ("title", re.compile(r"^(?:job title|title|position|role)\s*:\s*(?P<value>.+)$", re.I)),
    ("company", re.compile(r"^(?:company|employer|organi[sz]ation)\s*:\s*(?P<value>.+)$", re.I)),
    (
        "badge",
        re.compile(
            r"^(?P<value>(?:location|salary|compensation|pay|employment type|"
            r"job type|type)\s*:\s*.+)$",
            re.I,
        ),
    ),
)
_TITLE_AT_COMPANY = re.compile(r"^(?P<title>[^.!?]{3,80}?) at (?P<company>[A-Z][\w&.,' -]{0,60})$")
# "Staff Platform Engineer (Kubernetes) — Lumen Robotics GmbH", "Acme | Data Engineer"
_TITLE_DASH = re.compile(r"^(?P<left>[^.!?]{3,80}?)\s+[—–|·-]\s+(?P<right>[^.!?]{2,80})$")
_ROLE_WORD = re.compile(
    r"\b(?:engineer|developer|programmer|architect|designer|scientist|analyst|manager|lead"
    r"|director|head|intern|internship|specialist|consultant|administrator|admin|officer"
    r"|writer|researcher|sre|devops|technician|coordinator|advocate|editor|tester"
    r"|recruiter|accountant|associate|assistant|executive|cto|ceo|vp|principal)s?\b",
    re.I,
)
_COMPANY_SHAPE = re.compile(r"^[A-Z0-9][\w&.,'’ -]{0,60}$")
_LOCATION_LINE_MAX = 80
_PLAIN_HEADER_LINES = 12
_LABEL_MAX = 40


@dataclass(frozen=True)
class Header:
    title: str | None
    company: str | None
    title_url: str | None
    badges: tuple[str, ...]
    body: str
    notes: tuple[Note, ...] = ()
    location: Location | None = None  # from an unlabelled line such as "Munich, Germany"


def parse_header(text: str, *, title_known: bool = False) -> Header:
    """Split `text` into its header facts and the remaining body. With `title_known` (a
    page's heading gave it), the first line is not read as a title."""
    lines = text.strip().splitlines()
    if lines and _MD_TITLE.match(lines[0].strip()):
        header = _markdown_header(lines)
    else:
        header = _plain_header(lines, title_known=title_known)
    return replace(header, location=_location_line(header.body.splitlines()))


def _markdown_header(lines: list[str]) -> Header:
    first = lines[0].strip()
    linked = _MD_TITLE_LINK.match(first)
    title_match = linked or _MD_TITLE.match(first)
    title = _clean(title_match.group("title")) if title_match else None
    company: str | None = None
    badges: list[str] = []
    index = 1
    while index < len(lines):
        line = lines[index].strip()
        if badge_line := _MD_BADGES.match(line):
            found = _BADGE.findall(badge_line.group("badges"))
            badges.extend(found or [badge_line.group("badges")])
        elif (company_line := _MD_COMPANY.match(line)) and company is None and not badges:
            company = _clean(company_line.group("company"))
        elif line:
            break
        index += 1
    return Header(
        title=title,
        company=company,
        title_url=linked.group("url") if linked else None,
        badges=tuple(b.strip() for b in badges),
        body="\n".join(lines[index:]),
    )


def _plain_header(lines: list[str], *, title_known: bool) -> Header:
    found: dict[str, str] = {}
    badges: list[str] = []
    used: set[int] = set()
    for index, raw in enumerate(lines[:_PLAIN_HEADER_LINES]):
        line = raw.strip().replace("**", "")
        for field, pattern in _PLAIN_RULES:
            match = pattern.match(line)
            if match and (field == "badge" or field not in found):
                value = _clean(match.group("value"))
                if field == "badge":
                    badges.append(value)
                else:
                    found[field] = value
                used.add(index)
                break
    if "title" not in found and not title_known and (first := _title_at_company(lines)):
        index, found["title"], company = first
        found.setdefault("company", company)
        used.add(index)
    notes: list[Note] = []
    if "title" in found:
        # Page labels above the title ("Application Guide") are not part of the ad.
        for index in range(min(used)):
            label = lines[index].strip()
            if label and len(label) <= _LABEL_MAX and not label.endswith((".", "!", "?", ":")):
                notes.append(Note("dropped", f"page label above the title: {label}"))
                used.add(index)
    body = "\n".join(line for i, line in enumerate(lines) if i not in used)
    return Header(
        title=found.get("title"),
        company=found.get("company"),
        title_url=None,
        badges=tuple(badges),
        body=body,
        notes=tuple(notes),
    )


def _title_at_company(lines: list[str]) -> tuple[int, str, str] | None:
    """(line index, title, company) from a first line such as "Data Engineer at Acme"."""
    for index, raw in enumerate(lines[:_PLAIN_HEADER_LINES]):
        line = raw.strip()
        if not line:
            continue
        match = _TITLE_AT_COMPANY.match(line)
        if match:
            return index, _clean(match.group("title")), _clean(match.group("company"))
        dashed = _TITLE_DASH.match(line)
        if dashed:
            left, right = _clean(dashed.group("left")), _clean(dashed.group("right"))
            if _ROLE_WORD.search(left) and _COMPANY_SHAPE.match(right):
                return index, left, right
            if _ROLE_WORD.search(right) and not _ROLE_WORD.search(left):
                return (index, right, left) if _COMPANY_SHAPE.match(left) else None
        return None
    return None


def _location_line(lines: list[str]) -> Location | None:
    """The place an unlabelled line near the top names ("Munich, Germany — hybrid, 3 days
    a week"): a short line without closing punctuation whose country is known."""
    for raw in [line for line in lines if line.strip()][:_PLAIN_HEADER_LINES]:
        line = raw.strip().replace("**", "")
        if len(line) > _LOCATION_LINE_MAX or line.endswith((".", "!", "?", ":")):
            continue
        location = parse_location(line)
        if location and location.country and not is_placeholder(location.country):
            return location
        if (
            location
            and location.arrangement == "remote"
            and not any(is_placeholder(r) for r in location.regions)
        ):
            return location
    return None


def _clean(value: str) -> str:
    return " ".join(value.replace("**", "").split()).strip(" :")


def split_label(badge: str) -> tuple[str | None, str]:
    """("location", "Berlin") for "Location: Berlin"; (None, badge) for an unlabelled badge."""
    label, sep, value = badge.partition(":")
    if sep and label.strip().lower() in {
        "location",
        "salary",
        "compensation",
        "pay",
        "employment type",
        "job type",
        "type",
    }:
        return label.strip().lower(), value.strip()
    return None, badge
