"""Errors that name the file, the line and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in one input file, located as precisely as we can."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class BuildError(Exception):
    """Raised with every problem found, so they are all reported together."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors: tuple[SourceError, ...] = tuple(sorted(set(errors), key=_sort_key))
        super().__init__("\n".join(str(e) for e in self.errors))


def _sort_key(error: SourceError) -> tuple[str, int, str, str]:
    return (error.path, error.line or 0, error.field or "", error.message)
