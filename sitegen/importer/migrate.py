"""Migrate another board's front-matter Markdown (or HTML) posting to a `Draft`.

Each known source field has a small mapping function in `_FIELDS`; the report says
for every source field where it went (``created -> date``) or why it was dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from . import fields
from .draft import build_draft
from .extract import clean_body
from .html import html_to_markdown, looks_like_html
from .location import parse_location
from .model import Draft, Location, Note, Salary, SourceProblem
from .repair import repair
from .salary import parse_salary
from .timestamps import load_yaml, to_date

Found = dict[str, Any]
Mapper = Callable[[Any], Found]


def has_front_matter(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, bool]:
    """The YAML mapping and the body of a file that starts with a `---` line, and whether
    tabs in the YAML (which YAML forbids as indentation) had to be read as spaces."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if not lines or lines[0].rstrip() != "---" or end is None:
        raise SourceProblem(
            "front matter starts with '---' but has no closing '---' line; add one after the "
            "last field"
        )
    header = "".join(lines[1:end])
    tabs = False
    try:
        try:
            data = load_yaml(header)
        except yaml.YAMLError:
            if "\t" not in header:
                raise
            data, tabs = load_yaml(header.expandtabs(4)), True
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SourceProblem(
            f"front matter is not valid YAML{line}: {problem}; fix the YAML and import again"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceProblem(
            "front matter is not a mapping of field: value pairs; fix the YAML and import again"
        )
    return {str(k): v for k, v in data.items()}, "".join(lines[end + 1 :]), tabs


def migrate(text: str, *, name: str, today: datetime.date, keep_boilerplate: bool) -> Draft:
    """A draft posting from a front-matter file; raises SourceProblem when it cannot be read."""
    data, body, tabs = split_front_matter(text)
    found: Found = {}
    source_of: dict[str, str] = {}
    notes: list[Note] = []
    if tabs:
        notes.append(Note("warning", "front matter indented with tabs; read them as spaces"))
    for key, value in _merged_salary_fields(data).items():
        mapper = _FIELDS.get(key.lower())
        result = mapper(_repaired(value)) if mapper else {}
        taken = [source_of[k] for k in result if k in source_of]
        if mapper is None:
            notes.append(Note("dropped", f"{key}: {_drop_reason(key)}"))
        elif not result:
            notes.append(Note("dropped", f"{key}: value {_short(value)} could not be read"))
        elif taken:
            notes.append(Note("dropped", f"{key}: already taken from '{taken[0]}'"))
        else:
            found.update(result)
            source_of.update(dict.fromkeys(result, key))
            targets = ", ".join(_TARGET_NAMES.get(k, k) for k in result)
            repaired = " (mis-decoded characters repaired)" if _was_damaged(value) else ""
            notes.append(Note("mapped", f"{key} -> {targets}{repaired}"))
    return _draft(found, source_of, body, today, keep_boilerplate, notes)


def _was_damaged(value: Any) -> bool:
    if isinstance(value, str):
        return repair(value) != value
    if isinstance(value, list):
        return any(_was_damaged(v) for v in value)
    if isinstance(value, dict):
        return any(_was_damaged(v) for v in value.values())
    return False


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _url_or_email(found: Found, source_of: Mapping[str, str]) -> tuple[Found, list[Note]]:
    """A board whose posting has both a `url` and a contact email (pythonjobs: the `url` is
    the company's site or the job spec, the email the address applications go to): the
    email is the apply target, the url the company's website."""
    if source_of.get("apply") != "url" or "contact_email" not in found:
        return found, []
    found = dict(found)
    url = found.pop("apply")
    notes = [Note("mapped", f"contact email -> apply; url -> company.website ({url})")]
    if url.startswith(("http://", "https://")):
        found.setdefault("company_website", url)
    return found, notes


def _draft(
    found: Found,
    source_of: Mapping[str, str],
    body: str,
    today: datetime.date,
    keep_boilerplate: bool,
    notes: list[Note],
) -> Draft:
    raw_body = body.strip() or found.get("body_fallback", "")
    source_body = repair(raw_body)
    if source_body != raw_body:
        notes = [*notes, Note("found", "repaired mis-decoded characters in the body")]
    # By its content, not its name: pythonjobs keeps Markdown in `jobs/*.html` files.
    if looks_like_html(source_body):
        source_body = html_to_markdown(source_body)
        notes = [*notes, Note("mapped", "HTML body -> Markdown text")]
    found, url_notes = _url_or_email(found, source_of)
    notes = [*notes, *url_notes]
    stated_apply = found.get("apply") or found.get("contact_email")
    cleaned = clean_body(
        source_body, keep_boilerplate=keep_boilerplate, find_apply=not stated_apply
    )
    apply = stated_apply or cleaned.apply
    location = found.get("location")
    if found.get("remote") and (location is None or location.arrangement != "remote"):
        regions = (location.country,) if location and location.country else ()
        location = Location(arrangement="remote", regions=regions)
    return build_draft(
        title=found.get("title"),
        company=found.get("company"),
        company_website=found.get("company_website"),
        apply=apply,
        location=location,
        employment_type=found.get("employment_type"),
        salary=found.get("salary"),
        tags=found.get("tags", ()),
        date=found.get("date") or today,
        updated=found.get("updated"),
        closes=found.get("closes"),
        body=cleaned.text,
        notes=[*notes, *cleaned.notes],
    )


def _repaired(value: Any) -> Any:
    if isinstance(value, str):
        return repair(value).strip()
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _repaired(v) for k, v in value.items()}
    return value


