"""Atomic output: stale files go, odd output folders are refused, nothing escapes."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import BuildError
from sitegen.output import (
    _PLAIN_NAME,
    _WINDOWS_RESERVED,
    MARKER,
    check_name,
    refused,
    staging_folder,
    write_site,
)


def test_replaces_whole_tree_and_drops_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a/index.html": b"1", "old.html": b"x"}, out, tmp_path / "project")
    write_site({"a/index.html": b"2"}, out, tmp_path / "project")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        MARKER,
        "a/index.html",
    ]
    assert (out / "a" / "index.html").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # nothing beside it


@pytest.mark.parametrize(
    "name", ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", "con.html", "a//b", ""]
)
def test_paths_that_could_escape_are_refused(name: str) -> None:
    with pytest.raises(BuildError):
        check_name(name)


_PART = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["con", "CON", "aux", "com1", "lpt9", "x", "icon", "con.", ".", "con\n", "nul.a\n"]
        )
        | st.text(alphabet="acnoux.l19\n", max_size=6),
        min_size=1,
        max_size=4,
    )
)
def test_the_one_regex_refuses_exactly_the_reserved_windows_names(parts: list[str]) -> None:
    """check_name tests the whole path with one regex; it must agree with testing each part
    for a name Windows reserves (with or without an extension)."""
    name = "/".join(parts)
    by_part = any(_PART.match(part) for part in parts)
    assert (_WINDOWS_RESERVED.search(name) is not None) == by_part


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["con", "com1", "lpt9", "nul.txt", "aux.", "icon", "index.html", ".."])
        | st.text(alphabet="acnoux.l19-_~/\\:\x00\nA", max_size=6),
        max_size=4,
    ).map("/".join)
)
def test_the_quick_test_of_plain_names_passes_no_name_the_full_test_refuses(name: str) -> None:
    """check_name answers most names with the quick test alone."""
    if _PLAIN_NAME.fullmatch(name):
        assert not refused(name)


def test_the_names_sitegen_makes_pass_the_quick_test() -> None:
    for name in ("index.html", "jobs/a-b/index.html", "tags/c/page/2/index.html", "feed.json"):
        assert _PLAIN_NAME.fullmatch(name)
    for name in ("con/index.html", "a/../b", "./a", "a/", "a/lpt1.txt", "A.html", ""):
        assert not _PLAIN_NAME.fullmatch(name)


def test_case_clash_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        write_site({"a.html": b"", "A.html": b""}, tmp_path / "out", tmp_path)
    assert "only by letter case" in str(caught.value)


def test_refuses_folders_it_did_not_write(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious")
    for target in (mine, root, root / "content", tmp_path, Path("/"), Path.home()):
        with pytest.raises(BuildError):
            write_site({"index.html": b""}, target, root)
    assert (mine / "thesis.txt").read_text() == "precious"
    assert not (root / "index.html").exists()


def test_a_held_lock_stops_a_second_build(tmp_path: Path) -> None:
    """While one build writes an output folder, another build of it stops with a clear
    error and leaves both the output and the first build's staging folder alone."""
    out, project = tmp_path / "output", tmp_path / "project"
    write_site({"index.html": b"1"}, out, project)
    staging = staging_folder(out)
    staging.mkdir()
    (staging / "site").mkdir()
    held = os.open(staging, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildError, match="another build is writing this folder"):
            write_site({"index.html": b"2"}, out, project)
        assert (staging / "site").is_dir()
    finally:
        os.close(held)
    assert (out / "index.html").read_bytes() == b"1"
    write_site({"index.html": b"2"}, out, project)  # once the lock is free
    assert (out / "index.html").read_bytes() == b"2"
    assert not staging.exists()


def test_a_killed_build_is_recovered_by_the_next(tmp_path: Path) -> None:
    """A build killed between the two renames of the fallback swap left the old output
    parked in the staging folder: the next build puts it back before anything else."""
    out, project = tmp_path / "output", tmp_path / "project"
    write_site({"index.html": b"old"}, out, project)
    staging = staging_folder(out)
    staging.mkdir()
    out.rename(staging / "old")
    (staging / "site").mkdir()
    (staging / "site" / "half.html").write_bytes(b"")
    with pytest.raises(BuildError):  # this build fails too, after the recovery
        write_site({"a.html": b"", "A.html": b""}, out, project)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_link_planted_as_the_staging_folder_is_not_followed(tmp_path: Path) -> None:
    out, project = tmp_path / "output", tmp_path / "project"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    staging_folder(out).symlink_to(elsewhere)
    write_site({"index.html": b"1"}, out, project)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (elsewhere / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "output"]
