"""Odd files: encodings, line endings, empty and huge files, YAML tricks, dates.

Every case ends in a Posting or in a BuildError whose messages name the file (and the line
where there is one) and say what to do; none raises anything else.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from sitegen.content.limits import MAX_DESCRIPTION_CHARS
from sitegen.content.load import parse_bytes
from sitegen.content.model import Posting
from sitegen.content.parse import parse_posting
from sitegen.errors import BuildError
from tests.conftest import posting_text

PATH = "content/postings/odd.md"
BASE = posting_text("odd")


def parse(data: bytes) -> Posting:
    return parse_bytes(data, PATH, lambda text, path: parse_posting(text, path, ZoneInfo("UTC")))


def problem(data: bytes) -> str:
    with pytest.raises(BuildError) as caught:
        parse(data)
    assert all(e.path == PATH for e in caught.value.errors)
    return str(caught.value)


def test_utf8_with_bom_and_crlf_line_endings_are_read() -> None:
    posting = parse(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode())
    assert posting.title == "Backend Engineer"
    assert posting.body.strip() == "A real description of the role."
    assert parse(BASE.replace("\n", "\r").encode()).title == "Backend Engineer"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            BASE.replace("Engineer", "Ingénieur").encode("latin-1"),
            "odd.md:3: the file is not UTF-8",
        ),
        (BASE.encode("cp1252"), "odd.md:1: the file is not UTF-8"),
        (BASE.encode("utf-16"), "odd.md: the file is UTF-16: save it as UTF-8"),
        (BASE.encode("utf-16-le"), "odd.md: the file is UTF-16: save it as UTF-8"),
        (BASE.encode("utf-16-be"), "odd.md: the file is UTF-16: save it as UTF-8"),
        (BASE.encode("utf-32"), "odd.md: the file is UTF-32: save it as UTF-8"),
        (b"", "odd.md:1: the file is empty"),
        (b" \n\n\t\n", "odd.md:1: the file is empty"),
        (b"\xef\xbb\xbf", "odd.md:1: the file is empty"),
        (b"title: x\n", "odd.md:1: no front matter found: did you forget the opening '---'"),
        (b"---\ntitle: x\n", "odd.md:1: the front matter is not closed"),
        (
            BASE.split("---\n")[0].encode() + b"---\n" + BASE.split("---\n")[1].encode() + b"---\n",
            "odd.md:19: the description is empty",
        ),
        (b"---\n- a\n---\nbody\n", "odd.md:2: the front matter must be a list of 'field: value'"),
        (b"---\nx\x00y: 1\n---\nbody\n", "odd.md:2: the file contains NUL bytes"),
    ],
    ids=[
        "latin-1",
        "cp1252-fine-as-ascii",
        "utf-16-bom",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "empty",
        "blank",
        "bom-only",
        "no-front-matter",
        "unclosed",
        "no-body",
        "list-header",
        "nul",
    ],
)
def test_unreadable_files_are_named_with_what_to_do(data: bytes, expected: str) -> None:
    if expected == "odd.md:1: the file is not UTF-8":  # plain ASCII in cp1252 is valid UTF-8
        assert parse(data).title == "Backend Engineer"
        return
    assert expected in problem(data)


def test_a_body_under_the_limit_is_read_and_a_five_megabyte_one_is_refused() -> None:
    para = "Lorem ipsum *dolor* sit amet, [link](https://example.com/x).\n\n"
    body = para * (MAX_DESCRIPTION_CHARS // len(para))
    assert parse(posting_text("odd", body=body).encode()).body.startswith("Lorem")
    huge = para * 84_000
    assert "odd.md:19: the description is 5,208,001 characters long: keep it under 100,000" in (
        problem(posting_text("odd", body=huge).encode())
    )


def test_ten_thousand_tags_are_refused_with_the_limit() -> None:
    tags = "tags: [" + ", ".join(f"t{i}" for i in range(10_000)) + "]"
    text = BASE.replace("tags: [python, backend]", tags)
    assert "odd.md:17: tags: has 10000 tags: keep it to at most 30" in problem(text.encode())


def test_very_long_titles_are_refused_with_the_limit() -> None:
    text = posting_text("odd", title="A" * 200_000)
    assert "odd.md:3: title: is 200000 characters long: keep it under 150" in problem(text.encode())


def test_yaml_alias_bomb_is_refused_before_it_is_expanded() -> None:
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):  # 10**30 items if anything expanded it
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    text = "\n".join([*lines, "---", "body", ""])
    started = time.process_time()
    message = problem(text.encode())
    assert time.process_time() - started < 5  # generous: the refusal happens before expansion
    assert "odd.md:2: YAML anchors and aliases (&name, *name) are not allowed" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Backend Engineer",
            "title: A\ntitle: B",
            "odd.md:4: title: duplicate field (first given on line 3): keep only one",
        ),
        (
            "  name: Example Co",
            "  name: A\n  name: B",
            "odd.md:6: name: duplicate field (first given on line 5)",
        ),
        (
            "tags: [python, backend]",
            "tags: " + "[" * 500 + "]" * 500,
            "odd.md:17: values are nested more than 20 levels deep",
        ),
        (
            "tags: [python, backend]",
            "tags: " + "{a: " * 500 + "1" + "}" * 500,
            "odd.md:17: values are nested more than 20 levels deep",
        ),
        ("title: Backend Engineer", "title: A\n<<: {x: 1}", "odd.md:4: YAML merge keys (<<)"),
        ("title: Backend Engineer", "title: A\n? [a]\n: 1", "odd.md:4: a field name must be"),
        (
            "title: Backend Engineer",
            'title: A\n"\\e[2J\\u202e": 1',
            "odd.md:4: \\x1b[2J\\u202e: unknown field",
        ),
        ("title: Backend Engineer", "\ttitle: A", "odd.md:3: YAML syntax error"),
        ("tags: [python, backend]", "tags: [{a: 1}]", "odd.md:17: tags: {'a': 1} is not a tag"),
        ("title: Backend Engineer", "title: !!binary aGVsbG8=", "odd.md:3: title: must be text"),
        ("title: Backend Engineer", 'title: "\\ud800"', "odd.md:3: YAML syntax error"),
    ],
    ids=[
        "duplicate",
        "duplicate-nested",
        "deep-list",
        "deep-map",
        "merge",
        "complex-key",
        "control-key",
        "tab",
        "map-tag",
        "binary",
        "surrogate",
    ],
)
def test_yaml_tricks_are_located_errors(old: str, new: str, expected: str) -> None:
    assert old in BASE
    assert expected in problem(BASE.replace(old, new).encode())


UTC = dt.UTC


@pytest.mark.parametrize(
    ("date", "posted"),
    [
        ("2024-02-29", dt.datetime(2024, 2, 29, tzinfo=ZoneInfo("UTC"))),
        ("2026-11-16T09:30:00", dt.datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("UTC"))),
        ("2026-11-16T09:30:00+02:00", dt.datetime(2026, 11, 16, 7, 30, tzinfo=UTC)),
        ("2026-11-16 09:30:00Z", dt.datetime(2026, 11, 16, 9, 30, tzinfo=UTC)),
        ("'2026-11-16T09:30:00-05:00'", dt.datetime(2026, 11, 16, 14, 30, tzinfo=UTC)),
    ],
)
def test_dates_with_and_without_zones(date: str, posted: dt.datetime) -> None:
    assert parse(posting_text("odd", date=date).encode()).posted == posted


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2025-02-29", "odd.md:6: date: cannot read the date '2025-02-29' (day is out of range"),
        ("'2025-02-29'", "odd.md:6: date: cannot read the date '2025-02-29' (day is out of range"),
        ("2026-13-01", "odd.md:6: date: cannot read the date '2026-13-01' (month must be in"),
        ("next week", "odd.md:6: date: cannot read the date 'next week': write a real date"),
        ("0001-01-01T00:00:00+05:00", "odd.md:6: date: the year 1 cannot be right"),
        ("9999-12-31", "odd.md:6: date: the year 9999 cannot be right"),
        ("1.5", "odd.md:6: date: must be a date written as YYYY-MM-DD"),
        ("[2026-11-16]", "odd.md:6: date: must be a date written as YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_clear_errors(date: str, expected: str) -> None:
    assert expected in problem(posting_text("odd", date=date).encode())


def test_closing_dates_near_the_end_of_time_do_not_overflow() -> None:
    text = posting_text("odd", extra="closes: 9999-12-31T23:00:00-05:00\n")
    assert "odd.md:18: closes: the year 9999 cannot be right" in problem(text.encode())


def test_a_posting_may_close_and_be_updated_on_the_day_it_is_posted() -> None:
    extra = "closes: 2026-11-16\nupdated: 2026-11-16\n"
    posting = parse(posting_text("odd", date="2026-11-16T09:30:00+02:00", extra=extra).encode())
    assert posting.closes == dt.date(2026, 11, 16)
    text = posting_text("odd", date="2026-11-16T09:30:00", extra="closes: 2026-11-15\n")
    assert "odd.md:18: closes: the closing date 2026-11-15 is before the posting date" in problem(
        text.encode()
    )
