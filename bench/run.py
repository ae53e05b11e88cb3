"""Benchmark sitegen on generated content, side by side with Hugo.

    python bench/run.py [--sizes 1000,10000] [--repeat 1] [--edits 5] [--json | --save-json F]
                        [--keep DIR] [--no-hugo | --no-sitegen] [--no-serve]

For each size N it generates a project of N postings (bench/generate.py) in a temporary
folder, never the repository's content/, and measures:

- sitegen clean builds (`sitegen build`: no output, no cache, nothing beside it) and Hugo
  clean builds of the same content (bench/hugo/, bench/hugo_site.py), of two sites: the
  pages the issue measured Hugo on, and the pages and feeds of sitegen's site. They run in
  rounds, sitegen's and then Hugo's of each site; the table gives sitegen's time over
  Hugo's as the median of each round's ratio, so that a slow spell of the machine weighs
  on both sides of it alike;
- `sitegen serve`: the time from starting it until it serves the home page (start-up), then,
  for each of --edits edits, the time from appending a new word to one posting's Markdown
  until the page of that posting, fetched over HTTP every 5 ms, has the word.

Each build runs as a subprocess in a session of its own. Wall time is measured around it;
peak memory is the peak of the summed VmRSS of the process and all its descendants, sampled
every 20 ms from /proc (so a process pool counts in full), and never less than the kernel's
ru_maxrss of the largest single process. A build should leave nothing running: when it
returns, one pass over /proc looks for a process of its session or with its command line;
if there is one, the notes warn of it, and it is waited for before the next measurement.
Before a clean build, what earlier builds left is moved aside, not deleted (set_aside), and
deleted at the end; before each run, what its preparation wrote is synced to disk. Figures go
to stdout as a Markdown table (or JSON with --json); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import generate
import hugo_site

BUILD_DATE = "2026-11-20"
SAMPLE_SECONDS = 0.02
GUARD_SECONDS = 300.0  # longest wait for what a build left running (none should be)
SERVE_HOST = "127.0.0.1"
SERVE_EDITS = 5
SERVE_START_SECONDS = 900.0  # longest wait for `sitegen serve` to serve its home page
SERVE_EDIT_SECONDS = 30.0  # longest wait for an edit to be served
SERVE_POLL_SECONDS = 0.005
SERVE_PAUSE_SECONDS = 0.5  # between an edit served and the next one, not timed
STOP_SECONDS = 10.0  # from SIGTERM to SIGKILL


# --- measuring one process tree -------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of pid (every thread's children file), [] if pid is gone."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                kids.extend(int(k) for k in f.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return kids


def _proc_bytes(pid: int, name: str, key: str) -> int:
    """A figure in kB from /proc/PID/NAME ("VmRSS:" in status, "Pss:" in smaps_rollup),
    in bytes; 0 if the process is gone or is a zombie (which has neither line)."""
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def _rss_bytes(pid: int) -> int:
    return _proc_bytes(pid, "status", "VmRSS:")


def _pss_bytes(pid: int) -> int:
    """The proportional set size: each page shared by N processes counts 1/N here."""
    return _proc_bytes(pid, "smaps_rollup", "Pss:")


def _tree(root: int) -> list[int]:
    found, stack, seen = [], [root], {root}
    while stack:
        pid = stack.pop()
        found.append(pid)
        for kid in _children(pid):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return found


def tree_rss_bytes(root: int) -> int:
    """Summed resident memory of root and all its descendants (a page that forked
    processes share counts once in each of them)."""
    return sum(_rss_bytes(pid) for pid in _tree(root))


def tree_pss_bytes(root: int) -> int:
    """Summed proportional memory of root and all its descendants: what the tree holds
    in memory, a page shared by forked processes counted once in all."""
    return sum(_pss_bytes(pid) for pid in _tree(root))


class TreeSampler(threading.Thread):
    """Samples tree_rss_bytes(pid) every SAMPLE_SECONDS until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self.peak_pss = max(self.peak_pss, tree_pss_bytes(self.pid))
            self._stop_event.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def parse_stat(text: str) -> tuple[str, int]:
    """(state, session id) from the text of /proc/PID/stat. The command name, in parentheses,
    may itself hold spaces and parentheses: the fields are read after the last ')'."""
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[3])  # state ppid pgrp session ...


