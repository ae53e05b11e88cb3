"""The last step: write every output into a fresh folder, then swap it in atomically.

A build killed at any moment leaves the previous output complete: the new site is written to a
staging folder beside it and exchanged with the old one in one rename (renameat2 with
RENAME_EXCHANGE on Linux; two renames elsewhere, repaired on the next build).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from sitegen.errors import BuildError, SourceError
from sitegen.parallel import Deferred

MARKER = ".sitegen-output"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# a path part that Windows reserves, with or without an extension
_WINDOWS_RESERVED = re.compile(
    r"(?:^|/)(?:con|prn|aux|nul|com\d|lpt\d)(?:\.[^/\n]*)?\n?(?:/|\Z)", re.IGNORECASE
)


def safe_relative(name: str) -> PurePosixPath:
    """An output path that cannot leave the output folder on any file system."""
    check_name(name)
    return PurePosixPath(name)


# lowercase parts of letters, digits and ._~- that are neither . nor .. nor a reserved name:
# every output path sitegen makes, answered with one match (the full test took 3 µs a name,
# a twentieth of a 10,000-posting rebuild)
_PART = r"(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|/|\Z))(?!\.{1,2}(?:/|\Z))[a-z0-9._~-]+"
_PLAIN_NAME = re.compile(rf"{_PART}(?:/{_PART})*")


def check_name(name: str) -> None:
    """Refuse an output path that could leave the output folder on some file system
    (string tests only: this runs for every file of every build)."""
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


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:  # the C library the interpreter is linked with (find_library runs ldconfig -p)
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    with _lock(out.parent / f".{out.name}.lock") as free:
        if not free:
            raise BuildError(
                [
                    SourceError(
                        str(out),
                        None,
                        None,
                        "another build is writing this folder: wait for it to finish",
                    )
                ]
            )
        yield


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[bool]:
    """Hold the lock file at path for the block; False (and not held) if another does."""
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def _recover(out: Path) -> None:
    """Undo what a killed build left: restore a parked old output, drop staging folders."""
    parked = out.parent / f".{out.name}.old"
    if not out.exists() and parked.is_dir():
        parked.rename(out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    making = out.parent / f".{out.name}.spare-new"
    if making.exists():
        with _spare_lock(out) as free:
            if free:  # a spare maker was killed: no other is at it
                shutil.rmtree(making, ignore_errors=True)
    if parked.exists():
        shutil.rmtree(parked, ignore_errors=True)


def write_site(
    outputs: Mapping[str, bytes], out: Path, root: Path, reuse: Collection[str] = ()
) -> bool:
    """Write the whole site to out, replacing what was there only once all of it is written.

    Files named in reuse are unchanged since the build that wrote out: they are hard-linked
    from it (copied where links fail). An output file whose bytes are already in out counts
    as reused too. When nothing at all changed, out is left as it is. True if out was written.
    """
    with Staged(out, root, reuse) as staged:
        for name in sorted(outputs):
            staged.put(name, outputs[name])
    return staged.written


class Staged:
    """A new output being written file by file beside the old one, swapped in on success.

    Nothing is staged until the first file that differs from the old output; a build that
    changed nothing leaves the old output in place. An exception discards the staging folder.
    """

    def __init__(
        self, out: Path, root: Path, reuse: Collection[str] = (), workers: int = 1
    ) -> None:
        """With workers > 1 the spare is surveyed in a forked child from the start, while
        the build reads its sources."""
        self.out = out.absolute()
        self.workers = workers
        self.shared = 0  # files of this site that are hard links of the old output's
        self.rewritten = 0  # and those that are not
        self.survey: Deferred[Survey] | None = None
        self.found: Survey | None = None  # the survey's result, once asked for
        self.root = root
        self.reuse = set(reuse)
        self.names: dict[str, str] = {}  # lower case -> name, for clashes
        self.linked: set[str] = set()
        self.staging: Path | None = None
        self.made: set[Path] = set()
        self.folders: set[str] = set()  # made under staging by _link
        # files of the adopted spare not yet claimed by this build (None: no spare adopted)
        self.spare: set[str] | None = None
        self.differ: set[str] = set()  # files of the spare that are not out's very files
        self.written = False
        self._lock: contextlib.ExitStack | None = None

    def __enter__(self) -> Staged:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        check_out_dir(self.out, self.root)
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(_locked(self.out))
        _recover(self.out)
        self.previous = (self.out / MARKER).is_file()
        spare = self._spare_folder()
        if self.previous and spare.is_dir() and not spare.is_symlink():
            self.survey = Deferred(partial(_survey, str(spare), str(self.out)), self.workers)
        for name in sorted(self.reuse):
            self._name(name)
        return self

    def _spare_folder(self) -> Path:
        return self.out.parent / f".{self.out.name}.spare"

    def _name(self, name: str) -> str:
        check_name(name)
        key = name.lower()
        other = self.names.get(key)
        if other is not None and other != name:
            first, second = sorted((name, other))
            raise BuildError(
                [
                    SourceError(
                        second,
                        None,
                        None,
                        f"differs from {first} only by "
                        "letter case: it would clash on macOS and Windows",
                    )
                ]
            )
        self.names[key] = name
        return name

    def keep(self, name: str) -> None:
        """Take name as it is in the old output (its inputs have not changed)."""
        self._name(name)
        if self.staging is None:
            self.reuse.add(name)
        else:
            self._link(name)

    def put(self, name: str, data: bytes) -> None:
        path = PurePosixPath(self._name(name))
        if self.staging is None and self.previous and _holds(self.out / path, data):
            self.linked.add(name)
            return
        target = self._target(path, folder=False)  # makes the staging folder, or adopts a spare
        if self.spare is None:
            self._target(path)  # and the file's folders
        else:
            self.spare.discard(name)
            _clear_way(str(self.staging), name)
            if _holds(target, data):
                if name in self.differ:
                    self.rewritten += 1
                else:
                    self.shared += 1  # the spare's file is the old output's very file
                return
        self.rewritten += 1
        _write_file(str(target), data, self.spare is not None)

    def claim(self, name: str) -> None:
        """Take name for a file that write() will write, perhaps from a forked worker: its
        path is checked (and the staging folder made) here, in the building process."""
        self._target(PurePosixPath(self._name(name)), folder=False)
        self.rewritten += 1
        if self.spare is not None:
            self.spare.discard(name)

    def write(self, name: str, data: bytes) -> None:
        """Write a claimed file; safe in a forked worker (it touches no shared state)."""
        assert self.staging is not None
        target = os.path.join(self.staging, name)
        if self.spare is not None:
            _clear_way(str(self.staging), name)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        _write_file(target, data, self.spare is not None)

    def _target(self, path: PurePosixPath, folder: bool = True) -> Path:
        if self.staging is None:
            self.staging = self.out.parent / f".{self.out.name}.staging-{os.getpid()}"
            if not self._adopt_spare(self.staging):
                self.staging.mkdir()
            self.made.add(self.staging)
            for name in sorted(self.linked | self.reuse):
                self._link(name)
        target = self.staging / path
        if folder and target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        return target

    def _link(self, name: str) -> None:
        """Hard-link name from the old output (string paths: this runs for every unchanged
        file of a rebuild, and pathlib cost a third of a 10,000-posting edit)."""
        if self.staging is None:
            self._target(PurePosixPath(MARKER), folder=False)
        self.shared += 1
        staging = str(self.staging)
        folder, _slash, _file = name.rpartition("/")
        if folder and self.spare is None:
            self._folder(str(staging), folder)
        old, new = f"{self.out}/{name}", f"{staging}/{name}"
        if self.spare is not None:
            if name in self.spare and name not in self.differ:
                self.spare.discard(name)  # the spare already holds this very file
                return
            self.spare.discard(name)
            _clear_way(str(staging), name)
            _link(old, f"{new}.sitegen-new")  # then renamed over what the spare held
            os.replace(f"{new}.sitegen-new", new)
            return
        _link(old, new)

    def _folder(self, staging: str, folder: str) -> None:
        """Make staging/folder and its parents, once each."""
        if folder in self.folders:
            return
        parent = folder.rpartition("/")[0]
        if parent:
            self._folder(staging, parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(f"{staging}/{folder}")
        self.folders.add(folder)

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        try:
            if self.survey is not None:
                self.survey.cancel()  # a build that never needed the spare
            if kind is None:
                self._finish()
        finally:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            assert self._lock is not None
            self._lock.close()

    def _finish(self) -> None:
        names = set(self.names.values())
        if self.staging is None and _listing(self.out) == names:
            return  # nothing changed: the old output is this very site
        if self.staging is None:
            self._target(PurePosixPath(MARKER))  # stage everything by links
        assert self.staging is not None
        (self.staging / MARKER).write_text(MARKER_TEXT)
        for name in sorted(self.spare or ()):  # files of an older site that this one lacks
            path = os.path.join(self.staging, name)
            with contextlib.suppress(OSError):
                os.unlink(path)
                os.removedirs(os.path.dirname(path))  # stops at a folder that is not empty
        spare = self._spare_folder()
        # the old output is the next build's spare only if this site shares most files
        # with it: after a template edit the next build would have to replace them all
        stale = self.rewritten > self.shared
        _swap_in(self.staging, self.out, None if stale else spare)
        self.written = True
        if stale or not spare.is_dir():
            make_spare(self.out)

    def _surveyed(self) -> Survey | None:
        """The survey of the spare, waiting for it if need be; None if there is none or it
        failed (the spare changed, or the child died)."""
        survey, self.survey = self.survey, None
        if survey is not None:
            try:
                self.found = survey.get()
            except (OSError, RuntimeError):
                survey.cancel()
        return self.found

    def present(self) -> set[str]:
        """Files known to be in the output without a stat: those of the spare that the
        survey found to be the output's very files. Empty when there is no survey."""
        found = self._surveyed()
        return found.files - found.differ if found is not None else set()

    def _adopt_spare(self, staging: Path) -> bool:
        """Take the site before last (kept beside out by the last build) as the staging
        folder, to be brought up to date file by file: a rebuild then touches only the
        files that changed, not every folder of the site. False if there is none."""
        spare = self._spare_folder()
        if spare.is_symlink() or not spare.is_dir():
            return False
        found = self._surveyed()
        if found is None:  # the spare is walked here instead
            try:
                found = _survey(str(spare), str(self.out))
            except OSError:
                return False
        if len(found.differ) * 2 > len(found.files):
            # most of its files would be replaced: linking a fresh copy is faster (2.4 to
            # 3.5 s against 4.8 to 6.4 s at 10,000 postings, when the spare was stale)
            _discard(spare, self.out)
            return False
        try:
            spare.rename(staging)
        except OSError:  # gone meanwhile (the background maker replaced it)
            return False
        if _identity(str(staging)) != found.folder:  # replaced after the survey
            found = _survey(str(staging), str(self.out))
        self.spare, self.differ = found.files, found.differ
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging / MARKER)
        return True


