"""Hostile sizes: every content-processing step is linear in its input, and a file past a
documented limit (sitegen/content/limits.py, README 'Limits') is refused by `check` and
`build` with the figure and the limit, before it is read whole or parsed. Each run is
bounded in time and memory by tests/hostile/sandbox.py, so a quadratic step or a memory
blow-up fails the test rather than stall CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.content.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_FILE_BYTES,
    MAX_HEADINGS,
    MAX_TABLE_CELLS,
)
from sitegen.render.theme import MAX_STATIC_BYTES, MAX_TEMPLATE_BYTES
from tests.conftest import posting_text
from tests.hostile.project import write_project
from tests.hostile.sandbox import check_and_build, python, sitegen

MB = 1024 * 1024


def project(tmp_path: Path, body: str) -> Path:
    return write_project(
        tmp_path / "project", {"content/postings/job.md": posting_text("job", body=body)}
    )


def test_twenty_thousand_headings_get_their_anchors_in_linear_time() -> None:
    # the Markdown renderer has no limit of its own: the anchor loop must stay linear
    # (it was quadratic: 20,000 '## a' took minutes); bounded by the child's timeout
    out = python(
        "from sitegen.render.markdown import render\n"
        "html = render('## a\\n\\n' * 20000 + '## a-3\\n').html\n"
        "print(html.count('<h3 id='), 'id=\"a-20000\"' in html, 'id=\"a-3-2\"' in html)",
        timeout=30,
    )
    assert out.split() == ["20001", "True", "True"]


def test_a_hundred_thousand_blank_lines_pass_the_todo_check_in_linear_time() -> None:
    out = python(
        "from sitegen.content.parse import parse_posting\n"
        "from sitegen.errors import BuildError\n"
        "from tests.conftest import posting_text\n"
        "text = posting_text('job', body='x\\n' + '\\n' * 1_000_000 + 'TODO: y\\n')\n"
        "try:\n"
        "    parse_posting(text, 'job.md')\n"
        "except BuildError as exc:\n"
        "    print(exc)\n",
        timeout=30,
    )
    assert "job.md:1000020: the description still holds a placeholder (TODO)" in out


def test_a_52_megabyte_posting_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = project(tmp_path, "Lorem ipsum dolor sit amet.\n\n" * 1_800_000)
    size = (root / "content/postings/job.md").stat().st_size
    assert size > 50_000_000
    # 300 MB of address space: enough for sitegen, far from enough to hold the file as text
    checked = check_and_build(root, memory=300 * MB)
    assert checked.problems == [
        f"content/postings/job.md: is {size / MB:.1f} MB: a file here may be at most 1 MB "
        "(see 'Limits' in the README)"
    ]


def test_a_two_megabyte_table_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    root = project(
        tmp_path, "| a | b | c | d |\n|---|---|---|---|\n" + "| x | y | z | w |\n" * 120_000
    )
    checked = check_and_build(root, memory=600 * MB)
    assert checked.problems[0].startswith("content/postings/job.md: is 2.1 MB: a file here may")


def test_a_table_past_the_cell_limit_is_refused_with_the_figures(tmp_path: Path) -> None:
    rows = MAX_TABLE_CELLS // 4 + 10
    root = project(
        tmp_path, "Intro.\n\n| a | b | c | d |\n|---|---|---|---|\n" + "| x | y | z | w |\n" * rows
    )
    checked = check_and_build(root)
    over = 20 + MAX_TABLE_CELLS // 4 + 1  # the line of the first row past the limit
    assert checked.problems == [
        f"content/postings/job.md:{over}: the description's tables have about "
        f"{(rows + 2) * 4:,} cells: keep them under {MAX_TABLE_CELLS:,} "
        "(a long table belongs on a page of its own)"
    ]


def test_headings_past_the_limit_are_refused_with_the_figures(tmp_path: Path) -> None:
    root = project(tmp_path, "## a\n\n" * (MAX_HEADINGS + 50))
    checked = check_and_build(root)
    line = 19 + 2 * MAX_HEADINGS
    assert checked.problems == [
        f"content/postings/job.md:{line}: the description has {MAX_HEADINGS + 50} headings: "
        f"keep it to at most {MAX_HEADINGS}"
    ]


def test_a_description_past_the_limit_is_refused_with_the_figures(tmp_path: Path) -> None:
    body = "word " * (MAX_DESCRIPTION_CHARS // 5 + 1000)
    root = project(tmp_path, body)
    checked = check_and_build(root)
    assert checked.problems == [
        f"content/postings/job.md:19: the description is {len(body) + 1:,} characters long: "
        f"keep it under {MAX_DESCRIPTION_CHARS:,} (a posting is read on one page; link to more)"
    ]


def test_pages_and_notes_have_the_same_limits(tmp_path: Path) -> None:
    page = "---\ntitle: About\n---\n" + "## a\n" * (MAX_HEADINGS + 1)
    root = write_project(tmp_path / "project", {"content/pages/about.md": page})
    checked = check_and_build(root)
    assert checked.problems[0].startswith(
        f"content/pages/about.md:{4 + MAX_HEADINGS}: the description has {MAX_HEADINGS + 1}"
    )


@pytest.mark.timeout(120)
def test_a_posting_at_every_limit_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    headings = "".join(f"## Part {i}\n\nSome *text* and a [link](https://example.com/{i}).\n\n"
                       for i in range(MAX_HEADINGS))  # fmt: skip
    table = "| a | b | c | d |\n|---|---|---|---|\n" + "| x | y | z | w |\n" * (
        MAX_TABLE_CELLS // 4 - 3
    )
    body = headings + table
    body += "\nLorem ipsum dolor sit amet. " * ((MAX_DESCRIPTION_CHARS - len(body) - 100) // 29)
    assert MAX_DESCRIPTION_CHARS - 200 < len(body) < MAX_DESCRIPTION_CHARS
    root = project(tmp_path, body)
    assert sitegen("check", "--root", str(root), timeout=60).code == 0
    assert sitegen("build", "--root", str(root), timeout=60).code == 0
    site = sum(p.stat().st_size for p in (root / "output").rglob("*") if p.is_file())
    assert site < 5 * MB  # every copy of the posting (page, feeds, search) together


@pytest.mark.parametrize(
    ("where", "size", "limit"),
    [
        ("themes/default/templates/huge.html", MAX_TEMPLATE_BYTES + 1, "1 MB"),
        ("themes/default/static/huge.woff2", MAX_STATIC_BYTES + 1, "10 MB"),
        ("sitegen.toml", MAX_FILE_BYTES + 1, "1 MB"),
        ("content/postings/sparse.md", 5 * 1024 * MB, "1 MB"),
    ],
)
def test_oversized_theme_config_and_sparse_files_are_refused_unread(
    where: str, size: int, limit: str, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    with open(root / where, "ab") as handle:  # sparse: no disk space used
        os.truncate(handle.fileno(), size)
    checked = check_and_build(root, memory=400 * MB)
    assert any(line.startswith(f"{where}: is ") and f"may be at most {limit}" in line
               for line in checked.problems), checked.err  # fmt: skip


PATHOLOGICAL = {
    "emphasis": "*a ",
    "nested-emphasis": "*_",
    "brackets": "[",
    "images": "![",
    "links": "[a](",
    "link-titles": '[a](b "',
    "backticks": "`a``",
    "entities": "&#",
    "autolinks": "<a:",
    "setext": "a\n=\n",
    "table-row": "|a",
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_pathological_markdown_at_the_limit_renders_in_bounded_time(case: str) -> None:
    # CommonMark's known pathological inputs, as long as a description may be: each
    # rendered (page HTML, summary, search words) well inside the child's bounds
    unit = PATHOLOGICAL[case]
    out = python(
        "from sitegen.render.description import describe\n"
        f"text = {unit!r} * ({MAX_DESCRIPTION_CHARS} // {len(unit)})\n"
        "print(len(describe(text, '/').html) > 0)",
        timeout=45,
        memory=1024 * MB,
    )
    assert out.strip() == "True"
