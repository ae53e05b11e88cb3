"""Reading the project's content from disk: the first step of the pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

from sitegen.content import (
    Content,
    EditionNote,
    Page,
    Posting,
    check_unique,
    parse_note,
    parse_page,
    parse_posting,
)
from sitegen.errors import BuildError, SourceError

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
    except OSError:
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


# A file's path and its path as shown in messages -> the parsed value, or its problems.
Parsed: TypeAlias = T | tuple[SourceError, ...]
Reader = Callable[[Sequence[tuple[str, str]], Callable[[str, str], T]], list[Parsed[T]]]


def read_serially(
    files: Sequence[tuple[str, str]], parse: Callable[[str, str], T]
) -> list[Parsed[T]]:
    """Read and parse each file in turn (the build cache's reader skips unchanged files and
    uses every core; this one is for checks of a few files)."""
    result: list[Parsed[T]] = []
    for path, shown in files:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            result.append(unreadable(shown, exc))
            continue
        result.append(parse_or_errors(data, shown, parse))
    return result


def unreadable(shown: str, exc: OSError) -> tuple[SourceError, ...]:
    return (SourceError(shown, None, None, f"cannot be read: {exc.strerror}"),)


def parse_or_errors(data: bytes, shown: str, parse: Callable[[str, str], T]) -> Parsed[T]:
    try:
        return parse_bytes(data, shown, parse)
    except BuildError as exc:
        return exc.errors


def _read_all(
    files: list[tuple[str, str]],
    parse: Callable[[str, str], T],
    errors: list[SourceError],
    reader: Reader[T] | None = None,
) -> list[T]:
    result: list[T] = []
    for parsed in (reader or read_serially)(files, parse):
        if isinstance(parsed, tuple):
            errors.extend(parsed)
        else:
            result.append(parsed)
    return result


def parse_bytes(data: bytes, shown: str, parse: Callable[[str, str], T]) -> T:
    from sitegen.source import SourceProblem, decode

    try:
        text = decode(data, shown)
    except SourceProblem as problem:
        raise BuildError([problem.error]) from None
    return parse(text, shown)


def load_content(
    root: Path,
    tz: ZoneInfo,
    only: Collection[str] | None = None,
    reader: Reader[Any] | None = None,
) -> Content:
    """Read and validate everything under content/; raise BuildError listing every problem.

    With ``only`` (paths relative to the root), only those files are reported on, but
    every posting is still read so that duplicate ids and URLs are caught. ``reader`` turns
    a file's bytes into its value (the build cache passes one that skips unchanged files).
    """
    content = root / "content"
    errors: list[SourceError] = []
    if not content.is_dir():
        raise BuildError(
            [
                SourceError(
                    relative(content, root), None, None, "not found: is this the project folder?"
                )
            ]
        )
    postings: list[Posting] = _read_all(
        _files(content / "postings", root, errors),
        lambda text, path: parse_posting(text, path, tz),
        errors,
        reader,
    )
    pages: list[Page] = _read_all(
        _files(content / "pages", root, errors), parse_page, errors, reader
    )
    notes: list[EditionNote] = _read_all(
        _files(content / "editions", root, errors), parse_note, errors, reader
    )
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            errors.append(
                SourceError(
                    page.source,
                    None,
                    None,
                    f"the page name '{page.slug}' is taken by the site itself: rename the file",
                )
            )
    errors.extend(check_unique(postings, pages))
    if only is not None:
        wanted = set(only)
        errors = [e for e in errors if e.path in wanted]
    if errors:
        raise BuildError(errors)
    return Content(tuple(postings), tuple(pages), tuple(notes))
