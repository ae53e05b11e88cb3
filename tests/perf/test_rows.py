"""Postings as the build cache stores them: a row of plain values, read back to the very
posting it was made from (zone and fold included: a page shows a posting's own time)."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import load
from sitegen.cache import Cache, ParseMemo
from sitegen.content import Company, Location, Posting, Salary
from sitegen.rows import from_row, to_row


def exact(value: Any) -> Any:
    """value with each moment as its fields, fold and zone (== on aware datetimes compares
    instants only: 12:00+01:00 equals 11:00Z)."""
    if isinstance(value, dt.datetime):
        zone = value.tzinfo
        named = zone.key if isinstance(zone, ZoneInfo) else repr(zone)
        return (value.isoformat(), value.fold, type(zone).__name__, named)
    if isinstance(value, Company | Location | Salary | Posting):
        return tuple(exact(getattr(value, name)) for name in value.__match_args__)
    return value


def test_every_generated_posting_reads_back_as_itself(generated: Path) -> None:
    _config, content = load(generated)
    assert len(content.postings) > 100
    for posting in content.postings:
        back = from_row(pickle.loads(pickle.dumps(to_row(posting))))
        assert back == posting
        assert exact(back) == exact(posting)


ZONES = st.sampled_from(
    [
        ZoneInfo("UTC"),
        ZoneInfo("Europe/Berlin"),
        ZoneInfo("America/New_York"),
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(dt.timedelta(hours=-3), "BRT"),
        dt.UTC,
    ]
)
MOMENTS = st.builds(
    lambda naive, zone, fold: naive.replace(tzinfo=zone, fold=fold),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)),
    ZONES,
    st.integers(0, 1),
)
TEXT = st.text(max_size=20)
MAYBE = st.none() | TEXT
POSTINGS = st.builds(
    Posting,
    source=TEXT,
    slug=TEXT,
    id=TEXT,
    title=TEXT,
    company=st.builds(Company, TEXT, MAYBE),
    posted=MOMENTS,
    updated=st.none() | MOMENTS,
    apply=TEXT,
    location=st.builds(Location, TEXT, st.tuples(TEXT, TEXT) | st.just(()), MAYBE, MAYBE, MAYBE),
    employment_type=TEXT,
    salary=st.none()
    | st.builds(Salary, st.floats(0, 1e9), st.none() | st.floats(0, 1e9), TEXT, TEXT),
    tags=st.lists(TEXT, max_size=3).map(tuple),
    closes=st.none() | st.dates(),
    draft=st.booleans(),
    body=st.text(),
    body_line=st.integers(1, 10_000),
    id_line=st.integers(1, 10_000),
)


@settings(max_examples=300, deadline=None)
@given(POSTINGS)
def test_any_posting_reads_back_as_itself(posting: Posting) -> None:
    back = from_row(pickle.loads(pickle.dumps(to_row(posting), protocol=5)))
    assert exact(back) == exact(posting)


def test_a_zone_without_a_key_is_kept_as_itself_never_dropped(generated: Path) -> None:
    _config, content = load(generated)
    with resources.files("tzdata.zoneinfo").joinpath("Europe/Berlin").open("rb") as file:
        zone = ZoneInfo.from_file(file)  # a zone read from a file has no key
    assert zone.key is None
    posting = replace(content.postings[0], posted=dt.datetime(2026, 3, 29, 12, tzinfo=zone))
    assert exact(from_row(to_row(posting))) == exact(posting)


@pytest.mark.parametrize("row", [(), ("only", "a", "few"), tuple(range(22)), None])
def test_a_row_of_another_shape_is_refused(row: Any) -> None:
    with pytest.raises((TypeError, ValueError, AttributeError)):
        from_row(row)


def test_a_cached_posting_of_another_shape_is_parsed_again(generated: Path) -> None:
    """An entry that does not read back as a posting is a miss, never a wrong posting."""
    _config, content = load(generated)
    posting = content.postings[0]
    memo = ParseMemo(Cache(None), b"content")
    good = pickle.dumps((to_row(posting), "words", b"key"))
    assert exact(memo._stored(good)) == exact(posting)
    short = pickle.dumps((to_row(posting)[:-1], "words", b"key"))
    assert memo._stored(short) is None
    assert memo._stored(pickle.dumps((posting, "words", b"key"))) is None  # an older format
    row = to_row(posting)
    bad_moment = (*row[:7], "soon", *row[8:])  # updated: not a moment
    assert memo._stored(pickle.dumps((bad_moment, "words", b"key"))) is None
