"""Search at scale: what a reader downloads before the first result, and time per keystroke.

    python bench/search_weight.py [--open 10000] [--keep DIR]

Generates postings with bench/generate.py until at least --open of them are open on the build
day, builds the site (page_size 50, so the home page lists 50 postings), serves it on
127.0.0.1 and opens the search page in Debian's chromium (/usr/bin/chromium, driven by
playwright). Prints:

- the gzip size of every request made before the first result is on screen, and of
  search/meta.json alone (the search data);
- the gzip size of the description-word shards fetched later, on demand;
- the home page weight: its HTML, CSS and JS, gzip-compressed;
- milliseconds from a keystroke to the updated results, per keystroke, typed one character at a
  time (the first keystroke of a new two-letter prefix includes fetching its shard).

Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import END_DATE, generate  # noqa: E402
from sitegen.build import build  # noqa: E402

QUERIES = ("senior backend", "payments python", "quietbyte", "kubernetes observability")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Resolves after the search script has rendered the results of the current input.
KEYSTROKE = """async (text) => {
  const input = document.getElementById("q");
  const form = document.getElementById("search");
  const done = new Promise((resolve) => form.addEventListener("results", resolve, {once: true}));
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  await done;
  return performance.now() - start;
}"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--open", type=int, default=10_000, help="open postings wanted")
    parser.add_argument("--keep", type=Path, help="build here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        www = root / "www"
        www.mkdir(exist_ok=True)
        handler = functools.partial(_Quiet, directory=str(www))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        n = int(args.open * 1.45)
        while True:
            project = root / f"project-{n}"
            generate(n, project)
            toml = project / "sitegen.toml"
            toml.write_text(toml.read_text().replace("page_size = 20", "page_size = 50"))
            out = www / "digest"
            report = build(project, out, base_url=origin + "/digest/", today=END_DATE)
            if report.open >= args.open:
                break
            n = int(n * args.open / max(report.open, 1)) + 50
        print(f"postings: {n} generated, {report.open} open, built in {report.seconds:.1f} s")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            measure(out, origin)
        finally:
            server.shutdown()
    return 0


def measure(out: Path, origin: str) -> None:
    from playwright.sync_api import sync_playwright

    def local(url: str) -> Path:
        path = unquote(urlsplit(url).path).removeprefix("/digest/")
        return out / (path + "index.html" if path == "" or path.endswith("/") else path)

    meta = (out / "search" / "meta.json").read_bytes()
    shards = [gz(p.read_bytes()) for p in sorted((out / "search" / "words").glob("*.json"))]
    print(f"search/meta.json: {kb(len(meta))} raw, {kb(gz(meta))} gzip")
    print(
        f"word shards: {len(shards)}, gzip median {kb(statistics.median(shards))}, "
        f"largest {kb(max(shards))}, all {kb(sum(shards))} (fetched on demand)"
    )
    home = (out / "index.html").read_text("utf-8")
    assets = [
        out / a.split('"')[0].removeprefix("/digest/")
        for a in home.split('href="/digest/static/')[1:] + home.split('src="/digest/static/')[1:]
        if a.split('"')[0].endswith((".css", ".js"))
    ]
    assets = [out / "static" / a.name for a in assets]
    weight = gz(home.encode()) + sum(gz(a.read_bytes()) for a in assets)
    rows = home.count('<li class="posting')
    print(f"home page ({rows} listing rows): HTML+CSS+JS {kb(weight)} gzip")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(origin + "/digest/search/")
        page.wait_for_selector("#results li")
        before = sorted({u for u in fetched if u.startswith(origin)})
        total = sum(gz(local(u).read_bytes()) for u in before if local(u).is_file())
        print(f"before the first result: {len(before)} requests, {kb(total)} gzip in all:")
        for url in before:
            if local(url).is_file():
                print(f"  {kb(gz(local(url).read_bytes())):>9}  {urlsplit(url).path}")
        times: list[float] = []
        for query in QUERIES:
            page.evaluate(KEYSTROKE, "")
            typed = [page.evaluate(KEYSTROKE, query[:i]) for i in range(1, len(query) + 1)]
            status = page.inner_text("#status")
            print(
                f"typing {query!r}: {', '.join(f'{t:.0f}' for t in typed)} ms per keystroke"
                f" -> {status}"
            )
            times += typed
        print(
            f"keystroke to results: median {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms over {len(times)} keystrokes"
        )
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
