"""Reading the project's content from disk: the first step of the pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeAlias, TypeVar
from zoneinfo import ZoneInfo

from sitegen.content.limits import MAX_FILE_BYTES
from sitegen.content.model import Content, EditionNote, Page, Posting
from sitegen.content.parse import (
    check_unique,
    future_dates,
    parse_note,
    parse_page,
    parse_posting,
)
from sitegen.errors import BuildError, SourceError
from sitegen.files import read_regular, relative, walk
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
    files: list[SourceFile] = []
    errors: list[SourceError] = []
    for folder, kind in KINDS:
        found, problems = walk(content / folder, root, (".md",), "content/")
        files.extend(SourceFile(file.path, file.shown, kind) for file in found)
        errors.extend(problems)
    return files, errors


def read_source(file: SourceFile, tz: ZoneInfo) -> Parsed:
    """Read and parse one content file: its value, or its problems."""
    try:
        data = read_regular(file.path, file.shown, MAX_FILE_BYTES)
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
