"""The command line, run in process: build, check and new."""

from __future__ import annotations

import io
import re
import socket
from pathlib import Path
from typing import Any

import yaml

from sitegen.cli import main
from sitegen.content.parse import parse_posting
from tests.conftest import MakeProject, posting_text


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_build_writes_the_site(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    code, out, err = run("build", "--root", str(root), "--date", "2026-11-22")
    assert (code, err) == (0, "")
    assert re.match(r"built \d+ pages \(\d+ files\) into .*: 1 open postings, 0 closed", out)
    assert (root / "output" / "jobs" / "job" / "index.html").is_file()
    assert (root / "output" / ".nojekyll").is_file()


def test_check_lists_every_problem_and_writes_nothing(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/postings/one.md": posting_text("one", title='""'),
            "content/postings/two.md": posting_text("two", extra="colour: blue\n"),
        }
    )
    code, _out, err = run("check", "--root", str(root))
    assert code == 1
    assert err.splitlines() == [
        "content/postings/one.md:3: title: must not be empty",
        "content/postings/two.md:18: colour: unknown field: known fields: id, title, company, "
        "date, updated, apply, direct_apply, location, employment_type, salary, tags, closes, "
        "draft, aliases",
        "2 problems in 2 files; nothing was written",
    ]
    assert not (root / "output").exists()


def test_check_clean(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    assert run("check", "--root", str(root)) == (0, "no problems found (1 posting checked)\n", "")


def test_duplicate_ids_and_urls_name_both_files(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/postings/a/job.md": posting_text("job"),
            "content/postings/b/job.md": posting_text("job"),
        }
    )
    code, _, err = run("check", "--root", str(root))
    assert code == 1
    lines = err.splitlines()
    assert lines == [
        "content/postings/a/job.md: its URL /jobs/job/ is the same (ignoring letter case) as "
        "that of content/postings/b/job.md: rename one of the files",
        "content/postings/a/job.md:2: id: the same id is used by content/postings/b/job.md: "
        "every posting needs its own (`sitegen new` makes one)",
        "content/postings/b/job.md: its URL /jobs/job/ is the same (ignoring letter case) as "
        "that of content/postings/a/job.md: rename one of the files",
        "content/postings/b/job.md:2: id: the same id is used by content/postings/a/job.md: "
        "every posting needs its own (`sitegen new` makes one)",
        "4 problems in 2 files; nothing was written",
    ]


def test_failed_build_leaves_previous_output(make_project: MakeProject) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    assert run("build", "--root", str(root), "-q")[0] == 0
    page = root / "output" / "jobs" / "job" / "index.html"
    before = page.read_bytes()
    (root / "content" / "postings" / "broken.md").write_text("no front matter\n")
    code, _out, err = run("build", "--root", str(root))
    assert code == 1 and "broken.md:1: no front matter found" in err
    assert page.read_bytes() == before


