"""Benchmark sitegen builds on generated content, side by side with Hugo.

    python bench/run.py [--sizes 1000,10000] [--repeat 1] [--json | --save-json F] [--keep DIR]

For each size N it generates a project of N postings (bench/generate.py) in a temporary
folder, never the repository's content/, and measures:

- Hugo clean builds of the same content (bench/hugo/, bench/hugo_site.py), of two sites:
  the pages the issue measured Hugo on, and the pages and feeds of sitegen's site;
- sitegen clean build (no .sitegen-cache/, no output, no spare), no-change rebuild, rebuild after
  appending a sentence to one posting, the same again (the first rebuild after a clean
  build has no spare site to update; later ones do), rebuild after appending an HTML
  comment to the copied theme's base template.

The clean builds run in rounds, sitegen's and then Hugo's of each site, before sitegen's
rebuilds; the table gives sitegen's clean time over Hugo's as the median of each round's
ratio, so that a slow spell of the machine weighs on both sides of it alike.

Each build runs as a subprocess. Wall time is measured around it; peak memory is the peak
of the summed VmRSS of the process and all its descendants, sampled every 20 ms from /proc
(so a process pool counts in full), and never less than the kernel's ru_maxrss of the
largest single process. Before a clean build, what earlier builds left is moved aside, not
deleted (set_aside), and deleted at the end; before each run, what its preparation wrote
is synced to disk; after it, what the build left running in the background is waited
for: each measurement starts on a quiet machine. Figures go to stdout as a Markdown table
(or JSON with --json); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate
import hugo_site

BUILD_DATE = "2026-11-20"
SAMPLE_SECONDS = 0.02
SETTLE_SECONDS = 300.0
BASE_TEMPLATE_NAMES = ("templates/base.html", "base.html", "layouts/base.html", "_base.html")
STEPS = ("clean", "no_change", "posting_edited", "posting_edited_again", "template_edited")


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


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0  # gone, or a zombie (no VmRSS line)


def tree_rss_bytes(root: int) -> int:
    """Summed resident memory of root and all its descendants."""
    total, stack, seen = 0, [root], {root}
    while stack:
        pid = stack.pop()
        total += _rss_bytes(pid)
        for kid in _children(pid):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return total


class TreeSampler(threading.Thread):
    """Samples tree_rss_bytes(pid) every SAMPLE_SECONDS until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self._stop_event.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class Run:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    log_tail: str = ""
    settle_seconds: float = 0.0  # waited after the run for its detached background work


def running(cmd: Sequence[str]) -> bool:
    """Whether a process is running cmd: a build's detached background work (sitegen forks
    it, so it keeps the build's command line) after the build itself has returned."""
    tail = ("\0" + "\0".join(cmd[1:]) + "\0").encode()  # argv[0] may show as the interpreter
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if f.read().endswith(tail):
                    return True
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return False


def settle(cmd: Sequence[str]) -> float:
    """Wait (up to SETTLE_SECONDS) until no process runs cmd any more; the time waited. The
    build's timing stops when it returns, with the site in place; what it leaves running
    (the next rebuild's spare site being linked, an old site being deleted) would
    otherwise slow whichever measurement comes next, sitegen's or Hugo's."""
    start = time.perf_counter()
    while running(cmd) and time.perf_counter() - start < SETTLE_SECONDS:
        time.sleep(0.05)
    return time.perf_counter() - start


def measure(cmd: Sequence[str], log_path: Path, env: dict[str, str] | None = None) -> Run:
    """Run cmd to completion; its wall time, peak tree RSS and, on failure, its log tail;
    then wait for what it left running in the background."""
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
    settled = settle(cmd)
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = max(sampler.peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux
    tail = ""
    if proc.returncode != 0:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        tail = "\n".join(lines[-40:])
    return Run(seconds, peak, proc.returncode, tail, settled)


# --- the benchmark steps -----------------------------------------------------------------


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

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "seconds": self.seconds,
            "peak_rss_bytes": self.peak_rss_bytes,
            "runs": [asdict(r) for r in self.runs],
        }


def sitegen_command(sitegen: Sequence[str], project: Path) -> list[str]:
    out = project / "output"
    return [*sitegen, "build", "--root", str(project), "--out", str(out), "--date", BUILD_DATE,
            "--quiet"]  # fmt: skip


