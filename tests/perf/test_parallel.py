"""The process pool: when it is used, and that what it makes matches a serial run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sitegen import parallel, search
from sitegen.build import build, load
from sitegen.render import TemplateFailure
from sitegen.site import build_site
from tests.perf.conftest import Tree
from tests.perf.test_cache import DAY, clean_tree


def test_a_deferred_call_runs_in_a_child_and_gives_its_result_or_error() -> None:
    here = os.getpid()
    child = parallel.Deferred(os.getpid, workers=2)
    assert child.forked
    assert child.get() not in (here, 0)
    inline = parallel.Deferred(os.getpid, workers=1)
    assert not inline.forked and inline.get() == here

    def fails() -> int:
        raise TemplateFailure("themes/x/templates/search.html", 3, "'nope' is undefined")

    failed = parallel.Deferred(fails, workers=2)
    with pytest.raises(TemplateFailure) as caught:
        failed.get()
    assert (caught.value.where, caught.value.line) == ("themes/x/templates/search.html", 3)


def test_a_cancelled_deferred_call_leaves_no_process(tmp_path: Path) -> None:
    started, finished = tmp_path / "started", tmp_path / "finished"

    def slow() -> None:
        started.write_text("yes")
        time.sleep(5)
        finished.write_text("yes")  # only if not stopped: cancel() would wait for it

    call = parallel.Deferred(slow, workers=2)
    pid = call.pid
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    call.cancel()
    assert started.exists() and not finished.exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


def test_an_edit_makes_the_search_data_in_a_worker_beside_the_pages(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "output"
    build(project, out, today=DAY, workers=2)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # a site large enough for a worker
    made_by = tmp_path / "made-by"
    real = search.search_data

    def recorded(*args: object, **kwargs: object) -> search.SearchData:
        made_by.write_text(str(os.getpid()))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("sitegen.render.search_data", recorded)
    config, content = load(project)
    posting = project / build_site(config, content, DAY, False).open[0].source
    posting.write_text(posting.read_text() + "\nA sentence with a newword in it.\n")
    build(project, out, today=DAY, workers=2)
    assert made_by.read_text() != str(os.getpid())
    assert b"newword" in b"".join(
        data for name, data in read_tree(out).items() if name.startswith("search/words/")
    )
    monkeypatch.undo()
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)


def test_a_build_collects_less_often_and_restores_the_collector_after(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[tuple[int, int, int]] = []
    real = search.search_data

    def recorded(*args: object, **kwargs: object) -> search.SearchData:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("sitegen.render.search_data", recorded)
    before = gc.get_threshold()
    build(project, project / "output", today=DAY, workers=1)
    assert seen == [parallel.FEWER_COLLECTIONS] != [before]
    assert gc.get_threshold() == before


def test_what_a_build_keeps_is_not_left_for_the_restored_thresholds_to_scan() -> None:
    """Objects made under fewer_collections() and still alive leave it in the oldest
    generation: left in the young ones, the first allocation after a rebuild scanned them."""
    import gc

    gc.disable()  # no collection of its own may move them meanwhile
    try:
        with parallel.fewer_collections():
            kept = [[number] for number in range(50_000)]
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        oldest = {id(item) for item in gc.get_objects(2)}
    finally:
        gc.enable()
    assert young < 1_000
    assert all(id(item) in oldest for item in kept)


def test_a_deferred_call_is_made_here_when_no_process_can_be_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    call = parallel.Deferred(os.getpid, workers=2)
    assert not call.forked and call.get() == os.getpid()
