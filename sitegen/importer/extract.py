"""Turn a pasted job ad (Markdown or plain text, possibly mis-decoded) into a `Draft`."""

from __future__ import annotations

import ast
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import boilerplate, fields
from .dates import closing_date
from .draft import build_draft
from .header import parse_header, split_label
from .location import parse_location, refine_with_body
from .model import Draft, Facts, Location, Note, Salary
from .page import read_page
from .repair import repair
from .salary import best_salary, parse_salary

_MD_LINK = re.compile(r"\[[^\]]*\]\((?P<url>[^)\s]+)\)")
_APPLY_WORD = re.compile(r"\bappl(?:y|ication)\b|\bsend (?:us )?your (?:cv|resume|résumé)", re.I)
_NOT_APPLY = re.compile(r"accommodation|disabilit", re.I)
_APPLY_BLOCK_MAX = 160
_BULLET = re.compile(r"^\s*[•●▪◦‣∙·]\s*")
_SALARY_LINE_MAX = 80
_DANGLING_EMPHASIS = re.compile(r"\s*\n(\*\*|__)$")  # "**bold text\n**" from a scraper
_STEP_NUMBER = re.compile(r"\d{1,2}")
_NUMBERED_LINE = re.compile(r"^(\d{1,2})\s+(?=\S)")
_NOTHING_KNOWN = Facts()


def extract_page(html: str, *, today: datetime.date, keep_boilerplate: bool) -> Draft:
    """A draft posting from a job ad's web page."""
    page = read_page(repair(html))
    notes = [Note("mapped", "HTML page -> Markdown text (navigation, scripts, forms dropped)")]
    return extract(
        page.body, today=today, keep_boilerplate=keep_boilerplate, known=page.facts, notes=notes
    )


def extract(
    raw: str,
    *,
    today: datetime.date,
    keep_boilerplate: bool,
    known: Facts = _NOTHING_KNOWN,
    notes: Iterable[Note] = (),
) -> Draft:
    """A draft posting from the text of a job ad; what is missing becomes a TODO placeholder.
    `known` holds what a page's markup stated, used where the text does not say."""
    text = repair(raw)
    notes = list(notes)
    if text != raw:
        notes.append(Note("found", "repaired mis-decoded characters"))
    header = parse_header(text, title_known=known.title is not None)
    notes.extend(header.notes)
    body = clean_body(header.body, keep_boilerplate=keep_boilerplate)
    notes.extend(body.notes)
    location = _badge_location(header.badges) or header.location or known.location
    location, statement = refine_with_body(location, body.text)
    if statement:
        notes.append(Note("warning", f"location: read as remote from the text {statement!r}"))
    return build_draft(
        title=known.title or header.title,
        company=header.company or known.company,
        company_website=known.company_website,
        apply=known.apply or body.apply or header.title_url,
        location=location,
        employment_type=_employment(header.badges, body.text) or known.employment_type,
        salary=_salary(header.badges, body.blocks) or known.salary,
        body=body.text,
        date=today,
        closes=closing_date(body.blocks) or known.closes,
        notes=notes,
    )


@dataclass(frozen=True)
class CleanBody:
    text: str
    apply: str | None
    blocks: tuple[str, ...]  # before boilerplate was dropped, for finding the salary
    notes: tuple[Note, ...]


def clean_body(body: str, *, keep_boilerplate: bool, find_apply: bool = True) -> CleanBody:
    """The description in Markdown, with its apply link taken out (when `find_apply`; a
    migrated posting names its own) and boilerplate dropped."""
    blocks = _merge_numbers([_plain_block(b) for b in boilerplate.split_blocks(body)])
    apply, blocks = _apply(blocks) if find_apply else (None, blocks)
    cleaned = boilerplate.strip_boilerplate(blocks, keep=keep_boilerplate)
    return CleanBody(cleaned.body, apply, tuple(blocks), cleaned.notes)


def _plain_block(block: str) -> str:
    """Markdown for a plain-text block: bullets become list items, a pasted Python list too."""
    block = _DANGLING_EMPHASIS.sub(r"\1", block)
    stripped = block.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        try:
            items = ast.literal_eval(stripped)
        except (ValueError, SyntaxError):
            items = None
        if isinstance(items, list) and items and all(isinstance(i, str) for i in items):
            return "\n".join(f"- {' '.join(i.split())}" for i in items)
    lines = block.splitlines()
    if len(lines) > 1 and all(_NUMBERED_LINE.match(line) for line in lines):
        return "\n".join(_NUMBERED_LINE.sub(r"\1. ", line) for line in lines)
    if any(_BULLET.match(line) for line in lines):
        return "\n".join(
            _BULLET.sub("- ", line) if _BULLET.match(line) else line.strip() for line in lines
        )
    return block


def _merge_numbers(blocks: list[str]) -> list[str]:
    """Join a lone step number ("1") with the block after it ("1. Highlight ...")."""
    out: list[str] = []
    for block in blocks:
        if out and _STEP_NUMBER.fullmatch(out[-1]) and not block.startswith(("-", "*")):
            out[-1] = f"{out[-1]}. {block}"
        else:
            out.append(block)
    return out


def _apply(blocks: list[str]) -> tuple[str | None, list[str]]:
    """The link of a short "apply" block, and the blocks without that one."""
    for index, block in enumerate(blocks):
        if len(block) > _APPLY_BLOCK_MAX or not _APPLY_WORD.search(block):
            continue
        if _NOT_APPLY.search(block):
            continue
        link = _MD_LINK.search(block)
        target = link.group("url") if link else fields.first_url(block) or fields.first_email(block)
        if target:
            return target, blocks[:index] + blocks[index + 1 :]
    return None, blocks


def _salary(badges: Iterable[str], blocks: Iterable[str]) -> Salary | None:
    candidates = [s for b in badges if (s := _badge_salary(b))]
    for block in blocks:
        for line in block.splitlines():
            if len(line) <= _SALARY_LINE_MAX and (salary := parse_salary(line)):
                candidates.append(salary)
    return best_salary(candidates)


def _badge_salary(badge: str) -> Salary | None:
    label, value = split_label(badge)
    if label not in (None, "salary", "compensation", "pay"):
        return None
    return parse_salary(value, bare_ok=True)


def _badge_employment(badge: str) -> str | None:
    label, value = split_label(badge)
    if label not in (None, "employment type", "job type", "type"):
        return None
    return fields.employment_type(value) or fields.employment_in_text(value)


def _badge_location(badges: Iterable[str]) -> Location | None:
    for badge in badges:
        label, value = split_label(badge)
        if label not in (None, "location") or _badge_salary(badge) or _badge_employment(badge):
            continue
        if location := parse_location(value):
            return location
    return None


def _employment(badges: Iterable[str], body: str) -> str | None:
    for badge in badges:
        if kind := _badge_employment(badge):
            return kind
    return fields.employment_in_text(body)
