"""`sitegen check --base REF` in a real git repository: a posting renamed or deleted without an
alias, or an id changed in place, is refused with the file and line; the command runs as CI
runs it, `python -m sitegen` in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONFIG, REPO, posting_text

OLD_ID = "11111111-2222-4333-8444-555555555555"
NEW_ID = "33333333-2222-4333-8444-555555555555"
CHANGED_ID = "44444444-2222-4333-8444-555555555555"
OTHER_ID = "22222222-2222-4333-8444-555555555555"
# git and sitegen read no configuration from outside the test's folder
ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **ISOLATED},
    )
    return done.stdout


def sitegen(root: Path, *args: str, **extra: str) -> tuple[int, str, str]:
    env = {**os.environ, **ISOLATED, "PYTHONPATH": str(REPO), **extra}
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


def problems(stderr: str) -> list[str]:
    *lines, last = stderr.splitlines()
    assert last.endswith("nothing was written")
    return lines


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: two published postings and a draft, committed."""
    root = tmp_path / "repo"
    (root / "content" / "postings").mkdir(parents=True)
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    postings = root / "content" / "postings"
    (postings / "old-name.md").write_text(posting_text("old-name", id=OLD_ID))
    (postings / "other.md").write_text(posting_text("other", id=OTHER_ID, title="Other"))
    draft = posting_text("unfinished", id=NEW_ID, extra="draft: true\n")
    (postings / "unfinished.md").write_text(draft)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "main")
    return root


def rename(root: Path, new: str, aliases: str | None = None) -> Path:
    """Move old-name.md to new.md, with an aliases line if given."""
    git(root, "mv", "content/postings/old-name.md", f"content/postings/{new}.md")
    path = root / "content" / "postings" / f"{new}.md"
    if aliases is not None:
        path.write_text(posting_text(new, id=OLD_ID, extra=f"aliases: {aliases}\n"))
    return path


def test_an_unchanged_tree_passes(repo: Path) -> None:
    done = sitegen(repo, "check", "--base", "main")
    assert done == (0, "no problems found (3 postings checked)\n", "")


def test_a_rename_without_an_alias_is_refused_at_the_id_line(repo: Path) -> None:
    rename(repo, "new-name")
    code, _out, err = sitegen(repo, "check", "--base", "main")
    assert code == 1
    assert problems(err) == [
        "content/postings/new-name.md:2: aliases: this posting was "
        "content/postings/old-name.md at main: its old page jobs/old-name/ would go missing; "
        "add the line `aliases: [jobs/old-name/]`"
    ]
    # committed or not, on a branch or not: only the working tree and the base count
    git(repo, "checkout", "-q", "-b", "pr")
    git(repo, "commit", "-q", "-am", "rename")
    assert sitegen(repo, "check", "--base", "main")[0] == 1


def test_an_aliases_line_without_the_old_path_is_named_with_the_line_to_write(
    repo: Path,
) -> None:
    rename(repo, "new-name", "[jobs/older-name/]")
    code, _out, err = sitegen(repo, "check", "--base", "main")
    assert code == 1
    assert problems(err) == [
        "content/postings/new-name.md:18: aliases: this posting was "
        "content/postings/old-name.md at main: its old page jobs/old-name/ would go missing; "
        "add it to this line: `aliases: [jobs/older-name/, jobs/old-name/]`"
    ]


def test_a_rename_with_its_alias_passes(repo: Path) -> None:
    rename(repo, "new-name", "[/jobs/old-name]")
    assert sitegen(repo, "check", "--base", "main")[0] == 0
    # moving a file into a folder keeps its name, so its page: nothing to alias
    (repo / "content" / "postings" / "2026").mkdir()
    git(repo, "mv", "content/postings/other.md", "content/postings/2026/other.md")
    assert sitegen(repo, "check", "--base", "main")[0] == 0


def test_a_deletion_names_the_file_and_both_ways_out(repo: Path) -> None:
    git(repo, "rm", "-q", "content/postings/old-name.md")
    code, out, _err = sitegen(repo, "check", "--base", "main", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=content/postings/old-name.md,title=sitegen check::deleted since main, "
        "so its page jobs/old-name/ would go missing: add `aliases: [jobs/old-name/]` to the "
        "posting that replaces it, or keep the old file with `closes:` set to a past date "
        "(its page stays, marked closed)"
    )
    # another posting taking over the old address is enough
    other = repo / "content" / "postings" / "other.md"
    other.write_text(
        posting_text("other", id=OTHER_ID, title="Other", extra="aliases: [jobs/old-name/]\n")
    )
    assert sitegen(repo, "check", "--base", "main")[0] == 0


def test_a_draft_never_published_may_go(repo: Path) -> None:
    git(repo, "rm", "-q", "content/postings/unfinished.md")
    assert sitegen(repo, "check", "--base", "main")[0] == 0


def test_an_id_changed_in_place_is_refused_at_its_line(repo: Path) -> None:
    path = repo / "content" / "postings" / "old-name.md"
    path.write_text(posting_text("old-name", id=CHANGED_ID.upper()))
    code, _out, err = sitegen(repo, "check", "--base", "main")
    assert code == 1
    assert problems(err) == [
        f"content/postings/old-name.md:2: id: changed since main (it was {OLD_ID}): feed "
        "readers would show the posting twice; keep the old id"
    ]


def test_a_published_posting_made_a_draft_is_refused(repo: Path) -> None:
    path = repo / "content" / "postings" / "old-name.md"
    path.write_text(posting_text("old-name", id=OLD_ID, extra="draft: true\n"))
    code, _out, err = sitegen(repo, "check", "--base", "main")
    assert code == 1
    assert problems(err) == [
        "content/postings/old-name.md:18: draft: this posting was content/postings/old-name.md "
        "at main, published at jobs/old-name/, which would go missing while it is a draft: "
        "publish it, or close it with `closes:` set to a past date instead"
    ]


def test_a_project_in_a_folder_of_the_repository(repo: Path, tmp_path: Path) -> None:
    top = tmp_path / "top"
    top.mkdir()
    shutil.move(repo, top / "site")
    shutil.move(top / "site" / ".git", top / ".git")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "move the site into a folder")
    git(top, "mv", "site/content/postings/old-name.md", "site/content/postings/new-name.md")
    code, _out, err = sitegen(top / "site", "check", "--base", "HEAD")
    assert code == 1
    assert problems(err)[0].startswith("content/postings/new-name.md:2: aliases: this posting")


def test_an_unknown_ref_or_no_repository_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    code, _out, err = sitegen(repo, "check", "--base", "origin/nope")
    assert code == 1
    assert problems(err) == [
        "--base: 'origin/nope' is not a commit of this repository: name a branch, tag or "
        "commit (fetch it first, e.g. git fetch origin origin/nope)"
    ]
    code, _out, err = sitegen(repo, "check", "--base", "--help")
    assert code == 2 and "expected one argument" in err  # never reaches git as an option
    code, _out, err = sitegen(repo, "check", "--base=-p")
    assert problems(err) == ["--base: '-p' is not a branch, tag or commit name"]
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    # a folder outside any repository (git looks for none above tmp_path)
    code, _out, err = sitegen(
        plain, "check", "--base", "main", GIT_CEILING_DIRECTORIES=str(tmp_path)
    )
    assert code == 1
    assert problems(err) == [
        f"--base: {plain} is not in a git repository: --base compares with a commit of its history"
    ]
