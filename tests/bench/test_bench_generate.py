"""The benchmark generator is deterministic and covers the mix of postings it promises."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import generate
import pytest
import yaml

N = 50
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    head, sep, _body = text.removeprefix("---\n").partition("\n---\n")
    assert text.startswith("---\n") and sep, f"{path}: no front matter"
    data = yaml.safe_load(head)
    assert isinstance(data, dict), path
    return data


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert isinstance(value, dt.date), value
    return value


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    generate.generate(N, root)
    return root


@pytest.fixture(scope="module")
def postings(project: Path) -> list[dict[str, Any]]:
    paths = sorted((project / "content" / "postings").glob("*.md"))
    assert len(paths) == N
    assert all(SLUG.fullmatch(p.stem) for p in paths)
    return [front_matter(p) for p in paths]


def test_two_runs_give_identical_trees(tmp_path: Path) -> None:
    generate.generate(N, tmp_path / "a")
    generate.generate(N, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_another_seed_gives_other_postings(tmp_path: Path) -> None:
    generate.generate(5, tmp_path / "a", themes=False)
    generate.generate(5, tmp_path / "b", seed=1, themes=False)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_site_config(project: Path) -> None:
    config = tomllib.loads((project / "sitegen.toml").read_text(encoding="utf-8"))
    assert config["base_url"] == "https://example.github.io/digest/"
    assert (config["theme"], config["page_size"], config["feed_limit"]) == ("default", 20, 50)


def test_required_fields_and_constraints(postings: list[dict[str, Any]]) -> None:
    ids = [uuid.UUID(str(p["id"])) for p in postings]
    assert len(set(ids)) == N
    for p in postings:
        assert isinstance(p["title"], str) and isinstance(p["company"]["name"], str)
        assert p["employment_type"] in {"full-time", "part-time", "contract", "temporary",
                                        "internship", "volunteer", "per-diem", "other"}  # fmt: skip
        posted = as_date(p["date"])
        assert generate.END_DATE - dt.timedelta(days=730) < posted <= generate.END_DATE
        for later in ("updated", "closes"):
            if later in p:
                assert as_date(p[later]) >= posted
        loc = p["location"]
        if loc["arrangement"] == "remote":
            assert loc["regions"] and all(isinstance(r, str) for r in loc["regions"])
        else:
            assert isinstance(loc["city"], str)
            assert isinstance(loc["country"], str) and len(loc["country"]) == 2
        if "salary" in p:
            salary = p["salary"]
            assert salary["min"] > 0 and salary.get("max", salary["min"]) >= salary["min"]
            assert salary["period"] in {"hour", "day", "week", "month", "year"}
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t) for t in p.get("tags", []))


def test_mix_of_postings(postings: list[dict[str, Any]]) -> None:
    arrangements = Counter(p["location"]["arrangement"] for p in postings)
    assert set(arrangements) == {"remote", "hybrid", "on-site"}
    salaried = [p["salary"] for p in postings if "salary" in p]
    assert 0 < len(salaried) < N
    assert len({s["currency"] for s in salaried}) >= 3
    assert len({s["period"] for s in salaried}) >= 2
    closes = [as_date(p["closes"]) for p in postings if "closes" in p]
    assert any(c < generate.END_DATE for c in closes), "no closed posting"
    assert len({t for p in postings for t in p.get("tags", [])}) >= 20


def test_pages_editions_and_themes(project: Path) -> None:
    about = front_matter(project / "content" / "pages" / "about.md")
    assert about["title"]
    editions = sorted(p.stem for p in (project / "content" / "editions").glob("*.md"))
    assert editions and editions[-1] == "2026-W47"
    assert all(re.fullmatch(r"\d{4}-W\d{2}", e) for e in editions)
    if (generate.REPO_ROOT / "themes").is_dir():
        assert (project / "themes").is_dir()


def test_yaml_str_quotes_what_yaml_would_misread() -> None:
    for text in ["NO", "yes", "2026", "a: b", "#x", "Zürich", "Smith & Co", "C++"]:
        assert yaml.safe_load(f"k: {generate.yaml_str(text)}") == {"k": text}
    assert yaml.safe_load(f"k: [{generate.yaml_str('a, b', flow=True)}]") == {"k": ["a, b"]}
