"""The site model: order, expiry, drafts, taxonomies and weekly editions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sitegen.config import parse_config
from sitegen.content.model import Content
from sitegen.content.parse import parse_note, parse_posting
from sitegen.site.model import build_site
from tests.conftest import CONFIG, posting_text

TODAY = dt.date(2026, 11, 22)


def posting(slug: str, n: int, date: str, extra: str = "", company: str = "Example Co"):  # type: ignore[no-untyped-def]
    text = posting_text(
        slug, id=f"00000000-0000-4000-8000-{n:012d}", date=date, extra=extra, company=company
    )
    return parse_posting(text, f"content/postings/{slug}.md")


def site(*postings, notes=(), drafts=False):  # type: ignore[no-untyped-def]
    return build_site(
        parse_config(CONFIG, "sitegen.toml"), Content(tuple(postings), (), notes), TODAY, drafts
    )


def test_newest_first_with_stable_tie_break() -> None:
    s = site(
        posting("b", 1, "2026-11-10"), posting("a", 2, "2026-11-10"), posting("c", 3, "2026-11-20")
    )
    assert [p.slug for p in s.postings] == ["c", "a", "b"]


def test_closed_postings_leave_listings_but_stay_published() -> None:
    closed = posting("old", 1, "2026-10-01", extra="closes: 2026-11-21\n")
    last_day = posting("today", 2, "2026-10-02", extra="closes: 2026-11-22\n")
    s = site(closed, last_day)
    assert [p.slug for p in s.open] == ["today"]
    assert {p.slug for p in s.postings} == {"old", "today"}
    python = next(t for t in s.tags if t.name == "python")
    assert [p.slug for p in python.postings] == ["today"]
    assert python.total == 2


def test_drafts_only_with_flag() -> None:
    draft = posting("wip", 1, "2026-11-20", extra="draft: true\n")
    assert site(draft).postings == ()
    assert [p.slug for p in site(draft, drafts=True).postings] == ["wip"]


def test_taxonomies() -> None:
    s = site(
        posting("a", 1, "2026-11-20", company="ACME"), posting("b", 2, "2026-11-19", company="Acme")
    )
    assert [(t.name, t.path, len(t.postings)) for t in s.companies] == [
        ("ACME", "companies/acme/", 2)
    ]
    assert [(t.name, t.path) for t in s.regions] == [("United States", "remote/us/")]
    assert [(t.slug, len(t.postings)) for t in s.arrangements] == [
        ("remote", 2),
        ("hybrid", 0),
        ("on-site", 0),
    ]


def test_a_posting_is_listed_once_under_two_spellings_of_one_tag() -> None:
    both = dataclasses.replace(posting("a", 1, "2026-11-20"), tags=("node js", "python", "node-js"))
    other = dataclasses.replace(posting("b", 2, "2026-11-21"), tags=("node-js",))
    older = dataclasses.replace(posting("c", 3, "2026-11-19"), tags=("node js",))
    node = [t for t in site(both, other, older).tags if t.path == "tags/node-js/"]
    assert [(t.name, [p.slug for p in t.postings], t.total) for t in node] == [
        ("node-js", ["b", "a", "c"], 3)  # named as the newest posting spells it
    ]


def test_weekly_editions_with_notes_and_order() -> None:
    note = parse_note("---\ntitle: Week 46\n---\nHi.\n", "content/editions/2026-W46.md")
    s = site(
        posting("mon", 1, "2026-11-16"),
        posting("sun", 2, "2026-11-22"),
        posting("prev", 3, "2026-11-15"),
        notes=(note,),
    )
    assert [(e.week, e.start, e.end, [p.slug for p in e.postings]) for e in s.editions] == [
        ("2026-W47", dt.date(2026, 11, 16), dt.date(2026, 11, 22), ["sun", "mon"]),
        ("2026-W46", dt.date(2026, 11, 9), dt.date(2026, 11, 15), ["prev"]),
    ]
    assert s.editions[1].note == note
    assert s.editions[0].path == "editions/2026-w47/"


def test_long_dates_name_the_month_in_english() -> None:
    from sitegen.render.views import long_date

    assert long_date(dt.date(2026, 11, 5)) == "5 November 2026"
    months = [long_date(dt.date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [dt.date(2026, m, 1).strftime("%B") for m in range(1, 13)]  # C locale's
