"""The build as a command: over the cores it writes the same bytes as in one process, and
when it returns nothing of it is still running and nothing lies beside the output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitegen.parallel import MIN_PARALLEL
from tests.conftest import REPO
from tests.perf.conftest import SIZE, Tree

TIMEOUT = 300


def sitegen_build(project: Path, out: Path, workers: int) -> subprocess.CompletedProcess[str]:
    """`sitegen build` in a session of its own (its id is then its pid), as a user runs it."""
    env = {**os.environ, "SITEGEN_WORKERS": str(workers), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(project),
               "--out", str(out), "--date", "2026-11-20", "--quiet"]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    result.check_returncode()
    assert (stdout, stderr) == ("", "")
    assert in_session(process.pid) == [], "processes of the build outlived it"
    return result


def in_session(session: int) -> list[int]:
    """Processes whose session is the given one (field 6 of /proc/PID/stat)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def test_a_parallel_build_writes_what_a_serial_one_does_and_leaves_nothing(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """With more postings than a pool is started for, two workers and one process give the
    same bytes; a build into an existing output replaces it whole; each time, no process of
    the build is left once it has returned and nothing but the output is beside it."""
    assert len(list((project / "content" / "postings").glob("*.md"))) == SIZE
    assert SIZE >= MIN_PARALLEL  # enough to start the process pools
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    sitegen_build(project, serial, workers=1)
    sitegen_build(project, parallel, workers=2)
    expected = read_tree(serial)
    assert len(expected) > 500
    assert read_tree(parallel) == expected
    sitegen_build(project, parallel, workers=2)  # again, over the output it wrote
    assert read_tree(parallel) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parallel", "project", "serial"]
    assert sorted(p.name for p in project.iterdir()) == ["content", "sitegen.toml", "themes"]
