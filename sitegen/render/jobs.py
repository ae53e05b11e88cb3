"""Jobs: some files of the site and the call that makes them, and the template error a
call raises, located in the theme file and line where it happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

import jinja2

from sitegen.errors import SourceError

Outputs = dict[str, bytes]
R = TypeVar("R")


class TemplateFailure(Exception):
    """A template error with the theme file and line where it happened, found in the process
    that rendered (a worker's traceback does not reach the building process)."""

    def __init__(self, where: str, line: int | None, message: str) -> None:
        super().__init__(where, line, message)
        self.where, self.line, self.message = where, line, message

    def error(self, root: Path) -> SourceError:
        path = Path(self.where)
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else self.where
        return SourceError(shown, self.line, None, f"template error: {self.message}")


def locate(exc: jinja2.TemplateError) -> TemplateFailure:
    """The template file and line of a template error (its innermost template frame)."""
    where, line = "themes", None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where, line = exc.filename, exc.lineno
    else:
        where, line = _template_frame(exc) or (where, line)
    return TemplateFailure(where, line, exc.message or type(exc).__name__)


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in exc's traceback (Jinja rewrites a rendering
    error's traceback so that its frames show the template's own lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _located(job: Callable[[], R]) -> R:
    try:
        return job()
    except jinja2.TemplateError as exc:
        raise locate(exc) from None
    except Exception as exc:
        # raised by Python a template called (url(3), cached(m, [a list])): the template
        # line that made the call, rather than an internal error
        frame = _template_frame(exc)
        if frame is None:
            raise
        raise TemplateFailure(*frame, f"{type(exc).__name__}: {exc}") from None


class Job(NamedTuple):
    """Some files of the site and the call that makes them. A name ending in "/" stands
    for every file under that folder (the search data, whose names depend on its words).
    (A named tuple: the preview makes all 14,000 jobs of a large site again on each save.)"""

    names: tuple[str, ...]
    make: Callable[[], Outputs]

    def run(self) -> Outputs:
        return _located(self.make)


def run_job(job: Job) -> Outputs:
    return job.run()
