"""A generated project of a few hundred postings, and helpers to compare built trees."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402

SIZE = 200


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen") / "project"
    assert generate.main([str(SIZE), str(root)]) == 0
    return root


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated project, without cache or output."""
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    return root


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


Tree = Callable[[Path], dict[str, bytes]]


@pytest.fixture
def read_tree() -> Tree:
    return tree
