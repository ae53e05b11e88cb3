"""The last step: write every output into a fresh folder, then swap it in atomically.

A build killed at any moment leaves the previous output complete: the new site is written to a
staging folder beside it and exchanged with the old one in one rename (renameat2 with
RENAME_EXCHANGE on Linux; two renames elsewhere, repaired on the next build).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from sitegen.errors import BuildError, SourceError

MARKER = ".sitegen-output"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_relative(name: str) -> PurePosixPath:
    """An output path that cannot leave the output folder on any file system."""
    path = PurePosixPath(name)
    bad = (
        not name
        or path.is_absolute()
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
        or any(_WINDOWS_RESERVED.match(part) for part in path.parts)
    )
    if bad:
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
    return path


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


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock = out.parent / f".{out.name}.lock"
    with lock.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                [
                    SourceError(
                        str(out),
                        None,
                        None,
                        "another build is writing this folder: wait for it to finish",
                    )
                ]
            ) from None
        yield


def _recover(out: Path) -> None:
    """Undo what a killed build left: restore a parked old output, drop staging folders."""
    parked = out.parent / f".{out.name}.old"
    if not out.exists() and parked.is_dir():
        parked.rename(out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if parked.exists():
        shutil.rmtree(parked, ignore_errors=True)


def write_site(outputs: Mapping[str, bytes], out: Path, root: Path) -> None:
    """Write the whole site to out, replacing what was there only once all of it is written."""
    paths = {name: safe_relative(name) for name in outputs}
    seen: dict[str, str] = {}
    for name in sorted(paths):
        key = name.lower()
        if key in seen:
            raise BuildError(
                [
                    SourceError(
                        name,
                        None,
                        None,
                        f"differs from {seen[key]} only by "
                        "letter case: it would clash on macOS and Windows",
                    )
                ]
            )
        seen[key] = name
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    check_out_dir(out, root)
    with _locked(out):
        _recover(out)
        staging = out.parent / f".{out.name}.staging-{os.getpid()}"
        staging.mkdir()
        try:
            for name in sorted(paths):
                target = staging / paths[name]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(outputs[name])
            (staging / MARKER).write_text("This folder is written by sitegen build.\n")
            _swap_in(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return  # staging now holds the old site; the caller removes it
    parked = out.parent / f".{out.name}.old"
    out.rename(parked)
    staging.rename(out)
    shutil.rmtree(parked, ignore_errors=True)
