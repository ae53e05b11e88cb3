"""The benchmark's measuring helpers work (they never assert a time)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import hugo_site
import pytest
import run


def test_tree_rss_counts_this_process() -> None:
    assert run.tree_rss_bytes(os.getpid()) > 0


def test_measure_reports_failure_with_log_tail(tmp_path: Path) -> None:
    ok = run.measure([sys.executable, "-c", "pass"], tmp_path / "ok.log")
    assert ok.returncode == 0 and ok.peak_rss_bytes > 0 and ok.log_tail == ""
    bad = run.measure([sys.executable, "-c", "raise SystemExit('boom')"], tmp_path / "bad.log")
    assert bad.returncode == 1 and "boom" in bad.log_tail


def test_hugo_twin_links_every_posting(tmp_path: Path) -> None:
    import generate

    paths = generate.generate(10, tmp_path / "project", themes=False)
    assert hugo_site.prepare(tmp_path / "project", tmp_path / "hugo") == 10
    jobs = tmp_path / "hugo" / "content" / "jobs"
    assert sorted(p.name for p in jobs.iterdir()) == sorted(p.name for p in paths)
    assert (tmp_path / "hugo" / "content" / "about.md").is_file()
    assert (tmp_path / "hugo" / "hugo.toml").is_file()


def test_markdown_table_marks_failures_and_missing_steps() -> None:
    failed = run.Step([run.Run(1.0, 1, 1, "err")])
    result = run.SizeResult(
        postings=1000, generate_seconds=0.1, content_bytes=2**20,
        sitegen={"html_files": 0, "notes": ["clean build failed"],
                 "steps": {"clean": failed.as_json()}},
    )  # fmt: skip
    env = {"sitegen_revision": "x", "hugo": "Hugo not run", "python": "3", "cpus": 2,
           "machine": "m", "repeat": 1}  # fmt: skip
    row = run.markdown(env, [result]).splitlines()[2]
    assert row.startswith("| 1,000 | failed | n/a |")


def test_bytecode_is_written_before_timing_even_where_python_would_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "module.py").write_text("VALUE = 1\n")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    run.compile_bytecode(package)
    assert [p.name.split(".")[0] for p in (package / "__pycache__").iterdir()] == ["module"]


def test_measure_waits_for_the_background_work_a_run_leaves(tmp_path: Path) -> None:
    """A run that returns at once but leaves a detached process with its command line (as a
    sitegen build leaves its spare maker) is measured alone, and the next measurement
    starts only once that process has ended."""
    done = tmp_path / "background-done"
    script = (
        "import os, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    time.sleep(0.5)\n"
        "    open(sys.argv[1], 'w').close()\n"
    )
    cmd = [sys.executable, "-c", script, str(done)]
    measured = run.measure(cmd, tmp_path / "bg.log")
    assert measured.returncode == 0
    assert done.exists()  # it had finished when measure returned
    assert not run.running(cmd)


def test_a_clean_build_starts_without_anything_an_earlier_build_left(tmp_path: Path) -> None:
    project = tmp_path / "project"
    left = [".sitegen-cache/cache.sqlite", "output/index.html", ".output.spare/index.html",
            ".output.spare-new/a/index.html", ".output.spare-lock", ".output.lock",
            ".sitegen-trash.output.12-34/index.html"]  # fmt: skip
    kept = ["content/postings/a.md", "themes/default/templates/base.html", "sitegen.toml"]
    for name in left + kept:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("x")
    run.remove_builds(project)
    assert sorted(p.name for p in project.iterdir()) == ["content", "sitegen.toml", "themes"]
    assert all((project / name).read_text() == "x" for name in kept)


def test_the_notes_give_the_longest_background_wait() -> None:
    step = run.Step([run.Run(1.0, 1, 0, "", 2.5), run.Run(1.2, 1, 0, "", 0.25)])
    result = run.SizeResult(
        postings=1000, generate_seconds=0.1, content_bytes=2**20,
        sitegen={"html_files": 5, "notes": [], "steps": {"clean": step.as_json()}},
    )  # fmt: skip
    env = {"sitegen_revision": "x", "hugo": "h", "python": "3", "cpus": 2, "machine": "m",
           "repeat": 2}  # fmt: skip
    assert "background work after a build lasted up to 2.5 s" in run.markdown(env, [result])