def test_new_writes_a_posting_that_check_rejects_until_filled(make_project: MakeProject) -> None:
    root = make_project()
    code, out, _ = run(
        "new",
        "Senior Engineer: Data",
        "--company",
        "Acme & Co",
        "--root",
        str(root),
        "--date",
        "2026-11-20",
    )
    assert code == 0
    path = root / "content" / "postings" / "acme-co-senior-engineer-data.md"
    assert out == f"wrote {path}: fill in the fields marked TODO, then run `sitegen check`\n"
    code, _, err = run("check", "--root", str(root))
    assert code == 1
    text = path.read_text()
    # the schema comment heads the front matter, and errors still name their own lines
    assert text.splitlines()[1] == (
        "# yaml-language-server: $schema=https://example.github.io/digest/schema/posting.json"
    )
    apply_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("apply:"))
    assert f"acme-co-senior-engineer-data.md:{apply_line}: apply: still holds a placeholder" in err
    assert "import" not in err  # `new` wrote these placeholders, not `import`
    fields = {line.split(": ")[1] for line in err.splitlines()[:-1]}
    assert fields == {
        "apply",
        "location.arrangement",
        "employment_type",
        "the description still holds a placeholder (TODO)",
    }
    text = (
        text.replace(
            '"TODO: the application web address (https://...) or an email address"',
            "https://acme.example/jobs/1",
        )
        .replace('"TODO: one of remote, hybrid, on-site"', "remote\n  regions: [Worldwide]")
        .replace(
            '"TODO: one of full-time, part-time, contract, temporary, internship, volunteer, '
            'per-diem, other"',
            "contract",
        )
        .replace("TODO: describe the role", "Describe the role")
    )
    path.write_text(text)
    assert run("check", "--root", str(root))[0] == 0
    posting = parse_posting(text, "x.md")
    assert (posting.title, posting.company.name) == ("Senior Engineer: Data", "Acme & Co")
    assert str(posting.posted.date()) == "2026-11-20"
    # a second posting with the same title gets its own file and id
    run("new", "Senior Engineer: Data", "--company", "Acme & Co", "--root", str(root))
    second = path.with_name("acme-co-senior-engineer-data-2.md")
    assert second.is_file() and posting.id not in second.read_text()


def test_new_writes_the_place_it_is_given_and_regions_only_for_remote(
    make_project: MakeProject,
) -> None:
    root = make_project()
    folder = root / "content" / "postings"
    made = {
        "remote": ["--arrangement", "remote", "--region", "eu", "--region", "US"],
        "office": ["--arrangement", "on-site", "--city", "Zürich", "--country", "ch"],
        "hybrid": ["--arrangement", "hybrid"],
    }
    for title, options in made.items():
        assert run("new", title, "--company", "Acme", "--root", str(root), *options)[0] == 0
    remote, office, hybrid = (
        parse_front(folder / f"acme-{title}.md") for title in ("remote", "office", "hybrid")
    )
    assert remote == {"arrangement": "remote", "regions": ["EU", "US"]}
    assert office == {"arrangement": "on-site", "city": "Zürich", "country": "CH"}
    assert hybrid["arrangement"] == "hybrid" and "regions" not in hybrid
    assert hybrid["city"].startswith("TODO") and hybrid["country"].startswith("TODO")
    employment = (folder / "acme-office.md").read_text().split("employment_type: ")[1]
    for kind in ("full-time", "part-time", "contract", "temporary", "internship", "volunteer",
                 "per-diem", "other"):  # fmt: skip
        assert kind in employment.splitlines()[0]


def parse_front(path: Path) -> dict[str, Any]:
    location = yaml.safe_load(path.read_text().split("---")[1])["location"]
    assert isinstance(location, dict)
    return location


def test_new_refuses_a_place_that_does_not_fit_and_writes_nothing(
    make_project: MakeProject,
) -> None:
    root = make_project()
    code, _, err = run(
        "new", "Job", "--company", "Acme", "--root", str(root),
        "--arrangement", "on-site", "--region", "Worldwide", "--country", "Germany",
    )  # fmt: skip
    assert code == 1
    assert "sitegen new: --region: is for remote postings, and this one is on-site" in err
    assert "--country: unknown country 'Germany': did you mean 'DE'?" in err
    assert not list((root / "content" / "postings").glob("*.md"))


def test_serve_on_a_taken_port_says_so_and_how_to_choose_another(
    make_project: MakeProject,
) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("serve", "--root", str(root), "--port", str(port))
    assert (code, out) == (1, "")
    assert err == (
        f"sitegen serve: port {port} on 127.0.0.1 is already taken, perhaps by another "
        "`sitegen serve`: stop that program, or choose another port with --port, e.g. "
        f"--port {port + 1}\n"
    )


def test_missing_project_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("build", "--root", str(tmp_path))
    assert code == 1
    assert (
        err.splitlines()[0]
        == f"{tmp_path / 'sitegen.toml'}: not found: is this the project folder?"
    )


