"""Postings in the shape of pythonjobs/jobs (fixtures/pythonjobs/, written for these tests):
Markdown bodies in `jobs/*.html` files, `url` beside `contact.email`, free-text `location`
and `contract`, `created: !!timestamp`, and a front matter indented with tabs."""

from __future__ import annotations

import datetime
from pathlib import Path

from sitegen.importer.model import TODO_ARRANGEMENT, TODO_COUNTRY, TODO_EMPLOYMENT, TODO_REGIONS
from sitegen.render.markdown import parse

from .helpers import FIXTURES, run

PYTHONJOBS = FIXTURES / "pythonjobs"


def structure(markdown: str) -> dict[str, int]:
    """How many paragraphs, list items and headings the Markdown renders to."""
    kinds = ("paragraph_open", "list_item_open", "heading_open")
    tokens = [t.type for t in parse(markdown)]
    return {kind: tokens.count(kind) for kind in kinds}


def source_body(name: str) -> str:
    return (PYTHONJOBS / name).read_text("utf-8").split("\n---\n", 1)[1]


def migrated(name: str, tmp_path: Path, *, keep_boilerplate: bool = True) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    result = run([str(PYTHONJOBS / name)], tmp_path, keep_boilerplate=keep_boilerplate)
    posting = result.only()
    return posting.front_matter, posting.body, result.report


def test_markdown_in_an_html_file_keeps_its_paragraphs_lists_and_headings(tmp_path: Path) -> None:
    name = "harbourlabs-data-engineer.html"
    _, body, report = migrated(name, tmp_path)
    assert structure(body) == structure(source_body(name))
    assert structure(body) == {"paragraph_open": 6, "list_item_open": 3, "heading_open": 3}
    assert "* Keep the ingestion jobs for four hundred sensors running\n* Turn raw" in body
    assert "HTML body" not in report


def test_pythonjobs_facts_come_through(tmp_path: Path) -> None:
    front_matter, _, report = migrated("harbourlabs-data-engineer.html", tmp_path)
    assert front_matter["title"] == "Data Engineer (Python)"
    assert front_matter["company"] == {
        "name": "Harbour Labs",
        "website": "https://harbourlabs.example/careers/data-engineer",
    }
    # contact.email is where applications go; url is the company's page or job spec
    assert front_matter["apply"] == "hiring@harbourlabs.example"
    assert front_matter["location"] == {
        "arrangement": TODO_ARRANGEMENT,
        "city": "Bristol",
        "country": "GB",
    }
    assert front_matter["employment_type"] == "full-time"
    assert front_matter["date"] == datetime.date(2019, 3, 4)
    assert front_matter["tags"] == ["python", "airflow"]
    assert "dropped: contact" not in report


def test_the_apply_paragraph_stays_when_the_front_matter_names_the_target(tmp_path: Path) -> None:
    _, body, _ = migrated("harbourlabs-data-engineer.html", tmp_path, keep_boilerplate=False)
    assert "Send a short note and your CV to the address above." in body


def test_tabs_in_front_matter_remote_and_a_contract_with_a_note(tmp_path: Path) -> None:
    name = "kettle-backend-tabs.html"
    front_matter, body, report = migrated(name, tmp_path)
    assert front_matter["title"] == "Backend Developer"
    assert front_matter["apply"] == "sam@kettle.example"
    assert front_matter["company"]["website"] == "https://kettle.example/"
    assert front_matter["location"] == {"arrangement": "remote", "regions": [TODO_REGIONS]}
    assert front_matter["employment_type"] == "contract"
    assert front_matter["date"] == datetime.date(2021, 6, 15)
    assert "warning: front matter indented with tabs; read them as spaces" in report
    assert structure(body) == structure(source_body(name))
    assert "1. Move the site to Django 3\n2. Add online payments" in body


def test_an_unknown_city_is_kept_with_a_country_to_fill_in(tmp_path: Path) -> None:
    front_matter, body, _ = migrated("oxford-research-software.md", tmp_path)
    assert front_matter["location"] == {
        "arrangement": TODO_ARRANGEMENT,
        "city": "Oxford",
        "country": TODO_COUNTRY,
    }
    # "contract/perm" names two kinds: left for the maintainer
    assert front_matter["employment_type"] == TODO_EMPLOYMENT
    assert front_matter["apply"] == "jobs@meadow.example"
    assert structure(body) == structure(source_body("oxford-research-software.md"))
