"""`sitegen check`: validate the config and content (all, or the named files) and report
every problem in the chosen format, writing nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sitegen.build import build_date, check, site_config
from sitegen.commands import reporting, summary
from sitegen.commands.history import check_base
from sitegen.config import CONFIG_NAME, load_config
from sitegen.content import lookalike
from sitegen.errors import BuildError, SourceError
from sitegen.site.expiry import expiring_warnings


def check_files(
    root: Path,
    files: list[Path],
    fmt: str,
    out: TextIO,
    err: TextIO,
    base: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Report every problem (exit status 1) and every warning (no effect on the status):
    postings that leave the listings within a week of the build day. With base, a git
    commit, also what the change since then does to published pages and ids (see history)."""
    only, errors = _only(files, root)
    checked = 0
    warnings: tuple[SourceError, ...] = ()
    try:
        config = site_config(root)
        day = build_date(config, today)
        content = check(root, only, day)
        checked = len(only) if only is not None else len(content.postings)
        found = expiring_warnings(content.postings, day, config.max_age_days, only)
        found.extend(lookalike.warnings(content.postings))
        warnings = BuildError(found).errors  # sorted
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
        report = summary.render(items, problems, named=only is not None, warnings=warnings)
        print(report, end="", file=out)
    else:
        reporting.FORMATS[fmt](problems, checked, out, err, warnings=warnings)
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
        elif full.is_dir() and not full.is_symlink():
            message = "is a folder: name the .md files in it, or leave FILE out to check all"
        elif not os.path.lexists(full):
            message = "not found: check the file name"
        else:  # a link or a pipe too: the walk says what is wrong with it, as for build
            names.append(name)
            continue
        problems.append(SourceError(name, None, None, message))
    return names, problems
