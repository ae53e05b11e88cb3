"""`run_import` end to end, in-process: sources, output names, messages, exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.importer.command import run_import

from .helpers import FIXTURES, TODAY, read_posting, run, without_id

BOARD = FIXTURES / "imports" / "board-macroman.md"
AD = """# [Rust Engineer](https://example.com/jobs/rust)
### Oxide Works
#### `💰 €70.000 - €85.000` `🌎 Remote (EU)` `Full Time`

We build embedded tooling.

We are an equal opportunity employer and value diversity.

## CLICK TO [APPLY](https://example.com/jobs/rust/apply)
"""


def test_standard_input_is_read_for_a_dash(tmp_path: Path) -> None:
    result = run(["-"], tmp_path, stdin=AD)
    posting = result.only()
    assert result.paths[0].name == "oxide-works-rust-engineer.md"
    assert without_id(posting.front_matter) == {
        "title": "Rust Engineer",
        "company": {"name": "Oxide Works"},
        "date": TODAY,
        "apply": "https://example.com/jobs/rust/apply",
        "location": {"arrangement": "remote", "regions": ["EU"]},
        "employment_type": "full-time",
        "salary": {"min": 70000, "max": 85000, "currency": "EUR", "period": "year"},
        "draft": True,
    }
    assert posting.body == "We build embedded tooling.\n"
    assert "<stdin> -> " in result.report


def test_keep_boilerplate_keeps_the_statements(tmp_path: Path) -> None:
    posting = run(["-"], tmp_path, stdin=AD, keep_boilerplate=True).only()
    assert "We are an equal opportunity employer and value diversity." in posting.body


def test_several_sources_give_one_draft_each(tmp_path: Path) -> None:
    sources = [str(p) for p in sorted((FIXTURES / "imports").glob("board-*.md"))]
    result = run(sources, tmp_path)
    assert result.status == 0
    assert len(result.paths) == len(sources) == 3
    assert "imported 3 of 3 sources as drafts" in result.report
    ids = {read_posting(p).front_matter["id"] for p in result.paths}
    assert len(ids) == 3


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    taken = tmp_path / "nordlicht-software-gmbh-frontend-engineer-react.md"
    taken.write_text("maintainer's own file\n", encoding="utf-8")
    first = run([str(BOARD)], tmp_path)
    second = run([str(BOARD)], tmp_path)
    assert taken.read_text(encoding="utf-8") == "maintainer's own file\n"
    stem = "nordlicht-software-gmbh-frontend-engineer-react"
    assert [p.name for p in first.paths] == [f"{stem}-2.md"]
    assert [p.name for p in second.paths] == [f"{stem}-3.md"]


def test_the_output_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "content" / "postings"
    assert run([str(BOARD)], out).only().front_matter["draft"] is True


def test_no_sources_is_an_error(tmp_path: Path) -> None:
    result = run([], tmp_path)
    assert result.status == 1
    assert "no SOURCE given; pass file paths, or - for standard input" in result.report


def problem_files(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    return {
        "empty.md": (b"  \n", "is empty; nothing to import"),
        "binary.md": (b"\x00\x01\x02abc", "looks like a binary file, not text"),
        "bad-yaml.md": (
            b"---\ntitle: [unclosed\n---\nbody\n",
            "front matter is not valid YAML (line 3)",
        ),
        "unclosed.md": (
            b"---\ntitle: x\nbody without an end\n",
            "front matter starts with '---' but has no closing '---' line; add one",
        ),
        "bad-timestamp.md": (
            b"---\nposted: !!timestamp next tuesday\n---\nbody\n",
            "front matter is not valid YAML (line 2): 'next tuesday' is not a timestamp "
            "(YYYY-MM-DD); fix the YAML and import again",
        ),
        "ruby-tag.md": (
            b"---\ntitle: !ruby/object:Job x\n---\nbody\n",
            "front matter is not valid YAML (line 2): could not determine a constructor for "
            "the tag '!ruby/object:Job'; fix the YAML and import again",
        ),
        "list.md": (b"---\n- a\n- b\n---\nbody\n", "front matter is not a mapping"),
    }


def test_bad_sources_get_a_clear_message_and_the_rest_is_imported(tmp_path: Path) -> None:
    sources_dir = tmp_path / "sources"
    sources_dir.mkdir()
    cases = problem_files(tmp_path)
    for name, (data, _) in cases.items():
        (sources_dir / name).write_bytes(data)
    missing = sources_dir / "missing.md"
    names = [str(sources_dir / n) for n in cases] + [str(missing), str(sources_dir), str(BOARD)]
    result = run(names, tmp_path / "out")

    assert result.status == 1
    assert len(result.paths) == 1
    for name, (_, message) in cases.items():
        assert f"{sources_dir / name}: {message}" in result.report
    assert f"{missing}: no such file; check the path" in result.report
    assert f"{sources_dir}: is a folder; pass the files inside it" in result.report
    assert "Traceback" not in result.report
    assert f"imported 1 of {len(names)} sources as drafts" in result.report


def test_a_windows_1252_file_is_read_and_flagged(tmp_path: Path) -> None:
    source = tmp_path / "legacy.txt"
    source.write_bytes("Barista at Caf\xe9 Noir\n\nWe\x92re hiring.\n".encode("latin-1"))
    result = run([str(source)], tmp_path / "out")
    posting = result.only()
    assert posting.front_matter["company"] == {"name": "Café Noir"}
    assert "We\u2019re hiring." in posting.body
    assert "warning: file is not UTF-8; read it as Windows-1252" in result.report


def test_an_unwritable_output_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "postings"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = run([str(BOARD)], blocker)
    assert result.status == 1
    assert f"{BOARD}: cannot create the output folder {blocker}" in result.report
    assert "pass --out with a folder you can write to" in result.report


@pytest.mark.parametrize("name", ["board-cp1252.md", "plain-clean.txt"])
def test_text_imports_are_dated_today(name: str, tmp_path: Path) -> None:
    posting = run([str(FIXTURES / "imports" / name)], tmp_path).only()
    assert posting.front_matter["date"] == TODAY


def test_standard_input_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Title: Caf\xe9\n"), encoding="utf-8")
    stdout = io.StringIO()
    status = run_import(
        ["-"], tmp_path, keep_boilerplate=False, today=TODAY, stdin=stdin, stdout=stdout
    )
    assert status == 1
    assert "-: standard input is not UTF-8 text; save the ad to a file" in stdout.getvalue()
    assert list(tmp_path.iterdir()) == []
