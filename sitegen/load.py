"""Reading the project's content from disk: the first step of the pipeline."""

from __future__ import annotations

import stat
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


def _files(folder: Path, root: Path, errors: list[SourceError]) -> list[Path]:
    """The .md files of a folder, refusing links that lead outside the project."""
    if not folder.is_dir():
        return []
    real_root = root.resolve()
    # rglob never enters a linked folder, so below a folder that is itself inside the project
    # only links and special files need the full check (resolving every path cost seconds)
    inside = folder.resolve().is_relative_to(real_root)
    found: list[Path] = []
    for path in sorted(folder.rglob("*"), key=lambda p: p.parts):
        shown = relative(path, root)
        if path.name.startswith("."):
            continue
        try:
            mode = path.lstat().st_mode
        except OSError:
            mode = 0
        if not inside or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            outside = outside_link(path, real_root, shown)
            if outside:
                errors.append(outside)
                continue
        if path.is_dir():
            continue
        if path.suffix != ".md":
            errors.append(
                SourceError(
                    shown,
                    None,
                    None,
                    "only .md files are read here: rename it "
                    "to end in .md, or move it out of content/",
                )
            )
            continue
        found.append(path)
    return found


# A file's bytes and its path as shown in messages -> the parsed value, or its problems.
Parsed: TypeAlias = T | tuple[SourceError, ...]
Reader = Callable[[Sequence[tuple[bytes, str]], Callable[[str, str], T]], list[Parsed[T]]]


def read_serially(
    files: Sequence[tuple[bytes, str]], parse: Callable[[str, str], T]
) -> list[Parsed[T]]:
    """Parse each file in turn (the build cache's reader skips unchanged files and uses every
    core; this one is for checks of a few files)."""
    return [parse_or_errors(data, shown, parse) for data, shown in files]


def parse_or_errors(data: bytes, shown: str, parse: Callable[[str, str], T]) -> Parsed[T]:
    try:
        return parse_bytes(data, shown, parse)
    except BuildError as exc:
        return exc.errors


def _read_all(
    paths: list[Path],
    root: Path,
    parse: Callable[[str, str], T],
    errors: list[SourceError],
    reader: Reader[T] | None = None,
) -> list[T]:
    files: list[tuple[bytes, str]] = []
    for path in paths:
        shown = relative(path, root)
        try:
            files.append((path.read_bytes(), shown))
        except OSError as exc:
            errors.append(SourceError(shown, None, None, f"cannot be read: {exc.strerror}"))
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
        root,
        lambda text, path: parse_posting(text, path, tz),
        errors,
        reader,
    )
    pages: list[Page] = _read_all(
        _files(content / "pages", root, errors), root, parse_page, errors, reader
    )
    notes: list[EditionNote] = _read_all(
        _files(content / "editions", root, errors), root, parse_note, errors, reader
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
