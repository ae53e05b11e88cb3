"""Freshness at a glance ("posted 3 days ago", "New") and weekly editions, both counted from
the build day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html

from sitegen.build import build
from tests.conftest import CONFIG, MakeProject, posting_text
from tests.feeds.helpers import BASE, load_json, parse

DAY = dt.date(2026, 11, 22)  # a Sunday, the last day of 2026-W47


def _posting(slug: str, n: int, days: int, extra: str = "") -> tuple[str, str]:
    date = (DAY - dt.timedelta(days=days)).isoformat()
    text = posting_text(slug, id=f"00000000-0000-4000-8000-{n:012d}", date=date, extra=extra)
    return f"content/postings/{slug}.md", text


def _facts(page: Path) -> dict[str, list[str]]:
    """Posting slug -> the text of each fact on its card."""
    doc = lxml.html.parse(str(page))
    found = {}
    for card in doc.iterfind(".//li[@class]"):
        if "posting" not in card.get("class", "").split():
            continue
        slug = card.find(".//h2/a").get("href").rstrip("/").rsplit("/", 1)[-1]
        found[slug] = [" ".join(li.text_content().split()) for li in card.iterfind(".//ul/li")]
    return found


def test_cards_say_how_long_ago_and_mark_the_last_seven_days_new(
    make_project: MakeProject, tmp_path: Path
) -> None:
    ages = {"today": 0, "yesterday": 1, "six": 6, "seven": 7, "thirteen": 13, "fourteen": 14,
            "fifty-nine": 59, "sixty": 60, "old": 75}  # fmt: skip
    closes = "closes: 2026-12-31\n"  # keeps the oldest listed
    files = dict(
        _posting(s, n, d, closes if d > 60 else "") for n, (s, d) in enumerate(ages.items())
    )
    config = CONFIG.replace("page_size = 2", "page_size = 20")
    root = make_project(files, config)
    build(root, tmp_path / "out", today=DAY)
    facts = _facts(tmp_path / "out/index.html")
    posted = {slug: [f for f in facts[slug] if f.startswith("Posted")] for slug in ages}
    assert posted == {
        "today": ["Posted today"],
        "yesterday": ["Posted yesterday"],
        "six": ["Posted 6 days ago"],
        "seven": ["Posted 7 days ago"],
        "thirteen": ["Posted 13 days ago"],
        "fourteen": ["Posted 2 weeks ago"],
        "fifty-nine": ["Posted 8 weeks ago"],
        "sixty": ["Posted 23 September 2026"],
        "old": ["Posted 8 September 2026"],
    }
    assert {slug for slug in ages if "New" in facts[slug]} == {"today", "yesterday", "six"}
    html = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert (
        '<li class="fact-posted">Posted <time datetime="2026-11-16" title="16 November 2026">'
        "6 days ago</time></li>\n"
        '<li class="badge badge-new">New</li>'
    ) in html


def test_the_posting_page_shows_the_date_and_how_long_ago(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(dict([_posting("fresh", 1, 3), _posting("older", 2, 20)]))
    build(root, tmp_path / "out", today=DAY)
    fresh = (tmp_path / "out/jobs/fresh/index.html").read_text(encoding="utf-8")
    assert (
        '<div><dt>Posted</dt><dd><time datetime="2026-11-19">19 November 2026</time> '
        '(3 days ago) <span class="badge badge-new">New</span></dd></div>'
    ) in fresh
    older = (tmp_path / "out/jobs/older/index.html").read_text(encoding="utf-8")
    assert "(2 weeks ago)</dd>" in older and "badge-new" not in older


def test_freshness_follows_the_build_day_and_is_deterministic(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(dict([_posting("job", 1, 0)]))
    for name, day in (("a", DAY), ("b", DAY), ("c", DAY + dt.timedelta(days=8))):
        build(root, tmp_path / name, today=day)
    first, second = ((tmp_path / n / "jobs/job/index.html").read_bytes() for n in ("a", "b"))
    assert first == second
    later = (tmp_path / "c/jobs/job/index.html").read_text(encoding="utf-8")
    assert "(8 days ago)" in later and "badge-new" not in later


def _edition_urls(out: Path) -> list[str]:
    """The editions feed's entries, in every format."""
    urls = [item["url"] for item in load_json(out / "editions/feed.json")["items"]]
    for name in ("feed.xml", "atom.xml"):
        assert [e.link for e in parse(out / "editions" / name).entries] == urls, name
    return urls


def test_the_running_week_is_this_week_so_far_without_a_feed_entry(
    make_project: MakeProject, tmp_path: Path
) -> None:
    files = dict([_posting("this-week", 1, 2), _posting("last-week", 2, 9)])
    files["content/editions/2026-W48.md"] = "---\ntitle: Written ahead\n---\nNext week.\n"
    root = make_project(files)
    build(root, tmp_path / "sunday", today=DAY)
    out = tmp_path / "sunday"
    page = (out / "editions/2026-w47/index.html").read_text(encoding="utf-8")
    assert "<h1>Edition 2026-W47 (this week so far)</h1>" in page
    assert "This week so far: postings since" in page
    index = (out / "editions/index.html").read_text(encoding="utf-8")
    assert "this week so far, since 16 November 2026: 1 posting<" in index
    assert "2 November 2026" not in index
    assert "9 November 2026 to 15 November 2026, 1 posting<" in index
    assert _edition_urls(out) == [f"{BASE}editions/2026-w46/"]
    # a note for a later week waits for its week
    assert not (out / "editions/2026-w48").exists() and "2026-w48" not in index
    assert "2026-w48" not in (out / "sitemap.xml").read_text(encoding="utf-8")

    build(root, tmp_path / "monday", today=DAY + dt.timedelta(days=1))
    out = tmp_path / "monday"
    assert _edition_urls(out) == [f"{BASE}editions/2026-w47/", f"{BASE}editions/2026-w46/"]
    page = (out / "editions/2026-w47/index.html").read_text(encoding="utf-8")
    assert "<h1>Edition 2026-W47</h1>" in page and "so far" not in page
    ahead = (out / "editions/2026-w48/index.html").read_text(encoding="utf-8")
    assert "<h1>Written ahead (this week so far)</h1>" in ahead
