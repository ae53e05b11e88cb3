"""Fixtures for the feed tests: a project of 120 generated postings, built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from tests.conftest import REPO
from tests.feeds.helpers import (
    BUILD_DAY,
    MAX_AGE,
    Generated,
    config,
    generated_files,
    generated_postings,
)

GENERATED = generated_postings(120)


def write_project(root: Path, files: dict[str, str], config_text: str) -> Path:
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "sitegen.toml").write_text(config_text, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def generated() -> list[Generated]:
    return GENERATED


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 postings (some closed, some drafts) built with the default feed_limit of 50."""
    files, settings = generated_files(GENERATED), config(max_age_days=MAX_AGE)
    root = write_project(tmp_path_factory.mktemp("generated"), files, settings)
    out = root / "output"
    build(root, out, today=BUILD_DAY)
    return out
