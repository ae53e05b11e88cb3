"""Environment faults and broken settings: each is a clear error (exit 1) saying what to do,
never an internal error, and never damages a file sitegen did not write. Every run is a
bounded child process (tests/hostile/sandbox.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CONFIG, posting_text
from tests.hostile.project import write_project
from tests.hostile.sandbox import check_and_build, sitegen

JOB = {"content/postings/job.md": posting_text("job")}
BASE_LINE = 'base_url = "https://example.github.io/digest/"'


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_full_disk_names_the_output_and_leaves_the_previous_site(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    assert sitegen("build", "--root", str(root)).code == 0
    before = tree(root / "output")
    (root / "content/postings/job.md").write_text(posting_text("job", title="Changed"))
    # the kernel refuses writes past 4 KB with EFBIG, as a full disk refuses with ENOSPC
    result = sitegen("build", "--root", str(root), file_size=4096)
    assert result.code == 1
    assert result.err.startswith(f"{root / 'output'}: could not write the new site (at ")
    assert "larger than this system or your file-size limit (ulimit -f) allows" in result.err
    assert "the previous site is untouched" in result.err
    assert tree(root / "output") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []


def test_a_link_planted_as_the_staging_folder_empties_no_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    victim = tmp_path / "thesis.txt"
    victim.write_text("precious")
    for name in (".output.sitegen-staging", ".output.lock", ".output.spare"):
        (root / name).symlink_to(victim)
    assert sitegen("build", "--root", str(root)).code == 0
    assert victim.read_text() == "precious"


def test_email_out_as_a_link_replaces_the_link_not_the_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    victim = tmp_path / "thesis.txt"
    victim.write_text("precious")
    out = root / "edition.eml"
    out.symlink_to(victim)
    args = ("email", "2026-W47", "--root", str(root), "--out", str(out), "--date", "2026-11-24")
    assert sitegen(*args).code == 0
    assert victim.read_text() == "precious"
    assert not out.is_symlink() and out.read_bytes().startswith(b"Subject: Edition 2026-W47")


def test_email_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    out = tmp_path / "missing" / "edition.eml"
    result = sitegen("email", "2026-W47", "--root", str(root), "--out", str(out),
                     "--date", "2026-11-24")  # fmt: skip
    assert result.code == 1
    assert result.err.startswith(f"{out}: could not write it: No such file or directory")


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://[::1/x/", "cannot read the host of 'http://[::1/x/'"),
        ("https://example.com:99999/", "the port '99999' is not a port: write a number from 1"),
        ("https://example.com:abc/", "the port 'abc' is not a port"),
        ("https://example.com:0/", "the port '0' is not a port"),
        ("https://:8080/", "names no host"),
        ("https://me:secret@example.com/", "must not hold a user name or password"),
    ],
)
def test_a_base_url_no_browser_could_use_is_refused(
    base_url: str, expected: str, tmp_path: Path
) -> None:
    config = CONFIG.replace(BASE_LINE, f'base_url = "{base_url}"')
    assert BASE_LINE in CONFIG
    root = write_project(tmp_path / "project", JOB, config)
    checked = check_and_build(root)
    assert checked.problems[0].startswith(f"sitegen.toml:3: base_url: {expected}")
    result = sitegen("build", "--root", str(tmp_path / "project"), "--base-url", base_url)
    assert result.code == 1 and expected in result.err


@pytest.mark.parametrize("port", ["1", "8080", "65535"])
def test_real_ports_are_kept_in_every_absolute_url(port: str, tmp_path: Path) -> None:
    config = CONFIG.replace(BASE_LINE, f'base_url = "http://127.0.0.1:{port}/digest/"')
    root = write_project(tmp_path / "project", JOB, config)
    assert sitegen("build", "--root", str(root)).code == 0
    assert f"http://127.0.0.1:{port}/digest/jobs/job/" in (root / "output/feed.xml").read_text()


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("sitegen.toml", CONFIG + "x = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("sitegen.toml", CONFIG + "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
        ("themes/default/theme.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
    ],
    ids=["config-arrays", "config-tables", "theme-toml"],
)
def test_deeply_nested_toml_is_a_clear_error(where: str, text: str, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    (root / where).write_text(text)
    checked = check_and_build(root)
    assert checked.problems == [
        f"{where}: values are nested too deeply for a site setting: flatten them"
    ]


def test_a_template_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    base = root / "themes/default/templates/base.html"
    lines = base.read_bytes().split(b"\n")
    lines[2] += " caf\xe9".encode("latin-1")
    base.write_bytes(b"\n".join(lines))
    checked = check_and_build(root)
    assert checked.problems == [
        "themes/default/templates/base.html:3: the file is not UTF-8 (byte 0xE9 looks like "
        "Windows-1252 or Latin-1): save it as UTF-8"
    ]


def test_a_config_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    (root / "sitegen.toml").write_bytes(CONFIG.replace("Jobs", "Caf\xe9").encode("latin-1"))
    checked = check_and_build(root)
    assert checked.problems == ["sitegen.toml: save it as UTF-8"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_value_shifts_no_later_line(separator: str, tmp_path: Path) -> None:
    text = posting_text("job", title=f'"Engineer{separator}Senior"', extra="bogus: 1\n")
    lines = text.split("\n")
    bogus = lines.index("bogus: 1") + 1  # the file line editors show: 18
    root = write_project(tmp_path / "project", {"content/postings/job.md": text})
    checked = check_and_build(root)
    assert checked.problems[-1].startswith(f"content/postings/job.md:{bogus}: bogus: unknown field")


@pytest.mark.parametrize("dangling", [False, True])
def test_new_never_writes_through_a_planted_link(dangling: bool, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", JOB)
    victim = tmp_path / "thesis.txt"
    if not dangling:
        victim.write_text("precious")
    planted = root / "content/postings/acme-engineer.md"
    planted.symlink_to(victim)
    result = sitegen("new", "Engineer", "--company", "Acme", "--root", str(root))
    assert result.code == 0
    assert result.out.startswith(f"wrote {root / 'content/postings/acme-engineer-2.md'}")
    assert planted.is_symlink()
    assert victim.read_text() == "precious" if not dangling else not victim.exists()
