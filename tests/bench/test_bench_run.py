"""The benchmark's measuring helpers work (they never assert a time)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import hugo_site
import pytest
import run
import yaml

from tests.conftest import apt_install

BUILD_TIMEOUT = 300  # seconds: a bound on any one build a test runs, not a figure


def test_tree_rss_counts_this_process() -> None:
    assert run.tree_rss_bytes(os.getpid()) > 0


def test_measure_reports_failure_with_log_tail(tmp_path: Path) -> None:
    ok = run.measure([sys.executable, "-c", "pass"], tmp_path / "ok.log")
    assert ok.returncode == 0 and ok.peak_rss_bytes > 0 and ok.log_tail == ""
    bad = run.measure([sys.executable, "-c", "raise SystemExit('boom')"], tmp_path / "bad.log")
    assert bad.returncode == 1 and "boom" in bad.log_tail


def test_only_a_sampled_run_counts_the_memory_of_the_whole_process_tree(
    tmp_path: Path,
) -> None:
    """A run of 100 MB whose child holds 150 MB meanwhile: sampled, the tree's peak counts
    both; not sampled (a timed run), only the largest single process's peak is known."""
    child = "import time; block = bytearray(150 * 2**20); time.sleep(0.5)"
    parent = (
        "import subprocess, sys; block = bytearray(100 * 2**20); "
        f"subprocess.run([sys.executable, '-c', {child!r}])"
    )
    cmd = [sys.executable, "-c", parent]
    sampled = run.measure(cmd, tmp_path / "sampled.log", sample=True)
    timed = run.measure(cmd, tmp_path / "timed.log")
    assert sampled.returncode == timed.returncode == 0
    assert sampled.peak_rss_bytes > 250 * 2**20 and sampled.peak_pss_bytes > 250 * 2**20
    assert 150 * 2**20 < timed.peak_rss_bytes < 200 * 2**20 and timed.peak_pss_bytes == 0


def test_hugo_twin_writes_every_posting_with_the_lists_sitegen_puts_it_in(
    tmp_path: Path,
) -> None:
    import generate

    paths = generate.generate(40, tmp_path / "project", themes=False)
    assert hugo_site.prepare(tmp_path / "project", tmp_path / "hugo", generate.END_DATE) == 40
    jobs = tmp_path / "hugo" / "content" / "jobs"
    assert sorted(p.name for p in jobs.iterdir()) == sorted(p.name for p in paths)
    assert (tmp_path / "hugo" / "content" / "about.md").is_file()
    assert all((tmp_path / "hugo" / name).is_file() for name in ("hugo.toml", "site.toml"))
    closed = 0
    for path in paths:
        original = _front(path.read_text(encoding="utf-8"))
        twin = _front((jobs / path.name).read_text(encoding="utf-8"))
        week = "{}-W{:02d}".format(*original["date"].isocalendar()[:2])
        assert twin["editions"] == [week]
        is_closed = bool(original.get("closes")) and original["closes"] < generate.END_DATE
        for key, value in original.items():  # kept as they were, but a closed one's tags
            assert twin["closed_tags" if key == "tags" and is_closed else key] == value
        if is_closed:
            closed += 1  # built, listed only in its edition
            assert twin["_build"] == {"list": "never"} and "companies" not in twin
            assert twin.get("closed_tags") == original.get("tags") and "tags" not in twin
        else:
            assert twin["companies"] == [original["company"]["name"].rstrip(".")]
            assert twin["arrangements"] == [original["location"]["arrangement"]]
            remote = original["location"]["arrangement"] == "remote"
            assert twin["regions"] == (original["location"]["regions"] if remote else [])
            assert twin.get("tags") == original.get("tags")
    assert closed > 0


def _front(text: str) -> dict[str, Any]:
    found = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(found, dict)
    return found


