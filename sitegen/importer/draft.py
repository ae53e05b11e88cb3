"""Assemble a `Draft` from what a source yielded, with placeholders for what it did not,
and the per-field lines of the import report."""

from __future__ import annotations

import datetime
from dataclasses import replace

from .location import complete_location
from .model import (
    TODO_APPLY,
    TODO_COMPANY,
    TODO_EMPLOYMENT,
    TODO_TITLE,
    Draft,
    Location,
    Note,
    Salary,
)


def build_draft(
    *,
    title: str | None,
    company: str | None,
    apply: str | None,
    location: Location | None,
    employment_type: str | None,
    salary: Salary | None,
    body: str,
    date: datetime.date,
    notes: list[Note],
    company_website: str | None = None,
    tags: tuple[str, ...] = (),
    updated: datetime.date | None = None,
    closes: datetime.date | None = None,
) -> Draft:
    """A draft whose missing required fields are TODO placeholders, with its full report."""
    draft = Draft(
        title=title or TODO_TITLE,
        company=company or TODO_COMPANY,
        company_website=company_website,
        apply=apply or TODO_APPLY,
        location=complete_location(location),
        employment_type=employment_type or TODO_EMPLOYMENT,
        salary=salary,
        tags=tags,
        date=date,
        updated=updated,
        closes=closes,
        body=body,
    )
    return replace(draft, notes=(*notes, *describe_fields(draft)))


def describe_fields(draft: Draft) -> list[Note]:
    """A found/missing/warning note for every field of `draft`."""
    notes: list[Note] = []
    for name, value in (
        ("title", draft.title),
        ("company", draft.company),
        ("apply", draft.apply),
        ("employment_type", draft.employment_type),
    ):
        if value.startswith("TODO"):
            notes.append(Note("missing", f"{name}: not found, left as placeholder"))
        else:
            notes.append(Note("found", f"{name}: {value}"))
    location = draft.location
    kind = "found" if location.complete else "missing"
    notes.append(Note(kind, f"location: {location.describe()}"))
    if draft.closes is not None:
        notes.append(Note("found", f"closes: {draft.closes.isoformat()}"))
    if draft.salary is None:
        notes.append(Note("missing", "salary: none stated, salary block omitted"))
    else:
        notes.append(Note("found", f"salary: {draft.salary.describe()}"))
        notes.extend(Note("warning", f"salary: {a}") for a in draft.salary.assumptions)
    return notes