def test_drafts_are_built_only_on_request_and_marked(make_project: MakeProject) -> None:
    root = make_project({"content/postings/wip.md": posting_text("wip", extra="draft: true\n")})
    assert run("build", "--root", str(root), "-q")[0] == 0
    assert not (root / "output" / "jobs" / "wip").exists()
    assert run("build", "--root", str(root), "-q", "--drafts")[0] == 0
    page = (root / "output" / "jobs" / "wip" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    assert "Draft: this posting is not published" in page
    assert "application/ld+json" not in page


def test_import_writes_drafts_that_check_rejects_until_filled(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project()
    ad = tmp_path / "ad.md"
    ad.write_text(
        "# [Data Engineer](https://jobs.example/apply/7)\n### Prairie Data\n"
        "#### `💰 USD $90,000~$120,000` `🌎 Remote US`\n\nWe move data around.\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", str(ad), "--root", str(root), "--date", "2026-11-20")
    assert code == 0
    [draft] = (root / "content" / "postings").glob("*.md")
    assert draft.name == "prairie-data-data-engineer.md"
    assert f"-> {draft} (draft)" in out
    assert draft.read_text().startswith(
        "---\n# yaml-language-server: $schema=https://example.github.io/digest/schema/posting.json\n"
    )
    code, _, err = run("check", "--root", str(root))
    assert code == 1 and "employment_type: still holds a placeholder" in err
    draft.write_text(
        draft.read_text().replace(
            draft.read_text().split("employment_type: ")[1].split("\n")[0], "full-time"
        )
    )
    assert run("check", "--root", str(root))[0] == 0
    posting = parse_posting(draft.read_text(), "x.md")
    assert (posting.title, posting.company.name, posting.apply, posting.draft) == (
        "Data Engineer",
        "Prairie Data",
        "https://jobs.example/apply/7",
        True,
    )
    assert posting.salary is not None and (posting.salary.min, posting.salary.max) == (
        90000,
        120000,
    )


def test_the_console_script_exits_with_mains_code_and_all_its_output(
    make_project: MakeProject,
) -> None:
    """run() ends the process without the interpreter's teardown: its exit code is still
    main's, and everything printed reaches a pipe first."""
    import os
    import subprocess
    import sys

    root = make_project({"content/postings/job.md": posting_text("job")})
    script = "from sitegen.cli import run; run()"
    for code, stream in [(0, "stdout"), (1, "stderr")]:
        if code:
            (root / "content/postings/job.md").write_text(posting_text("job", title='""'))
        done = subprocess.run(
            [sys.executable, "-c", script, "build", "--root", str(root), "--date", "2026-11-22"],
            capture_output=True,
            text=True,
            check=False,
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},  # buffered
        )
        assert done.returncode == code
        printed = done.stdout if stream == "stdout" else done.stderr
        last = "built " if code == 0 else "nothing was written"
        assert last in printed.splitlines()[-1], printed


def test_a_fork_builds_with_its_own_address_and_repository(make_project: MakeProject) -> None:
    """The Pages workflow passes the fork's address and repository; sitegen.toml names another."""
    root = make_project({"content/postings/job.md": posting_text("job")})
    config = root / "sitegen.toml"
    config.write_text(config.read_text() + 'repository = "upstream/digest"\n')
    code, _, err = run(
        "build", "--root", str(root), "--date", "2026-11-22",
        "--base-url", "https://fork.github.io/jobs", "--repository", "fork/jobs",
    )  # fmt: skip
    assert (code, err) == (0, "")
    submit = (root / "output" / "submit" / "index.html").read_text()
    assert 'data-repository="fork/jobs"' in submit
    assert "upstream/digest" not in submit
    page = (root / "output" / "jobs" / "job" / "index.html").read_text()
    assert 'href="https://fork.github.io/jobs/jobs/job/"' in page

    code, _, err = run("build", "--root", str(root), "--repository", "not a repository")
    assert code == 1
    assert err.splitlines()[0] == ("--repository: must be a GitHub repository as 'owner/name'")
