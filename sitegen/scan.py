"""The content hash of each input file, read only when its stat says it may have changed.

A rebuild of a 10,000-posting project would otherwise read and hash every file twice (once
to learn that something changed, once to find what). A file whose size, modification time,
change time and inode are those recorded by the last build has the hash recorded then, if
it was already two seconds old when recorded: git trusts its index the same way, and reads
again a file modified too close to when the index was written, since an edit of the same
size within the file system's clock tick leaves the times unchanged.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time

Stamp = tuple[int, int, int, int, int]  # size, mtime, ctime (ns), inode, device
_RACY_NS = 2_000_000_000


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class Hashes:
    """File path -> content hash, trusting the last build's record of unchanged files."""

    def __init__(self, recorded: bytes | None = None) -> None:
        self.known: dict[str, tuple[Stamp, bytes]] = {}
        self.since = 0  # files modified before this (ns since the epoch) are trusted
        if recorded:
            try:
                when, known = pickle.loads(recorded)
                if isinstance(when, int) and isinstance(known, dict):
                    self.known, self.since = known, when - _RACY_NS
            except Exception:  # an unreadable record only costs reading the files
                pass
        self.found: dict[str, tuple[Stamp, bytes]] = {}
        self.read_now: dict[str, bytes] = {}  # bytes read to hash, until taken
        self.fresh = False  # some file was read: the record has news
        self._now = time.time_ns()

    def hash(self, path: str) -> bytes:
        """The file's content hash; raises OSError if it cannot be read."""
        done = self.found.get(path)
        if done is not None:
            return done[1]
        now = stamp(os.stat(path))
        before = self.known.get(path)
        if before is not None and before[0] == now and now[1] < self.since:
            self.found[path] = before
            return before[1]
        self.fresh = True
        with open(path, "rb") as handle:
            data = handle.read()
            unchanged = stamp(os.fstat(handle.fileno())) == now
        result = content_hash(data)
        if unchanged:  # else written while read: hashed, but not recorded
            self.found[path] = (now, result)
            self.read_now[path] = data
        return result

    def read(self, path: str) -> bytes:
        """The file's bytes (kept from hashing it in this build, else read now)."""
        data = self.read_now.pop(path, None)
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        return data

    def record(self) -> bytes:
        """What the next build trusts: the stamps and hashes of the files hashed here."""
        return pickle.dumps((self._now, self.found), protocol=5)
