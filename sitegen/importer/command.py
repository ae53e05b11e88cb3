"""`sitegen import SOURCE... [--out DIR] [--keep-boilerplate]`: the only importer code
that reads sources and writes files. Everything it calls is pure."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .extract import extract, extract_page
from .html import looks_like_html
from .migrate import has_front_matter, migrate
from .model import Draft, SourceProblem
from .render import file_stem, render

STDIN = "-"
_MAX_SUFFIX = 99


@dataclass(frozen=True)
class Source:
    name: str
    text: str
    note: str | None = None


def run_import(
    sources: Sequence[str],
    out_dir: Path,
    *,
    keep_boilerplate: bool,
    today: datetime.date,
    stdin: TextIO,
    stdout: TextIO,
    schema_url: str | None = None,
) -> int:
    """Write one draft posting per source into `out_dir` and report on each.

    Returns 0 when every source was imported, 1 when any could not be (each such source
    gets a line `name: what went wrong, what to do`).
    """
    if not sources:
        print(
            "sitegen import: no SOURCE given; pass file paths, or - for standard input", file=stdout
        )
        return 1
    failed = 0
    for name in sources:
        try:
            source = read_source(name, stdin)
            draft = to_draft(source, today=today, keep_boilerplate=keep_boilerplate)
            path = write_draft(out_dir, draft, uuid.uuid4(), schema_url)
        except SourceProblem as problem:
            print(f"{name}: {problem}", file=stdout)
            failed += 1
            continue
        _report(stdout, source, draft, path)
    imported = len(sources) - failed
    print(
        f"imported {imported} of {len(sources)} sources as drafts; fill in every TODO, "
        "then run `sitegen check`",
        file=stdout,
    )
    return 1 if failed else 0


def read_source(name: str, stdin: TextIO) -> Source:
    """The text of a file (or standard input for "-"), UTF-8 with a Windows-1252 fallback."""
    if name == STDIN:
        try:
            return _nonempty(Source("<stdin>", stdin.read()))
        except UnicodeDecodeError:
            raise SourceProblem(
                "standard input is not UTF-8 text; save the ad to a file and import the file"
            ) from None
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceProblem("no such file; check the path") from None
    except IsADirectoryError:
        raise SourceProblem("is a folder; pass the files inside it") from None
    except OSError as error:
        raise SourceProblem(f"cannot be read ({error.strerror}); check its permissions") from None
    try:
        return _nonempty(Source(name, data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceProblem(
            "is neither UTF-8 nor Windows-1252 text; save it as UTF-8 and try again"
        ) from None
    return _nonempty(Source(name, text, "file is not UTF-8; read it as Windows-1252"))


def _nonempty(source: Source) -> Source:
    if not source.text.strip():
        raise SourceProblem("is empty; nothing to import")
    if "\x00" in source.text:
        raise SourceProblem("looks like a binary file, not text; pass a Markdown or text file")
    return source


def to_draft(source: Source, *, today: datetime.date, keep_boilerplate: bool) -> Draft:
    """Migrate a front-matter file, or extract from a pasted ad: a web page when its content
    is HTML (whatever the file is called, and on standard input too), else text."""
    if has_front_matter(source.text):
        return migrate(
            source.text, name=source.name, today=today, keep_boilerplate=keep_boilerplate
        )
    if looks_like_html(source.text):
        return extract_page(source.text, today=today, keep_boilerplate=keep_boilerplate)
    return extract(source.text, today=today, keep_boilerplate=keep_boilerplate)


def write_draft(
    out_dir: Path, draft: Draft, posting_id: uuid.UUID, schema_url: str | None = None
) -> Path:
    """Write the draft under a free name in `out_dir`; never replaces an existing file."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SourceProblem(
            f"cannot create the output folder {out_dir} ({error.strerror}); pass --out with "
            "a folder you can write to"
        ) from None
    text = render(draft, posting_id, schema_url)
    stem = file_stem(draft)
    for attempt in range(1, _MAX_SUFFIX + 1):
        path = out_dir / (f"{stem}.md" if attempt == 1 else f"{stem}-{attempt}.md")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        except OSError as error:
            raise SourceProblem(
                f"cannot write {path} ({error.strerror}); pass --out with a folder you can write to"
            ) from None
        return path
    raise SourceProblem(
        f"{out_dir} already holds {stem}.md and {_MAX_SUFFIX - 1} numbered copies; "
        "remove some or pass another --out folder"
    )


def _report(stdout: TextIO, source: Source, draft: Draft, path: Path) -> None:
    print(f"{source.name} -> {path} (draft)", file=stdout)
    if source.note:
        print(f"  warning: {source.note}", file=stdout)
    for note in draft.notes:
        print(f"  {note.kind}: {note.text}", file=stdout)