@dataclass(frozen=True)
class Survey:
    """The plain files of a spare site, and those of them that are not hard links of the
    output's file of the same name (after an edit, a hundred of 14,000)."""

    folder: tuple[int, int]  # the spare folder's inode and device, to know it again
    files: set[str]
    differ: set[str]


def _identity(path: str) -> tuple[int, int]:
    st = os.lstat(path)
    return (st.st_ino, st.st_dev)


def _survey(spare: str, out: str) -> Survey:
    """Walk the spare (deleting whatever is neither a file nor a folder) and compare each
    file with out's: at 10,000 postings a seventh of a second of walking and 28,000 lstat
    calls, made in a forked child while the building process loads the site."""
    folder = _identity(spare)
    files: set[str] = set()
    _plain_files(spare, "", files)
    files.discard(MARKER)
    differ = {name for name in files if not _same_file(f"{out}/{name}", f"{spare}/{name}")}
    return Survey(folder, files, differ)


def make_spare(out: Path) -> None:
    """Make the next build's spare in a background process: a copy of out by hard links
    (14,000 files took the first rebuild after a clean build 1 to 3 s at 10,000
    postings), moved into place once whole, replacing any older spare. A spare made from
    an output that changes meanwhile is still sound: a build surveys its spare and
    replaces whatever is not the output's very file."""
    _in_background(partial(_make_spare, out.absolute()))


