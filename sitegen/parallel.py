"""Work spread over the machine's cores with a forked process pool, when it pays.

Results come back in the order of the inputs, so a parallel build gives the same bytes as a
serial one. Small batches, one core, or a system without fork run serially.
"""

from __future__ import annotations

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


def _call_batch(span: tuple[int, int]) -> list[Any]:
    return [_JOBS[index]() for index in range(*span)]


def stream(
    jobs: Sequence[Callable[[], R]], workers: int, consume: Callable[[int, R], None]
) -> None:
    """Run every job, handing each result to consume(index, result) as soon as it is ready,
    in the order of the jobs, so that results need not all be held at once.

    Jobs run in forked children (which share them); consume runs here only. This process
    runs no job itself: while it did, the pool's threads that read the children's results
    waited for it, and the children stalled on full pipes (a 2-core build gained nothing).
    """
    global _JOBS
    methods = multiprocessing.get_all_start_methods()
    if workers <= 1 or len(jobs) < MIN_PARALLEL or "fork" not in methods:
        for index, job in enumerate(jobs):
            consume(index, job())
        return
    chunk = max(4, len(jobs) // (workers * 24))
    spans = [(start, min(start + chunk, len(jobs))) for start in range(0, len(jobs), chunk)]
    _JOBS = jobs
    gc.freeze()  # objects from before the fork stay shared: the collector leaves them be
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (start, _end), batch in zip(spans, pool.imap(_call_batch, spans), strict=True):
                for offset, result in enumerate(batch):
                    consume(start + offset, result)
    finally:
        _JOBS = ()
        gc.unfreeze()


def render_many(bodies: Sequence[str], workers: int) -> list[Rendered]:
    return run_many(render, bodies, workers)
