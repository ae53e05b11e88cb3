"""`sitegen check` output, compared exactly with the expected files beside the fixture postings.

tests/ci/fixtures/check/ is a project with broken postings. Each expected file is the whole
output of one command; rewrite them after an intended change with SITEGEN_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.reporting import annotation
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = FIXTURES / "check"
BROKEN = "content/postings/salary-swapped.md"
DUPLICATE_A = "content/postings/a/backend-engineer.md"
DUPLICATE_B = "content/postings/b/backend-engineer.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture project with the repository's theme, copied so nothing can touch the original."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    shutil.copytree(REPO / "themes", root / "themes")
    return root


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def golden(name: str, actual: str) -> None:
    expected = FIXTURES / name
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("github", "check.github.txt"), ("json", "check.json"), ("summary", "check.summary.md")],
)
def test_whole_project(project: Path, fmt: str, expected: str) -> None:
    code, out, err = run("check", "--root", str(project), "--format", fmt)
    assert (code, err) == (1, "")
    golden(expected, out)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("github", "check-files.github.txt"),
        ("json", "check-files.json"),
        ("summary", "check-files.summary.md"),
    ],
)
def test_named_files(
    project: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, expected: str
) -> None:
    monkeypatch.chdir(project)
    files = ["content/postings/valid-job.md", BROKEN, DUPLICATE_B]
    code, out, err = run("check", "--format", fmt, *files)
    assert (code, err) == (1, "")
    golden(expected, out)


def test_annotations_keep_contributor_text_inside_the_command(project: Path) -> None:
    """A value with % or :: cannot end its workflow command or start another."""
    path = project / BROKEN
    path.write_text(path.read_text().replace('"full time%"', '"%0A::warning::x"'))
    _, out, _ = run("check", "--root", str(project), "--format", "github", str(project / BROKEN))
    annotations = [line for line in out.splitlines() if "title=employment_type" in line]
    assert annotations == [
        "::error file=content/postings/salary-swapped.md,line=11,title=employment_type::"
        "employment_type: '%250A::warning::x' is not known: use one of full-time, "
        "part-time, contract, temporary, internship, volunteer, per-diem, other"
    ]


def test_annotation_escaping() -> None:
    """Messages escape %, CR and LF; properties also escape : and , (as GitHub's toolkit does)."""
    assert (
        annotation("error", "a,b:c.md", 3, "x:y,z", "50%\r\n::warning::no")
        == "::error file=a%2Cb%3Ac.md,line=3,title=x%3Ay%2Cz::50%25%0D%0A::warning::no"
    )
    assert annotation("error", "f.md", None, "t", "m") == "::error file=f.md,title=t::m"


def test_json_is_parseable_and_complete(project: Path) -> None:
    _, out, _ = run("check", "--root", str(project), "--format", "json")
    report = json.loads(out)
    assert report["ok"] is False
    assert {p["file"] for p in report["problems"]} == {
        DUPLICATE_A,
        DUPLICATE_B,
        BROKEN,
        "content/postings/no-front-matter.md",
        "content/postings/unknown-field.md",
    }


def test_clean_project_in_every_format(project: Path) -> None:
    for path in (project / "content" / "postings").rglob("*.md"):
        if path.name != "valid-job.md":
            path.unlink()
    assert run("check", "--root", str(project)) == (
        0,
        "no problems found (1 posting checked)\n",
        "",
    )
    assert run("check", "--root", str(project), "--format", "github") == (
        0,
        "sitegen check: no problems in 1 posting\n",
        "",
    )
    code, out, _ = run("check", "--root", str(project), "--format", "json")
    assert (code, json.loads(out)) == (0, {"ok": True, "problems": [], "warnings": []})
    code, out, _ = run("check", "--root", str(project), "--format", "summary")
    assert code == 0
    assert "**No problems found.**" in out and "| ✅ | Data Engineer" in out


@pytest.mark.parametrize("which", [DUPLICATE_A, DUPLICATE_B])
def test_either_file_of_a_duplicate_pair_is_caught_alone(project: Path, which: str) -> None:
    other = DUPLICATE_B if which == DUPLICATE_A else DUPLICATE_A
    code, _, err = run("check", "--root", str(project), str(project / which))
    assert code == 1
    assert err.splitlines() == [
        f"{which}: its URL /jobs/backend-engineer/ is the same (ignoring letter case) as that "
        f"of {other}: rename one of the files",
        f"{which}:2: id: the same id is used by {other}: every posting needs its own "
        "(`sitegen new` makes one)",
        "2 problems in 1 file; nothing was written",
    ]


def test_files_relative_to_the_current_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FILE is relative to where the command runs, with .. resolved, wherever --root points."""
    monkeypatch.chdir(project / "content")
    code, _, err = run("check", "--root", "..", "postings/../postings/salary-swapped.md")
    assert code == 1
    assert err.splitlines()[-1] == "2 problems in 1 file; nothing was written"
    assert all(line.startswith(BROKEN + ":") for line in err.splitlines()[:-1])
    monkeypatch.chdir(project.parent)
    code, _, err = run("check", "--root", "project", "project/content/postings/valid-job.md")
    assert (code, err) == (0, "")


def test_files_that_are_not_content_are_reported(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x")
    (project / "notes.md").write_text("x")
    code, _, err = run(
        "check",
        "--root",
        str(project),
        str(project / "content/postings/missing.md"),
        str(project / "content/postings"),
        str(project / "notes.md"),
        str(outside),
        str(project / "sitegen.toml"),
    )
    assert code == 1
    assert err.splitlines() == [
        f"{outside.as_posix()}: is not in the project folder {project}",
        "content/postings: is a folder: name the .md files in it, or leave FILE out to check all",
        "content/postings/missing.md: not found: check the file name",
        "notes.md: is not under content/: `sitegen check FILE` checks postings and pages",
        "4 problems in 4 files; nothing was written",
    ]


def test_summary_names_a_posting_with_one_wrong_field_and_reads_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A posting whose front matter was read has problems to fix; only a file that could not
    be read at all is said to be so."""
    valid = project / "content" / "postings" / "valid-job.md"
    valid.write_text(valid.read_text().replace("currency: CAD", "currency: CADX"))
    monkeypatch.chdir(project)
    code, out, _ = run("check", "--format", "summary", "content/postings/valid-job.md")
    assert code == 1
    [row] = [line for line in out.splitlines() if "valid-job.md`" in line and line.startswith("|")]
    assert "1 problem to fix: see below" in row and "could not be read" not in row
    assert row.startswith("| ❌ 1 | Data Engineer \\| Pipelines \\*and\\* \\[Tools\\]<br>")
