"""How `sitegen check` prints problems: for people, as GitHub workflow annotations, as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

from sitegen.errors import SourceError


def escape_data(text: str) -> str:
    """Escape a workflow command's message, so that it stays on one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (file=, title=)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int | None, title: str, message: str) -> str:
    """A GitHub Actions workflow command that shows `message` on `file`'s line in the diff."""
    props = f"file={escape_property(file)}"
    if line:
        props += f",line={line}"
    props += f",title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(message)}"


def _counted(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _problem_count(errors: Sequence[SourceError]) -> str:
    return (
        f"{_counted(len(errors), 'problem')} in {_counted(len({e.path for e in errors}), 'file')}"
    )


def human(errors: Sequence[SourceError], checked: int, out: TextIO, err: TextIO) -> None:
    for e in errors:
        print(str(e), file=err)
    if errors:
        print(f"{_problem_count(errors)}; nothing was written", file=err)
    else:
        print(f"no problems found ({checked} postings checked)", file=out)


def github(errors: Sequence[SourceError], checked: int, out: TextIO, err: TextIO) -> None:
    """One `::error` annotation per problem, on the file and line it is about."""
    for e in errors:
        message = f"{e.field}: {e.message}" if e.field else e.message
        print(annotation("error", e.path, e.line, e.field or "sitegen check", message), file=out)
    if errors:
        print(f"sitegen check: {_problem_count(errors)}", file=out)
    else:
        print(f"sitegen check: no problems in {checked} postings", file=out)


def as_json(errors: Sequence[SourceError], checked: int, out: TextIO, err: TextIO) -> None:
    problems = [
        {"file": e.path, "line": e.line, "field": e.field, "message": e.message} for e in errors
    ]
    print(json.dumps({"ok": not errors, "problems": problems}, indent=2), file=out)


Reporter = Callable[[Sequence[SourceError], int, TextIO, TextIO], None]
FORMATS: dict[str, Reporter] = {"human": human, "github": github, "json": as_json}
