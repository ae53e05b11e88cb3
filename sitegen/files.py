"""The one way sitegen finds and reads the files a site is made of (content, templates,
static files, configs), so that no file in a pull request can stall, exhaust or escape a build.

The rule, the same for `check` and `build`:

- Names starting with a dot are skipped and never opened (.git, .DS_Store, editor files).
- A folder that cannot be read is an error, never an empty folder.
- A symbolic link to a file is followed when the file is inside the project; a link that
  leads outside it (to /etc/passwd, /dev/zero, a home folder) is refused.
- A symbolic link to a folder is refused wherever it is below the folder being walked
  (content/postings/, a theme's templates/ or static/): links to folders can loop ('..',
  '.') or reach the whole disk ('/'). The walked folder itself may be a link inside the
  project.
- Only regular files are read: a pipe, socket or device is refused by its type before it is
  opened, and opened without blocking, so one that takes a file's place in between cannot
  hang the build either.
- A file larger than its limit is refused before it is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import BuildError, SourceError

MEGABYTE = 1024 * 1024
MAX_DEPTH = 20  # folders within a walked folder: content/postings/2026/11/... needs three


def shown_size(size: int) -> str:
    """'1.5 MB', '300 KB', '12 bytes'."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:,.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size // 1024:,} KB"
    return f"{size} bytes"


@dataclass(frozen=True)
class Found:
    """A file to read: where it is, and how messages name it (relative to the project)."""

    path: str
    shown: str


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def walk(
    folder: Path, root: Path, suffixes: Collection[str] | None, where: str
) -> tuple[list[Found], list[SourceError]]:
    """The regular files below folder in name order, and the problems of whatever else lies
    there. With suffixes, a file whose name ends otherwise is a problem too (``where`` names
    the folder in the advice). A missing folder has no files."""
    errors: list[SourceError] = []
    found: list[Found] = []
    shown = relative(folder, root)
    if not os.path.lexists(folder):
        return found, errors
    real_root = _real(root)
    real = _real(folder)
    if not real.is_relative_to(real_root):
        errors.append(_outside(shown, folder.is_symlink(), "folder"))
        return found, errors
    if not real.is_dir():
        errors.append(SourceError(shown, None, None, "is not a folder: remove or rename it"))
        return found, errors
    _walk(str(folder), shown, real_root, tuple(suffixes or ()), where, found, errors, 0)
    return found, errors


def outside(path: Path, root: Path, shown: str) -> SourceError | None:
    """The problem of one named path (a theme folder, a config) whose real place is outside
    the project, or None."""
    if os.path.lexists(path) and not _real(path).is_relative_to(_real(root)):
        return _outside(shown, path.is_symlink(), "folder" if path.is_dir() else "file")
    return None


def _real(path: str | Path) -> Path:
    """Where path really is, links followed; a link loop stays where it is (Path.resolve
    raises RuntimeError on one)."""
    return Path(os.path.realpath(path))


def _outside(shown: str, link: bool, what: str) -> SourceError:
    how = "is a symbolic link" if link else "is reached through a symbolic link"
    return SourceError(
        shown, None, None, f"{how} to a {what} outside the project: copy the {what} in instead"
    )


def _walk(
    folder: str,
    shown: str,
    real_root: Path,
    suffixes: tuple[str, ...],
    where: str,
    found: list[Found],
    errors: list[SourceError],
    depth: int,
) -> None:
    if depth > MAX_DEPTH:
        message = f"folders are nested more than {MAX_DEPTH} deep here: flatten them"
        errors.append(SourceError(shown, None, None, message))
        return
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:  # never an empty folder: that would publish an empty site
        message = f"cannot be read: {exc.strerror}: check the folder's permissions"
        errors.append(SourceError(shown, None, None, message))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # never opened, whatever it is
        name = f"{shown}/{entry.name}"
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            errors.append(SourceError(name, None, None, f"cannot be read: {exc.strerror}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(entry.path, name, real_root, suffixes, where, found, errors, depth + 1)
            continue
        problem = _problem(entry.path, info, real_root)
        if problem:
            errors.append(SourceError(name, None, None, problem))
        elif suffixes and not (entry.name.endswith(suffixes) and entry.name not in suffixes):
            errors.append(
                SourceError(
                    name,
                    None,
                    None,
                    f"only {', '.join(suffixes)} files are read here: rename it, "
                    f"or move it out of {where}",
                )
            )
        else:
            found.append(Found(entry.path, name))


def _problem(path: str, info: os.stat_result, real_root: Path) -> str | None:
    """Why the entry (lstat'ed as info) is not a file sitegen reads, or None."""
    if stat.S_ISLNK(info.st_mode):
        target = _real(path)
        if not target.is_relative_to(real_root):
            return "is a symbolic link to a file outside the project: copy the file in instead"
        try:
            info = os.stat(path)
        except OSError:
            return "is a symbolic link to nothing (or to a loop): remove it"
        if stat.S_ISDIR(info.st_mode):
            return (
                "is a symbolic link to a folder: sitegen follows no linked folders "
                "(they can loop or reach the whole disk): move the files here instead"
            )
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, socket or device): remove it"
    return None


def read_regular(path: str | Path, shown: str, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes; BuildError naming the file
    otherwise. Opened without blocking (a pipe put in the file's place returns at once) and
    checked by the handle's own type, so nothing swapped in after a walk can stall a read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BuildError(
            [SourceError(shown, None, None, f"cannot be read: {exc.strerror}")]
        ) from None
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BuildError(
                [SourceError(shown, None, None, "is not a regular file (a pipe, socket or device)")]
            )
        if info.st_size > limit:
            raise BuildError([too_large(shown, info.st_size, limit)])
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise BuildError([too_large(shown, len(data), limit)])
    return data


def too_large(shown: str, size: int, limit: int) -> SourceError:
    return SourceError(
        shown,
        None,
        None,
        f"is {shown_size(size)}: a file here may be at most {shown_size(limit)} "
        f"(see 'Limits' in the README)",
    )
