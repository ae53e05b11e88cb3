"""The persistent build cache in .sitegen-cache/: one sqlite file, keyed by content hashes.

The kinds of entry, each keyed by everything its value depends on (and by the sitegen and
Python versions, through the salt):

- ``parse``: a source file's relative path and hash -> the parsed Page or note, or a
  posting as a row of plain values (sitegen/rows.py) with its search words and the key of
  its rendering (pickled, not compressed: a rebuild reads every entry);
- ``md``: a posting's Markdown body's hash -> its rendered HTML and plain text (compressed).
  Read one by one, by the process that renders a page showing the posting: a rebuild
  needs a few, and a clean build's building process never holds them all;
- ``outputs``: an output folder -> the hash of the inputs each of its files was rendered
  from (one entry: a rebuild reads them all). A page whose inputs hash is unchanged is not
  rendered again: its file is hard-linked from the previous output;
- ``files``: the stat and content hash of every input file (sitegen/scan.py), so that a
  rebuild reads only the files that changed;
- ``build:<output folder>``: the last build's inputs hash and report, for the no-change
  shortcut.

A cache that cannot be read is ignored and rebuilt: it only ever saves work.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import lz4.block

import sitegen
from sitegen.content import Posting
from sitegen.errors import SourceError
from sitegen.load import Parsed, parse_or_errors, unreadable
from sitegen.markdown import Rendered, render
from sitegen.progress import SILENT, Progress
from sitegen.rows import from_row, to_row
from sitegen.scan import Hashes, content_hash
from sitegen.search import distinct_words

T = TypeVar("T")
FOLDER = ".sitegen-cache"
FORMAT = 9  # bumped whenever what an entry holds changes, so older entries are never read
SCHEMA = 2  # the sqlite table's layout: a file with another is emptied and made again
SALT = f"sitegen {sitegen.__version__} cache {FORMAT} python {sys.version_info[:2]}".encode()


def digest(*parts: bytes) -> bytes:
    """A 20-byte hash of the parts (pickled: unambiguous, and fast for many small parts)."""
    return hashlib.blake2b(SALT + pickle.dumps(parts, protocol=5), digest_size=20).digest()


MMAP_BYTES = 1 << 30  # address space only; sqlite maps what the file holds


class Cache:
    """Key-value tables in one sqlite file; writes are batched and committed by save()."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.pending: dict[str, dict[bytes, bytes]] = {}
        self.kept: dict[str, set[bytes]] = {}
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
            # pages read through a memory map rather than a read() each: a rebuild reads
            # every parsed file back, 44 MB at 10,000 postings, in 1,300 reads instead of
            # 21,600 and a fifth less time. The file never shrinks under the map: nothing
            # here vacuums it.
            self.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            with self.db:
                if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                    self.db.execute("DROP TABLE IF EXISTS kv")  # an older layout
                # a rowid table: values of kilobytes make a WITHOUT ROWID table's inserts
                # three times slower (its rows should be a small fraction of a page)
                self.db.execute(
                    "CREATE TABLE IF NOT EXISTS kv (ns TEXT, key BLOB, value BLOB, "
                    "UNIQUE (ns, key))"
                )
                self.db.execute(f"PRAGMA user_version = {SCHEMA}")
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

    def present(self, ns: str, keys: Iterable[bytes]) -> set[bytes]:
        """Which of keys ns holds (reading no values)."""
        if self.db is None:
            return set()
        wanted = set(keys)
        try:
            rows = self.db.execute("SELECT key FROM kv WHERE ns = ?", (ns,))
            return {key for (key,) in rows if key in wanted}
        except sqlite3.Error:
            return set()

    def put(self, ns: str, key: bytes, value: bytes) -> None:
        self.pending.setdefault(ns, {})[key] = value

    def add(self, ns: str, key: bytes, value: bytes) -> None:
        """Store an entry keyed by content now (committed by the next save()), rather than
        hold it in memory until then: a clean build's parsed postings are 100 MB."""
        if self.db is None:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", (ns, key, value))
        except sqlite3.Error:
            self.db = None  # an unwritable cache is no cache

    def keep_only(self, ns: str, keys: Iterable[bytes]) -> None:
        """At the next save, drop the entries of ns not among keys (parsed files that no
        longer exist as they were: without this, every edit would grow the cache)."""
        self.kept[ns] = set(keys)

    def save(self) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                for ns, keys in self.kept.items():
                    rows = self.db.execute("SELECT key FROM kv WHERE ns = ?", (ns,))
                    stale = [(ns, key) for (key,) in rows.fetchall() if key not in keys]
                    self.db.executemany("DELETE FROM kv WHERE ns = ? AND key = ?", stale)
                for ns, items in self.pending.items():
                    self.db.executemany(
                        "INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                        ((ns, k, v) for k, v in items.items()),
                    )
        except sqlite3.Error:
            pass
        self.pending.clear()
        self.kept.clear()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class ParseMemo:
    """Parsed source files by (relative path, content hash); records every file's key.

    Files not in the cache are parsed over every core, and a posting's Markdown is rendered
    in the same worker that parsed it (the two are most of a clean build's work). The
    rendered Markdown goes to the cache's ``md`` entries, or, with no cache, waits in
    ``rendered`` for the render step.
    """

    def __init__(
        self,
        cache: Cache,
        salt: bytes,
        workers: int = 1,
        progress: Progress = SILENT,
        hashes: Hashes | None = None,
    ) -> None:
        self.cache = cache
        self.progress = progress
        self.salt = salt
        self.workers = workers
        self.hashes = hashes or Hashes()
        self.known = cache.table("parse")
        self.sources: dict[str, bytes] = {}  # relative path -> content hash
        self.rendered: dict[str, Rendered] = {}  # Markdown body -> rendered (no cache only)
        self.words: dict[str, str] = {}  # Markdown body -> its search words
        self.markdown: dict[str, bytes] = {}  # Markdown body -> its rendering's key
        self.parsed = 0

    def __call__(
        self, files: Sequence[tuple[str, str]], parse: Callable[[str, str], T]
    ) -> list[Parsed[T]]:
        from sitegen.parallel import stream

        result: list[Parsed[T] | None] = []
        missing: list[tuple[int, bytes, bytes, str]] = []  # index, key, data, shown
        for path, shown in files:
            try:
                key = digest(self.salt, shown.encode(), self.hashes.hash(path))
                hit = self.known.get(key)
                value: Parsed[T] | None = None if hit is None else self._stored(hit)
                if value is None:
                    data = self.hashes.read(path)  # the bytes hashed, or read now
                    key = digest(self.salt, shown.encode(), content_hash(data))
                    missing.append((len(result), key, data, shown))
            except OSError as exc:
                value = unreadable(shown, exc)
            else:
                self.sources[shown] = key
            result.append(value)
        jobs = [partial(_parse_and_render, data, shown, parse) for _i, _k, data, shown in missing]
        keep = self.cache.db is None

        def take(index: int, made: Made | tuple[SourceError, ...]) -> None:
            self.progress.advance()
            at, key, _data, _shown = missing[index]
            if isinstance(made, tuple):
                result[at] = made  # problems are never cached
                return
            parsed = result[at] = self._stored(made.entry)
            self.parsed += 1
            self.cache.add("parse", key, made.entry)
            if made.markdown is not None:
                md_key, blob = made.markdown
                self.cache.add("md", md_key, blob)
                if keep and isinstance(parsed, Posting):
                    self.rendered[parsed.body] = _rendered(blob)

        if missing:  # named after the folder: "postings", "pages", "editions"
            parts = missing[0][3].split("/")
            self.progress.stage(parts[1] if len(parts) > 2 else "files", len(jobs))
        stream(jobs, self.workers, take)
        return [value for value in result if value is not None]

    def _stored(self, entry: bytes) -> Any:
        """The value of a cache entry, its search words and rendering key kept aside; None
        if stale."""
        try:
            value, words, key = pickle.loads(entry)
            if words is not None or key is not None:  # a posting, stored as a row
                if not (isinstance(words, str) and isinstance(key, bytes)):
                    return None
                value = from_row(value)
        except Exception:  # a stale entry only costs a parse
            return None
        if isinstance(value, Posting):
            self.words[value.body] = words
            self.markdown[value.body] = key
        return value