def leftovers(cmd: Sequence[str], session: int) -> list[int]:
    """Live processes (zombies aside) in session, or running cmd: what a command started in
    a session of its own (its pid is the session id) left running after it returned. The
    command line catches a child that left the session (setsid) but kept it, as forked
    children do; argv[0] may show as the interpreter, so only the arguments are compared.
    One pass over /proc."""
    tail = ("\0" + "\0".join(cmd[1:]) + "\0").encode()
    found: list[int] = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as f:
                state, sid = parse_stat(f.read())
            if state in ("Z", "X"):
                continue
            if sid == session:
                found.append(int(name))
                continue
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if f.read().endswith(tail):
                    found.append(int(name))
        except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to read
            continue
    return found


@dataclass
class Run:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    log_tail: str = ""
    left_running: int = 0  # processes still running when the command had returned
    waited_seconds: float = 0.0  # for them, before the next measurement
    peak_pss_bytes: int = 0  # the tree's summed proportional set size at its peak


def measure(
    cmd: Sequence[str], log_path: Path, env: dict[str, str] | None = None, sample: bool = False
) -> Run:
    """Run cmd to completion in a session of its own; its wall time, its peak memory and, on
    failure, its log tail. Whatever it left running is counted, then waited for (up to
    GUARD_SECONDS), so that it does not slow the next measurement.

    Only with `sample` is the process tree's memory sampled (TreeSampler); otherwise the
    peak is the largest single process's (ru_maxrss) and the PSS 0. Sampling takes CPU
    from the run it measures: reading smaps_rollup of three processes every 20 ms made a
    2.5 s build of 1,000 postings on 2 cores 0.35 s slower (median of three pairs). So
    timed runs are not sampled, and memory is measured in runs of its own."""
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        sampler = TreeSampler(proc.pid)
        if sample:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if sample:
            sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    left = len(leftovers(cmd, proc.pid))
    waited = 0.0
    if left:
        while leftovers(cmd, proc.pid) and time.perf_counter() - start - seconds < GUARD_SECONDS:
            time.sleep(0.05)
        waited = time.perf_counter() - start - seconds
    peak = max(sampler.peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux
    tail = ""
    if proc.returncode != 0:
        tail = log_tail(log_path)
    return Run(seconds, peak, proc.returncode, tail, left, waited, sampler.peak_pss)


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.is_file():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# --- clean builds ------------------------------------------------------------------------


@dataclass
class Step:
    """Several runs of one step; the figure reported is the median time, the max memory."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def seconds(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def peak_rss_bytes(self) -> int | None:
        return max(r.peak_rss_bytes for r in self.runs) if self.ok else None

    @property
    def peak_pss_bytes(self) -> int | None:
        return max(r.peak_pss_bytes for r in self.runs) if self.ok else None

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "seconds": self.seconds,
            "peak_rss_bytes": self.peak_rss_bytes,
            "peak_pss_bytes": self.peak_pss_bytes,
            "runs": [asdict(r) for r in self.runs],
        }


def sitegen_command(sitegen: Sequence[str], project: Path) -> list[str]:
    out = project / "output"
    return [*sitegen, "build", "--root", str(project), "--out", str(out), "--date", BUILD_DATE,
            "--quiet"]  # fmt: skip


def count_files(folder: Path, suffix: str) -> int:
    return sum(1 for _ in folder.rglob(f"*{suffix}")) if folder.is_dir() else 0


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def builds(project: Path) -> list[Path]:
    """Everything a sitegen build may leave in project: output/, and the staging folder
    beside it when a build was killed."""
    made = [project / "output", project / ".output.sitegen-staging"]
    return [path for path in made if path.exists()]


def set_aside(paths: Sequence[Path], trash: Path) -> None:
    """Move paths into a new folder of trash (renamed: nothing is deleted), for main to
    delete once every measurement is done.

    Deleting them before a clean build would slow it down. On this machine's file system
    (ext4 without a journal), each new file or folder skips, one by one, every inode freed
    in the last minute (in the last six, until the deletion is written out). Right after
    the last site was deleted, a clean build spent 4 to 12 s in the kernel instead of
    2.5 s, whichever tool it was, and more the more sites had been deleted just before.
    """
    if not paths:
        return
    slot = trash / str(sum(1 for _ in trash.iterdir()) if trash.is_dir() else 0)
    slot.mkdir(parents=True)
    for k, path in enumerate(paths):
        path.rename(slot / f"{k}-{path.name}")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_sitegen(
    sitegen: Sequence[str],
    project: Path,
    repeat: int,
    logs: Path,
    trash: Path,
    alongside: Callable[[int], None] | None = None,
) -> dict[str, object]:
    """sitegen's clean builds, repeat times; alongside(k), when given, runs right after the
    k-th (Hugo's k-th round: see bench_size)."""
    cmd = sitegen_command(sitegen, project)
    clean = Step()
    notes: list[str] = []
    for k in range(repeat):
        set_aside(builds(project), trash)
        os.sync()  # the preparation's moves on disk, not during the run
        progress(f"  sitegen clean ({k + 1}/{repeat}) ...")
        run = measure(cmd, logs / f"sitegen-clean-{k}.log")
        clean.runs.append(run)
        if run.returncode != 0:
            progress(f"  sitegen clean FAILED (exit {run.returncode}):\n{run.log_tail}")
            notes.append("clean build failed")
            break
        if alongside is not None:
            alongside(k)
    memory = Step()
    if clean.ok:  # one more clean build, its memory sampled (see measure)
        set_aside(builds(project), trash)
        os.sync()
        progress("  sitegen clean, memory sampled ...")
        memory.runs.append(measure(cmd, logs / "sitegen-memory.log", sample=True))
    return {
        "command": shlex.join(cmd),
        "html_files": count_files(project / "output", ".html"),
        "notes": notes,
        "steps": {"clean": clean.as_json(), "memory": memory.as_json()},
    }


HUGO_STEPS = ("clean", "whole_site")  # the pages; the pages of sitegen's site


class HugoBench:
    """Hugo's clean builds of one content folder, of its two sites, in rounds: a round builds
    each site once, one after the other, so that both meet the same spells."""

    def __init__(
        self, hugo: str, project: Path, site: Path, repeat: int, logs: Path, trash: Path
    ) -> None:
        hugo_site.prepare(project, site, dt.date.fromisoformat(BUILD_DATE))
        self.site, self.repeat, self.logs, self.trash = site, repeat, logs, trash
        self.steps = {name: Step() for name in HUGO_STEPS}
        self.commands = {name: hugo_site.build_command(hugo, site, whole=name == "whole_site")
                         for name in HUGO_STEPS}  # fmt: skip
        self.rounds = 0

    def round(self, k: int) -> None:
        self.rounds += 1
        for name in HUGO_STEPS:
            if not all(step.ok for step in self.steps.values() if step.runs):
                return  # a failed site is not run again
            set_aside(hugo_site.built(self.site), self.trash)
            os.sync()
            progress(f"  hugo {name} ({k + 1}/{self.repeat}) ...")
            run = measure(self.commands[name], self.logs / f"hugo-{name}-{k}.log")
            self.steps[name].runs.append(run)
            if run.returncode != 0:
                progress(f"  hugo {name} FAILED (exit {run.returncode}):\n{run.log_tail}")

    def memory(self) -> None:
        """One more build of sitegen's pages, its memory sampled (see measure)."""
        if not all(step.ok for step in self.steps.values()):
            return
        set_aside(hugo_site.built(self.site), self.trash)
        os.sync()
        progress("  hugo whole_site, memory sampled ...")
        run = measure(self.commands["whole_site"], self.logs / "hugo-memory.log", sample=True)
        self.steps["memory"] = Step([run])

    def report(self) -> dict[str, object]:
        return {
            "command": shlex.join(self.commands["clean"]),
            "whole_site_command": shlex.join(self.commands["whole_site"]),
            "html_files": count_files(self.site / "public", ".html"),
            "steps": {name: step.as_json() for name, step in self.steps.items()},
        }


# --- sitegen serve -----------------------------------------------------------------------

DRAFT = re.compile(r"^draft:\s*(true|yes|on)\s*$", re.IGNORECASE | re.MULTILINE)


def base_path(project: Path) -> str:
    """The path of the project's base_url ("/digest/"), where `sitegen serve` serves the site."""
    config = tomllib.loads((project / "sitegen.toml").read_text(encoding="utf-8"))
    path = urlsplit(str(config.get("base_url", "/"))).path or "/"
    return path if path.endswith("/") else path + "/"


def posting_to_edit(postings: Sequence[Path]) -> Path | None:
    """A posting that `sitegen serve` publishes (not a draft): the middle one, or the next."""
    middle = len(postings) // 2
    for path in [*postings[middle:], *postings[:middle]]:
        head = path.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n")[0]
        if not DRAFT.search(head):
            return path
    return None


def free_port(host: str = SERVE_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def http_get(port: int, path: str, timeout: float) -> tuple[int, bytes] | None:
    """(status, body) of GET path from SERVE_HOST:port; None if nothing answered."""
    conn = http.client.HTTPConnection(SERVE_HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def serve_command(sitegen: Sequence[str], project: Path, port: int) -> list[str]:
    return [*sitegen, "serve", "--root", str(project), "--port", str(port), "--host", SERVE_HOST,
            "--date", BUILD_DATE]  # fmt: skip


def stop_server(proc: subprocess.Popen[bytes], cmd: Sequence[str]) -> int:
    """SIGTERM to the server's session (its process group), SIGKILL after STOP_SECONDS; then
    the same for any process of its session or with its command line still running. How
    many such processes outlived the server."""
    with_group = True
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        with_group = False
    try:
        proc.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        if with_group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        proc.wait()
    left = leftovers(cmd, proc.pid)
    outlived = len(left)
    deadline = time.perf_counter() + STOP_SECONDS
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        while left and time.perf_counter() < deadline:
            time.sleep(0.05)
            left = leftovers(cmd, proc.pid)
        deadline = time.perf_counter() + STOP_SECONDS
    return outlived


def wait_served(
    proc: subprocess.Popen[bytes], port: int, path: str, seconds: float
) -> tuple[int, bytes] | None:
    """Poll GET path until it answers 200 (its status and body); None if the server
    exited or seconds went by first."""
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0 and proc.poll() is None:
        got = http_get(port, path, timeout=min(left, 60.0))
        if got is not None and got[0] == 200:
            return got
        time.sleep(SERVE_POLL_SECONDS)
    return None


def time_edit(port: int, page: str, posting: Path, word: str, seconds: float) -> float | None:
    """Append word to the posting's body (the file ends with it); the time from just before
    the write until GET page has it, polled every SERVE_POLL_SECONDS; None after seconds.
    The page may carry a live-reload script: only the word is looked for."""
    wanted = word.encode()
    start = time.perf_counter()
    with open(posting, "a", encoding="utf-8") as f:
        f.write(f"\n{word}\n")
    while (elapsed := time.perf_counter() - start) < seconds:
        got = http_get(port, page, timeout=seconds - elapsed)
        if got is not None and wanted in got[1]:
            return time.perf_counter() - start
        time.sleep(SERVE_POLL_SECONDS)
    return None


def bench_serve(
    sitegen: Sequence[str],
    project: Path,
    postings: Sequence[Path],
    edits: int,
    logs: Path,
    trash: Path,
) -> dict[str, object]:
    """`sitegen serve` on the project, on a free port: the time until its home page is served
    (start-up), then for each of `edits` edits of one posting, the time from saving it to
    its page having the new word. The server is stopped at the end, whatever happens."""
    port = free_port()
    cmd = serve_command(sitegen, project, port)
    root = base_path(project)
    posting = posting_to_edit(postings)
    page = f"{root}jobs/{posting.stem}/" if posting else None
    result: dict[str, object] = {
        "command": shlex.join(cmd),
        "home": root,
        "page": page,
        "posting": str(posting.relative_to(project)) if posting else None,
        "ok": False,
        "error": None,
        "startup_seconds": None,
        "first_page_seconds": None,
        "edit_seconds": [],
        "edit_median_seconds": None,
        "left_running": 0,
        "log_tail": "",
    }
    if posting is None or page is None:
        result["error"] = "no published posting to edit"
        return result
    set_aside(builds(project), trash)  # start-up from nothing built, as a clean build
    os.sync()
    log_path = logs / "sitegen-serve.log"
    progress(f"  sitegen serve on port {port} ...")
    edit_seconds: list[float] = []
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
        try:
            if wait_served(proc, port, root, SERVE_START_SECONDS) is None:
                exited = proc.poll() is not None
                result["error"] = (
                    f"exited with {proc.returncode} before serving {root}"
                    if exited
                    else f"{root} not served within {SERVE_START_SECONDS:g} s"
                )
                return result
            result["startup_seconds"] = time.perf_counter() - start
            start = time.perf_counter()
            if wait_served(proc, port, page, SERVE_EDIT_SECONDS) is None:
                result["error"] = f"{page} not served"
                return result
            result["first_page_seconds"] = time.perf_counter() - start
            token = uuid.uuid4().hex[:8]
            for k in range(edits):
                time.sleep(SERVE_PAUSE_SECONDS)
                progress(f"  sitegen serve: edit ({k + 1}/{edits}) ...")
                word = f"benchedit{token}x{k}x"
                seconds = time_edit(port, page, posting, word, SERVE_EDIT_SECONDS)
                if seconds is None:
                    result["error"] = (f"edit {k + 1} not served within "
                                       f"{SERVE_EDIT_SECONDS:g} s")  # fmt: skip
                    return result
                edit_seconds.append(seconds)
            result["ok"] = True
            return result
        finally:
            result["left_running"] = stop_server(proc, cmd)
            result["edit_seconds"] = edit_seconds
            if edit_seconds and result["ok"]:
                result["edit_median_seconds"] = statistics.median(edit_seconds)
            if not result["ok"]:
                result["log_tail"] = log_tail(log_path)
                progress(f"  sitegen serve FAILED: {result['error']}\n{result['log_tail']}")


# --- one size ----------------------------------------------------------------------------


@dataclass
class SizeResult:
    postings: int
    generate_seconds: float
    content_bytes: int
    sitegen: dict[str, object] | None = None
    hugo: dict[str, object] | None = None
    serve: dict[str, object] | None = None


def bench_size(
    n: int,
    work: Path,
    sitegen: Sequence[str] | None,
    hugo: str | None,
    repeat: int,
    edits: int = SERVE_EDITS,
) -> SizeResult:
    project, logs = work / f"sitegen-{n}", work / f"logs-{n}"
    remove(project)
    logs.mkdir(parents=True, exist_ok=True)
    progress(f"N={n}: generating postings in {project} ...")
    start = time.perf_counter()
    postings = generate.generate(n, project)
    result = SizeResult(
        postings=n,
        generate_seconds=time.perf_counter() - start,
        content_bytes=sum(p.stat().st_size for p in postings),
    )
    trash = work / "trash"
    hugo_bench = None
    if hugo is not None:
        hugo_bench = HugoBench(hugo, project, work / f"hugo-{n}", repeat, logs, trash)
    # The clean builds go in rounds: sitegen's k-th, then Hugo's k-th of each site, so that
    # a spell of a slow machine (seen here: minutes of I/O wait) slows both sides of a
    # ratio alike. `sitegen serve` comes last: it edits a posting.
    if sitegen is not None:
        result.sitegen = bench_sitegen(
            sitegen, project, repeat, logs, trash,
            alongside=None if hugo_bench is None else hugo_bench.round,
        )  # fmt: skip
    if hugo_bench is not None:
        for k in range(hugo_bench.rounds, repeat):  # all of them, if sitegen's clean failed
            hugo_bench.round(k)
        hugo_bench.memory()
        result.hugo = hugo_bench.report()
    if sitegen is not None and edits > 0:
        if step_field(result.sitegen, "clean", "ok") is True:
            result.serve = bench_serve(sitegen, project, postings, edits, logs, trash)
        elif isinstance(result.sitegen, dict) and isinstance(result.sitegen["notes"], list):
            result.sitegen["notes"].append("serve not run")
    return result


# --- reporting ---------------------------------------------------------------------------


def fmt_seconds(value: object) -> str:
    if not isinstance(value, int | float):
        return "failed" if value is None else "n/a"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def fmt_ms(value: object) -> str:
    """Milliseconds for short times (a served edit), seconds from 10 s."""
    if not isinstance(value, int | float):
        return "failed" if value is None else "n/a"
    return f"{value * 1000:.0f} ms" if value < 10 else fmt_seconds(value)


def fmt_mib(value: object) -> str:
    return f"{value / 2**20:.0f} MiB" if isinstance(value, int) else "n/a"


def step_field(tool: object, step: str, key: str) -> object:
    """tool['steps'][step][key]; "missing" when the tool or step was not run."""
    if not isinstance(tool, dict):
        return "missing"
    steps = tool.get("steps", {})
    if step not in steps:
        return "missing"
    return steps[step][key]


def serve_field(serve: object, key: str) -> object:
    """serve[key]; "missing" when serve was not run."""
    return serve.get(key) if isinstance(serve, dict) else "missing"


def runs_of(tool: object) -> list[dict[str, object]]:
    """Every run of every step of a tool's report."""
    steps = tool.get("steps") if isinstance(tool, dict) else None
    found: list[dict[str, object]] = []
    for step in steps.values() if isinstance(steps, dict) else []:
        runs = step.get("runs", []) if isinstance(step, dict) else []
        found += [one for one in runs if isinstance(one, dict)]
    return found


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def leftover_note(name: str, tool: object) -> str | None:
    """A warning if any build of the tool returned with processes still running."""
    runs = runs_of(tool)
    left = [r for r in runs if isinstance(r.get("left_running"), int) and r["left_running"]]
    if not left:
        return None
    most = max(_number(r["left_running"]) for r in left)
    waited = max(_number(r.get("waited_seconds")) for r in left)
    return (
        f"WARNING: {len(left)} of {len(runs)} {name} build(s) returned with "
        f"processes still running (up to {most:.0f}; waited up to {waited:.1f} s for them "
        "before the next measurement)"
    )


def paired_ratio(sitegen: object, hugo: object, hugo_step: str) -> float | None:
    """The median over rounds of sitegen's clean build time divided by Hugo's in the same
    round (bench_size runs them in rounds); None unless both ran every round and all ok."""
    mine, theirs = step_field(sitegen, "clean", "runs"), step_field(hugo, hugo_step, "runs")
    if not (isinstance(mine, list) and isinstance(theirs, list) and mine):
        return None
    if len(mine) != len(theirs) or not all(r["returncode"] == 0 for r in mine + theirs):
        return None
    return float(
        statistics.median(a["seconds"] / b["seconds"] for a, b in zip(mine, theirs, strict=True))
    )


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} ×"


COLUMNS = (
    "postings", "sitegen clean", "sitegen peak RSS", "sitegen peak PSS", "serve start-up",
    "serve: saved edit until served", "Hugo clean, issue's pages",
    "Hugo clean, sitegen's pages", "Hugo peak RSS", "sitegen ÷ Hugo, issue's pages",
    "sitegen ÷ Hugo, sitegen's pages",
)  # fmt: skip


def serve_note(serve: dict[str, object]) -> list[str]:
    parts: list[str] = []
    edits = serve.get("edit_seconds")
    if isinstance(edits, list) and edits:
        parts.append(
            f"serve: edit of {serve['posting']} until {serve['page']} had it: "
            + ", ".join(fmt_ms(s) for s in edits)
            + f"; its first request took {fmt_ms(serve['first_page_seconds'])}"
        )
    if serve.get("error"):
        parts.append(f"serve failed: {serve['error']}")
    if serve.get("left_running"):
        parts.append(
            f"WARNING: {serve['left_running']} process(es) of sitegen serve were still "
            "running after it ended, and were killed"
        )
    return parts


def markdown(env: dict[str, object], results: Sequence[SizeResult]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    for r in results:
        sg, hg, sv = r.sitegen, r.hugo, r.serve
        cells = [f"{r.postings:,}"]
        cells.append(fmt_seconds(step_field(sg, "clean", "seconds")))
        cells.append(fmt_mib(step_field(sg, "memory", "peak_rss_bytes")))
        cells.append(fmt_mib(step_field(sg, "memory", "peak_pss_bytes")))
        cells.append(fmt_seconds(serve_field(sv, "startup_seconds")))
        cells.append(fmt_ms(serve_field(sv, "edit_median_seconds")))
        cells += [fmt_seconds(step_field(hg, s, "seconds")) for s in HUGO_STEPS]
        cells.append(fmt_mib(step_field(hg, "memory", "peak_rss_bytes")))
        cells += [fmt_ratio(paired_ratio(sg, hg, s)) for s in HUGO_STEPS]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"sitegen {env['sitegen_revision']}, {env['hugo']}; Python {env['python']}, "
        f"{env['cpus']} CPUs, {env['machine']}; median of {env['repeat']} run(s); "
        f"peak RSS = summed VmRSS of the build's process tree (in one more clean build, "
        f"sampled: the timed builds are not; Hugo's of sitegen's pages), which counts a "
        f"page that forked workers share once in each; "
        f"peak PSS = summed proportional set size (/proc/PID/smaps_rollup), each shared page "
        f"counted once in all. Hugo's two sites (bench/hugo_site.py): the pages the issue "
        f"measured (postings, paginated home and tag pages, one feed), and the pages and "
        f"feeds of sitegen's site. The clean builds ran in rounds (sitegen's, then Hugo's of "
        f"each site); sitegen ÷ Hugo is the median over rounds of the two times of a round. "
        f"serve start-up: from starting `sitegen serve` until its home page is served; saved "
        f"edit until served: median of {env.get('serve_edits', SERVE_EDITS)} edits, each from "
        f"appending a word to one posting until its page, fetched every "
        f"{SERVE_POLL_SECONDS * 1000:.0f} ms, had it."
    )
    for r in results:
        sg, hg, sv = r.sitegen, r.hugo, r.serve
        parts = [f"N={r.postings:,}: {r.content_bytes / 2**20:.1f} MiB of Markdown"]
        if sg is not None:
            parts.append(f"sitegen wrote {sg['html_files']:,} HTML files")
            notes = sg["notes"]
            parts += [str(n) for n in notes] if isinstance(notes, list) else []
            parts += [n for n in [leftover_note("sitegen", sg)] if n]
        if sv is not None:
            parts += serve_note(sv)
        if hg is not None:
            parts.append(f"Hugo wrote {hg['html_files']:,} for sitegen's pages")
            parts += [n for n in [leftover_note("Hugo", hg)] if n]
        lines.append("- " + "; ".join(parts) + ".")
    return "\n".join(lines)


def git_revision(repo: Path) -> str:
    """Short hash of the last commit that changed sitegen/ or themes/, "-dirty" if edited."""

    def git(*args: str) -> str:
        cmd = ["git", "-C", str(repo), *args, "--", "sitegen", "themes"]
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()

    revision = git("log", "-1", "--format=%h") or "unknown"
    return revision + ("-dirty" if git("status", "--porcelain") else "")


def find_sitegen(option: str | None) -> list[str] | None:
    if option:
        return shlex.split(option)
    beside = Path(sys.executable).parent / "sitegen"
    found = str(beside) if beside.exists() else shutil.which("sitegen")
    return [found] if found else None


def compile_bytecode(package: Path) -> None:
    """Write sitegen's bytecode before timing it, as pip does when it installs a package.
    Where PYTHONDONTWRITEBYTECODE is set, an edited checkout is otherwise compiled again by
    every run: 30 to 40 ms of each measured build that no installed copy pays."""
    if package.is_dir():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 1000,10000")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sitegen against Hugo.")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000],
                        help="comma-separated posting counts (default 1000,10000)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=1, help="clean builds (median time)")
    parser.add_argument("--edits", type=int, default=SERVE_EDITS,
                        help=f"edits timed by sitegen serve (default {SERVE_EDITS})")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--save-json", type=Path, help="also write the JSON to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--sitegen", help="sitegen command (default: the one beside python)")
    parser.add_argument("--no-sitegen", action="store_true", help="measure Hugo only")
    parser.add_argument("--no-hugo", action="store_true", help="measure sitegen only")
    parser.add_argument("--no-serve", action="store_true", help="skip sitegen serve")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    if args.edits < 1:
        parser.error("--edits must be >= 1 (or --no-serve)")
    edits = 0 if args.no_serve else args.edits

    sitegen = None if args.no_sitegen else find_sitegen(args.sitegen)
    if sitegen is None and not args.no_sitegen:
        progress("sitegen not found: pip install -e . (or pass --sitegen / --no-sitegen)")
        return 2
    if sitegen is not None:
        compile_bytecode(generate.REPO_ROOT / "sitegen")
    hugo = None if args.no_hugo else hugo_site.find_hugo()
    if hugo is None and not args.no_hugo:
        progress("continuing without Hugo")

    env: dict[str, object] = {
        "sitegen_revision": git_revision(generate.REPO_ROOT) if sitegen else "not run",
        "hugo": hugo_site.hugo_version(hugo) if hugo else "Hugo not run",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "repeat": args.repeat,
        "serve_edits": edits,
        "build_date": BUILD_DATE,
    }
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            results.append(bench_size(n, work, sitegen, hugo, args.repeat, edits))
            if args.json:
                continue
            progress(markdown(env, results[-1:]).splitlines()[2])
        remove(work / "trash")  # the builds set aside, now that nothing is timed

    report = json.dumps({"environment": env, "results": [asdict(r) for r in results]}, indent=2)
    if args.save_json:
        args.save_json.write_text(report + "\n", encoding="utf-8")
    if args.json:
        print(report)
    else:
        print(markdown(env, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
