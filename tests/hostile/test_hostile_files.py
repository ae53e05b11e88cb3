"""Hostile files, not only hostile text: what a pull request (or an unlucky disk) can put where
the site's files go. `check` refuses exactly what `build` refuses, names the file, and
neither stalls, exhausts memory or reads outside the project. Each run is bounded by
tests/hostile/sandbox.py (time and memory), so a regression fails rather than hang CI."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import posting_text
from tests.hostile.project import write_project
from tests.hostile.sandbox import check_and_build, sitegen

Plant = Callable[[Path], None]


def _links(folder: str, target: str, *names: str) -> Plant:
    def plant(root: Path) -> None:
        for name in names:
            (root / folder / name).symlink_to(target)

    return plant


def _fifo(path: str) -> Plant:
    return lambda root: os.mkfifo(root / path)


def _socket(path: str) -> Plant:
    def plant(root: Path) -> None:
        # a socket's path may be at most ~100 bytes: bind from inside its folder
        here = os.getcwd()
        os.chdir((root / path).parent)
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind((root / path).name)
        finally:
            os.chdir(here)

    return plant


# case -> (what to plant, the problem check and build name)
REFUSED: dict[str, tuple[Plant, str]] = {
    "posting-to-dev-zero": (
        _links("content/postings", "/dev/zero", "zero.md"),
        "content/postings/zero.md: is a symbolic link to a file outside the project",
    ),
    "page-to-dev-zero": (
        lambda r: (
            (r / "content/pages").mkdir(),
            (r / "content/pages/z.md").symlink_to("/dev/zero"),
        ),
        "content/pages/z.md: is a symbolic link to a file outside the project",
    ),
    "three-links-to-parent": (
        _links("content/postings", "..", "a", "b", "c"),
        "content/postings/a: is a symbolic link to a folder: sitegen follows no linked folders",
    ),
    "link-to-itself": (
        _links("content/postings", ".", "again"),
        "content/postings/again: is a symbolic link to a folder",
    ),
    "link-loop": (
        lambda r: (
            (r / "content/postings/x.md").symlink_to("y.md"),
            (r / "content/postings/y.md").symlink_to("x.md"),
        ),
        "content/postings/x.md: is a symbolic link to nothing (or to a loop): remove it",
    ),
    "dangling-link": (
        _links("content/postings", "gone.md", "dangling.md"),
        "content/postings/dangling.md: is a symbolic link to nothing (or to a loop)",
    ),
    "static-to-root": (
        _links("themes/default/static", "/", "disk"),
        "themes/default/static/disk: is a symbolic link to a file outside the project",
    ),
    "static-to-parent": (
        _links("themes/default/static", "..", "up"),
        "themes/default/static/up: is a symbolic link to a folder",
    ),
    "static-to-dev-zero": (
        _links("themes/default/static", "/dev/zero", "zero.css"),
        "themes/default/static/zero.css: is a symbolic link to a file outside the project",
    ),
    "template-to-dev-zero": (
        _links("themes/default/templates", "/dev/zero", "zero.html"),
        "themes/default/templates/zero.html: is a symbolic link to a file outside",
    ),
    "fifo-posting": (
        _fifo("content/postings/pipe.md"),
        "content/postings/pipe.md: is not a regular file (a pipe, socket or device)",
    ),
    "fifo-static": (
        _fifo("themes/default/static/pipe.css"),
        "themes/default/static/pipe.css: is not a regular file (a pipe, socket or device)",
    ),
    "fifo-template": (
        _fifo("themes/default/templates/pipe.html"),
        "themes/default/templates/pipe.html: is not a regular file",
    ),
    "link-to-fifo-inside": (
        lambda r: (os.mkfifo(r / "pipe"), (r / "content/postings/p.md").symlink_to(r / "pipe")),
        "content/postings/p.md: is not a regular file (a pipe, socket or device)",
    ),
    "socket-posting": (
        _socket("content/postings/s.md"),
        "content/postings/s.md: is not a regular file (a pipe, socket or device)",
    ),
    "fifo-config": (
        lambda r: ((r / "sitegen.toml").unlink(), os.mkfifo(r / "sitegen.toml")),
        "sitegen.toml: is not a regular file (a pipe, socket or device)",
    ),
    "config-to-dev-zero": (
        lambda r: ((r / "sitegen.toml").unlink(), (r / "sitegen.toml").symlink_to("/dev/zero")),
        "sitegen.toml: is a symbolic link to a file outside the project",
    ),
    "fifo-theme-toml": (
        _fifo("themes/default/theme.toml"),
        "themes/default/theme.toml: is not a regular file (a pipe, socket or device)",
    ),
    "theme-toml-to-dev-zero": (
        _links("themes/default", "/dev/zero", "theme.toml"),
        "themes/default/theme.toml: is a symbolic link to a file outside the project",
    ),
    "not-markdown": (
        lambda r: (r / "content/postings/notes.txt").write_text("x"),
        "content/postings/notes.txt: only .md files are read here",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_check_refuses_what_build_refuses_without_stalling(case: str, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    plant, expected = REFUSED[case]
    plant(root)
    checked = check_and_build(root)
    assert any(line.startswith(expected) for line in checked.problems), checked.err


@pytest.mark.parametrize(
    "hidden",
    [
        ("content/postings/.cache", "/dev/zero"),
        ("content/postings/.loop", ".."),
        ("themes/default/static/.disk", "/"),
    ],
)
def test_hidden_names_are_never_opened(hidden: tuple[str, str], tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (root / hidden[0]).symlink_to(hidden[1])
    os.mkfifo(root / "content/postings/.pipe.md")
    assert sitegen("check", "--root", str(root)).code == 0
    assert sitegen("build", "--root", str(root)).code == 0
    assert (root / "output/jobs/job/index.html").is_file()


def test_content_outside_the_site_folders_is_not_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (root / "content/README").symlink_to("/dev/zero")
    os.mkfifo(root / "content/notes")
    assert sitegen("check", "--root", str(root)).code == 0
    assert sitegen("build", "--root", str(root)).code == 0


FOLDERS = ["content/postings", "content/postings/2026", "themes/default/static",
           "themes/default/templates", "themes/default/static/fonts"]  # fmt: skip


@pytest.mark.parametrize("folder", FOLDERS)
def test_an_unreadable_folder_is_an_error_and_the_site_stays(folder: str, tmp_path: Path) -> None:
    files = {
        "content/postings/job.md": posting_text("job"),
        "content/postings/2026/old.md": posting_text(
            "old", id="21111111-2222-4333-8444-555555555555"
        ),
        "themes/default/static/fonts/x.txt": "font",
    }
    root = write_project(tmp_path / "project", files)
    assert sitegen("build", "--root", str(root)).code == 0
    before = sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*"))
    (root / folder).chmod(0)
    try:
        checked = check_and_build(root, unprivileged=True)
    finally:
        (root / folder).chmod(0o755)
    assert f"{folder}: cannot be read: Permission denied: check the folder's permissions" in (
        checked.problems
    )
    after = sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*"))
    assert after == before  # no posting page removed


def test_an_unreadable_posting_is_named(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (root / "content/postings/job.md").chmod(0)
    checked = check_and_build(root, unprivileged=True)
    assert checked.problems == ["content/postings/job.md: cannot be read: Permission denied"]


def test_a_link_to_a_file_inside_the_project_is_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"shared/x.md": posting_text("x")})
    (root / "content/postings/x.md").symlink_to("../../shared/x.md")
    assert sitegen("build", "--root", str(root)).code == 0
    assert (root / "output/jobs/x/index.html").is_file()


@pytest.mark.parametrize(("name", "target"), [("zero.md", "/dev/zero"), ("up", ".."), ("p.md", "")])
def test_check_of_a_named_hostile_file_says_what_build_would(
    name: str, target: str, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    path = root / "content/postings" / name
    if target:
        path.symlink_to(target)
    else:
        os.mkfifo(path)
    built = sitegen("build", "--root", str(root))
    named = sitegen("check", "--root", str(root), str(path))
    assert (built.code, named.code) == (1, 1)
    assert named.problems == built.problems


def test_folders_nested_past_the_limit_are_refused_not_recursed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    deep = root / "content/postings"
    for _ in range(200):
        deep = deep / "d"
    deep.mkdir(parents=True)
    checked = check_and_build(root)
    assert len(checked.problems) == 1
    assert checked.problems[0].startswith("content/postings/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d")
    assert checked.problems[0].endswith(": folders are nested more than 20 deep here: flatten them")
