"""Reading the project's content from disk: the first step of the pipeline."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeAlias, TypeVar
from zoneinfo import ZoneInfo

from sitegen.content.model import Content, EditionNote, Page, Posting
from sitegen.content.parse import (
    check_unique,
    future_dates,
    parse_note,
    parse_page,
    parse_posting,
)
from sitegen.errors import BuildError, SourceError
from sitegen.parallel import parallel_map

T = TypeVar("T")
RESERVED_SLUGS = frozenset(
    {
        "jobs",
        "tags",
        "companies",
        "editions",
        "remote",
        "hybrid",
        "on-site",
        "page",
        "static",
        "search",
        "submit",
        "feeds",
        "404",
    }
)


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def outside_link(path: Path, real_root: Path, shown: str) -> SourceError | None:
    """A file or folder whose real place is outside the project (through a symbolic link to
    it or to a folder above it) is refused: it could publish any file. So is anything that is
    neither a file nor a folder: reading a pipe or a device would never end."""
    if not path.resolve().is_relative_to(real_root):
        how = "is a symbolic link" if path.is_symlink() else "is reached through a symbolic link"
        return SourceError(
            shown, None, None, f"{how} to a file outside the project: copy the file in instead"
        )
    if path.exists() and not (path.is_file() or path.is_dir()):
        return SourceError(
            shown, None, None, "is not a regular file (a pipe, socket or device): remove it"
        )
    return None


def _files(folder: Path, root: Path, errors: list[SourceError]) -> list[tuple[str, str]]:
    """The .md files of a folder, as (path, path shown), refusing links that lead outside
    the project. String paths and the directory entries' types: pathlib and a stat per file
    cost a tenth of a second per thousand files."""
    if not folder.is_dir():
        return []
    real_root = root.resolve()
    # a linked folder is never entered, so below a folder that is itself inside the project
    # only links and special files need the full check (resolving every path cost seconds)
    inside = folder.resolve().is_relative_to(real_root)
    found: list[tuple[str, str]] = []
    _walk(str(folder), relative(folder, root), inside, real_root, found, errors)
    return found


def _walk(
    folder: str,
    shown: str,
    inside: bool,
    real_root: Path,
    found: list[tuple[str, str]],
    errors: list[SourceError],
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:  # never an empty folder: that would publish an empty site
        message = f"cannot be read: {exc.strerror}: check the folder's permissions"
        errors.append(SourceError(shown, None, None, message))
        return
    for entry in entries:
        path, name = entry.path, f"{shown}/{entry.name}"
        try:
            plain = entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)
        except OSError:
            plain = False
        if not inside or not plain:
            outside = (
                None if entry.name.startswith(".") else outside_link(Path(path), real_root, name)
            )
            if outside:
                errors.append(outside)
                continue
        if entry.is_dir(follow_symlinks=False):
            _walk(path, name, inside, real_root, found, errors)  # hidden folders too
            continue
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if not entry.name.endswith(".md") or entry.name == ".md":
            errors.append(
                SourceError(
                    name,
                    None,
                    None,
                    "only .md files are read here: rename it "
                    "to end in .md, or move it out of content/",
                )
            )
            continue
        found.append((path, name))


@dataclass(frozen=True)
class SourceFile:
    """One content file: where it is, how messages name it, and what it holds."""

    path: str  # as opened
    shown: str  # relative to the project, for messages
    kind: str  # "posting" | "page" | "note"


# A file's parsed value, or its problems.
Parsed: TypeAlias = "Posting | Page | EditionNote | tuple[SourceError, ...]"
KINDS = (("postings", "posting"), ("pages", "page"), ("editions", "note"))


def find_sources(root: Path) -> tuple[list[SourceFile], list[SourceError]]:
    """Every content file, in a fixed order, and the problems of what else lies there."""
    content = root / "content"
    if not content.is_dir():
        raise BuildError(
            [
                SourceError(
                    relative(content, root), None, None, "not found: is this the project folder?"
                )
            ]
        )
    errors: list[SourceError] = []
    files = [
        SourceFile(path, shown, kind)
        for folder, kind in KINDS
        for path, shown in _files(content / folder, root, errors)
    ]
    return files, errors


def read_source(file: SourceFile, tz: ZoneInfo) -> Parsed:
    """Read and parse one content file: its value, or its problems."""
    try:
        with open(file.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return (SourceError(file.shown, None, None, f"cannot be read: {exc.strerror}"),)
    try:
        if file.kind == "posting":
            return parse_bytes(data, file.shown, lambda text, path: parse_posting(text, path, tz))
        if file.kind == "page":
            return parse_bytes(data, file.shown, parse_page)
        return parse_bytes(data, file.shown, parse_note)
    except BuildError as exc:
        return tuple(exc.errors)


def parse_bytes(data: bytes, shown: str, parse: Callable[[str, str], T]) -> T:
    from sitegen.content.source import SourceProblem, decode

    try:
        text = decode(data, shown)
    except SourceProblem as problem:
        raise BuildError([problem.error]) from None
    return parse(text, shown)


def assemble(
    parsed: Iterable[Parsed],
    errors: Sequence[SourceError] = (),
    only: Collection[str] | None = None,
    today: dt.date | None = None,
) -> Content:
    """The content from every file's parsed value; raise BuildError listing every problem
    (with ``only``, paths relative to the root, only those files' problems). With the build
    day ``today``, a posting dated after it is one of them."""
    found = list(errors)
    postings: list[Posting] = []
    pages: list[Page] = []
    notes: list[EditionNote] = []
    for value in parsed:
        if isinstance(value, tuple):
            found.extend(value)
        elif isinstance(value, Posting):
            postings.append(value)
        elif isinstance(value, Page):
            pages.append(value)
        else:
            notes.append(value)
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            found.append(
                SourceError(
                    page.source,
                    None,
                    None,
                    f"the page name '{page.slug}' is taken by the site itself: rename the file",
                )
            )
    found.extend(check_unique(postings, pages))
    if today is not None:
        found.extend(future_dates(postings, today))
    if only is not None:
        wanted = set(only)
        found = [e for e in found if e.path in wanted]
    if found:
        raise BuildError(found)
    return Content(tuple(postings), tuple(pages), tuple(notes))


def load_content(
    root: Path,
    tz: ZoneInfo,
    only: Collection[str] | None = None,
    workers: int = 1,
    today: dt.date | None = None,
) -> Content:
    """Read and validate everything under content/ (over `workers` processes); raise
    BuildError listing every problem.

    With ``only`` (paths relative to the root), only those files are reported on, but
    every posting is still read so that duplicate ids and URLs are caught. With the build
    day ``today``, postings dated after it are refused."""
    files, errors = find_sources(root)
    parsed = parallel_map(partial(read_source, tz=tz), files, workers)
    return assemble(parsed, errors, only, today)