def find_base_template(project: Path) -> Path | None:
    """The base template of the project's theme copy (the one every page extends)."""
    config = tomllib.loads((project / "sitegen.toml").read_text(encoding="utf-8"))
    theme = project / "themes" / str(config.get("theme", "default"))
    for name in BASE_TEMPLATE_NAMES:
        if (theme / name).is_file():
            return theme / name
    html = sorted(theme.rglob("*.html"))
    for path in html:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096].lower()
        if "<html" in head or "<!doctype" in head:
            return path
    return html[0] if html else None


def count_files(folder: Path, suffix: str) -> int:
    return sum(1 for _ in folder.rglob(f"*{suffix}")) if folder.is_dir() else 0


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def builds(project: Path) -> list[Path]:
    """Everything sitegen builds leave in project: the cache, output/, the spare site and
    the lock files beside it, and old sites not yet deleted."""
    made = [project / ".sitegen-cache", project / "output", *project.glob(".output.*")]
    return [path for path in made + list(project.glob(".sitegen-trash.*")) if path.exists()]


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


def appender(path: Path | None, line: str) -> Callable[[int], bool]:
    """A step preparation appending `line` (with {k}, the pass) to path; False if no path."""

    def edit(k: int) -> bool:
        if path is None:
            return False
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n" + line.format(k=k) + "\n")
        return True

    return edit


