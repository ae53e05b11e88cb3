"""bench/migration.py on a small git history made here from the pythonjobs-style fixtures
(never the real board: no test reads outside the repository)."""

from __future__ import annotations

import io
import shutil
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import migration
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "importer" / "fixtures" / "pythonjobs"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
    )


@pytest.mark.timeout(60)
def test_every_fact_is_counted_per_path_and_per_version(tmp_path: Path) -> None:
    repo = tmp_path / "jobs-repo"
    (repo / "jobs").mkdir(parents=True)
    git(repo, "init", "-q")
    for source in sorted(FIXTURES.iterdir()):
        shutil.copy(source, repo / "jobs" / source.name)
    (repo / "jobs" / "broken.html").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    # a second version of one posting: --every-version counts both
    (repo / "jobs" / "broken.html").write_text("---\ntitle: Fixed\n---\nBody\n", "utf-8")
    git(repo, "commit", "-q", "-am", "second")

    out = io.StringIO()
    with redirect_stdout(out):
        assert migration.main([str(repo)]) == 0
    report = out.getvalue()
    assert "4 paths (last version of each); 0 wrong on every fact" in report
    # the three fixtures are right on every fact; "Fixed" states no company and no created
    # date (wrong: nothing to keep), and no apply target (right: left as a TODO)
    assert "title:    4 / 4" in report
    assert "company:    3 / 4" in report
    assert "created date:    3 / 4" in report
    assert "apply target:    4 / 4" in report
    assert "body:    4 / 4" in report

    out = io.StringIO()
    with redirect_stdout(out):
        assert migration.main([str(repo), "--every-version"]) == 0
    assert "5 file versions; 1 wrong on every fact" in out.getvalue()