@dataclass(frozen=True)
class Made:
    """A file parsed by a worker, as the cache stores it: the pickled (value, search words,
    rendering key), and for a posting the key and compressed value of its rendering (the
    key, not the body: the body is in the value already, and 30 MB at 10,000 postings)."""

    entry: bytes
    markdown: tuple[bytes, bytes] | None


def _parse_and_render(
    data: bytes, shown: str, parse: Callable[[str, str], T]
) -> Made | tuple[SourceError, ...]:
    """A file parsed, and for a posting its Markdown rendered and its search words found,
    pickled (and the rendering compressed) by the worker as the cache stores them."""
    value = parse_or_errors(data, shown, parse)
    if isinstance(value, tuple):
        return value
    if not isinstance(value, Posting):
        return Made(pickled((value, None, None)), None)
    rendered = render(value.body)
    key = markdown_key(value.body)
    entry = pickled((to_row(value), distinct_words(rendered.text), key))
    return Made(entry, (key, _compressed(rendered)))


def markdown_key(body: str) -> bytes:
    return digest(b"md", body.encode())


def _compressed(rendered: Rendered) -> bytes:
    # compressed here, over the cores: a third of the bytes for the building process to
    # store in sqlite, and for a rebuild to read. LZ4 rather than zlib: a clean build
    # compresses every posting's rendering once and decompresses it about twice (its page,
    # its feed entries), 1.3 s of CPU at 10,000 postings with zlib, 0.2 s with LZ4
    data: bytes = lz4.block.compress(pickled((rendered.html, rendered.text)))
    return data


