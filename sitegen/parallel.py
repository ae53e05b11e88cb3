"""A plain parallel map: the items split into batches, each batch run in a forked worker,
the results handed back in the order of the items. The pool lives for one call only.

Forking lets the workers share what this process has already made (the site model, the
theme), so nothing but the items' indexes travels to them and only values travel back. A
small batch, one core or a system without fork runs here, in order: the same results.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 200  # below this many items, starting workers costs more than it saves
BATCH = 16  # items at most to a batch

# What the forked workers call, and the process that forked them: set just before the
# fork, cleared right after the map.
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
_PARENT = 0


def default_workers() -> int:
    """SITEGEN_WORKERS, else the cores this process may use."""
    given = os.environ.get("SITEGEN_WORKERS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1


def _worker_start() -> None:
    """A worker ends with this process, even when it is killed and cannot end the pool:
    Linux sends the worker SIGKILL when its parent dies. Elsewhere nothing is set."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _PARENT:  # the parent died before the line above took effect
        os._exit(1)


def _run_batch(span: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    func, items = _WORK
    return [func(items[index]) for index in range(*span)]


def parallel_map(
    func: Callable[[T], R], items: Sequence[T], workers: int | None = None
) -> Iterator[R]:
    """func(item) for each item, in order, computed over `workers` forked processes.

    Results are yielded as their batch arrives, so a caller can write them away instead of
    holding them all. An exception in a worker is raised here (so it must be picklable).
    Every worker has exited when the iterator is exhausted or closed."""
    global _WORK, _PARENT
    workers = workers or default_workers()
    if workers < 2 or len(items) < MIN_PARALLEL or not _can_fork():
        yield from (func(item) for item in items)
        return
    # small batches: the cores finish together, and a batch of big results (feeds) is
    # never more than a few megabytes in flight
    size = max(1, min(BATCH, len(items) // (workers * 16)))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _WORK, _PARENT = (func, items), os.getpid()
    try:
        with multiprocessing.get_context("fork").Pool(workers, _worker_start) as pool:
            # a few batches ahead of the one handed out, never all of them: results wait
            # here only as long as the caller takes to use them (pages to write, say)
            waiting = iter(spans)
            ahead = deque(
                pool.apply_async(_run_batch, (span,)) for span in islice(waiting, workers + 1)
            )
            while ahead:
                batch = ahead.popleft().get()
                for span in islice(waiting, 1):
                    ahead.append(pool.apply_async(_run_batch, (span,)))
                yield from batch
            pool.close()
            pool.join()
    finally:
        _WORK = None


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
