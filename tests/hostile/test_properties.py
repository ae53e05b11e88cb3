"""Property tests: whatever the front matter, body or config, the outcome is a value or a
BuildError whose every problem names the file; never another exception.

Examples are derandomised so CI sees the same cases every run.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import cli
from sitegen.build import render_site
from sitegen.config import parse_config
from sitegen.content.load import parse_bytes
from sitegen.content.model import Content, Posting
from sitegen.content.parse import parse_note, parse_page, parse_posting
from sitegen.errors import BuildError
from sitegen.render.markdown import is_safe_link, render
from sitegen.site.model import build_site
from tests.conftest import REPO, posting_text
from tests.hostile.payloads import MARKDOWN, TEXT, URLS
from tests.hostile.project import write_project

PATH = "content/postings/generated.md"
FAST = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
KNOWN = [
    "id", "title", "company", "name", "website", "date", "updated", "apply", "location",
    "arrangement", "regions", "city", "region", "country", "employment_type", "salary", "min",
    "max", "currency", "period", "tags", "closes", "draft",
]  # fmt: skip

text_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(TEXT + URLS + MARKDOWN),
    st.sampled_from(["remote", "hybrid", "US", "EU", "USD", "year", "full-time", "TODO", ""]),
    st.sampled_from(["2024-02-29", "2025-02-29", "2026-11-16T10:00:00+14:00", "0001-01-01"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    text_values,
)
keys = st.one_of(st.sampled_from(KNOWN), st.text(min_size=1, max_size=12))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=12,
)


def assert_located(error: BuildError, path: str) -> None:
    assert error.errors, "a BuildError must carry its problems"
    for problem in error.errors:
        assert problem.path == path, problem
        assert problem.message.strip(), problem
        assert problem.line is None or problem.line >= 1, problem


def parse_or_error(data: bytes) -> Posting | None:
    try:
        return parse_bytes(data, PATH, lambda t, p: parse_posting(t, p, ZoneInfo("UTC")))
    except BuildError as error:
        assert_located(error, PATH)
        return None


def dump(front: dict[str, Any]) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1_000_000)


@FAST
@given(st.dictionaries(keys, values, max_size=10), st.text(max_size=200))
def test_random_front_matter_is_a_posting_or_a_located_error(
    front: dict[str, Any], body: str
) -> None:
    parse_or_error(f"---\n{dump(front)}---\n{body}".encode())


VALID = yaml.safe_load(posting_text("generated").split("---\n")[1])


@FAST
@given(
    st.lists(st.tuples(st.sampled_from(sorted(VALID)), values), min_size=1, max_size=3),
    st.lists(st.tuples(st.sampled_from(["company", "location", "salary"]), keys, values)),
)
def test_a_valid_posting_with_fields_replaced_is_a_posting_or_a_located_error(
    replaced: list[tuple[str, Any]], nested: list[tuple[str, str, Any]]
) -> None:
    front = json.loads(json.dumps(VALID, default=str))
    for key, value in replaced:
        front[key] = value
    for group, key, value in nested:
        if isinstance(front.get(group), dict):
            front[group][key] = value
    parse_or_error(f"---\n{dump(front)}---\nThe role.\n".encode())


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_after_the_opening_line_are_a_posting_or_a_located_error(
    data: bytes,
) -> None:
    parse_or_error(b"---\n" + data)
    parse_or_error(data)


@FAST
@given(
    st.lists(
        st.sampled_from([*"*_`[]()<>!#-+=|\\&;:/\"' \n\tajsvx", "javascript:", "&#", "\n\n"]),
        max_size=150,
    ).map("".join)
    | st.lists(st.sampled_from(MARKDOWN + TEXT), max_size=6).map("\n\n".join)
)
def test_markdown_never_emits_markup_from_the_text_or_unsafe_links(source: str) -> None:
    html = render(source).html
    assert not re.search(r"<(?!/?(p|a|em|strong|code|pre|h[2-6]|ul|ol|li|blockquote|hr|br|"
                         r"table|thead|tbody|tr|th|td|s)\b)", html), html  # fmt: skip
    assert not re.search(r"<[a-z0-9]+\s[^>]*\bon\w+\s*=", html, re.I), html
    for href in re.findall(r'href="([^"]*)"', html):
        assert is_safe_link(href), href


CONFIG_KEYS = ["title", "description", "base_url", "language", "timezone", "theme",
               "page_size", "feed_limit", "repository"]  # fmt: skip
toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    text_values,
    st.sampled_from(["https://example.com/", "ftp://x", "http://a b/", "Europe/Berlin", "Mars/X"]),
)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # TOML basic strings take JSON's escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value) if not isinstance(value, float) or value == value else "nan"


@FAST
@given(
    st.dictionaries(
        st.sampled_from(CONFIG_KEYS) | st.from_regex(r"\A[a-z_]{1,10}\Z"),
        toml_scalars | st.lists(toml_scalars, max_size=3),
        max_size=10,
    )
)
def test_random_config_is_a_config_or_a_located_error(raw: dict[str, Any]) -> None:
    text = "".join(f"{key} = {toml_value(value)}\n" for key, value in raw.items())
    try:
        parse_config(text, "sitegen.toml")
    except BuildError as error:
        assert_located(error, "sitegen.toml")


@FAST
@given(st.text(max_size=300))
def test_random_config_text_is_a_config_or_a_located_error(text: str) -> None:
    try:
        parse_config(text, "sitegen.toml")
    except BuildError as error:
        assert_located(error, "sitegen.toml")


@FAST
@given(st.dictionaries(keys, values, max_size=4), st.text(max_size=100))
def test_random_pages_and_notes_are_values_or_located_errors(
    front: dict[str, Any], body: str
) -> None:
    text = f"---\n{dump(front)}---\n{body}"
    for parse, path in (
        (parse_page, "content/pages/about.md"),
        (parse_note, "content/editions/2026-W47.md"),
    ):
        try:
            parse(text, path)
        except BuildError as error:
            assert_located(error, path)


free_text = st.text(min_size=1, max_size=60) | st.sampled_from(TEXT)


@settings(FAST, max_examples=60)
@given(title=free_text, company=free_text, city=free_text, body=st.text(max_size=200))
def test_any_valid_posting_renders_and_its_text_is_escaped(
    title: str, company: str, city: str, body: str
) -> None:
    text = posting_text(
        "generated", title=json.dumps(title), company=json.dumps(company), body=body or "x"
    ).replace(
        "  arrangement: remote\n  regions: [US]\n",
        f"  arrangement: on-site\n  city: {json.dumps(city)}\n  country: DE\n",
    )
    posting = parse_or_error(text.encode())
    if posting is None:
        return
    from sitegen.config import parse_config as config_of

    config = config_of('title = "T"\nbase_url = "https://example.com/"\n', "sitegen.toml")
    site = build_site(config, Content((posting,), (), ()), dt.date(2026, 11, 22), drafts=False)
    outputs = render_site(REPO, site)
    page = outputs["jobs/generated/index.html"].decode()
    assert "<script>window" not in page and "onerror=" not in page.replace("onerror=window", "")


cli_text = st.text(max_size=80) | st.sampled_from(TEXT + URLS)


@settings(FAST, max_examples=25)
@given(st.dictionaries(keys, values, max_size=6), cli_text)
def test_check_exits_1_with_located_messages_or_0(front: dict[str, Any], body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(
            Path(folder) / "project",
            {"content/postings/job.md": posting_text("job"),
             "content/postings/generated.md": f"---\n{dump(front)}---\n{body}"},
        )  # fmt: skip
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["check", "--root", str(root)], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    lines = err.getvalue().splitlines()
    if code == 1:
        assert lines[-1].endswith("nothing was written")
        for line in lines[:-1]:
            assert line.startswith("content/postings/generated.md"), line
    assert "Traceback" not in err.getvalue()
