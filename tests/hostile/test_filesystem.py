"""The file system: links out of the project, special files, output paths and folders."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.content.parse import check_unique, parse_posting
from sitegen.errors import BuildError
from sitegen.output import MARKER, check_name, check_out_dir, write_site
from tests.conftest import posting_text
from tests.hostile.project import write_project
from tests.hostile.sandbox import check_and_build

SECRET = "TOP SECRET, never to be published"


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = cli.main(list(args), stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    (folder / "postings").mkdir(parents=True)
    text = posting_text("secret", id="99999999-2222-4333-8444-555555555555", body=SECRET + "\n")
    (folder / "secret.md").write_text(text)
    (folder / "postings" / "secret.md").write_text(text)
    templates = Path(__file__).parents[2] / "themes/default/templates"
    shutil.copytree(templates, folder / "theme" / "templates")  # with email/ and any folder
    return folder


def _content_folder(root: Path, outside: Path) -> None:
    shutil.rmtree(root / "content")
    (root / "content").symlink_to(outside)


def _postings_folder(root: Path, outside: Path) -> None:
    shutil.rmtree(root / "content" / "postings")
    (root / "content" / "postings").symlink_to(outside / "postings")


def _theme_folder(root: Path, outside: Path) -> None:
    shutil.rmtree(root / "themes" / "default")
    (root / "themes" / "default").symlink_to(outside / "theme")


def _site_static(root: Path, outside: Path) -> None:
    (root / "static").mkdir()
    (root / "static" / "robots.txt").symlink_to(outside / "secret.md")


def _site_template(root: Path, outside: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates" / "base.html").symlink_to(outside / "secret.md")


LINKS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "posting": (
        lambda r, o: (r / "content/postings/secret.md").symlink_to(o / "secret.md"),
        "content/postings/secret.md: is a symbolic link to a file outside the project",
    ),
    "folder-in-content": (
        lambda r, o: (r / "content/postings/more").symlink_to(o / "postings"),
        "content/postings/more: is a symbolic link to a file outside the project",  # and a folder
    ),
    "content-folder": (
        _content_folder,
        "content/postings: is reached through a symbolic link to a folder outside the project",
    ),
    "postings-folder": (
        _postings_folder,
        "content/postings: is a symbolic link to a folder outside the project",
    ),
    "theme-file": (
        lambda r, o: (r / "themes/default/static/leak.txt").symlink_to(o / "secret.md"),
        "themes/default/static/leak.txt: is a symbolic link to a file outside the project",
    ),
    "theme-folder": (
        _theme_folder,
        "themes/default: is a symbolic link to a folder outside the project",
    ),
    "site-static": (_site_static, "static/robots.txt: is a symbolic link to a file outside"),
    "site-template": (_site_template, "templates/base.html: is a symbolic link to a file outside"),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_links_out_of_the_project_are_refused(case: str, tmp_path: Path, outside: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    make, expected = LINKS[case]
    make(root, outside)
    checked = check_and_build(root, tmp_path / "site")  # bounded: a walk of '/' fails
    assert expected in checked.err


def test_links_to_files_inside_the_project_are_followed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (root / "shared.md").write_text(
        posting_text("other", id="22222222-2222-4333-8444-555555555555")
    )
    (root / "content/postings/other.md").symlink_to(root / "shared.md")
    assert run("build", "--root", str(root), "--out", str(tmp_path / "site"))[0] == 0
    assert (tmp_path / "site/jobs/other/index.html").is_file()


@pytest.mark.parametrize("target", ["..", ".", "/", "../..", "../../themes"])
def test_links_to_folders_are_refused_not_walked(target: str, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (root / "content/postings/loop").symlink_to(target)
    checked = check_and_build(root)
    assert checked.problems[0].startswith("content/postings/loop: is a symbolic link to a")


def test_a_pipe_named_like_a_posting_is_refused_not_read_forever(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    os.mkfifo(root / "content/postings/pipe.md")
    checked = check_and_build(root)
    assert "content/postings/pipe.md: is not a regular file (a pipe, socket or device)" in (
        checked.err
    )


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../escape.html",
        "jobs/../../escape.html",
        "/etc/passwd",
        "//server/share",
        "C:/Windows/x.html",
        "c:x.html",
        "jobs\\..\\..\\x.html",
        "jobs/./x.html",
        "jobs//x.html",
        "jobs/x\x00.html",
        "CON",
        "jobs/aux.html",
        "jobs/Nul.txt/index.html",
        "com1.json",
        "LPT9",
    ],
)
def test_output_paths_cannot_leave_the_output_folder(name: str) -> None:
    with pytest.raises(BuildError) as caught:
        check_name(name)
    assert "refusing to write this output path" in str(caught.value)


@pytest.mark.parametrize(
    "name", ["index.html", "jobs/x/index.html", "static/a.1f.css", ".nojekyll"]
)
def test_ordinary_output_paths_pass(name: str) -> None:
    check_name(name)  # raises nothing


def test_outputs_differing_only_by_case_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        write_site({"jobs/a/index.html": b"", "jobs/A/index.html": b""}, tmp_path / "o", tmp_path)
    assert "differs from jobs/A/index.html only by letter case" in str(caught.value)
    assert not (tmp_path / "o").exists()


def test_postings_whose_urls_differ_only_by_case_are_both_named() -> None:
    posting = parse_posting(posting_text("job"), "content/postings/job.md")
    other = dataclasses.replace(
        posting, source="content/postings/b/Job.md", slug="Job", id="22222222-2222-4333-8444-5"
    )
    messages = [str(e) for e in check_unique([posting, other], [])]
    assert len(messages) == 2
    assert messages[0].startswith("content/postings/job.md: its URL /jobs/job/ is the same")
    assert "content/postings/b/Job.md" in messages[0]


def test_two_postings_with_one_slug_in_sub_folders_are_reported(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "project",
        {
            "content/postings/a/job.md": posting_text("job"),
            "content/postings/b/job.md": posting_text(
                "job", id="22222222-2222-4333-8444-555555555555"
            ),
        },
    )
    code, err = run("check", "--root", str(root))
    assert code == 1
    assert "content/postings/a/job.md: its URL /jobs/job/ is the same" in err


@pytest.mark.parametrize("name", ["con", "nul", "com1", "lpt9"])
def test_a_posting_named_like_a_windows_device_is_a_located_error(
    name: str, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "project", {f"content/postings/{name}.md": posting_text(name)})
    code, err = run("check", "--root", str(root))
    assert code == 1
    assert f"content/postings/{name}.md: '{name}' is a device name on Windows" in err


def test_companies_and_tags_named_like_windows_devices_get_safe_folders(tmp_path: Path) -> None:
    text = posting_text("job", company="Con").replace("[python, backend]", "[nul, aux, python]")
    root = write_project(tmp_path / "project", {"content/postings/job.md": text})
    code, err = run("build", "-q", "--root", str(root), "--date", "2026-11-22")
    assert code == 0, err
    out = root / "output"
    for page in ("companies/con-1", "tags/nul-1", "tags/aux-1", "tags/python"):
        assert (out / page / "index.html").is_file(), page


def forbidden_outs(root: Path) -> dict[str, Path]:
    return {
        "root-of-fs": Path("/"),
        "home": Path.home(),
        "project": root,
        "parent": root.parent,
        "content": root / "content",
        "in-content": root / "content" / "postings" / "out",
        "themes": root / "themes",
        "in-themes": root / "themes" / "default" / "x",
        "project-via-dots": root / "content" / "..",
    }


@pytest.mark.parametrize(
    "case",
    [
        "root-of-fs",
        "home",
        "project",
        "parent",
        "content",
        "in-content",
        "themes",
        "in-themes",
        "project-via-dots",
    ],
)
def test_build_refuses_output_folders_it_could_destroy(case: str, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    out = forbidden_outs(root)[case]
    with pytest.raises(BuildError) as caught:
        check_out_dir(out, root)
    assert "refusing to write the site here" in str(caught.value)
    code, err = run("build", "--root", str(root), "--out", str(out))
    assert code == 1 and "--out: refusing to write the site here" in err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_build_refuses_a_folder_of_other_files_and_a_link(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("precious")
    code, err = run("build", "--root", str(root), "--out", str(other))
    assert code == 1 and "a folder with files that sitegen did not write" in err
    link = tmp_path / "link"
    link.symlink_to(other)
    code, err = run("build", "--root", str(root), "--out", str(link))
    assert code == 1 and "exists and is not a folder" in err
    afile = tmp_path / "file"
    afile.write_text("x")
    code, err = run("build", "--root", str(root), "--out", str(afile))
    assert code == 1 and "exists and is not a folder" in err
    assert (other / "thesis.txt").read_text() == "precious" and afile.read_text() == "x"


def test_a_sitegen_output_folder_is_replaced(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("")
    (out / "stale.html").write_text("old")
    assert run("build", "--root", str(root), "--out", str(out))[0] == 0
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()


def test_an_output_path_the_file_system_refuses_is_a_located_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/postings/job.md": posting_text("job")})
    (tmp_path / "a-file").write_text("x")
    code, err = run("build", "--root", str(root), "--out", str(tmp_path / "a-file" / "out"))
    assert code == 1
    assert err.startswith(f"{tmp_path / 'a-file'}: File exists: check that the path is right")
    assert "Traceback" not in err and "internal error" not in err
