"""Atomic output: stale files go, odd output folders are refused, nothing escapes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import BuildError
from sitegen.write import (
    _PLAIN_NAME,
    _WINDOWS_RESERVED,
    MARKER,
    refused,
    safe_relative,
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
    assert [
        p.name for p in tmp_path.iterdir() if "staging" in p.name or p.name.endswith(".old")
    ] == []


@pytest.mark.parametrize(
    "name", ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", "con.html", "a//b", ""]
)
def test_paths_that_could_escape_are_refused(name: str) -> None:
    with pytest.raises(BuildError):
        safe_relative(name)


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


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("survey_fails", [False, True])
def test_the_spare_is_surveyed_in_a_child_and_brought_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, survey_fails: bool
) -> None:
    """The site before last is walked in a forked child while the build goes on; files it
    shares with the output are left alone, the others replaced, and strays removed. A
    survey that fails is made again in the building process, with the same result."""
    from sitegen import parallel, write

    out, project = tmp_path / "output", tmp_path / "project"
    first = {"a/index.html": b"a1", "b/index.html": b"b1", "c.html": b"c1", "d.html": b"d1"}
    write_site(first, out, project)
    write_site(first | {"b/index.html": b"b2", "e.html": b"e2"}, out, project)
    spare = tmp_path / ".output.spare"
    assert _files(spare) == first | {MARKER: write.MARKER_TEXT.encode()}
    (spare / "stray.html").write_text("left by hand")
    inodes = {name: (out / name).stat().st_ino for name in ("a/index.html", "b/index.html")}
    assert (spare / "a/index.html").stat().st_ino == inodes["a/index.html"]

    def failed(_self: object) -> None:
        raise OSError("the spare changed")

    if survey_fails:
        monkeypatch.setattr(parallel.Deferred, "get", failed)
    # unchanged a/ and b/, e from the last build, c rewritten, d gone, f new
    with write.Staged(out, project, workers=2) as staged:
        assert staged.survey is not None and staged.survey.forked
        staged.put("c.html", b"c3")
        staged.put("f.html", b"f3")
        for name in ("a/index.html", "b/index.html", "e.html"):
            staged.keep(name)
        # the files of the spare that are not the output's: written (not linked) last
        # time, or not in the output at all
        assert staged.differ == {"b/index.html", "stray.html"}
    expected = {"a/index.html": b"a1", "b/index.html": b"b2", "c.html": b"c3", "e.html": b"e2"}
    assert _files(out) == expected | {"f.html": b"f3", MARKER: write.MARKER_TEXT.encode()}
    assert not list(tmp_path.glob(".output.staging-*"))
    # kept files are the output's very files: one left in place, one linked over the spare's
    assert {name: (out / name).stat().st_ino for name in inodes} == inodes


def test_a_held_lock_stops_a_second_build_and_a_second_spare_maker(tmp_path: Path) -> None:
    """While one process writes an output folder, another build of it stops with a clear
    error; while one makes its spare, another maker leaves it be."""
    import fcntl

    from sitegen import write

    out, project = tmp_path / "output", tmp_path / "project"
    write_site({"index.html": b"1"}, out, project)
    for name in (".output.lock", ".output.spare-lock"):
        with (tmp_path / name).open("w") as held:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if name == ".output.lock":
                with pytest.raises(BuildError, match="another build is writing this folder"):
                    write_site({"index.html": b"2"}, out, project)
            else:
                shutil.rmtree(tmp_path / ".output.spare")
                write._make_spare(out)
                assert not (tmp_path / ".output.spare").exists()
    assert (out / "index.html").read_bytes() == b"1"
    write._make_spare(out)  # and once the lock is free, the spare is made
    assert (tmp_path / ".output.spare" / "index.html").read_bytes() == b"1"