def _make_spare(out: Path) -> None:
    spare = out.parent / f".{out.name}.spare"
    making = out.parent / f".{out.name}.spare-new"
    with _spare_lock(out) as free:
        if not free:
            return  # another maker is at it
        shutil.rmtree(making, ignore_errors=True)  # what a killed maker left
        making.mkdir()
        try:
            _link_tree(str(out), str(making))
        except OSError:  # out replaced or gone meanwhile: no spare this time
            shutil.rmtree(making, ignore_errors=True)
            return
        if spare.exists() or spare.is_symlink():
            with contextlib.suppress(OSError):  # gone meanwhile: adopted by a build
                spare.rename(_trash_name(out))
        try:
            making.rename(spare)
        except OSError:  # a build kept its old output as the spare meanwhile
            shutil.rmtree(making, ignore_errors=True)
        _empty_trash(out)


def _spare_lock(out: Path) -> contextlib.AbstractContextManager[bool]:
    """Held by the process making out's spare."""
    return _lock(out.parent / f".{out.name}.spare-lock")


def _link_tree(source: str, target: str) -> None:
    """Hard-link every plain file under source into the same place under target."""
    with os.scandir(source) as listing:
        entries = list(listing)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(f"{target}/{entry.name}")
            _link_tree(entry.path, f"{target}/{entry.name}")
        elif entry.is_file(follow_symlinks=False) and entry.name != MARKER:
            os.link(entry.path, f"{target}/{entry.name}")


