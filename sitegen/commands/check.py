"""`sitegen check`: validate the config and content (all, or the named files) and report
every problem in the chosen format, writing nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sitegen.build import check
from sitegen.commands import reporting, summary
from sitegen.commands.history import check_base
from sitegen.config import CONFIG_NAME, load_config
from sitegen.errors import BuildError, SourceError


def check_files(
    root: Path, files: list[Path], fmt: str, out: TextIO, err: TextIO, base: str | None = None
) -> int:
    """Check the project (or the named files); with base, a git commit, also what the change
    since then does to published pages and ids (see history)."""
    only, errors = _only(files, root)
    checked = 0
    try:
        content = check(root, only)
        checked = len(only) if only is not None else len(content.postings)
    except BuildError as exc:
        errors.extend(exc.errors)
    if base is not None:
        try:
            errors.extend(check_base(root, base))
        except BuildError as exc:
            errors.extend(exc.errors)
    problems = BuildError(errors).errors  # sorted, without repeats
    if fmt == "summary":
        try:
            tz = load_config(root).tz
        except BuildError:
            tz = ZoneInfo("UTC")  # the config's problems are in the list already
        items = summary.entries(root, only, tz)
        print(summary.render(items, problems, named=only is not None), end="", file=out)
    else:
        reporting.FORMATS[fmt](problems, checked, out, err)
    return 1 if problems else 0


def _only(files: list[Path], root: Path) -> tuple[list[str] | None, list[SourceError]]:
    """The named files as paths relative to the project root, and the names that are not files
    of its content. A FILE is taken as given: absolute, or relative to the current folder."""
    if not files:
        return None, []
    base = Path(os.path.abspath(root))
    names: list[str] = []
    problems: list[SourceError] = []
    for file in files:
        full = Path(os.path.abspath(file))
        if not full.is_relative_to(base):
            problems.append(
                SourceError(file.as_posix(), None, None, f"is not in the project folder {base}")
            )
            continue
        name = full.relative_to(base).as_posix()
        if name == CONFIG_NAME:
            continue  # always checked
        if not name.startswith("content/"):
            message = "is not under content/: `sitegen check FILE` checks postings and pages"
        elif full.is_dir():
            message = "is a folder: name the .md files in it, or leave FILE out to check all"
        elif not full.is_file():
            message = "not found: check the file name"
        else:
            names.append(name)
            continue
        problems.append(SourceError(name, None, None, message))
    return names, problems
