"""Lighthouse scores of the example site: home page and a posting page, mobile preset.

    python bench/lighthouse.py [--runs 1] [--theme default] [--keep DIR]

Builds the repository's example site (content/ and themes/, sitegen.toml with the given
theme) for the day 2026-11-22 under /digest/, serves it on 127.0.0.1 and runs Lighthouse
(npm `lighthouse`, pinned below, installed on first use into SITEGEN_TOOLS_CACHE, else
~/.cache/sitegen-tools, as the browser tests install axe-core) against Debian's chromium
(CHROME_PATH=/usr/bin/chromium, headless, no network beyond loopback). Prints performance,
accessibility, best practices and SEO for each page; with --runs N, each page is measured N
times and the lowest score of each category is printed, with every run in the notes.

Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.search_weight import CHROMIUM_ARGS  # noqa: E402
from sitegen.build import build  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"  # runs on Node 18.16 and later
CHROME = Path("/usr/bin/chromium")
DAY = dt.date(2026, 11, 22)
POSTING = "jobs/mongodb-senior-software-engineer-atlas-foundational-services/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMEOUT = 300  # seconds for one Lighthouse run


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def lighthouse_cli() -> Path:
    """The pinned Lighthouse command, installed with npm into the tools cache if missing."""
    cache = Path(os.environ.get("SITEGEN_TOOLS_CACHE", Path.home() / ".cache" / "sitegen-tools"))
    cli = cache / "node_modules" / "lighthouse" / "cli" / "index.js"
    package = cache / "node_modules" / "lighthouse" / "package.json"
    wanted = LIGHTHOUSE.split("@")[1]
    if not (cli.exists() and json.loads(package.read_text("utf-8"))["version"] == wanted):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "-E", LIGHTHOUSE],
            cwd=cache,
            check=True,
            timeout=TIMEOUT,
        )
    return cli


def make_site(root: Path, theme: str, base_url: str) -> Path:
    project = root / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "themes", project / "themes")
    config = (REPO / "sitegen.toml").read_text("utf-8")
    config = config.replace('theme = "default"', f'theme = "{theme}"')
    (project / "sitegen.toml").write_text(config, "utf-8")
    out = root / "www" / "digest"
    build(project, out, base_url=base_url, today=DAY)
    return out


def scores(cli: Path, url: str, work: Path) -> dict[str, int]:
    report = work / "report.json"
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROME)},
        check=True,
        timeout=TIMEOUT,
    )
    categories = json.loads(report.read_text("utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the lowest is shown")
    parser.add_argument("--theme", default="default")
    parser.add_argument("--keep", type=Path, help="build here instead of a temporary folder")
    args = parser.parse_args()
    cli = lighthouse_cli()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        (root / "www").mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_Quiet, directory=str(root / "www"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/digest/"
        make_site(root, args.theme, base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile preset, theme {args.theme}")
            print(f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
            notes: list[str] = []
            for name, path in (("home", ""), ("posting", POSTING)):
                runs = [scores(cli, base + path, root) for _ in range(args.runs)]
                low = {c: min(r[c] for r in runs) for c in CATEGORIES}
                print(f"{name:<10} " + " ".join(f"{low[c]:>5}" for c in CATEGORIES))
                notes += [f"  {name} run {i + 1}: {r}" for i, r in enumerate(runs)]
            if args.runs > 1:
                print("every run:", *notes, sep="\n")
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