def test_hugo_twin_builds_the_pages_and_feeds_of_sitegens_site(tmp_path: Path) -> None:
    """The twins, built by a real Hugo: the issue's pages alone, and the pages and feeds of
    sitegen's site (the same listings, each feed with the same number of entries)."""
    import generate

    hugo = ensure_hugo()
    project, site = tmp_path / "project", tmp_path / "hugo"
    generate.generate(120, project)
    sitegen = run.find_sitegen(None)
    assert sitegen, "no sitegen beside this python: pip install -e ."
    subprocess.run(run.sitegen_command(sitegen, project), check=True, timeout=BUILD_TIMEOUT)
    hugo_site.prepare(project, site, generate.END_DATE)

    def hugo_build(whole: bool) -> Path:
        for path in hugo_site.built(site):
            run.remove(path)
        command = hugo_site.build_command(hugo, site, whole=whole)
        subprocess.run(command, check=True, capture_output=True, timeout=BUILD_TIMEOUT)
        return site / "public"

    ours = project / "output"
    issue = hugo_build(whole=False)
    assert _names(issue, "jobs/*/index.html") == _names(ours, "jobs/*/index.html")
    assert (issue / "index.xml").is_file() and (issue / "tags" / "python").is_dir()
    assert not (issue / "companies").exists() and not (issue / "atom.xml").exists()
    # Hugo adds page/1/, a redirect to the first page
    assert len(_names(issue, "page/*/index.html")) == len(_names(ours, "page/*/index.html")) + 1

    theirs = hugo_build(whole=True)
    assert _names(theirs, "jobs/*/index.html") == _names(ours, "jobs/*/index.html")
    for kind in ("tags", "companies"):
        # sitegen also has a page and empty feeds for a tag or company whose postings
        # have all closed, which Hugo cannot list; at 1,000 postings or more there are few
        listed = [n for n in _entries(ours, kind) if n]
        assert _entries(theirs, kind) == listed
        for feed in ("feed.xml", "atom.xml", "feed.json"):
            assert len(_names(theirs, f"{kind}/*/{feed}")) == len(listed)
    for feed in ("feed.xml", "atom.xml", "feed.json", "editions/feed.xml", "sitemap.xml"):
        assert (theirs / feed).is_file() and (ours / feed).is_file()
    assert _entries(theirs, "") == _entries(ours, "")
    assert _names(theirs, "editions/*/index.html") == _names(ours, "editions/*/index.html")
    assert not _names(theirs, "editions/*/feed.xml") and not _names(theirs, "arrangements/*/*.xml")
    assert len(_names(theirs, "arrangements/*/")) == len(site_arrangements(ours))
    regions = [p for p in _names(ours, "remote/*/") if p != "remote/page"]
    assert len(_names(theirs, "regions/*/")) == len(regions)


def ensure_hugo() -> str:
    """Debian's hugo, installed with apt-get when it is missing (as chromium is)."""
    found = hugo_site.find_hugo(install=False)
    if found is None:
        apt_install("hugo")
        found = hugo_site.find_hugo(install=False)
    assert found, "apt-get installed hugo, but it is not on PATH"
    return found


def _names(root: Path, pattern: str) -> set[str]:
    return {p.relative_to(root).as_posix().lower() for p in root.glob(pattern)}


def _entries(root: Path, kind: str) -> list[int]:
    """How many entries each JSON feed under root/kind has, sorted (names differ: Hugo and
    sitegen make slugs of company names differently)."""
    feeds = [root / "feed.json"] if not kind else sorted(root.glob(f"{kind}/*/feed.json"))
    return sorted(len(json.loads(f.read_text(encoding="utf-8"))["items"]) for f in feeds)


def site_arrangements(ours: Path) -> list[str]:
    return [a for a in ("remote", "hybrid", "on-site") if (ours / a / "index.html").is_file()]


ENV = {"sitegen_revision": "x", "hugo": "Hugo not run", "python": "3", "cpus": 2,
       "machine": "m", "repeat": 1, "serve_edits": 5}  # fmt: skip


