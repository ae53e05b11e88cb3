"""A small fixture site whose whole built output is kept as a snapshot and compared byte for byte.

After an intended change to the output, regenerate with:
    SITEGEN_UPDATE_SNAPSHOT=1 python -m pytest tests/core/test_snapshot.py
and review the diff of tests/core/snapshot/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from sitegen.build import build
from tests.conftest import REPO

HERE = Path(__file__).parent
SNAPSHOT = HERE / "snapshot"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(HERE / "site", root)
    shutil.copytree(REPO / "themes", root / "themes")
    out = tmp_path / "output"
    build(root, out, today=dt.date(2026, 11, 22))
    return out


def test_output_matches_snapshot(tmp_path: Path) -> None:
    out = build_fixture(tmp_path)
    if os.environ.get("SITEGEN_UPDATE_SNAPSHOT"):
        shutil.rmtree(SNAPSHOT, ignore_errors=True)
        shutil.copytree(out, SNAPSHOT)
    got, want = tree(out), tree(SNAPSHOT)
    assert sorted(got) == sorted(want)
    for name in sorted(got):
        assert got[name] == want[name], f"{name} differs from the snapshot"


def test_two_builds_are_identical(tmp_path: Path) -> None:
    first = tree(build_fixture(tmp_path / "a"))
    second = tree(build_fixture(tmp_path / "b"))
    assert first == second