def bench_sitegen(
    sitegen: Sequence[str],
    project: Path,
    postings: Sequence[Path],
    repeat: int,
    logs: Path,
    trash: Path,
    alongside: Callable[[int], None] | None = None,
) -> dict[str, object]:
    """sitegen's steps, each run repeat times; alongside(k), when given, runs right after
    the k-th clean build (Hugo's k-th round: see bench_size)."""
    cmd = sitegen_command(sitegen, project)
    steps = {name: Step() for name in STEPS}
    notes: list[str] = []
    edited = postings[len(postings) // 2] if postings else None
    template = find_base_template(project)

    def clean(_k: int) -> bool:
        set_aside(builds(project), trash)
        return True

    def no_change(_k: int) -> bool:
        return True

    prepare: dict[str, Callable[[int], bool]] = {
        "clean": clean,
        "no_change": no_change,
        "posting_edited": appender(edited, "This posting was edited by the benchmark, pass {k}."),
        # the same edit once more: a rebuild that finds the site before last kept as a
        # spare (the first rebuild after a clean build has none to update)
        "posting_edited_again": appender(edited, "Edited by the benchmark again, pass {k}."),
        "template_edited": appender(template, "<!-- edited by the benchmark, pass {k} -->"),
    }
    for name in STEPS:
        for k in range(repeat):
            if not prepare[name](k):
                notes.append(f"{name}: skipped (nothing to edit)")
                break
            os.sync()  # the preparation's deletions and edits on disk, not during the run
            progress(f"  sitegen {name} ({k + 1}/{repeat}) ...")
            run = measure(cmd, logs / f"sitegen-{name}-{k}.log")
            steps[name].runs.append(run)
            if run.returncode != 0:
                progress(f"  sitegen {name} FAILED (exit {run.returncode}):\n{run.log_tail}")
                break
            if name == "clean" and alongside is not None:
                alongside(k)
        if name == "clean" and not steps[name].ok:
            notes.append("clean build failed; rebuilds skipped")
            break
    return {
        "command": shlex.join(cmd),
        "edited_posting": str(edited.relative_to(project)) if edited else None,
        "edited_template": str(template.relative_to(project)) if template else None,
        "html_files": count_files(project / "output", ".html"),
        "notes": notes,
        "steps": {name: step.as_json() for name, step in steps.items() if step.runs},
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

    def report(self) -> dict[str, object]:
        return {
            "command": shlex.join(self.commands["clean"]),
            "whole_site_command": shlex.join(self.commands["whole_site"]),
            "html_files": count_files(self.site / "public", ".html"),
            "steps": {name: step.as_json() for name, step in self.steps.items()},
        }


@dataclass
class SizeResult:
    postings: int
    generate_seconds: float
    content_bytes: int
    sitegen: dict[str, object] | None = None
    hugo: dict[str, object] | None = None


def bench_size(
    n: int, work: Path, sitegen: Sequence[str] | None, hugo: str | None, repeat: int
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
    # ratio alike. All of them come before sitegen's rebuilds, which delete old sites in the
    # background (their own work) and would slow the next clean builds on this file system.
    if sitegen is not None:
        result.sitegen = bench_sitegen(
            sitegen, project, postings, repeat, logs, trash,
            alongside=None if hugo_bench is None else hugo_bench.round,
        )  # fmt: skip
    if hugo_bench is not None:
        for k in range(hugo_bench.rounds, repeat):  # all of them, if sitegen's clean failed
            hugo_bench.round(k)
        result.hugo = hugo_bench.report()
    return result


# --- reporting ---------------------------------------------------------------------------


def fmt_seconds(value: object) -> str:
    if not isinstance(value, int | float):
        return "failed" if value is None else "n/a"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


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


def settle_times(tool: dict[str, object]) -> list[float]:
    """How long each run of the tool left background work running (Run.settle_seconds)."""
    steps = tool.get("steps")
    found: list[float] = []
    for step in steps.values() if isinstance(steps, dict) else []:
        for one in step.get("runs", []) if isinstance(step, dict) else []:
            seconds = one.get("settle_seconds") if isinstance(one, dict) else None
            if isinstance(seconds, float):
                found.append(seconds)
    return found


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


def markdown(env: dict[str, object], results: Sequence[SizeResult]) -> str:
    head = (
        "| postings | sitegen clean | no change | 1 posting edited | edited again "
        "| template edited | sitegen peak RSS "
        "| Hugo clean, issue's pages | Hugo clean, sitegen's pages | Hugo peak RSS "
        "| sitegen ÷ Hugo, issue's pages | sitegen ÷ Hugo, sitegen's pages |"
    )
    lines = [head, "|" + "---:|" * (len(STEPS) + 7)]
    for r in results:
        sg, hg = r.sitegen, r.hugo
        cells = [f"{r.postings:,}"]
        cells += [fmt_seconds(step_field(sg, s, "seconds")) for s in STEPS]
        cells.append(fmt_mib(step_field(sg, "clean", "peak_rss_bytes")))
        cells += [fmt_seconds(step_field(hg, s, "seconds")) for s in HUGO_STEPS]
        cells.append(fmt_mib(step_field(hg, "whole_site", "peak_rss_bytes")))
        cells += [fmt_ratio(paired_ratio(sg, hg, s)) for s in HUGO_STEPS]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"sitegen {env['sitegen_revision']}, {env['hugo']}; Python {env['python']}, "
        f"{env['cpus']} CPUs, {env['machine']}; median of {env['repeat']} run(s); "
        f"peak RSS = summed VmRSS of the build's process tree (clean build; Hugo's of "
        f"sitegen's pages). Hugo's two sites (bench/hugo_site.py): the pages the issue "
        f"measured (postings, paginated home and tag pages, one feed), and the pages and "
        f"feeds of sitegen's site. The clean builds ran in rounds (sitegen's, then Hugo's of "
        f"each site); sitegen ÷ Hugo is the median over rounds of the two times of a round."
    )
    for r in results:
        sg, hg = r.sitegen, r.hugo
        parts = [f"N={r.postings:,}: {r.content_bytes / 2**20:.1f} MiB of Markdown"]
        if sg is not None:
            parts.append(f"sitegen wrote {sg['html_files']:,} HTML files")
            waited = settle_times(sg)
            if waited:
                parts.append(
                    f"its background work after a build lasted up to {max(waited):.1f} s, "
                    "waited for before the next measurement"
                )
            notes = sg["notes"]
            parts += [str(n) for n in notes] if isinstance(notes, list) else []
        if hg is not None:
            parts.append(f"Hugo wrote {hg['html_files']:,} for sitegen's pages")
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
    parser = argparse.ArgumentParser(description="Benchmark sitegen builds against Hugo.")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000],
                        help="comma-separated posting counts (default 1000,10000)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (median time)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--save-json", type=Path, help="also write the JSON to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--sitegen", help="sitegen command (default: the one beside python)")
    parser.add_argument("--no-sitegen", action="store_true", help="measure Hugo only")
    parser.add_argument("--no-hugo", action="store_true", help="measure sitegen only")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")

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
        "build_date": BUILD_DATE,
    }
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            results.append(bench_size(n, work, sitegen, hugo, args.repeat))
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
