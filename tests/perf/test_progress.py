"""Long builds show their progress on a terminal and one summary line elsewhere."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from sitegen.build import build
from sitegen.cli import main
from sitegen.progress import Bars


class Recorder:
    """A Progress that remembers each stage and how far it got."""

    def __init__(self) -> None:
        self.stages: list[list[object]] = []
        self.closed = 0

    def stage(self, what: str, total: int) -> None:
        self.stages.append([what, total, 0])

    def advance(self, steps: int = 1) -> None:
        self.stages[-1][2] = int(str(self.stages[-1][2])) + steps

    def close(self) -> None:
        self.closed += 1


def test_every_stage_is_reported_and_run_to_its_end(project: Path) -> None:
    seen = Recorder()
    report = build(project, project / "output", today=dt.date(2026, 11, 20), progress=seen)
    names = [stage[0] for stage in seen.stages]
    assert names == ["content files", "pages and feeds"]
    for what, total, done in seen.stages:
        assert done == total, what
    files = len(list((project / "content").rglob("*.md")))
    assert seen.stages[0][1] == files > report.open + report.closed + report.drafts

    assert seen.closed >= 1


def test_the_bar_draws_each_stage_on_the_stream_it_is_given() -> None:
    screen = io.StringIO()
    bars = Bars(screen, interval=0)
    bars.stage("pages", 300)
    bars.advance(150)
    bars.advance(150)
    bars.stage("feeds", 3)  # too small to draw
    bars.advance(3)
    bars.close()
    drawn = screen.getvalue()
    assert "pages" in drawn and "300/300" in drawn
    assert "feeds" not in drawn


def test_without_a_terminal_one_summary_line_and_with_quiet_nothing(project: Path) -> None:
    args = ["build", "--root", str(project), "--date", "2026-11-20"]
    out, err = io.StringIO(), io.StringIO()
    assert main(args, out, err) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and "open postings" in lines[0] and " s" in lines[0]
    assert err.getvalue() == ""
    out, err = io.StringIO(), io.StringIO()
    assert main([*args, "--quiet"], out, err) == 0
    assert out.getvalue() == err.getvalue() == ""
