"""How `sitegen check` prints problems: for people, as GitHub workflow annotations, as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol, TextIO

from sitegen.content.names import counted
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


def _problem_count(errors: Sequence[SourceError]) -> str:
    return f"{counted(len(errors), 'problem')} in {counted(len({e.path for e in errors}), 'file')}"


def _warning_count(warnings: Sequence[SourceError]) -> str:
    return f"; {counted(len(warnings), 'warning')}" if warnings else ""


def human(
    errors: Sequence[SourceError],
    checked: int,
    out: TextIO,
    err: TextIO,
    warnings: Sequence[SourceError] = (),
) -> None:
    """Problems and warnings on standard error, as `path:line: field: message` (a warning
    as `path:line: warning: field: message`); the verdict last."""
    for e in errors:
        print(str(e), file=err)
    for w in warnings:
        where = w.path if w.line is None else f"{w.path}:{w.line}"
        print(f"{where}: warning: {w.field}: {w.message}", file=err)
    if errors:
        print(f"{_problem_count(errors)}{_warning_count(warnings)}; nothing was written", file=err)
    else:
        print(
            f"no problems found ({counted(checked, 'posting')} checked){_warning_count(warnings)}",
            file=out,
        )


def github(
    errors: Sequence[SourceError],
    checked: int,
    out: TextIO,
    err: TextIO,
    warnings: Sequence[SourceError] = (),
) -> None:
    """One `::error` annotation per problem and one `::warning` per warning, on the file and
    line it is about."""
    for level, items in (("error", errors), ("warning", warnings)):
        for e in items:
            message = f"{e.field}: {e.message}" if e.field else e.message
            print(annotation(level, e.path, e.line, e.field or "sitegen check", message), file=out)
    if errors:
        print(f"sitegen check: {_problem_count(errors)}{_warning_count(warnings)}", file=out)
    else:
        print(
            f"sitegen check: no problems in {counted(checked, 'posting')}"
            f"{_warning_count(warnings)}",
            file=out,
        )


def _items(errors: Sequence[SourceError]) -> list[dict[str, object]]:
    return [
        {"file": e.path, "line": e.line, "field": e.field, "message": e.message} for e in errors
    ]


def as_json(
    errors: Sequence[SourceError],
    checked: int,
    out: TextIO,
    err: TextIO,
    warnings: Sequence[SourceError] = (),
) -> None:
    report = {"ok": not errors, "problems": _items(errors), "warnings": _items(warnings)}
    print(json.dumps(report, indent=2), file=out)


class Reporter(Protocol):
    def __call__(
        self,
        errors: Sequence[SourceError],
        checked: int,
        out: TextIO,
        err: TextIO,
        warnings: Sequence[SourceError] = (),
    ) -> None: ...


FORMATS: dict[str, Reporter] = {"human": human, "github": github, "json": as_json}
