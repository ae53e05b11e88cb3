"""Every imported draft is rejected by `sitegen check` while it holds placeholders and,
once they are filled in, passes `sitegen check`, parses with the core's `parse_posting`
and builds. Uses the real core (sitegen.content, sitegen.cli) and the repo's themes."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.cli import main as sitegen_main
from sitegen.content.parse import parse_posting
from sitegen.errors import BuildError

from .helpers import FIXTURES, read_posting, run
from .test_ads import ADS

SOURCES = [str(p) for p in sorted((FIXTURES / "imports").iterdir()) if p.suffix != ".yaml"]
FILLED = {
    "title": "Filled Job Title",
    "company.name": "Filled Company",
    "apply": "https://example.com/apply/filled",
    "location.regions": "Worldwide",
    "location.city": "Lisbon",
    "location.country": "PT",
    "employment_type": "full-time",
    "salary.currency": "EUR",
    "salary.period": "year",
}


def fill(value: Any, name: str, location: dict[str, Any] | None = None) -> Any:
    """Replace every TODO placeholder below `value` by a valid value for field `name`."""
    if isinstance(value, dict):
        return {k: fill(v, f"{name}.{k}".lstrip("."), value) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, name, location) for v in value]
    if not (isinstance(value, str) and value.startswith("TODO")):
        return value
    if name == "location.arrangement":
        return "on-site" if location and location.get("city") else "remote"
    return FILLED[name]


def fill_posting(path: Path) -> None:
    posting = read_posting(path)
    front_matter = fill(posting.front_matter, "")
    location = front_matter["location"]
    if location["arrangement"] == "remote":
        location.setdefault("regions", ["Worldwide"])
    body = "\n".join(
        "Filled description." if line.startswith("TODO") else line
        for line in posting.body.splitlines()
    )
    header = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{header}---\n{body}\n", encoding="utf-8")


def sitegen(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = sitegen_main(list(args), stdout=out, stderr=err)
    return status, out.getvalue() + err.getvalue()


@pytest.fixture
def imported_project(make_project: Callable[..., Path]) -> Path:
    root = make_project()
    sources = SOURCES + [str(path) for path in sorted(ADS.iterdir())]
    result = run(sources, root / "content" / "postings")
    assert result.status == 0, result.report
    assert len(result.paths) == len(sources) == 15
    return root


def test_placeholders_are_rejected_then_filled_drafts_check_and_build(
    imported_project: Path,
) -> None:
    root = imported_project
    postings = sorted((root / "content" / "postings").glob("*.md"))
    with_todo = {p.name for p in postings if "TODO" in p.read_text(encoding="utf-8")}
    assert with_todo  # the ads alone leave employment_type to fill in

    status, output = sitegen("check", "--root", str(root))
    assert status == 1
    flagged = {name for name in with_todo if name in output}
    assert flagged == with_todo
    assert "still holds a placeholder (TODO): fill it in" in output

    for path in postings:
        fill_posting(path)
    status, output = sitegen("check", "--root", str(root))
    assert status == 0, output
    assert "no problems found (15 postings checked)" in output

    for path in postings:
        rel = path.relative_to(root).as_posix()
        posting = parse_posting(path.read_text(encoding="utf-8"), rel)
        assert posting.draft is True
        assert posting.slug == path.stem

    status, output = sitegen("build", "--root", str(root), "--drafts", "--date", "2026-11-22")
    assert status == 0, output
    for path in postings:
        page = (root / "output" / "jobs" / path.stem / "index.html").read_text("utf-8")
        # no markup of the source shows on the page as text
        assert not re.search(r"&lt;/?[a-zA-Z!]", page), path.name


@pytest.mark.parametrize("source", SOURCES, ids=[Path(s).name for s in SOURCES])
def test_imported_values_survive_the_core_parser(source: str, tmp_path: Path) -> None:
    path = run([source], tmp_path / "content" / "postings").paths[0]
    draft = read_posting(path).front_matter
    fill_posting(path)
    posting = parse_posting(path.read_text(encoding="utf-8"), path.name)
    if not draft["title"].startswith("TODO"):
        assert posting.title == draft["title"]
    if not draft["company"]["name"].startswith("TODO"):
        assert posting.company.name == draft["company"]["name"]
    if not draft["apply"].startswith("TODO"):
        assert posting.apply.removeprefix("mailto:") == draft["apply"]
    salary = draft.get("salary")
    if salary and posting.salary:
        assert (posting.salary.min, posting.salary.max) == (salary["min"], salary.get("max"))


def test_an_unfilled_draft_names_each_placeholder(tmp_path: Path) -> None:
    path = run([str(ADS / "application-guide.txt")], tmp_path).paths[0]
    with pytest.raises(BuildError) as caught:
        parse_posting(path.read_text(encoding="utf-8"), path.name)
    fields = {error.field for error in caught.value.errors}
    assert {"apply", "employment_type", "location.regions"} <= fields