def _rendered(blob: bytes) -> Rendered:
    html, text = pickle.loads(lz4.block.decompress(blob))
    if not (isinstance(html, str) and isinstance(text, str)):
        raise ValueError("not a rendering")
    return Rendered(html, text)


class MarkdownStore:
    """Rendered Markdown read from the cache's ``md`` entries, in whichever process asks
    (each opens its own connection: one is never shared across a fork). The last RECENT
    read are kept: a new posting is in many feeds (the site's, its tags', its company's),
    and all of them would be 40 MB at 10,000 postings, in each process."""

    RECENT = 2048

    def __init__(self, path: Path, keys: Mapping[str, bytes] | None = None) -> None:
        self.path = path
        self.keys = keys or {}  # body -> key, where known (else hashed when asked for)
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._recent: OrderedDict[str, Rendered] = OrderedDict()

    def __call__(self, body: str) -> Rendered | None:
        found = self._recent.get(body)
        if found is not None:
            self._recent.move_to_end(body)
            return found
        try:
            if self._pid != os.getpid():
                self._db = sqlite3.connect(self.path)
                self._pid = os.getpid()
            assert self._db is not None
            row = self._db.execute(
                "SELECT value FROM kv WHERE ns = 'md' AND key = ?",
                (self.keys.get(body) or markdown_key(body),),
            ).fetchone()
            found = _rendered(row[0]) if row else None
        except Exception:  # an unreadable entry is rendered again
            return None
        if found is not None:
            self._recent[body] = found
            if len(self._recent) > self.RECENT:
                self._recent.popitem(last=False)
        return found

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


def ensure_markdown(
    cache: Cache,
    bodies: Iterable[str],
    workers: int,
    known: Mapping[str, Rendered],
    keys: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, Rendered], MarkdownStore | None]:
    """Every body's rendered Markdown, in the cache (with the store that reads it back)
    or, with no cache, in the returned dict. Bodies in neither are rendered in parallel.
    The cache keeps the entries of these bodies only. keys holds the keys of bodies whose
    key is already known (kept with the parsed posting: hashing every body took a tenth
    of a second at 10,000 postings)."""
    from sitegen.parallel import render_many

    keys = keys or {}
    wanted = {body: keys.get(body) or markdown_key(body) for body in set(bodies)}
    if cache.db is None or cache.path is None:
        result = {body: known[body] for body in wanted if body in known}
        missing = sorted(body for body in wanted if body not in result)
        result.update(zip(missing, render_many(missing, workers), strict=True))
        return result, None
    present = cache.present("md", wanted.values())
    missing = sorted(body for body, key in wanted.items() if key not in present)
    for body, rendered in zip(missing, render_many(missing, workers), strict=True):
        cache.add("md", wanted[body], _compressed(rendered))
    cache.keep_only("md", wanted.values())
    return {}, MarkdownStore(cache.path, wanted)


def files_hash(folders: Iterable[Path]) -> bytes:
    parts: list[bytes] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=5)
