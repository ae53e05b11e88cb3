"""Search data: columns for every open posting, word shards, salaries kept in their own terms."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render.description import distinct_words, words
from sitegen.render.search import YEARLY
from tests.conftest import MakeProject, posting_text


def built(make_project: MakeProject, files: dict[str, str]) -> Path:
    from sitegen.build import build

    root = make_project(files)
    build(root, root / "output", today=dt.date(2026, 11, 22))
    return root / "output" / "search"


HOURLY = (
    posting_text(
        "hourly",
        id="22222222-2222-4333-8444-555555555555",
        title="Python Contractor",
        company="Zürich Café",
        date="2026-11-18",
        body="Maintain the Kubernetes operators.\n",
    )
    .replace("min: 100000\n  max: 150000", "min: 100\n  max: 120.5")
    .replace("year", "hour")
)
CLOSED = posting_text(
    "closed",
    id="33333333-2222-4333-8444-555555555555",
    date="2026-11-01",
    extra="closes: 2026-11-10\n",
    body="Kubernetes and more.\n",
)


def test_words_fold_case_and_accents() -> None:
    assert words("Zürich C++ Straße, São-Paulo") == ["zurich", "c", "strae", "sao", "paulo"]


def _reference_words(text: str) -> list[str]:
    """The definition the search page's script follows: NFKD of the lower-cased text, non-
    ASCII dropped, then every run of a-z and 0-9."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded)


@given(st.text())
@settings(max_examples=500)
def test_words_are_the_definitions_words_for_any_text(text: str) -> None:
    assert words(text) == _reference_words(text)
    assert distinct_words(text) == " ".join(sorted(set(_reference_words(text))))


def test_yearly_factors_cover_every_period() -> None:
    assert YEARLY == {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


def test_meta_has_one_entry_per_open_posting(make_project: MakeProject) -> None:
    folder = built(
        make_project,
        {
            "content/postings/example-job.md": posting_text(),
            "content/postings/hourly.md": HOURLY,
            "content/postings/closed.md": CLOSED,
        },
    )
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["title"] == ["Python Contractor", "Backend Engineer"]  # newest first, no closed
    assert meta["slug"] == ["hourly", "example-job"]
    assert [meta["companies"][c] for c in meta["company"]] == [
        ["Zürich Café", "companies/zurich-cafe/"],
        ["Example Co", "companies/example-co/"],
    ]
    assert meta["min"] == [-100, 100] and meta["max"] == [-120.5, 150]  # 100 and 100 thousand
    # remote, full-time, USD (currency 0 + 1); an hour (period 0), a year (period 4)
    assert meta["currencies"] == ["USD"]
    assert meta["kind"] == [0 + 3 * (0 + 8 * (0 + 5 * 1)), 0 + 3 * (0 + 8 * (4 + 5 * 1))]
    assert meta["place"] == []  # both remote: "Remote (United States)" is rebuilt by the reader
    assert meta["day"] == [(dt.date(2026, 11, d) - dt.date(1970, 1, 1)).days for d in (18, 16)]
    assert meta["today"] == (dt.date(2026, 11, 22) - dt.date(1970, 1, 1)).days
    shard = json.loads((folder / "words" / "ku.json").read_text())
    assert shard == {"kubernetes": [0]}  # the closed posting's words are not indexed
    assert "ku" in meta["shards"]


def test_slug_that_starts_with_the_title_is_shortened(make_project: MakeProject) -> None:
    folder = built(
        make_project,
        {"content/postings/backend-engineer-acme.md": posting_text("backend-engineer-acme")},
    )
    assert json.loads((folder / "meta.json").read_text())["slug"] == ["~acme"]


def test_a_postings_day_is_counted_in_the_sites_time_zone(make_project: MakeProject) -> None:
    """Posted at 23:30 in Los Angeles is the next day in the site's UTC, as on its card."""
    late = posting_text("late", date="2026-11-20T23:30:00-08:00")
    meta = json.loads(
        (built(make_project, {"content/postings/late.md": late}) / "meta.json").read_text()
    )
    assert meta["day"] == [(dt.date(2026, 11, 21) - dt.date(1970, 1, 1)).days]
