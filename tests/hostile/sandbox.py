"""Running sitegen on a hostile project in a child process that cannot take CI down with it:
a wall-clock timeout (the child is killed and the test fails, rather than hang), an address
space limit (a regression that needs gigabytes fails with MemoryError, rather than swap the
machine), and on request a file-size limit (writes fail with EFBIG, a real full-disk error
from the kernel) or no root privileges (so that chmod 000 is honoured also when the tests run
as root, as in CI: the child enters a new user namespace, where it keeps its user id but has
no capability over the files outside it)."""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MEMORY = 1536 * 1024 * 1024  # bytes of address space: a build of a small site needs ~300 MB
TIMEOUT = 60.0  # seconds: a small site builds in about one
_CLONE_NEWUSER = 0x10000000


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        """The lines of a report that name a problem or warning (not the summary line)."""
        return [
            line
            for line in self.err.splitlines()
            if ": " in line and ": warning: " not in line and "nothing was written" not in line
        ]


def sitegen(
    *args: str,
    timeout: float = TIMEOUT,
    memory: int = MEMORY,
    file_size: int | None = None,
    unprivileged: bool = False,
    cwd: Path | None = None,
) -> Result:
    """`sitegen ARGS` in a bounded child process."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        if unprivileged and os.geteuid() == 0:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(_CLONE_NEWUSER) != 0:
                raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER) failed")

    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=cwd,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"sitegen {' '.join(args)} ran over {timeout} s") from exc
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)


def check_and_build(
    root: Path,
    out: Path | None = None,
    *,
    unprivileged: bool = False,
    timeout: float = TIMEOUT,
    memory: int = MEMORY,
) -> Result:
    """`check`, then `build`: both must refuse (exit 1) with the same problems, and the
    build must leave no new output; the check's result."""
    checked = sitegen(
        "check", "--root", str(root), unprivileged=unprivileged, timeout=timeout, memory=memory
    )
    target = out or root / "output"
    existed = target.exists()
    built = sitegen(
        "build", "--root", str(root), "--out", str(target),
        unprivileged=unprivileged, timeout=timeout, memory=memory,
    )  # fmt: skip
    assert (checked.code, built.code) == (1, 1), (checked.err, built.err)
    assert checked.problems == built.problems
    assert existed or not target.exists()
    return checked


def python(code: str, *, timeout: float = TIMEOUT, memory: int = MEMORY) -> str:
    """Run Python code against sitegen in a bounded child process; its standard output."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"the code ran over {timeout} s:\n{code}") from exc
    assert done.returncode == 0, done.stderr
    return done.stdout
