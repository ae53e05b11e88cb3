"""Builds killed at random moments never damage the previous output; builds give the same bytes
whatever the time zone, hash seed, locale or order in which the file system lists files."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # bench/ holds scripts, not a package

BUILD = [sys.executable, "-m", "sitegen.cli", "build", "--date", "2026-11-22", "--quiet"]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_build(root: Path, out: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [*BUILD, "--root", str(root), "--out", str(out)],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill") / "site"
    generate(300, root)
    return root


def test_killed_builds_leave_the_previous_output_whole(project: Path, tmp_path: Path) -> None:
    """Each round asks for the other of two versions of the site and kills the build at a random
    moment: the output is then the version it was, or the one asked for, never a mixture."""
    out = project / "output"
    posting = sorted((project / "content/postings").glob("*.md"))[0]
    versions = [posting.read_text(), posting.read_text() + "\nOne more sentence.\n"]
    digests = []
    for n, text in enumerate(versions):
        posting.write_text(text)
        run_build(project, tmp_path / f"reference-{n}")
        digests.append(digest(tmp_path / f"reference-{n}"))
    assert digests[0] != digests[1]
    run_build(project, out)  # output is version 1; warm, like the builds below
    started = time.perf_counter()
    run_build(project, out)
    duration = time.perf_counter() - started
    rng = random.Random(20261122)
    current, survived = 1, 0
    for round_ in range(8):
        wanted = round_ % 2
        posting.write_text(versions[wanted])
        proc = subprocess.Popen(
            [*BUILD, "--root", str(project), "--out", str(out)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.02, 0.7) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = digest(out)
        assert state in (digests[current], digests[wanted]), f"round {round_}: a mixture"
        if state == digests[current] and current != wanted:
            survived += 1
        current = digests.index(state)
    assert survived >= 1  # some builds really were cut off before their swap
    posting.write_text(versions[0])
    run_build(project, out)
    assert digest(out) == digests[0]
    leftovers = [
        p.name
        for p in project.iterdir()
        if p.name.startswith(".output.") and not p.name.endswith(".lock")
    ]
    assert leftovers == []


def test_same_bytes_across_environments(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "a"
    run_build(project, first, {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C"})
    reordered = tmp_path / "copy"
    reordered.mkdir()
    shutil.copy(project / "sitegen.toml", reordered)
    shutil.copytree(project / "themes", reordered / "themes")
    files = sorted((project / "content").rglob("*.md"), reverse=True)  # created in reverse order
    for path in files:
        target = reordered / path.relative_to(project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    second = tmp_path / "b"
    run_build(
        reordered,
        second,
        {
            "TZ": "Pacific/Kiritimati",
            "PYTHONHASHSEED": "4242",
            "LC_ALL": "C.UTF-8",
            "LANG": "de_DE.UTF-8",
        },
    )
    assert digest(first) == digest(second)
