"""Front matter values: located, and each the value PyYAML's safe loader gives."""

from __future__ import annotations

import datetime as dt
import json

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sitegen.content.fields import unwrapped
from sitegen.content.source import Located, parse_mapping

# plain scalars that YAML 1.1 reads as something other than a string, and near misses
TRICKY = [
    "yes", "No", "on", "OFF", "true", "False", "~", "null", "Null", "",
    "12", "-7", "+3", "0x1F", "0o17", "017", "1_000", "3.5", "1e3", ".inf", "-.Inf", ".nan",
    "12:30", "190:20:30", "2026-11-20", "2026-11-20 10:30:00", "2026-11-20T10:30:00+01:00",
    "2025-02-29", "2026-13-01", "v1.2", "€ 60,000", "Zürich", "C++", "a # not a comment",
]  # fmt: skip


def _scalar(text: str, quote: str) -> str:
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    if quote == '"':
        return json.dumps(text, ensure_ascii=False)
    return text


words = st.text(st.sampled_from("abcxyz XYZ-_.:/#'\"é€0129"), max_size=12)
scalars = st.tuples(st.sampled_from(TRICKY) | words, st.sampled_from(["", "'", '"']))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from("abcdefgh"), unique=True, min_size=1, max_size=6)):
        if draw(st.booleans()):
            lines.append(f"{key}: {_scalar(*draw(scalars))}")
        else:
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(*item)}" for item in draw(st.lists(scalars, max_size=3))]
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(front_matter())
def test_values_are_what_the_safe_loader_gives(text: str) -> None:
    try:
        expected = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        assume(False)  # not valid YAML (or a date that does not exist): told apart elsewhere
    assert unwrapped(parse_mapping(text, "x.md", 2)) == keys_as_text(expected)


def keys_as_text(value: object) -> object:
    """Field names are text whatever they look like (`0:` in a list item names the field
    "0"), where the safe loader would give an int key; values are left as it gives them."""
    if isinstance(value, dict):
        return {str(k): keys_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys_as_text(v) for v in value]
    return value


def test_a_date_that_does_not_exist_stays_text_for_its_field_to_explain() -> None:
    values = parse_mapping("posted: 2025-02-29\nclosed: 2025-03-01\n", "x.md", 2)
    assert values["posted"] == Located("2025-02-29", 2)
    assert values["closed"] == Located(dt.date(2025, 3, 1), 3)


def test_quoted_and_plain_strings_keep_their_lines() -> None:
    values = parse_mapping("title: 'yes'\ncity: Zürich\ntags:\n  - a\n  - 'no'\n", "x.md", 2)
    assert values["title"] == Located("yes", 2)
    assert values["city"] == Located("Zürich", 3)
    assert values["tags"] == Located([Located("a", 5), Located("no", 6)], 4)
