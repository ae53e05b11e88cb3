"""Work spread over the machine's cores with a forked process pool, when it pays.

Results come back in the order of the inputs, so a parallel build gives the same bytes as a
serial one. Small batches, one core, or a system without fork run serially.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
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


def run_many(
    func: Callable[[T], R], items: Sequence[T], workers: int, minimum: int | None = None
) -> list[R]:
    """func over items, in order; in a forked pool when there are enough items and cores.

    The calling process does its share too: workers - 1 children, so that the summed memory
    of the process tree stays near workers times the parent's, not more.
    """
    methods = multiprocessing.get_all_start_methods()
    if workers <= 1 or len(items) < (minimum or MIN_PARALLEL) or "fork" not in methods:
        return [func(item) for item in items]
    context = multiprocessing.get_context("fork")
    split = len(items) * (workers - 1) // workers
    chunk = max(16, split // (workers * 8))
    gc.freeze()  # objects from before the fork stay shared: the collector leaves them be
    try:
        with context.Pool(workers - 1) as pool:
            theirs = pool.map_async(func, items[:split], chunksize=chunk)
            mine = [func(item) for item in items[split:]]
            return theirs.get() + mine
    finally:
        gc.unfreeze()


_JOBS: Sequence[Callable[[], Any]] = ()


def _call_batch(span: tuple[int, int]) -> list[Any]:
    return [_JOBS[index]() for index in range(*span)]


def stream(
    jobs: Sequence[Callable[[], R]], workers: int, consume: Callable[[int, R], None]
) -> None:
    """Run every job, handing each result to consume(index, result) as soon as it is ready,
    so that results need not all be held at once. Jobs run in forked children (which share
    them) and in this process; consume runs here only."""
    global _JOBS
    methods = multiprocessing.get_all_start_methods()
    if workers <= 1 or len(jobs) < MIN_PARALLEL or "fork" not in methods:
        for index, job in enumerate(jobs):
            consume(index, job())
        return
    split = len(jobs) * (workers - 1) // workers
    chunk = max(8, split // (workers * 32))
    _JOBS = jobs
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            spans = [(start, min(start + chunk, split)) for start in range(0, split, chunk)]
            theirs = pool.imap(_call_batch, spans)
            taken = 0

            def take(batch: list[Any]) -> None:
                nonlocal taken
                start = spans[taken][0]
                for offset, result in enumerate(batch):
                    consume(start + offset, result)
                taken += 1

            for index in range(split, len(jobs)):
                consume(index, jobs[index]())
                while taken < len(spans):  # take in what the children finished meanwhile
                    try:
                        take(theirs.next(timeout=0))
                    except multiprocessing.TimeoutError:
                        break
            for batch in theirs:
                take(batch)
    finally:
        _JOBS = ()
        gc.unfreeze()


def render_many(bodies: Sequence[str], workers: int) -> list[Rendered]:
    return run_many(render, bodies, workers)