def _cells(table: str, row: int = 0) -> dict[str, str]:
    """The cells of a table row (0: the first size) by their column's heading."""
    lines = table.splitlines()
    heads = [c.strip() for c in lines[0].strip("|").split("|")]
    cells = [c.strip() for c in lines[2 + row].strip("|").split("|")]
    assert len(heads) == len(cells) == len(run.COLUMNS)
    return dict(zip(heads, cells, strict=True))


def test_markdown_table_marks_failures_and_missing_steps() -> None:
    failed = run.Step([run.Run(1.0, 1, 1, "err")])
    result = run.SizeResult(
        postings=1000, generate_seconds=0.1, content_bytes=2**20,
        sitegen={"html_files": 0, "notes": ["clean build failed", "serve not run"],
                 "steps": {"clean": failed.as_json()}},
    )  # fmt: skip
    table = run.markdown(ENV, [result])
    assert table.splitlines()[2].startswith("| 1,000 | failed | n/a | n/a | n/a | n/a |")
    assert "clean build failed; serve not run." in table


def _serve(**fields: object) -> dict[str, object]:
    found: dict[str, object] = {
        "posting": "content/postings/a.md", "page": "/digest/jobs/a/", "ok": True,
        "error": None, "startup_seconds": 1.25, "first_page_seconds": 0.004,
        "edit_seconds": [0.2, 0.05, 0.1], "edit_median_seconds": 0.1, "left_running": 0,
    }  # fmt: skip
    return found | fields


def test_the_table_has_serve_start_up_and_the_median_edit_and_the_notes_each_edit() -> None:
    sitegen = {"html_files": 5, "notes": [], "steps": {"clean": _runs(3.0)}}
    served = run.SizeResult(postings=1000, generate_seconds=0.1, content_bytes=2**20,
                            sitegen=sitegen, serve=_serve())  # fmt: skip
    table = run.markdown(ENV, [served])
    cells = _cells(table)
    assert cells["sitegen clean"] == "3.00 s"
    assert cells["serve start-up"] == "1.25 s"
    assert cells["serve: saved edit until served"] == "100 ms"
    assert "until /digest/jobs/a/ had it: 200 ms, 50 ms, 100 ms" in table
    assert "WARNING" not in table

    broken = _serve(ok=False, error="edit 2 not served within 30 s", edit_seconds=[0.2],
                    edit_median_seconds=None, left_running=2)  # fmt: skip
    failed = run.SizeResult(postings=10, generate_seconds=0.1, content_bytes=2**10,
                            sitegen=sitegen, serve=broken)  # fmt: skip
    table = run.markdown(ENV, [failed])
    assert _cells(table)["serve: saved edit until served"] == "failed"
    assert "serve failed: edit 2 not served within 30 s" in table
    assert "WARNING: 2 process(es) of sitegen serve were still running" in table
    not_run = run.SizeResult(postings=10, generate_seconds=0.1, content_bytes=2**10)
    assert _cells(run.markdown(ENV, [not_run]))["serve start-up"] == "n/a"


def test_times_are_formatted_for_their_size() -> None:
    assert run.fmt_ms(0.0123) == "12 ms" and run.fmt_ms(9.4) == "9400 ms"
    assert run.fmt_ms(12.5) == "12.50 s" and run.fmt_ms(None) == "failed"
    assert run.fmt_ms("missing") == "n/a"
    assert run.fmt_seconds(2.345) == "2.35 s" and run.fmt_seconds(123.4) == "123 s"
    assert run.fmt_mib(3 * 2**20) == "3 MiB" and run.fmt_mib(None) == "n/a"


def test_sizes_are_parsed_and_checked() -> None:
    assert run.parse_sizes("1000,10_000") == [1000, 10000]
    assert run.parse_sizes("30, ") == [30]
    for bad in ("", "0", "5,-1"):
        with pytest.raises(argparse.ArgumentTypeError):
            run.parse_sizes(bad)


def test_bytecode_is_written_before_timing_even_where_python_would_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "module.py").write_text("VALUE = 1\n")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    run.compile_bytecode(package)
    assert [p.name.split(".")[0] for p in (package / "__pycache__").iterdir()] == ["module"]


