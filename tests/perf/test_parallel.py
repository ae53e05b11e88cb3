"""The process pool: when it is used, and that what it makes matches a serial run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen import parallel, search
from sitegen.build import build, load
from sitegen.site import build_site
from tests.perf.conftest import Tree
from tests.perf.test_cache import DAY, clean_tree


def pids(count: int, extra: int, share: bool = False) -> list[int]:
    found: list[int] = [0] * count
    jobs = [os.getpid for _ in range(count)]
    parallel.stream(jobs, 2, found.__setitem__, share=share, extra=extra)
    return found


def test_few_jobs_run_here_unless_they_stand_for_more_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 100)
    assert set(pids(5, extra=0)) == {os.getpid()}
    assert set(pids(5, extra=94)) == {os.getpid()}  # 99 is still too little
    forked = pids(5, extra=95)
    assert os.getpid() not in forked and all(forked)
    assert set(pids(1, extra=1000)) == {os.getpid()}  # one job: nothing to share


def test_an_edit_makes_the_search_data_in_a_worker_beside_the_pages(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "output"
    build(project, out, today=DAY, workers=2)
    # few pages change, but the search data reads every open posting: worth a worker
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 150)
    made_by = tmp_path / "made-by"
    real = search.search_data

    def recorded(*args: object, **kwargs: object) -> search.SearchData:
        made_by.write_text(str(os.getpid()))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("sitegen.render.search_data", recorded)
    config, content = load(project)
    posting = project / build_site(config, content, DAY, False).open[0].source
    posting.write_text(posting.read_text() + "\nA sentence with a newword in it.\n")
    report = build(project, out, today=DAY, workers=2)
    assert len(report.changed) < 150
    assert made_by.read_text() != str(os.getpid())
    assert b"newword" in b"".join(
        data for name, data in read_tree(out).items() if name.startswith("search/words/")
    )
    monkeypatch.undo()
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
