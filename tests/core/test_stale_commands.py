"""What a maintainer sees of stale postings: `sitegen check` warns about postings about to
leave the listings (without failing) and refuses future dates; `sitegen list` names them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitegen.cli import main
from tests.conftest import MakeProject, posting_text

DATE = "2026-11-22"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    """On 2026-11-22: one posting of each state."""
    return make_project(
        {
            # 58 days old: listed until 2026-11-24, then expired
            "content/postings/ageing.md": posting_text(
                "ageing", id=_id(1), title="Ageing Role", date="2026-09-25"
            ),
            # closes in 6 days
            "content/postings/closing.md": posting_text(
                "closing", id=_id(2), title="Closing Role", extra="closes: 2026-11-28\n"
            ),
            # closes in 7 days: not yet worth a warning
            "content/postings/later.md": posting_text(
                "later", id=_id(3), title="Later Role", extra="closes: 2026-11-29\n"
            ),
            # 61 days old
            "content/postings/stale.md": posting_text(
                "stale", id=_id(4), title="Stale Role", date="2026-09-22"
            ),
            # closed yesterday
            "content/postings/closed.md": posting_text(
                "closed", id=_id(5), title="Closed Role", extra="closes: 2026-11-21\n"
            ),
            # a draft, old enough to have expired: drafts are listed as drafts only
            "content/postings/wip.md": posting_text(
                "wip", id=_id(6), title="Draft Role", date="2026-08-01", extra="draft: true\n"
            ),
            "content/postings/fresh.md": posting_text("fresh", id=_id(7), title="Fresh Role"),
        }
    )


AGEING = (
    "content/postings/ageing.md:6: warning: date: expires soon, 60 days after its date: "
    "listed until 2026-11-24 (in 2 days), then out of the listings. If the job is still "
    "open, add closes: YYYY-MM-DD (its closing date) to keep it listed"
)
CLOSING = (
    "content/postings/closing.md:18: warning: closes: closes soon: listed until 2026-11-28 "
    "(in 6 days), then out of the listings. If the closing date has moved, set "
    "closes: YYYY-MM-DD to the new one"
)


def test_check_warns_about_postings_leaving_the_listings_within_a_week(project: Path) -> None:
    code, out, err = run("check", "--root", str(project), "--date", DATE)
    assert (code, out) == (0, "no problems found (7 postings checked); 2 warnings\n")
    assert err.splitlines() == [AGEING, CLOSING]


def test_warnings_in_every_format(project: Path) -> None:
    code, out, _ = run("check", "--root", str(project), "--date", DATE, "--format", "github")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "::warning file=content/postings/ageing.md,line=6,title=date::date: expires soon, 60 "
        "days after its date: listed until 2026-11-24 (in 2 days), then out of the listings. "
        "If the job is still open, add closes: YYYY-MM-DD (its closing date) to keep it listed"
    )
    assert lines[1].startswith("::warning file=content/postings/closing.md,line=18,title=closes::")
    assert lines[2:] == ["sitegen check: no problems in 7 postings; 2 warnings"]
    code, out, _ = run("check", "--root", str(project), "--date", DATE, "--format", "json")
    report = json.loads(out)
    assert (code, report["ok"], report["problems"]) == (0, True, [])
    assert [(w["file"], w["line"], w["field"]) for w in report["warnings"]] == [
        ("content/postings/ageing.md", 6, "date"),
        ("content/postings/closing.md", 18, "closes"),
    ]
    code, out, _ = run("check", "--root", str(project), "--date", DATE, "--format", "summary")
    assert code == 0
    assert "### Warnings (2)\n\n- `content/postings/ageing.md:6` **date**: expires soon" in out


def test_warnings_do_not_change_a_failing_checks_verdict(project: Path) -> None:
    (project / "content/postings/broken.md").write_text(posting_text("broken", id=_id(1)))
    code, out, err = run("check", "--root", str(project), "--date", DATE)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1].endswith("; nothing was written")


def test_check_of_named_files_warns_about_those_only(project: Path) -> None:
    closing = str(project / "content/postings/closing.md")
    code, out, err = run("check", "--root", str(project), "--date", DATE, closing)
    assert (code, out, err.splitlines()) == (
        0,
        "no problems found (1 posting checked); 1 warning\n",
        [CLOSING],
    )


def test_a_future_date_is_an_error_in_check(project: Path) -> None:
    code, _, err = run("check", "--root", str(project), "--date", "2026-11-15")
    assert code == 1
    future = [line for line in err.splitlines() if "in the future" in line]
    assert future == [
        f"content/postings/{name}.md:6: date: is in the future: 2026-11-16 is after the build "
        "day 2026-11-15 (both in the site's time zone): write the day the posting is published"
        for name in ("closed", "closing", "fresh", "later")
    ]


def test_list_expired_names_the_61_day_old_posting(project: Path) -> None:
    assert run("list", "--expired", "--root", str(project), "--date", DATE) == (
        0,
        "content/postings/closed.md\tclosed\t2026-11-21\tClosed Role at Example Co\n"
        "content/postings/stale.md\texpired\t2026-11-21\tStale Role at Example Co\n",
        "",
    )


def test_list_expiring_and_drafts(project: Path) -> None:
    assert run("list", "--expiring", "--root", str(project), "--date", DATE) == (
        0,
        "content/postings/ageing.md\texpiring\t2026-11-24\tAgeing Role at Example Co\n"
        "content/postings/closing.md\texpiring\t2026-11-28\tClosing Role at Example Co\n",
        "",
    )
    assert run("list", "--drafts", "--root", str(project), "--date", DATE) == (
        0,
        "content/postings/wip.md\tdraft\t2026-08-01\tDraft Role at Example Co\n",
        "",
    )


def test_list_without_a_flag_lists_all_three_sorted_by_file(project: Path) -> None:
    code, out, err = run("list", "--root", str(project), "--date", DATE)
    assert (code, err) == (0, "")
    assert [line.split("\t")[:2] for line in out.splitlines()] == [
        ["content/postings/ageing.md", "expiring"],
        ["content/postings/closed.md", "closed"],
        ["content/postings/closing.md", "expiring"],
        ["content/postings/stale.md", "expired"],
        ["content/postings/wip.md", "draft"],
    ]


def test_list_follows_the_build_day(project: Path) -> None:
    code, out, _ = run("list", "--expired", "--root", str(project), "--date", "2026-11-25")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "content/postings/ageing.md",  # 61 days old on 2026-11-25
        "content/postings/closed.md",
        "content/postings/stale.md",
    ]


def test_an_empty_list_says_so_on_standard_error(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    assert run("list", "--expired", "--drafts", "--root", str(root), "--date", DATE) == (
        0,
        "",
        "no closed or expired postings and no drafts on 2026-11-22\n",
    )
    assert run("list", "--root", str(root), "--date", DATE)[2] == (
        "no closed or expired postings, no postings leaving the listings within 7 days and "
        "no drafts on 2026-11-22\n"
    )


def test_list_reports_problems_in_the_content_like_check(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job", date="2026-12-01")})
    code, _, err = run("list", "--root", str(root), "--date", DATE)
    assert code == 1
    assert err.startswith("content/postings/job.md:6: date: is in the future: 2026-12-01")


def test_list_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "list postings that expired, expire within a week, or are drafts" in " ".join(
        capsys.readouterr().out.split()
    )
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--expired" in text and "--expiring" in text and "--drafts" in text