def test_a_stat_line_is_read_after_the_command_name_whatever_it_holds() -> None:
    assert run.parse_stat("12 (python3) S 1 12 12 0 -1 4194560 300") == ("S", 12)
    assert run.parse_stat("40 (a) b (c) Z 12 40 33 0 -1") == ("Z", 33)
    with open(f"/proc/{os.getpid()}/stat", encoding="utf-8") as f:
        assert run.parse_stat(f.read())[1] == os.getsid(0)


def test_a_run_that_leaves_nothing_running_is_not_waited_for(tmp_path: Path) -> None:
    measured = run.measure([sys.executable, "-c", "pass"], tmp_path / "ok.log")
    assert (measured.left_running, measured.waited_seconds) == (0, 0.0)


@pytest.mark.parametrize("leave", ["setsid", "session"])
def test_measure_counts_what_a_run_leaves_running_and_waits_for_it(
    tmp_path: Path, leave: str
) -> None:
    """A run that returns at once but leaves a process running, detached with its command
    line (as the old engine's build left its spare maker) or in its session under another
    name, is measured alone, counted, and waited for."""
    done = tmp_path / "background-done"
    script = (
        "import os, subprocess, sys, time\n"
        "if sys.argv[2] == 'session':\n"
        "    subprocess.Popen([sys.executable, '-c', 'import sys, time; time.sleep(0.5); '\n"
        "                      'open(sys.argv[1], \"w\").close()', sys.argv[1]])\n"
        "elif os.fork() == 0:\n"
        "    os.setsid()\n"
        "    time.sleep(0.5)\n"
        "    open(sys.argv[1], 'w').close()\n"
    )
    cmd = [sys.executable, "-c", script, str(done), leave]
    measured = run.measure(cmd, tmp_path / "bg.log")
    assert measured.returncode == 0 and measured.left_running == 1
    assert done.exists()  # it had finished when measure returned
    assert run.leftovers(cmd, session=-1) == []


def test_the_notes_warn_of_builds_that_left_processes_running() -> None:
    step = run.Step([run.Run(1.0, 1, 0, "", 2, 2.5), run.Run(1.2, 1, 0, "", 0, 0.0)])
    result = run.SizeResult(
        postings=1000, generate_seconds=0.1, content_bytes=2**20,
        sitegen={"html_files": 5, "notes": [], "steps": {"clean": step.as_json()}},
        hugo={"html_files": 5, "steps": {"clean": _runs(1.0), "whole_site": _runs(1.0)}},
    )  # fmt: skip
    table = run.markdown(ENV, [result])
    assert "WARNING: 1 of 2 sitegen build(s) returned with processes still running" in table
    assert "(up to 2; waited up to 2.5 s" in table
    assert "Hugo build(s)" not in table


def test_a_clean_build_starts_without_anything_an_earlier_build_left(tmp_path: Path) -> None:
    """What earlier builds left is moved into the trash, not deleted (run.set_aside), and
    nothing else of the project moves."""
    project, trash = tmp_path / "project", tmp_path / "trash"
    left = ["output/index.html", ".output.sitegen-staging/site/index.html"]
    kept = ["content/postings/a.md", "themes/default/templates/base.html", "sitegen.toml"]
    for name in left + kept:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("x")
    for _ in range(2):  # a second clean build after a first, with output/ made again
        run.set_aside(run.builds(project), trash)
        assert sorted(p.name for p in project.iterdir()) == ["content", "sitegen.toml", "themes"]
        (project / "output").mkdir()
    assert all((project / name).read_text() == "x" for name in kept)
    moved = sorted(p.relative_to(trash).as_posix() for p in trash.rglob("*") if p.is_file())
    assert len(moved) == len(left) and moved[0].startswith("0/")
    assert sorted(p.name for p in (trash / "1").iterdir()) == ["0-output"]
    run.set_aside(run.builds(project), trash)
    run.set_aside([], trash)  # nothing left: no empty folder
    assert sorted(p.name for p in trash.iterdir()) == ["0", "1", "2"]


