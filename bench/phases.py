"""Where the time of one clean build goes, phase by phase.

    python bench/phases.py PROJECT [--workers N] [--repeat R]

Runs the steps of sitegen.build.build one after the other in this process, with the same
calls, timing each: reading and parsing the content with its Markdown, making the site
model, making the jobs (theme, templates, static files), rendering pages and feeds, and
writing and swapping the output folder. Start-up (importing sitegen and its libraries) is
timed in a fresh interpreter. Prints a Markdown table of the median of each phase over
--repeat runs (after one warm-up), beside the whole build timed the same way. The output
goes to a temporary folder; PROJECT is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from sitegen.build import build, build_date, read_file, render_jobs, site_config
from sitegen.content.load import assemble, find_sources
from sitegen.content.model import Posting
from sitegen.output import staged
from sitegen.parallel import default_workers, parallel_map
from sitegen.render.pages import site_jobs
from sitegen.site.model import build_site

T = TypeVar("T")
DAY = dt.date(2026, 11, 20)


def timed(seconds: dict[str, float], name: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = step()
    seconds[name] = time.perf_counter() - started
    return result


def phases(root: Path, out: Path, workers: int) -> dict[str, float]:
    """One build, its steps timed one by one (the same calls as sitegen.build.build)."""
    seconds: dict[str, float] = {}
    config = site_config(root)
    day = build_date(config, DAY)

    files, errors = find_sources(root)
    reader = partial(read_file, tz=config.tz, base_path=config.base_path)
    read = timed(
        seconds,
        "read, parse and render Markdown",
        lambda: list(parallel_map(reader, files, workers)),
    )
    content = assemble((parsed for parsed, _description in read), errors)
    site = timed(seconds, "site model", lambda: build_site(config, content, day, False))
    described = {parsed.id: made for parsed, made in read if isinstance(parsed, Posting) and made}
    jobs = timed(seconds, "theme and jobs", lambda: site_jobs(root, site, described))
    made: list[dict[str, bytes]] = []
    timed(seconds, "render pages and feeds", lambda: made.extend(render_jobs(root, jobs, workers)))

    def write() -> None:
        with staged(out, root) as staging:
            for outputs in made:
                for name, data in outputs.items():
                    staging.write(name, data)

    timed(seconds, "write and swap", write)
    return seconds


def startup() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sitegen.cli, sitegen.build"], check=True)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    runs: list[dict[str, float]] = []
    whole: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for k in range(args.repeat + 1):  # the first run warms the disk cache and is dropped
            out = Path(folder) / f"phases-{k}"
            seconds = phases(args.project, out, args.workers)
            seconds["start-up (a fresh interpreter importing sitegen)"] = startup()
            started = time.perf_counter()
            build(args.project, Path(folder) / f"whole-{k}", today=DAY, workers=args.workers)
            if k:
                runs.append(seconds)
                whole.append(time.perf_counter() - started)
    print(f"| phase ({args.workers} workers, median of {args.repeat}) | seconds | share |")
    print("|---|---:|---:|")
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    total = sum(medians.values())
    for name, value in medians.items():
        print(f"| {name} | {value:.3f} | {value / total:.0%} |")
    print(f"| sum of phases | {total:.3f} | |")
    whole_median = statistics.median(whole)
    print(f"| whole build in this process (`sitegen.build.build`) | {whole_median:.3f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
