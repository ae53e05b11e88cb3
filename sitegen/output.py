"""The last step: write the site into a staging folder, then swap it in at once.

The staging folder is `.<name>.sitegen-staging` beside the output folder `<name>`, the one
name a build writes besides the output itself. While a build runs it holds a lock on that
folder (a second build into the same output stops with a clear error) and the new site in
`site/` inside it. Once every file is written, the new site and the old output are exchanged
in one step (renameat2 with RENAME_EXCHANGE on Linux; elsewhere two renames, the old output
parked as `old/` in the staging folder), and the staging folder, old site and all, is
deleted. A build killed at any moment leaves the previous output whole; the next build
restores a parked output and clears what was left.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitegen.errors import BuildError, SourceError

MARKER = ".sitegen-output"
MARKER_TEXT = "This folder is written by sitegen build.\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# a path part that Windows reserves, with or without an extension
_WINDOWS_RESERVED = re.compile(
    r"(?:^|/)(?:con|prn|aux|nul|com\d|lpt\d)(?:\.[^/\n]*)?\n?(?:/|\Z)", re.IGNORECASE
)
# lowercase parts of letters, digits and ._~- that are neither . nor .. nor a reserved name:
# every output path sitegen makes passes this one match
_PART = r"(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|/|\Z))(?!\.{1,2}(?:/|\Z))[a-z0-9._~-]+"
_PLAIN_NAME = re.compile(rf"{_PART}(?:/{_PART})*")


def staging_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.sitegen-staging"


def check_name(name: str) -> None:
    """Refuse an output path that could leave the output folder on some file system."""
    if not _PLAIN_NAME.fullmatch(name) and refused(name):
        raise BuildError(
            [
                SourceError(
                    name,
                    None,
                    None,
                    "refusing to write this output path: it could leave the output folder",
                )
            ]
        )


def refused(name: str) -> bool:
    """Whether name could leave the output folder: empty, absolute, a . or .. part, a
    backslash, colon or NUL, or a part Windows reserves."""
    return (
        not name
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
        or _WINDOWS_RESERVED.search(name) is not None
    )


def check_out_dir(out: Path, root: Path) -> None:
    """Refuse output folders whose replacement would destroy something else."""
    out_real, root_real = out.resolve(), root.resolve()
    forbidden = {
        Path("/").resolve(),
        Path.home().resolve(),
        root_real,
        (root_real / "content").resolve(),
        (root_real / "themes").resolve(),
    }
    problem = None
    if out_real in forbidden or out_real in root_real.parents:
        problem = "is the project, its content, a parent of the project, '/' or your home folder"
    elif (root_real / "content") in out_real.parents or (root_real / "themes") in out_real.parents:
        problem = "is inside content/ or themes/"
    elif out.is_symlink() or (out.exists() and not out.is_dir()):
        problem = "exists and is not a folder"
    elif out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        problem = "is a folder with files that sitegen did not write: choose an empty or new folder"
    if problem:
        raise BuildError(
            [SourceError(str(out), None, "--out", f"refusing to write the site here: it {problem}")]
        )


class Staging:
    """The new site being written, file by file, into the staging folder."""

    def __init__(self, out: Path, site: Path) -> None:
        self.out = out
        self.site = site
        self.names: dict[str, str] = {}  # lower case -> name, for clashes
        self.folders: set[str] = set()

    def write(self, name: str, data: bytes) -> None:
        check_name(name)
        other = self.names.setdefault(name.lower(), name)
        if other != name:
            first, second = sorted((name, other))
            raise BuildError(
                [
                    SourceError(
                        second,
                        None,
                        None,
                        f"differs from {first} only by letter case: it would clash on macOS "
                        "and Windows",
                    )
                ]
            )
        folder = name.rpartition("/")[0]
        try:
            if folder and folder not in self.folders:
                os.makedirs(self.site / folder, exist_ok=True)
                self.folders.add(folder)
            # a new file in a new folder: never follows a link, never truncates anything
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            handle = os.open(self.site / name, flags, 0o644)
            with open(handle, "wb") as file:
                file.write(data)
        except OSError as exc:
            raise _unwritable(self.out, exc, name) from None

    @property
    def files(self) -> int:
        return len(self.names)


def write_file(path: Path, data: bytes) -> None:
    """Write one file (an email message) whole or not at all, never through a link: the
    bytes go to a new file beside it (O_EXCL, O_NOFOLLOW), renamed over path at the end. A
    link planted at path is replaced, and the file it pointed to is left as it was."""
    temporary = path.parent / f".{path.name}.{os.getpid()}.sitegen-tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(temporary, flags, 0o644)
        try:
            with open(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        message = f"could not write it: {_reason(exc)}; no file was changed"
        raise BuildError([SourceError(str(path), None, None, message)]) from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full: free some space and try again"
    if exc.errno == errno.EDQUOT:
        return "your disk quota is used up: free some space and try again"
    if exc.errno == errno.EFBIG:
        return "a file is larger than this system or your file-size limit (ulimit -f) allows"
    return f"{exc.strerror or exc}: check that you may write there"


def _unwritable(out: Path, exc: OSError, name: str) -> BuildError:
    what = _reason(exc).replace("try again", "build again")
    message = f"could not write the new site (at {name}): {what}; the previous site is untouched"
    return BuildError([SourceError(str(out), None, None, message)])


@contextlib.contextmanager
def staged(out: Path, root: Path) -> Iterator[Staging]:
    """Write the new site in the block; on success it replaces out whole, on any error or
    interruption out is left as it was. Nothing is left beside out either way."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)  # an OSError names the path at fault
    check_out_dir(out, root)
    staging = staging_folder(out)
    with _locked(staging, out):
        try:
            _recover(staging, out)
            site = staging / "site"
            site.mkdir()
            writer = Staging(out, site)
            yield writer
            writer.write(MARKER, MARKER_TEXT.encode())
            _swap_in(site, out, staging / "old")
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _locked(staging: Path, out: Path) -> Iterator[None]:
    """Hold the staging folder, made if need be, under an exclusive lock for the block."""
    for _attempt in range(3):
        if staging.is_symlink():  # never follow a planted link
            staging.unlink()
        try:
            staging.mkdir(exist_ok=True)
            fd = os.open(staging, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            message = (
                f"cannot use the staging folder {staging.name} beside the output: "
                f"{exc.strerror or exc}: remove it if it is not a folder"
            )
            raise BuildError([SourceError(str(staging), None, None, message)]) from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                message = "another build is writing this folder: wait for it to finish"
                raise BuildError([SourceError(str(out), None, None, message)]) from None
            if _same_folder(fd, staging):
                yield
                return
            # the folder was deleted by the build that held it: take the new one
        finally:
            os.close(fd)
    raise BuildError([SourceError(str(out), None, None, "other builds keep replacing this folder")])


def _same_folder(fd: int, path: Path) -> bool:
    try:
        held, there = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_ino, held.st_dev) == (there.st_ino, there.st_dev)


def _recover(staging: Path, out: Path) -> None:
    """Undo what a killed build left: put back an output it had parked, clear the rest."""
    parked = staging / "old"
    if not out.exists() and not out.is_symlink() and parked.is_dir():
        parked.rename(out)
    for leftover in staging.iterdir():
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap_in(site: Path, out: Path, parked: Path) -> None:
    if not out.exists():
        site.rename(out)
    elif not _exchange(site, out):  # the old site is now in `site`, deleted with staging
        out.rename(parked)
        site.rename(out)


def write_site(outputs: Mapping[str, bytes], out: Path, root: Path) -> None:
    """Write a whole site, held in memory, into out (see staged)."""
    with staged(out, root) as staging:
        for name in sorted(outputs):
            staging.write(name, outputs[name])
