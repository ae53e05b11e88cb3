"""Page weight: the home page with 50 postings stays small, and nothing but the one stylesheet
blocks rendering (scripts are deferred or modules)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bench.generate import END_DATE, generate
from sitegen.build import build
from tests.conftest import REPO

THEMES = sorted(p.name for p in (REPO / "themes").iterdir() if (p / "templates").is_dir())


@pytest.mark.parametrize("theme", THEMES)
def test_home_with_50_postings_is_under_60_kb_compressed(tmp_path: Path, theme: str) -> None:
    project = tmp_path / "project"
    generate(80, project)
    toml = project / "sitegen.toml"
    text = toml.read_text().replace("page_size = 20", "page_size = 50")
    toml.write_text(text.replace('theme = "default"', f'theme = "{theme}"'))
    out = tmp_path / "out"
    build(project, out, today=END_DATE)
    home = (out / "index.html").read_text("utf-8")
    assert home.count('<li class="posting') == 50
    head = home.split("</head>", 1)[0]
    assert len(re.findall(r'<link rel="stylesheet"', head)) == 1
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", home)
    assert all(" defer" in s or 'type="module"' in s for s in scripts)
    assets = re.findall(r'(?:href|src)="/digest/(static/[^"]+\.(?:css|js))"', home)
    total = len(gzip.compress(home.encode())) + sum(
        len(gzip.compress((out / a).read_bytes())) for a in assets
    )
    assert total < 60 * 1024


def test_search_page_scripts_are_deferred(tmp_path: Path) -> None:
    project = tmp_path / "project"
    generate(5, project)
    build(project, tmp_path / "out", today=END_DATE)
    page = (tmp_path / "out" / "search" / "index.html").read_text("utf-8")
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page)
    assert scripts and all(" defer" in s for s in scripts)


@pytest.mark.parametrize("theme", THEMES)
def test_each_stylesheet_stays_under_20_kb_uncompressed(theme: str) -> None:
    styles = [*(REPO / "themes" / theme).rglob("*.css")]
    assert styles and all(len(css.read_bytes()) < 20 * 1024 for css in styles)
