"""Shared test helpers: the repository, a project factory, and the real site built once."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import build

REPO = Path(__file__).resolve().parents[1]
BUILD_DATE = dt.date(2026, 11, 22)
SUBPATH_BASE = "http://127.0.0.1:8000/digest/"

POSTING = """\
---
id: {id}
title: {title}
company:
  name: {company}
date: {date}
apply: https://example.com/apply/{slug}
location:
  arrangement: remote
  regions: [US]
employment_type: full-time
salary:
  min: 100000
  max: 150000
  currency: USD
  period: year
tags: [python, backend]
{extra}---
{body}
"""


def posting_text(
    slug: str = "example-job",
    *,
    id: str = "11111111-2222-4333-8444-555555555555",
    title: str = "Backend Engineer",
    company: str = "Example Co",
    date: str = "2026-11-16",
    extra: str = "",
    body: str = "A real description of the role.\n",
) -> str:
    return POSTING.format(
        id=id,
        title=title,
        company=company,
        date=date,
        slug=slug,
        extra=textwrap.dedent(extra),
        body=body,
    )


CONFIG = """\
title = "Test Digest"
description = "Jobs for tests."
base_url = "https://example.github.io/digest/"
timezone = "UTC"
page_size = 2
"""

MakeProject = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A project folder with the repo's themes, a config and the given content files."""

    def make(files: dict[str, str] | None = None, config: str = CONFIG) -> Path:
        root = tmp_path / "project"
        root.mkdir()
        shutil.copytree(REPO / "themes", root / "themes")
        (root / "sitegen.toml").write_text(config, encoding="utf-8")
        (root / "content" / "postings").mkdir(parents=True)
        for name, text in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built once under a sub-path base URL."""
    out = tmp_path_factory.mktemp("real") / "output"
    build(REPO, out, base_url=SUBPATH_BASE, today=BUILD_DATE)
    return out
