"""Input files are known by their stat when unchanged, and read again whenever in doubt."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sitegen import scan
from sitegen.scan import Hashes, content_hash

HOUR_AGO = time.time() - 3600


def old_file(path: Path, text: str) -> str:
    path.write_text(text)
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    return str(path)


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    path = old_file(tmp_path / "a.md", "first")
    first = Hashes()
    assert first.hash(path) == content_hash(b"first")
    assert first.fresh and first.read(path) == b"first"
    second = Hashes(first.record())
    assert second.hash(path) == content_hash(b"first")
    assert not second.fresh and second.read_now == {}


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = old_file(tmp_path / "a.md", "first")
    first = Hashes()
    first.hash(path)
    old_file(tmp_path / "a.md", "other")  # same size, same modification time
    second = Hashes(first.record())
    assert second.hash(path) == content_hash(b"other")
    assert second.fresh


def test_a_file_modified_just_before_it_was_recorded_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose clock ticks once a second (and no change time), an edit of
    the same size just after a build leaves the stat as recorded: such recent files are
    never trusted."""
    monkeypatch.setattr(scan, "stamp", lambda st: (st.st_size, int(st.st_mtime) * 10**9))
    path = tmp_path / "a.md"
    path.write_text("first")
    first = Hashes()
    first.hash(str(path))
    stamp_then = os.stat(path).st_mtime
    path.write_text("other")
    os.utime(path, (stamp_then, stamp_then))
    second = Hashes(first.record())
    assert second.hash(str(path)) == content_hash(b"other")


@pytest.mark.parametrize("record", [b"", b"not a record", b"\x80\x05K\x01."])
def test_an_unreadable_record_means_reading_every_file(tmp_path: Path, record: bytes) -> None:
    path = old_file(tmp_path / "a.md", "first")
    hashes = Hashes(record)
    assert hashes.hash(path) == content_hash(b"first")
    assert hashes.fresh


def test_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        Hashes().hash(str(tmp_path / "gone.md"))
