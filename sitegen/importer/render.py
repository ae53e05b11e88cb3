"""Write a `Draft` as a posting file: YAML front matter in the schema of
docs/posting-format.md, then the description in Markdown."""

from __future__ import annotations

import uuid
from typing import Any

import yaml

from sitegen.content.schema import comment

from .fields import slugify
from .model import TODO_DESCRIPTION, Draft, Location, Salary, is_placeholder

_FALLBACK_SLUG = "imported-posting"


def front_matter(draft: Draft, posting_id: uuid.UUID) -> dict[str, Any]:
    """The front matter mapping, keys in the documented order, absent optionals left out."""
    company: dict[str, Any] = {"name": draft.company}
    if draft.company_website:
        company["website"] = draft.company_website
    data: dict[str, Any] = {
        "id": str(posting_id),
        "title": draft.title,
        "company": company,
        "date": draft.date,
        "updated": draft.updated,
        "apply": draft.apply,
        "location": _location(draft.location),
        "employment_type": draft.employment_type,
        "salary": _salary(draft.salary) if draft.salary else None,
        "tags": list(draft.tags) or None,
        "closes": draft.closes,
        "draft": True,
    }
    return {key: value for key, value in data.items() if value is not None}


def _location(location: Location) -> dict[str, Any]:
    data: dict[str, Any] = {"arrangement": location.arrangement}
    if location.regions:
        data["regions"] = list(location.regions)
    for key in ("city", "region", "country"):
        value = getattr(location, key)
        if value:
            data[key] = value
    return data


def _salary(salary: Salary) -> dict[str, Any]:
    data: dict[str, Any] = {"min": _number(salary.min)}
    if salary.max is not None:
        data["max"] = _number(salary.max)
    data["currency"] = salary.currency
    data["period"] = salary.period
    return data


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def render(draft: Draft, posting_id: uuid.UUID, schema_url: str | None = None) -> str:
    """The whole posting file; with `schema_url`, its first front-matter line names the
    schema that editors check it with (a YAML comment: the front matter reads the same)."""
    header = yaml.safe_dump(
        front_matter(draft, posting_id),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    body = draft.body.strip() or TODO_DESCRIPTION
    named = comment(schema_url) if schema_url else ""
    return f"---\n{named}{header}---\n{body}\n"


def file_stem(draft: Draft) -> str:
    """`<company>-<title>` as a slug, leaving out placeholders."""
    words = [v for v in (draft.company, draft.title) if not is_placeholder(v)]
    return slugify(" ".join(words)) or _FALLBACK_SLUG
