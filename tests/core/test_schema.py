"""The published JSON Schema of a posting's front matter says what `sitegen check` says.

Every posting file among the fixtures (valid and invalid, the example site's and the real
content's) is judged twice: by the checker, and by the schema with the `jsonschema` package,
on the values an editor's YAML language server would see (dates as the text they are written
as). The verdicts must agree, file by file, and so must the fields each finds fault with;
the only rules the schema leaves to `sitegen check` are those JSON Schema cannot state
(listed in sitegen/content/schema.py), and a fixture shows each of them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import build
from sitegen.content import rules as r
from sitegen.content.fields import Checker, unwrapped
from sitegen.content.load import parse_bytes
from sitegen.content.parse import parse_posting
from sitegen.content.schema import posting_schema
from sitegen.content.source import Located, SourceProblem, decode, split
from sitegen.errors import BuildError, SourceError

REPO = Path(__file__).parents[2]
FOLDERS = [
    REPO / "tests/core/fixtures",
    REPO / "tests/ci/fixtures/check/content/postings",
    REPO / "tests/core/site/content/postings",
    REPO / "content/postings",
]
POSTINGS = sorted(p for folder in FOLDERS for p in folder.rglob("*.md"))
URL = "https://example.github.io/digest/schema/posting.json"
SCHEMA = posting_schema(URL)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def beyond_the_schema(error: SourceError) -> bool:
    """The comparisons JSON Schema cannot make (one value against another)."""
    return (
        error.field in ("closes", "updated") and "before the posting date" in error.message
    ) or (error.field == "salary.max" and "is below salary.min" in error.message)


def as_an_editor_reads(value: Any) -> Any:
    if isinstance(value, dt.date):  # YAML 1.2, as the language server reads it, has no dates
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_an_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads(v) for v in value]
    return value


def checker_faults(data: bytes, name: str) -> tuple[set[str], list[SourceError]]:
    """The top-level fields `sitegen check` finds fault with ("" for a file whose front matter
    cannot be read), and its front-matter errors that the schema leaves to it."""
    text = decode(data, name)
    try:
        body_line = split(text, name).body_line
    except SourceProblem:
        return {""}, []
    try:
        parse_bytes(data, name, parse_posting)
    except BuildError as failed:
        # the file's name and its description are not front matter
        errors = [e for e in failed.errors if e.line is not None and e.line < body_line]
        left = [e for e in errors if beyond_the_schema(e)]
        return {(e.field or "").split(".")[0] for e in errors if e not in left}, left
    return set(), []


def schema_faults(data: bytes, name: str) -> set[str]:
    try:
        front_matter = split(decode(data, name), name).front_matter
    except SourceProblem:
        return {""}  # an editor cannot read it either
    instance = as_an_editor_reads(unwrapped(front_matter))
    faults: set[str] = set()
    for error in VALIDATOR.iter_errors(instance):
        if error.path:
            faults.add(str(error.path[0]))
        elif error.validator == "required":
            faults |= {key for key in error.validator_value if key not in instance}
        elif error.validator == "additionalProperties":
            faults |= {key for key in instance if key not in SCHEMA["properties"]}
        else:
            faults.add("?")
    return faults


def test_there_are_fixtures_of_both_kinds() -> None:
    verdicts = [bool(checker_faults(p.read_bytes(), p.name)[0]) for p in POSTINGS]
    assert verdicts.count(True) >= 15 and verdicts.count(False) >= 10


@pytest.mark.parametrize("path", POSTINGS, ids=[str(p.relative_to(REPO)) for p in POSTINGS])
def test_the_schema_finds_fault_where_check_does(path: Path) -> None:
    data = path.read_bytes()
    expected, left = checker_faults(data, path.name)
    assert schema_faults(data, path.name) == expected
    for error in left:  # the schema is silent on these, and check says what to do
        assert "swap them" in error.message or "check both" in error.message


def test_each_rule_left_to_check_is_shown_by_a_fixture() -> None:
    left = [e for p in POSTINGS for e in checker_faults(p.read_bytes(), p.name)[1]]
    assert {e.field for e in left} >= {"closes", "salary.max"}


def test_the_schema_is_valid_draft_2020_12_and_published_by_the_build(tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    root, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(REPO / "tests/core/site", root)
    shutil.copytree(REPO / "themes", root / "themes")
    build(root, out, today=dt.date(2026, 11, 22))
    published = json.loads((out / "schema/posting.json").read_text(encoding="utf-8"))
    assert published["$id"] == "https://example.github.io/digest/schema/posting.json"
    assert published == json.loads(json.dumps(posting_schema(published["$id"])))


# Each rule's values, as people write them and one typing slip away: the check and the
# schema must accept exactly the same ones.
SAMPLES: dict[str, tuple[r.Rule, list[Any], str]] = {
    "date": (
        r.timestamp,
        ["2026-11-16", "2024-02-29", "2100-02-29", "2026-11-16T09:30", "2026-11-16 09:30:00+01:00"],
        "0123456789-:T Z+.W",
    ),
    "website": (
        r.http_url,
        ["https://example.com/jobs?id=1#a", "http://user@a.b:8080/", "https://localhost/"],
        "htps:/.exampl@:8#?-_[]\\ \u200b",
    ),
    "apply": (r.apply_link, ["jobs@x.io", "mailto:jobs@x.io", "https://x.io/apply"], "mailto@.x-/"),
    "tags": (r.tags, [["Go", "c++", " Machine  Learning ", 2026, True, -1, "x" * 41]], ""),
    "aliases": (
        r.aliases,
        ["jobs/old/", "/old.html", "con.html", "a/../b", [], ["a", "b"]],
        "/ac.1~_-?#:",
    ),
    "timezones": (
        r.utc_window,
        ["UTC-3 to UTC+3", "utc+5:30", "UTC-12", "UTC+14:15"],
        "UTC+-\u2212:0145 to\u2013.",
    ),
    "id": (
        r.uuid_value,
        ["0b7c4a52-9d1e-4f3a-8b6c-2e5d7f9a1c30", "0b7c4a529d1e4f3a8b6c2e5d7f9a1c30"],
        "0abcdefABX-{}",
    ),
    "country": (r.country, [" de ", "UK", "Germany", False], "deDEukUK x"),
    "regions": (r.regions, ["eu", ["EU", "us"], "north america", [], "Mars"], "euEUworldwide "),
    "title": (r.text(10), ["", "\u200b", "a" * 10, "a   b      c", 5, True], "ab \u200b\t"),
}


RULE_VALIDATORS = {
    field: jsonschema.Draft202012Validator(dict(rule.schema))
    for field, (rule, _, _) in SAMPLES.items()
}


def slips(alphabet: str) -> st.SearchStrategy[list[tuple[int, str, int]]]:
    edit = st.tuples(st.integers(0, 60), st.sampled_from(alphabet), st.integers(0, 2))
    return st.lists(edit, max_size=3)


def slipped(value: str, edits: list[tuple[int, str, int]]) -> str:
    for at, char, kind in edits:
        at = min(at, len(value))
        value = [value[:at] + char + value[at + 1 :], value[:at] + char + value[at:]][kind % 2]
        value = value if kind < 2 else value[:at] + value[at + 1 :]
    return value


def accepted_by_check(rule: r.Rule, value: Any) -> bool:
    def located(v: Any) -> Located:
        return Located([located(x) for x in v] if isinstance(v, list) else v, 1)

    ck = Checker("x.md", ZoneInfo("UTC"))
    rule(located(value), "field", ck)
    return not [e for e in ck.errors if "western" not in e.message]  # see schema.py


@pytest.mark.parametrize("field", SAMPLES)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_rule_and_its_schema_accept_the_same_values(field: str, data: st.DataObject) -> None:
    rule, seeds, alphabet = SAMPLES[field]
    value = data.draw(st.sampled_from(seeds))
    if isinstance(value, str) and alphabet:
        value = slipped(value, data.draw(slips(alphabet)))
    elif isinstance(value, list) and value:
        value = data.draw(st.lists(st.sampled_from(value), max_size=4))
    schema_says = RULE_VALIDATORS[field].is_valid(value)
    assert accepted_by_check(rule, value) == schema_says, value
