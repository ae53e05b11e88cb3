"""Shared test helpers: the repository, a project factory, and the real site built once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import build

REPO = Path(__file__).resolve().parents[1]
# Debian's chromium by default; SITEGEN_CHROMIUM names another Chromium or Chrome (on GitHub's
# runners, /usr/bin/google-chrome), never a browser downloaded by `playwright install`.
CHROMIUM = Path(os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium"))


def run_tool(*cmd: str, cwd: Path | None = None) -> None:
    """Run an install command, waiting out another apt-get that holds the dpkg lock."""
    for attempt in range(20):
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return
        if "lock" not in done.stderr or attempt == 19:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
        time.sleep(15)


def apt_install(package: str) -> None:
    """Install a Debian package a test needs (with sudo unless root)."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    run_tool(*sudo, "apt-get", "update")
    run_tool(*sudo, "apt-get", "install", "-y", package)


def ensure_chromium() -> Path:
    """The browser for the browser tests, installed with apt-get when it is missing."""
    if not CHROMIUM.exists():
        if "SITEGEN_CHROMIUM" in os.environ:
            raise RuntimeError(f"SITEGEN_CHROMIUM={CHROMIUM} does not exist")
        apt_install("chromium")
    return CHROMIUM


BUILD_DATE = dt.date(2026, 11, 22)
# noon UTC on BUILD_DATE, for SOURCE_DATE_EPOCH
BUILD_EPOCH = int(dt.datetime.combine(BUILD_DATE, dt.time(12), dt.UTC).timestamp())
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


@pytest.fixture(autouse=True)
def build_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds and checks without --date run on BUILD_DATE, not on the day the tests run: as
    the calendar moves on, the fixtures' postings would expire (max_age_days) and draw
    warnings from `sitegen check`. A test may set SOURCE_DATE_EPOCH itself."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))


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
