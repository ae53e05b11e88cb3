"""Atomic output: stale files go, odd output folders are refused, nothing escapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import BuildError
from sitegen.write import _WINDOWS_RESERVED, MARKER, safe_relative, write_site


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
