"""The persistent build cache in .sitegen-cache/: one sqlite file, keyed by content hashes.

Three kinds of entry, each keyed by everything its value depends on (and by the sitegen and
Python versions, through the salt):

- ``parse``: a source file's relative path and sha256 -> the parsed Posting, Page or note;
- ``md``: a Markdown body's sha256 -> its rendered HTML and plain text;
- ``out``: an output file's path -> the hash of the inputs it was last rendered from, for the
  output folder of the last build. A page whose inputs hash is unchanged is not rendered
  again: its file is hard-linked from the previous output.

A cache that cannot be read is ignored and rebuilt: it only ever saves work.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import sitegen
from sitegen.markdown import Rendered

T = TypeVar("T")
FOLDER = ".sitegen-cache"
SALT = f"sitegen {sitegen.__version__} python {sys.version_info[:2]} pickle 5".encode()


def digest(*parts: bytes) -> bytes:
    """A 20-byte hash of the parts (pickled: unambiguous, and fast for many small parts)."""
    return hashlib.blake2b(SALT + pickle.dumps(parts, protocol=5), digest_size=20).digest()


class Cache:
    """Key-value tables in one sqlite file; writes are batched and committed by save()."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.pending: dict[str, dict[bytes, bytes]] = {}
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n")
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS kv (ns TEXT, key BLOB, value BLOB, "
                "PRIMARY KEY (ns, key)) WITHOUT ROWID"
            )
        except sqlite3.Error:
            self.db = None

    @classmethod
    def for_project(cls, root: Path) -> Cache:
        return cls(root / FOLDER / "cache.sqlite")

    def table(self, ns: str) -> dict[bytes, bytes]:
        if self.db is None:
            return {}
        try:
            rows = self.db.execute("SELECT key, value FROM kv WHERE ns = ?", (ns,))
            return dict(rows.fetchall())
        except sqlite3.Error:
            return {}

    def get_many(self, ns: str, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        if self.db is None:
            return {}
        found: dict[bytes, bytes] = {}
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), 900):
                chunk = wanted[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT key, value FROM kv WHERE ns = ? AND key IN ({marks})", (ns, *chunk)
                )
                found.update(rows.fetchall())
        except sqlite3.Error:
            return {}
        return found

    def put(self, ns: str, key: bytes, value: bytes) -> None:
        self.pending.setdefault(ns, {})[key] = value

    def replace(self, ns: str, items: dict[bytes, bytes]) -> None:
        """Make ns hold exactly items (used for the small per-output table)."""
        self.pending[ns] = dict(items)
        self.pending.setdefault(f"-{ns}", {})

    def save(self) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                for ns, items in self.pending.items():
                    if ns.startswith("-"):
                        continue
                    if f"-{ns}" in self.pending:
                        self.db.execute("DELETE FROM kv WHERE ns = ?", (ns,))
                    self.db.executemany(
                        "INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                        ((ns, k, v) for k, v in items.items()),
                    )
        except sqlite3.Error:
            pass
        self.pending.clear()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class ParseMemo:
    """Parsed source files by (relative path, sha256 of bytes); records every file's hash."""

    def __init__(self, cache: Cache, salt: bytes) -> None:
        self.cache = cache
        self.salt = salt
        self.known = cache.table("parse")
        self.sources: dict[str, bytes] = {}  # relative path -> content hash
        self.parsed = 0

    def __call__(self, data: bytes, shown: str, parse: Callable[[str, str], T]) -> T:
        from sitegen.load import parse_bytes

        key = digest(self.salt, shown.encode(), data)
        self.sources[shown] = key
        hit = self.known.get(key)
        if hit is not None:
            try:
                value: T = pickle.loads(hit)
                return value
            except Exception:  # a stale entry only costs a parse
                pass
        value = parse_bytes(data, shown, parse)  # a BuildError is never cached
        self.parsed += 1
        self.cache.put("parse", key, pickle.dumps(value, protocol=5))
        return value


def rendered_markdown(cache: Cache, bodies: Iterable[str], workers: int) -> dict[str, Rendered]:
    """Rendered Markdown for every body: from the cache, or rendered (in parallel) and stored."""
    from sitegen.parallel import render_many

    keys = {body: digest(b"md", body.encode()) for body in set(bodies)}
    found = cache.get_many("md", keys.values())
    result: dict[str, Rendered] = {}
    missing: list[str] = []
    for body, key in keys.items():
        hit = found.get(key)
        if hit is None:
            missing.append(body)
        else:
            html, text = pickle.loads(hit)
            result[body] = Rendered(html, text)
    missing.sort()
    for body, rendered in zip(missing, render_many(missing, workers), strict=True):
        result[body] = rendered
        cache.put("md", keys[body], pickle.dumps((rendered.html, rendered.text), protocol=5))
    return result


def files_hash(folders: Iterable[Path]) -> bytes:
    parts: list[bytes] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=5)
