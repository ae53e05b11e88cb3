"""Builds killed with SIGKILL at random moments leave the previous output whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.generated import generated_project

ITERATIONS = 8


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def command(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--out", str(out),
            "--date", "2026-11-22", "--quiet"]  # fmt: skip


def env() -> dict[str, str]:
    repo = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": repo}


def timed_build(root: Path, out: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(command(root, out), env=env(), capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    return time.monotonic() - started


def test_killed_builds_leave_the_previous_output_and_the_next_build_succeeds(
    tmp_path: Path,
) -> None:
    root = generated_project(tmp_path / "project")
    out = tmp_path / "output"
    timed_build(root, out)
    old = tree(out)
    assert len(old) > 400
    # the next version of the site differs in every posting page and listing
    for path in sorted((root / "content" / "postings").glob("*.md")):
        path.write_text(path.read_text().replace("friends", "colleagues"))
    duration = timed_build(root, tmp_path / "expected")
    new = tree(tmp_path / "expected")
    assert new != old
    rng = random.Random(20261122)
    outcomes: list[str] = []
    for _ in range(ITERATIONS):
        delay = rng.uniform(0.05, duration * 1.1)
        process = subprocess.Popen(
            command(root, out), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree(out)
        assert now in (old, new), f"killed after {delay:.2f}s: the output is neither site"
        outcomes.append("old" if now == old else "new")
        if now == new:  # the swap happened: put the old site back for the next round
            restore(out, old)
    assert "old" in outcomes, outcomes  # at least one kill landed mid-build
    result = subprocess.run(command(root, out), env=env(), capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(out) == new
    # what the killed builds left beside the output (their staging folder) is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected", "output", "project"]


def restore(out: Path, files: dict[str, bytes]) -> None:
    """Write a site tree back exactly (what a previous build had left)."""
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() or path.is_symlink():
            path.unlink()
        else:
            path.rmdir()
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
