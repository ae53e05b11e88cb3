"""Whatever text arrives, the importer gives a draft or a SourceProblem, never a traceback,
and what it writes always re-parses to the front matter it meant."""

from __future__ import annotations

import uuid

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importer.command import Source, to_draft
from sitegen.importer.model import SourceProblem
from sitegen.importer.render import front_matter, render

from .helpers import TODAY

ID = uuid.UUID("3f1c9a52-7d4e-4b8a-9a61-0c2e5d7b8f10")
PIECES = [
    "# [Title](https://x.example/a)\n",
    "### Company\n",
    "#### `💰 $1-2k/monthly` `🌎 Remote (EU)`\n",
    "How to Apply for X\n",
    "at Y\n",
    "Salary: €70.000 - €85.000\n",
    "Location: Berlin, Germany\n",
    "## CLICK TO [APPLY](https://x.example/b)\n",
    "We are an equal opportunity employer.\n",
    "#LI-REMOTE\n",
    "  • item\n",
    "['a', 'b']\n",
    "\n",
    "ðŸ’° â€™ ‚Äô üí°\n",
]
ad_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=12).map(
    "".join
)
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from(
    [
        "title",
        "company",
        "company_name",
        "created",
        "date",
        "posted",
        "contract",
        "type",
        "url",
        "apply_url",
        "link",
        "contact",
        "location",
        "tags",
        "salary",
        "salary_min",
        "currency",
        "remote",
        "closes",
        "description",
        "layout",
        "id",
    ]
)


def assert_renders(text: str, name: str) -> None:
    try:
        draft = to_draft(Source(name, text), today=TODAY, keep_boilerplate=False)
    except SourceProblem as problem:
        assert str(problem)
        return
    rendered = render(draft, ID)
    header, _, body = rendered[4:].partition("\n---\n")
    assert yaml.safe_load(header) == front_matter(draft, ID)
    assert body.strip()


@settings(max_examples=300, deadline=None)
@given(ad_text)
def test_any_pasted_text_gives_a_draft(text: str) -> None:
    assert_renders(text, "ad.txt")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, YAML_VALUES, max_size=8), st.text(max_size=60))
def test_any_front_matter_gives_a_draft_or_a_clear_problem(
    data: dict[str, object], body: str
) -> None:
    header = yaml.safe_dump(data, allow_unicode=True)
    assert_renders(f"---\n{header}---\n{body}", "board.md")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_broken_front_matter_gives_a_draft_or_a_clear_problem(header: str) -> None:
    assert_renders(f"---\n{header}\n---\nBody.\n", "board.html")
