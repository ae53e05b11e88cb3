"""The content model on strings and fixture files: each invalid fixture beside its exact errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.content.load import parse_bytes
from sitegen.content.names import slugify
from sitegen.content.parse import parse_note, parse_page, parse_posting
from sitegen.errors import BuildError
from tests.conftest import posting_text

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.md"))


def errors_of(data: bytes, path: str) -> list[str]:
    with pytest.raises(BuildError) as caught:
        parse_bytes(data, path, parse_posting)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_exact_errors(fixture: Path) -> None:
    shown = f"invalid/{fixture.name}"
    expected = fixture.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    assert errors_of(fixture.read_bytes(), shown) == expected


def test_every_invalid_fixture_has_expected_errors() -> None:
    assert len(INVALID) >= 15
    for fixture in INVALID:
        assert fixture.with_suffix(".errors").read_text(encoding="utf-8").strip(), fixture


def test_full_posting_parses_every_field() -> None:
    text = (FIXTURES / "valid" / "full.md").read_text(encoding="utf-8")
    p = parse_posting(text, "valid/full.md", ZoneInfo("UTC"))
    assert p.id == "0b7c4a52-9d1e-4f3a-8b6c-2e5d7f9a1c30"
    assert p.title == "Staff Engineer, Payments"
    assert (p.company.name, p.company.website) == ("Example Co", "https://example.com/")
    assert p.posted == dt.datetime(2026, 11, 16, 7, 30, tzinfo=dt.UTC)
    assert p.updated == dt.datetime(2026, 11, 18, tzinfo=ZoneInfo("UTC"))
    assert p.apply == "mailto:jobs@example.com"
    assert (p.location.arrangement, p.location.city, p.location.country) == (
        "hybrid",
        "Zürich",
        "CH",
    )
    assert p.employment_type == "full-time"
    assert p.salary is not None
    assert (p.salary.min, p.salary.max, p.salary.currency, p.salary.period) == (
        120000,
        150000.5,
        "CHF",
        "year",
    )
    assert p.tags == ("python", "c++", "distributed systems")
    assert p.closes == dt.date(2026, 12, 31)
    assert p.draft is True
    assert p.body.startswith("# Role")
    assert p.body_line == 24


def test_plain_date_is_midnight_in_site_zone() -> None:
    p = parse_posting(posting_text(), "x.md", ZoneInfo("America/New_York"))
    assert p.posted.isoformat() == "2026-11-16T00:00:00-05:00"


def test_bom_and_crlf_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + posting_text().replace("\n", "\r\n").encode()
    p = parse_bytes(data, "x.md", parse_posting)
    assert p.title == "Backend Engineer"
    assert "\r" not in p.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "café".encode("latin-1"),
            "x.md:1: the file is not UTF-8 (byte 0xE9 looks like "
            "Windows-1252 or Latin-1): save it as UTF-8",
        ),
        ("---\n".encode("utf-16"), "x.md: the file is UTF-16: save it as UTF-8"),
        (
            b"",
            "x.md:1: the file is empty: start it with a line '---', the fields, and another '---'",
        ),
    ],
)
def test_undecodable_files_are_named(data: bytes, message: str) -> None:
    assert errors_of(data, "x.md") == [message]


def test_invisible_and_bidi_characters_are_removed_from_titles() -> None:
    text = posting_text(title='"Engineer\u202e\u200b evil\u2066"')
    assert parse_posting(text, "x.md").title == "Engineer evil"


def test_title_length_is_limited() -> None:
    assert errors_of(posting_text(title="x" * 151).encode(), "x.md") == [
        "x.md:3: title: is 151 characters long: keep it under 150"
    ]


def test_page_and_note() -> None:
    page = parse_page("---\ntitle: About\n---\nHello.\n", "content/pages/about.md")
    assert (page.slug, page.title, page.body) == ("about", "About", "Hello.\n")
    note = parse_note("---\ntitle: First\n---\nNote.\n", "content/editions/2026-W47.md")
    assert (note.week, note.title) == ("2026-W47", "First")
    with pytest.raises(BuildError) as caught:
        parse_note("---\n---\nNote.\n", "content/editions/2026-W54.md")
    assert [str(e) for e in caught.value.errors] == [
        "content/editions/2026-W54.md: an editor's note is named after its ISO week, "
        "e.g. '2026-W47.md'"
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("North America", "north-america"),
        ("Zürich Café", "zurich-cafe"),
        ("Ｆｕｌｌ－ｗｉｄｔｈ", "full-width"),
        ("  --Senior / Staff--  ", "senior-staff"),
        ("日本", ""),
    ],
)
def test_slugs_are_lowercase_ascii_words_joined_by_hyphens(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.text())
def test_slugify_is_the_same_with_or_without_its_ascii_shortcut(name: str) -> None:
    import re
    import unicodedata

    folded = name.lower().replace("+", " plus ").replace("#", " sharp ")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    assert slugify(name) == re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
