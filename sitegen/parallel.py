"""Work spread over the machine's cores with a forked process pool, when it pays.

Results come back in the order of the inputs, so a parallel build gives the same bytes as a
serial one. Small batches, one core, or a system without fork run serially.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

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


def _worker() -> None:
    """A worker allocates many short-lived objects (Markdown tokens, template frames) and
    keeps few: collecting the youngest generation less often saves about 5% of its time."""
    gc.set_threshold(20_000, 20, 50)


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


def stream(
    jobs: Sequence[Callable[[], R]],
    workers: int,
    consume: Callable[[int, R], None],
    share: bool = False,
    extra: int = 0,
) -> None:
    """Run every job, handing each result to consume(index, result) as soon as it is ready,
    in the order of the jobs, so that results need not all be held at once.

    Jobs run in forked children (which share them); consume runs here only. This process
    runs no job itself: while it did, the pool's threads that read the children's results
    waited for it, and the children stalled on full pipes (a 2-core build gained nothing).

    With share, for jobs whose results are small (None: the job wrote its file), this
    process takes jobs too, from the end, and there is one child fewer: every forked child
    counts the building process's memory again. Results then come in any order.

    Fewer than MIN_PARALLEL jobs run here, serially (the pool costs more than it saves);
    extra counts work the jobs stand for beyond their number (a job that goes through
    every posting).
    """
    global _JOBS
    methods = multiprocessing.get_all_start_methods()
    if workers <= 1 or len(jobs) < 2 or len(jobs) + extra < MIN_PARALLEL or "fork" not in methods:
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


def render_many(bodies: Sequence[str], workers: int) -> list[Rendered]:
    return run_many(render, bodies, workers)
