"""Work spread over the machine's cores with a forked process pool, when it pays.

Results come back in the order of the inputs, so a parallel build gives the same bytes as a
serial one. Small batches, one core, or a system without fork run serially.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar, cast

from sitegen.markdown import Rendered, render

T = TypeVar("T")
R = TypeVar("R")
MIN_PARALLEL = 400  # below this many items the pool costs more than it saves


def default_workers() -> int:
    """SITEGEN_WORKERS, else the cores this process may use."""
    given = os.environ.get("SITEGEN_WORKERS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_many(func: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """func over items, in order; in forked children when there are enough items and cores."""
    result: list[R] = []
    stream([partial(func, item) for item in items], workers, lambda _i, r: result.append(r))
    return result


_JOBS: Sequence[Callable[[], Any]] = ()


def _give_back_memory() -> None:
    """Return freed heap to the system before forking (glibc keeps it otherwise): every
    child's resident size starts as this process's, so each megabyte here counts again
    in each child. A clean 10,000-posting build holds about 30 MB less."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


FEWER_COLLECTIONS = (20_000, 20, 50)


def _worker() -> None:
    """A worker allocates many short-lived objects (Markdown tokens, template frames) and
    keeps few: collecting the youngest generation less often saves about 5% of its time."""
    gc.set_threshold(*FEWER_COLLECTIONS)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The same for the building process, during a build: it makes the site model's
    objects by the ten thousand, and collecting every 700 allocations scanned them again
    and again (half a second of a clean 10,000-posting build, 945 collections, down to 78)."""
    before = gc.get_threshold()
    gc.set_threshold(*FEWER_COLLECTIONS)
    try:
        yield
    finally:
        # what the build made and kept goes to the oldest generation unscanned: restoring
        # the thresholds with hundreds of thousands of objects in the young generations
        # had the next allocation scan them all (0.08 s at the end of every rebuild)
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*before)


def _call_batch(span: tuple[int, int]) -> list[Any]:
    return [_JOBS[index]() for index in range(*span)]


_CLAIMED: Any = None  # shared flags: which spans a process has taken (share mode)


def _claim(number: int) -> bool:
    with _CLAIMED.get_lock():
        if _CLAIMED[number]:
            return False
        _CLAIMED[number] = 1
        return True


def _call_claimed(job: tuple[int, tuple[int, int]]) -> tuple[int, list[Any]]:
    number, span = job
    return (number, _call_batch(span) if _claim(number) else [])


def forks(jobs: int, workers: int) -> bool:
    """Whether stream() would run this many jobs in forked children."""
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    return workers > 1 and jobs >= MIN_PARALLEL and can_fork


def stream(
    jobs: Sequence[Callable[[], R]],
    workers: int,
    consume: Callable[[int, R], None],
    share: bool = False,
) -> None:
    """Run every job, handing each result to consume(index, result) as soon as it is ready,
    in the order of the jobs, so that results need not all be held at once.

    Jobs run in forked children (which share them); consume runs here only. This process
    runs no job itself: while it did, the pool's threads that read the children's results
    waited for it, and the children stalled on full pipes (a 2-core build gained nothing).

    With share, for jobs whose results are small (None: the job wrote its file), this
    process takes jobs too, from the end, and there is one child fewer: every forked child
    counts the building process's memory again. Results then come in any order.
    """
    global _JOBS
    if not forks(len(jobs), workers):
        for index, job in enumerate(jobs):
            consume(index, job())
        return
    chunk = max(4, len(jobs) // (workers * 24))
    spans = [(start, min(start + chunk, len(jobs))) for start in range(0, len(jobs), chunk)]
    _JOBS = jobs
    _give_back_memory()
    if share:
        _stream_shared(spans, workers, consume)
        return
    gc.freeze()  # objects from before the fork stay shared: the collector leaves them be
    try:
        with multiprocessing.get_context("fork").Pool(workers, _worker) as pool:
            for (start, _end), batch in zip(spans, pool.imap(_call_batch, spans), strict=True):
                for offset, result in enumerate(batch):
                    consume(start + offset, result)
    finally:
        _JOBS = ()
        gc.unfreeze()


def _stream_shared(
    spans: list[tuple[int, int]], workers: int, consume: Callable[[int, Any], None]
) -> None:
    global _JOBS, _CLAIMED
    context = multiprocessing.get_context("fork")
    _CLAIMED = context.Array("b", len(spans))
    gc.freeze()
    try:
        with context.Pool(workers - 1, _worker) as pool:
            theirs = pool.imap_unordered(_call_claimed, list(enumerate(spans)))
            for number in range(len(spans) - 1, -1, -1):
                if not _claim(number):
                    break  # the children have come this far
                for offset, result in enumerate(_call_batch(spans[number])):
                    consume(spans[number][0] + offset, result)
            for number, batch in theirs:
                for offset, result in enumerate(batch):
                    consume(spans[number][0] + offset, result)
    finally:
        _JOBS, _CLAIMED = (), None
        gc.unfreeze()


class Deferred(Generic[R]):
    """A call made meanwhile in a forked child (when workers > 1 and the system can fork),
    else here when its result is asked for. get() gives its result or raises its error."""

    def __init__(self, func: Callable[[], R], workers: int) -> None:
        self.func: Callable[[], R] | None = func
        self.pid = 0
        self.fd = -1
        if workers > 1 and hasattr(os, "fork"):
            with contextlib.suppress(OSError):  # no process to spare: made here instead
                self._fork()

    def _fork(self) -> None:
        assert self.func is not None
        readable, writable = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(readable)
            os.close(writable)
            raise
        if pid == 0:  # pragma: no cover - the child: reported through the pipe
            code = 1
            try:  # whatever happens, the child ends here and never runs the parent's code
                os.close(readable)
                gc.disable()  # short-lived: collecting would only copy the parent's pages
                try:
                    data = pickle.dumps((True, self.func()), protocol=5)
                except BaseException as exc:  # every error goes to the parent
                    data = _pickled_error(exc)
                with os.fdopen(writable, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writable)
        self.pid, self.fd, self.func = pid, readable, None

    @property
    def forked(self) -> bool:
        """Whether the call runs in a child (it no longer needs this process's data)."""
        return self.pid != 0

    def get(self) -> R:
        if self.func is not None:
            func, self.func = self.func, None
            return func()
        if self.fd < 0:
            raise RuntimeError("the result was already taken")
        with os.fdopen(self.fd, "rb") as pipe:
            self.fd = -1
            data = pipe.read()
        self._reap()
        if not data:
            raise RuntimeError("a worker process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return cast(R, value)

    def cancel(self) -> None:
        """Stop the child if its result is no longer wanted (the build failed meanwhile)."""
        self.func = None
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        self._reap()

    def _reap(self) -> None:
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps((False, exc), protocol=5)
    except Exception:  # an error that cannot travel: its message does
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), protocol=5)


def render_many(bodies: Sequence[str], workers: int) -> list[Rendered]:
    return run_many(render, bodies, workers)
