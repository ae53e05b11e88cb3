"""Field names and shapes from other boards' front matter."""

from __future__ import annotations

import datetime

import pytest

from sitegen.importer.migrate import has_front_matter, migrate
from sitegen.importer.model import (
    TODO_ARRANGEMENT,
    TODO_CURRENCY,
    TODO_REGIONS,
    Draft,
    Location,
    Salary,
)

from .helpers import TODAY


def draft(front_matter: str, body: str = "Body text.\n") -> Draft:
    return migrate(
        f"---\n{front_matter}---\n{body}", name="x.md", today=TODAY, keep_boilerplate=False
    )


def notes(result: Draft) -> list[str]:
    return [f"{n.kind}: {n.text}" for n in result.notes]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Full Time", "full-time"),
        ("full_time", "full-time"),
        ("FULL_TIME", "full-time"),
        ("full-time", "full-time"),
        ("Part time", "part-time"),
        ("Contractor", "contract"),
        ("Freelance", "contract"),
        ("Internship", "internship"),
        ("Per Diem", "per-diem"),
    ],
)
@pytest.mark.parametrize("key", ["contract", "type", "employment_type", "job_type"])
def test_employment_type_names_and_spellings(key: str, value: str, expected: str) -> None:
    assert draft(f"{key}: {value}\n").employment_type == expected


def test_an_unknown_employment_type_is_dropped_with_a_reason() -> None:
    result = draft("type: gig\n")
    assert result.employment_type.startswith("TODO")
    assert "dropped: type: value 'gig' could not be read" in notes(result)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("date: 2026-11-02", datetime.date(2026, 11, 2)),
        ("created: 2026-11-02T23:30:00-05:00", datetime.date(2026, 11, 2)),
        ("posted: !!timestamp 2026-11-02", datetime.date(2026, 11, 2)),
        ("posted: !!timestamp '2026-11-02 08:00:00 +09:00'", datetime.date(2026, 11, 2)),
        ("date_posted: '2026-11-02'", datetime.date(2026, 11, 2)),
        ("date: '2026-11-02T10:00:00Z'", datetime.date(2026, 11, 2)),
    ],
)
def test_dates_in_several_shapes(line: str, expected: datetime.date) -> None:
    assert draft(line + "\n").date == expected


def test_a_missing_date_is_the_import_day() -> None:
    assert draft("title: x\n").date == TODAY


@pytest.mark.parametrize("key", ["url", "apply_url", "link", "apply"])
def test_apply_url_names(key: str) -> None:
    assert draft(f"{key}: https://example.com/a\n").apply == "https://example.com/a"


def test_a_contact_email_is_the_apply_target_and_a_url_beside_it_the_website() -> None:
    contact = "contact: {name: Ada, email: ada@example.com}\n"
    assert draft(contact).apply == "ada@example.com"
    both = draft(contact + "url: https://example.com/a\n")
    assert (both.apply, both.company_website) == ("ada@example.com", "https://example.com/a")
    assert "mapped: contact email -> apply; url -> company.website" in " ".join(notes(both))
    # an explicit apply address wins over the contact email
    assert draft(contact + "apply_url: https://example.com/b\n").apply == "https://example.com/b"


def test_an_apply_link_in_the_body_is_used_when_the_front_matter_has_none() -> None:
    result = draft("title: x\n", "Text.\n\n[Apply here](https://example.com/apply)\n")
    assert result.apply == "https://example.com/apply"
    assert "Apply here" not in result.body


@pytest.mark.parametrize("key", ["company", "company_name", "organization"])
def test_company_names(key: str) -> None:
    assert draft(f"{key}: Acme\n").company == "Acme"


def test_company_mapping_with_website() -> None:
    result = draft("company: {name: Acme, website: 'https://acme.example/'}\n")
    assert (result.company, result.company_website) == ("Acme", "https://acme.example/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Remote", Location("remote", (TODO_REGIONS,))),
        ("Remote (EU)", Location("remote", ("EU",))),
        ("Berlin, Germany", Location(TODO_ARRANGEMENT, city="Berlin", country="DE")),
        ("Hybrid - London, UK", Location("hybrid", city="London", country="GB")),
    ],
)
def test_location_strings(value: str, expected: Location) -> None:
    assert draft(f"location: {value}\n").location == expected


def test_remote_flag_with_a_country() -> None:
    result = draft("location: United States\nremote: true\n")
    assert result.location == Location("remote", ("US",))


@pytest.mark.parametrize(
    "value",
    [
        "[python, Django, REST APIs, C++]",
        "python, Django, REST APIs, C++",
        "'python,Django , REST APIs,C++'",
    ],
)
def test_tags_as_list_or_comma_string(value: str) -> None:
    assert draft(f"tags: {value}\n").tags == ("python", "django", "rest-apis", "c++")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("salary: 120000\n", Salary(120000, None, TODO_CURRENCY, "year")),
        ("salary: '$100k - $120k'\n", Salary(100000, 120000, "USD", "year")),
        (
            "salary: {min: 50, max: 60, currency: EUR, period: hour}\n",
            Salary(50, 60, "EUR", "hour"),
        ),
        (
            "salary: {from: 4000, to: 5000, currency: GBP, unit: month}\n",
            Salary(4000, 5000, "GBP", "month"),
        ),
        (
            "salary_min: 90000\nsalary_max: 100000\nsalary_currency: CHF\n",
            Salary(90000, 100000, "CHF", "year"),
        ),
    ],
)
def test_salary_shapes(lines: str, expected: Salary) -> None:
    salary = draft(lines).salary
    assert salary is not None
    assert (salary.min, salary.max, salary.currency, salary.period) == (
        expected.min,
        expected.max,
        expected.currency,
        expected.period,
    )


def test_description_field_is_the_body_when_the_body_is_empty() -> None:
    assert draft("description: Short text.\n", "").body == "Short text."
    assert draft("description: Short text.\n", "Real body.\n").body == "Real body."


def test_unknown_and_fixed_fields_are_dropped_with_reasons() -> None:
    lines = notes(draft("layout: post\nid: 7\ndraft: false\npermalink: /x/\n"))
    assert "dropped: layout: not a field of the posting format" in lines
    assert "dropped: id: a fresh id is given to every import" in lines
    assert "dropped: draft: imports are always drafts" in lines
    assert "dropped: permalink: not a field of the posting format" in lines


def test_front_matter_detection() -> None:
    assert has_front_matter("---\ntitle: x\n---\n")
    assert has_front_matter("\ufeff---\ntitle: x\n---\n")
    assert not has_front_matter("# Title\n---\n")


def test_the_first_of_two_names_for_one_field_wins() -> None:
    result = draft("date: 2026-11-01\ncreated: 2026-10-01\n")
    assert result.date == datetime.date(2026, 11, 1)
    assert "dropped: created: already taken from 'date'" in notes(result)