def _plain_files(folder: str, prefix: str, found: set[str]) -> None:
    """Add the files under folder to found (as prefix + relative path), deleting whatever
    is neither a plain file nor a folder. Directory entry types, no stat per file."""
    with os.scandir(folder) as listing:
        entries = list(listing)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _plain_files(entry.path, f"{prefix}{entry.name}/", found)
        elif entry.is_file(follow_symlinks=False):
            found.add(prefix + entry.name)
        else:
            os.unlink(entry.path)


def _same_file(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev)


def _write_file(target: str, data: bytes, replace: bool) -> None:
    """Write data at target; with replace, as a new file renamed over the old one, which
    may be a hard link shared with the output being served."""
    path = f"{target}.sitegen-new" if replace else target
    with open(path, "wb") as handle:
        handle.write(data)
    if replace:
        os.replace(path, target)


def _clear_way(staging: str, name: str) -> None:
    """Make room in an adopted spare for the file name: its folders exist as folders and
    nothing but a file stands at name (an older site may have had it the other way)."""
    parts = name.split("/")
    for depth in range(1, len(parts)):
        folder = os.path.join(staging, *parts[:depth])
        if os.path.isdir(folder) and not os.path.islink(folder):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder)
        with contextlib.suppress(FileExistsError):  # another worker made it meanwhile
            os.mkdir(folder)
    target = os.path.join(staging, *parts)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


MARKER_TEXT = "This folder is written by sitegen build.\n"


def _listing(out: Path) -> set[str] | None:
    """Every file in a previous output (but its marker); None if out is not one."""
    try:
        if (out / MARKER).read_text() != MARKER_TEXT:
            return None
    except OSError:
        return None
    found: set[str] = set()
    for folder, _dirs, files in os.walk(out):
        rel = os.path.relpath(folder, out)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.update(prefix + f for f in files)
    found.discard(MARKER)
    return found


def _link(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _discard(folder: Path, out: Path) -> None:
    """Remove a folder of a replaced output: renamed aside at once, deleted in the background
    (with whatever an earlier deletion left unfinished): deleting thousands of folders
    takes seconds."""
    try:
        folder.rename(_trash_name(out))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _in_background(partial(_empty_trash, out))


def _trash_name(out: Path) -> Path:
    return out.parent / f".sitegen-trash.{out.name}.{os.getpid()}-{time.monotonic_ns()}"


def _empty_trash(out: Path) -> None:
    for old in sorted(out.parent.glob(f".sitegen-trash.{out.name}.*")):
        shutil.rmtree(old, ignore_errors=True)


def _in_background(work: Callable[[], None]) -> None:
    """Call work in a detached process (a forked grandchild) and return at once; here,
    and waited for, without fork or with SITEGEN_SYNC_DELETE set."""
    if not hasattr(os, "fork") or os.environ.get("SITEGEN_SYNC_DELETE"):
        work()
        return
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.closerange(3, 1 << 16)  # the output lock and pipes stay with the build
            if os.fork() == 0:  # a grandchild, so no zombie waits on the build process
                work()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _swap_in(staging: Path, out: Path, spare: Path | None = None) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):  # staging now holds the old site: the next spare
        if spare is not None and not spare.exists():
            try:
                staging.rename(spare)
                return
            except OSError:
                pass
        _discard(staging, out)
        return
    parked = out.parent / f".{out.name}.old"
    out.rename(parked)
    staging.rename(out)
    shutil.rmtree(parked, ignore_errors=True)