_TARGET_NAMES = {
    "company": "company.name",
    "company_website": "company.website",
    "contact_email": "apply (the email, when no apply URL is given)",
    "remote": "location.arrangement remote",
    "body_fallback": "description (when the body is empty)",
}
_DROP_REASONS = {
    "id": "a fresh id is given to every import",
    "uuid": "a fresh id is given to every import",
    "draft": "imports are always drafts",
    "published": "imports are always drafts",
}


def _drop_reason(key: str) -> str:
    return _DROP_REASONS.get(key.lower(), "not a field of the posting format")


_SALARY_PARTS = ("salary_min", "salary_max", "salary_currency", "salary_period", "currency")


def _merged_salary_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Fold `salary_min`, `salary_max`, ... into one `salary` mapping."""
    parts = {k: data[k] for k in _SALARY_PARTS if k in data}
    if not parts or "salary" in data:
        return dict(data)
    merged = {k: v for k, v in data.items() if k not in parts}
    merged["salary"] = {k.removeprefix("salary_"): v for k, v in parts.items()}
    return merged


# --- field mappers: each returns the Draft values it found, or {} when it found none ---


def _text(target: str) -> Mapper:
    def mapper(value: Any) -> Found:
        return {target: " ".join(str(value).split())} if isinstance(value, str | int) else {}

    return mapper


def _date(target: str) -> Mapper:
    def mapper(value: Any) -> Found:
        date = to_date(value)
        return {target: date} if date else {}

    return mapper


def _company(value: Any) -> Found:
    if isinstance(value, dict):
        found = _text("company")(value.get("name"))
        website = value.get("website") or value.get("url")
        found.update(_website(website) if website else {})
        return found
    return _text("company")(value)


def _website(value: Any) -> Found:
    return {"company_website": value} if isinstance(value, str) and fields.is_url(value) else {}


def _apply(value: Any) -> Found:
    if isinstance(value, str) and (fields.is_url(value) or fields.is_email(value)):
        return {"apply": value.removeprefix("mailto:")}
    return {}


def _contact(value: Any) -> Found:
    email = value.get("email") if isinstance(value, dict) else value
    if isinstance(email, str) and fields.is_email(email.removeprefix("mailto:")):
        return {"contact_email": email.removeprefix("mailto:")}
    return {}


def _employment(value: Any) -> Found:
    kind = fields.employment_type(value) if isinstance(value, str) else None
    return {"employment_type": kind} if kind else {}


def _location(value: Any) -> Found:
    if isinstance(value, dict):
        value = ", ".join(
            str(value[k]) for k in ("arrangement", "city", "region", "country") if value.get(k)
        )
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    location = parse_location(value, trusted=True) if isinstance(value, str) else None
    return {"location": location} if location else {}


def _remote(value: Any) -> Found:
    return {"remote": True} if value is True or str(value).lower() in ("yes", "true") else {}


def _tags(value: Any) -> Found:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        return {}
    tags = tuple(dict.fromkeys(t for item in items if (t := fields.tag(str(item)))))
    return {"tags": tags} if tags else {}


def _salary(value: Any) -> Found:
    salary: Salary | None
    if isinstance(value, dict):
        salary = _salary_mapping(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        salary = parse_salary(str(value), bare_ok=True)
    else:
        salary = parse_salary(str(value), bare_ok=True)
    return {"salary": salary} if salary else {}


def _salary_mapping(value: Mapping[str, Any]) -> Salary | None:
    def pick(*keys: str) -> Any:
        return next((value[k] for k in keys if value.get(k) is not None), None)

    low, high = pick("min", "from", "minimum", "low"), pick("max", "to", "maximum", "high")
    currency = pick("currency", "currency_code")
    period = pick("period", "unit", "per", "interval")
    text = " ".join(str(p) for p in (currency, low, "-" if high else None, high, period) if p)
    return parse_salary(re.sub(r"\s+", " ", text), bare_ok=True)


def _body(value: Any) -> Found:
    return {"body_fallback": value} if isinstance(value, str) and value else {}


_FIELDS: dict[str, Mapper] = {
    **dict.fromkeys(("title", "position", "job_title", "role"), _text("title")),
    **dict.fromkeys(
        ("company", "company_name", "organization", "organisation", "employer"), _company
    ),
    **dict.fromkeys(("company_url", "company_website", "website"), _website),
    **dict.fromkeys(("created", "date", "posted", "date_posted", "pubdate"), _date("date")),
    **dict.fromkeys(("updated", "modified", "last_modified"), _date("updated")),
    **dict.fromkeys(("closes", "expires", "valid_through", "deadline"), _date("closes")),
    **dict.fromkeys(("contract", "type", "employment_type", "job_type"), _employment),
    **dict.fromkeys(("url", "apply_url", "link", "apply", "application_url"), _apply),
    **dict.fromkeys(("contact", "email", "apply_email"), _contact),
    "location": _location,
    "remote": _remote,
    **dict.fromkeys(("tags", "keywords", "skills", "categories"), _tags),
    "salary": _salary,
    **dict.fromkeys(("description", "summary"), _body),
}
