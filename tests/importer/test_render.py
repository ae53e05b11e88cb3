"""Rendering: the schema's keys in order, values that re-parse to themselves."""

from __future__ import annotations

import datetime
import uuid

import yaml

from sitegen.importer.model import TODO_APPLY, Draft, Location, Salary
from sitegen.importer.render import file_stem, front_matter, render

ID = uuid.UUID("3f1c9a52-7d4e-4b8a-9a61-0c2e5d7b8f10")


def make(**changes: object) -> Draft:
    base: dict[str, object] = {
        "title": "Senior Engineer: Platform & Data",
        "company": "Zürich Café AG",
        "apply": "https://example.com/apply?x=1&y=2",
        "location": Location("remote", ("US", "EU")),
        "employment_type": "full-time",
        "body": "Line with # and --- inside.\n\n---\n\nMore: yes.",
        "date": datetime.date(2026, 11, 22),
        "salary": Salary(137000.0, 199000.0, "USD", "year"),
        "tags": ("python", "rust"),
        "closes": datetime.date(2026, 12, 31),
    }
    base.update(changes)
    return Draft(**base)  # type: ignore[arg-type]


def test_keys_follow_the_documented_order_and_drafts_are_drafts() -> None:
    data = front_matter(make(), ID)
    assert list(data) == [
        "id",
        "title",
        "company",
        "date",
        "apply",
        "location",
        "employment_type",
        "salary",
        "tags",
        "closes",
        "draft",
    ]
    assert data["draft"] is True
    assert data["salary"] == {"min": 137000, "max": 199000, "currency": "USD", "period": "year"}
    assert isinstance(data["salary"]["min"], int)


def test_rendered_front_matter_reparses_to_the_same_values() -> None:
    for draft in (make(), make(salary=None, tags=(), closes=None, apply=TODO_APPLY)):
        text = render(draft, ID)
        header, _, body = text[4:].partition("\n---\n")
        assert yaml.safe_load(header) == front_matter(draft, ID)
        assert body == draft.body + "\n"


def test_file_stem_is_a_lowercase_ascii_slug_of_company_and_title() -> None:
    assert file_stem(make()) == "zurich-cafe-ag-senior-engineer-platform-data"
    assert file_stem(make(company="TODO: company name")) == "senior-engineer-platform-data"
    assert file_stem(make(company="TODO: company name", title="TODO: job title")) == (
        "imported-posting"
    )
    assert file_stem(make(company="東京", title="エンジニア")) == "imported-posting"