def _record_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The runs run.measure makes from now on, by their logs' names ("sitegen-clean-0",
    "hugo-whole_site-1"); each still runs."""
    order: list[str] = []
    real_measure = run.measure

    def recording(cmd: list[str], log_path: Path, env: Any = None, sample: bool = False) -> run.Run:
        order.append(log_path.stem + (" (sampled)" if sample else ""))
        return real_measure(cmd, log_path, env, sample)

    monkeypatch.setattr(run, "measure", recording)
    return order


def test_clean_builds_run_in_rounds_and_serve_comes_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sitegen's k-th clean build, then Hugo's k-th of each site, so that a slow spell of the
    machine meets both sides of a ratio; then one more build of each, its memory sampled
    (and only it); then `sitegen serve` (here a stand-in that exits at once: a failure,
    reported), and no other build."""
    order = _record_runs(monkeypatch)
    # stand-ins that succeed at once: the order of the runs is what is checked here
    result = run.bench_size(4, tmp_path, [sys.executable, "-c", "pass"], "/bin/true", 2)
    builds = (("sitegen", "clean"), ("hugo", "clean"), ("hugo", "whole_site"))
    timed = [f"{tool}-{step}-{k}" for k in range(2) for tool, step in builds]
    assert order == [*timed, "sitegen-memory (sampled)", "hugo-memory (sampled)"]
    assert result.hugo is not None and result.sitegen is not None
    assert list(result.sitegen["steps"]) == ["clean", "memory"]  # type: ignore[call-overload]
    assert len(result.hugo["steps"]["whole_site"]["runs"]) == 2  # type: ignore[index]
    assert result.serve is not None and result.serve["ok"] is False
    assert result.serve["error"] == "exited with 0 before serving /digest/"
    assert (tmp_path / "logs-4" / "sitegen-serve.log").is_file()


def test_a_failed_sitegen_clean_build_leaves_hugos_rounds_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = _record_runs(monkeypatch)
    result = run.bench_size(
        4, tmp_path, [sys.executable, "-c", "raise SystemExit(3)"], "/bin/true", 2
    )
    assert order == ["sitegen-clean-0", "hugo-clean-0", "hugo-whole_site-0", "hugo-clean-1",
                     "hugo-whole_site-1", "hugo-memory (sampled)"]  # fmt: skip
    assert result.sitegen is not None and result.sitegen["notes"] == [
        "clean build failed",
        "serve not run",
    ]
    assert result.serve is None


def _runs(*seconds: float, code: int = 0) -> dict[str, object]:
    return run.Step([run.Run(s, 1, code) for s in seconds]).as_json()


def test_the_ratio_is_the_median_of_each_rounds_own_ratio() -> None:
    """Paired by round, not medians divided: rounds of ratios 2, 2 and 1.75 give 2 (the
    medians, 21 s and 12 s, would give 1.75)."""
    sitegen = {"steps": {"clean": _runs(20.0, 30.0, 21.0)}}
    hugo = {"steps": {"clean": _runs(10.0, 15.0, 12.0), "whole_site": _runs(20.0, 30.0, 21.0)}}
    assert run.paired_ratio(sitegen, hugo, "clean") == pytest.approx(2.0)
    assert run.paired_ratio(sitegen, hugo, "whole_site") == pytest.approx(1.0)
    assert run.fmt_ratio(run.paired_ratio(sitegen, hugo, "clean")) == "2.00 ×"


def test_no_ratio_without_every_round_of_both() -> None:
    sitegen = {"steps": {"clean": _runs(20.0, 40.0)}}
    assert run.paired_ratio(sitegen, {"steps": {"clean": _runs(10.0)}}, "clean") is None
    failed = {"steps": {"clean": _runs(10.0, 20.0, code=1)}}
    assert run.paired_ratio(sitegen, failed, "clean") is None
    assert run.paired_ratio(sitegen, None, "clean") is None
    assert run.fmt_ratio(None) == "n/a"
