"""`sitegen serve`: the site kept in memory, each page rendered when a browser asks for it.

On a save under content/, themes/ or sitegen.toml, the files that changed are parsed again,
the site model is made again from every parsed file, and the pages are rendered afresh on
request (each once, until the next change): every page served comes from the current files,
exactly as `sitegen build` would write it. Nothing is written to disk.

The site's base URL is replaced by the local address, so links work under the same base path
(http://127.0.0.1:8000/digest/ for a base URL ending in /digest/). HTML responses get a small
script that listens for changes (Server-Sent Events) and reloads the page, or shows the
errors over it; the script is added while serving, it is not part of the page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from sitegen.build import build_date, read_file, site_config
from sitegen.commands.listen import cannot_listen
from sitegen.content.load import Parsed, SourceFile, assemble, find_sources
from sitegen.content.model import Posting
from sitegen.errors import BuildError
from sitegen.parallel import default_workers, parallel_map
from sitegen.render.description import Description
from sitegen.render.jobs import Job, Outputs, TemplateFailure
from sitegen.render.pages import site_jobs
from sitegen.site.model import build_site

EVENTS = "__sitegen/events"
_SCRIPT = """<script>(function () {
  var error = %s;
  function overlay(text) {
    var box = document.getElementById("sitegen-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "sitegen-error";
      box.style.cssText = "position:fixed;inset:0;margin:0;padding:2em;z-index:99999;" +
        "background:rgba(40,0,0,.92);color:#fff;font:14px/1.5 monospace;" +
        "white-space:pre-wrap;overflow:auto";
      document.body.appendChild(box);
    }
    box.textContent = "sitegen: the last build failed\\n\\n" + text;
  }
  overlay(error);
  var events = new EventSource(%s);
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("failed", function (e) { overlay(JSON.parse(e.data)); });
})();</script>
"""


Stamp = tuple[int, int, int]  # a file's size, modification time and inode


@dataclass
class Source:
    """One content file as last read: its stamp, its value (or problems), and for a posting
    its description."""

    stamp: Stamp | None
    parsed: Parsed
    description: Description | None


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _read(file: SourceFile, tz: ZoneInfo, base_path: str) -> Source:
    stamp = _stamp(file.path)
    return Source(stamp, *read_file(file, tz, base_path))


@dataclass
class Model:
    """One version of the site: which job makes each file, and the files made so far."""

    jobs: dict[str, Job]  # file name -> the job that makes it
    folders: tuple[tuple[str, Job], ...]  # folder -> the job that makes every file in it
    made: dict[int, Outputs] = field(default_factory=dict)  # id(job) -> its files

    def file(self, name: str) -> bytes | None:
        job = self.jobs.get(name) or next(
            (job for folder, job in self.folders if name.startswith(folder)), None
        )
        if job is None:
            return None
        outputs = self.made.get(id(job))
        if outputs is None:
            outputs = self.made[id(job)] = job.run()
        return outputs.get(name)

    def has(self, name: str) -> bool:
        return name in self.jobs or any(name.startswith(folder) for folder, _ in self.folders)


class Preview:
    """The site in memory: every content file parsed once, parsed again when it changes."""

    def moved_on(self, version: int) -> bool:
        return self.version != version

    def __init__(
        self,
        root: Path,
        base_url: str,
        drafts: bool = False,
        today: dt.date | None = None,
        workers: int = 1,
        log: TextIO | None = None,
    ) -> None:
        """Reads the whole site (over `workers` processes: only before any thread starts);
        if it cannot be made, `error` says why and `model` is None until a save mends it."""
        self.root = Path(os.path.abspath(root))
        self.base_url = base_url
        self.drafts = drafts
        self.today = today
        self.log = log
        self.sources: dict[str, Source] = {}
        self.tz: ZoneInfo | None = None
        self.base_path = ""
        self.model: Model | None = None
        self.version = 0
        self.error: str | None = None
        self.changed = threading.Condition()
        self.refresh(None, workers)

    def refresh(self, changed: Collection[str] | None = None, workers: int = 1) -> None:
        """Take in a save: `changed` holds the paths the watcher saw change (None: every
        file whose size, time or inode differs from when it was read, a look that costs
        a tenth of a save at 10,000 postings). A file not read before is read.
        On failure the last good site stays served beside the error."""
        started = time.perf_counter()
        error: str | None = None
        try:
            self._refresh(changed, workers)
        except BuildError as exc:
            error = "\n".join(str(e) for e in exc.errors)
        except Exception:  # a bug in sitegen: show it, keep serving the last good site
            error = traceback.format_exc()
        if self.log is not None:
            seconds = time.perf_counter() - started
            done = f"failed:\n{error}" if error else f"read in {seconds:.2f} s"
            print(f"site {done}", file=self.log, flush=True)
        with self.changed:
            self.error = error
            self.version += 1
            self.changed.notify_all()

    def _refresh(self, changed: Collection[str] | None, workers: int) -> None:
        config = site_config(self.root, self.base_url)
        # times in front matter are read in the site's zone, and descriptions' site-absolute
        # links resolved under its base path: a change to either reads every file again
        if (config.tz, config.base_path) != (self.tz, self.base_path):
            self.sources, self.tz, self.base_path = {}, config.tz, config.base_path
        files, errors = find_sources(self.root)
        again = {os.path.abspath(path) for path in changed} if changed is not None else None
        stale = [
            file
            for file in files
            if file.path not in self.sources
            or (
                file.path in again  # made from self.root, which is absolute and normal
                if again is not None
                else self.sources[file.path].stamp != _stamp(file.path)
            )
        ]
        reader = partial(_read, tz=config.tz, base_path=config.base_path)
        fresh = parallel_map(reader, stale, workers)
        sources = {file.path: self.sources.get(file.path) for file in files}
        sources.update(zip((file.path for file in stale), fresh, strict=True))
        self.sources = {path: source for path, source in sources.items() if source is not None}
        day = build_date(config, self.today)
        content = assemble((s.parsed for s in self.sources.values()), errors, today=day)
        described = {
            s.parsed.id: s.description
            for s in self.sources.values()
            if s.description is not None and isinstance(s.parsed, Posting)
        }
        site = build_site(config, content, day, self.drafts)
        jobs = site_jobs(self.root, site, described)
        exact = {name: job for job in jobs for name in job.names if not name.endswith("/")}
        folders = tuple((name, job) for job in jobs for name in job.names if name.endswith("/"))
        self.model = Model(exact, folders)

    def file(self, name: str) -> bytes | None:
        """The file at name (site-relative, as in the output folder), made on first
        request; None if the site has no such file. Raises TemplateFailure."""
        model = self.model
        return model.file(name) if model is not None else None

    def has(self, name: str) -> bool:
        model = self.model
        return model is not None and model.has(name)


def handler(site: Preview, base_path: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the terminal shows builds, not requests

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path == base_path + EVENTS:
                self._events()
                return
            if not path.startswith(base_path):
                self._send(302, b"", "text/plain", {"Location": base_path})
                return
            rel = path[len(base_path) :]
            name = rel + "index.html" if rel == "" or rel.endswith("/") else rel
            if not site.has(name) and site.has(rel + "/index.html"):
                self._send(301, b"", "text/plain", {"Location": path + "/"})
                return
            try:
                status, data, error = 200, site.file(name), site.error
                if data is None and site.model is None:
                    status, name, data = 500, "error.html", _error_page(error or "")
                elif data is None:
                    status, name = 404, "404.html"
                    data = site.file(name) or b"not found"
            except TemplateFailure as failure:
                error = str(failure.error(site.root))
                status, name, data = 500, "error.html", _error_page(error)
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = inject(data, error, base_path + EVENTS)
                kind += "; charset=utf-8"
            self._send(status, data, kind)

        def _send(
            self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = site.version
            try:
                while True:
                    with site.changed:
                        site.changed.wait_for(partial(site.moved_on, seen), timeout=15)
                        version, error = site.version, site.error
                    if version == seen:
                        self.wfile.write(b": keep-alive\n\n")
                    elif error is None:
                        self.wfile.write(b"event: reload\ndata: {}\n\n")
                    else:
                        self.wfile.write(f"event: failed\ndata: {json.dumps(error)}\n\n".encode())
                    self.wfile.flush()
                    seen = version
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def inject(html: bytes, error: str | None, events: str) -> bytes:
    """The page with the live-reload script (and the error, if any) before </body>."""
    script = (_SCRIPT % (_js(error), _js(events))).encode()
    at = html.rfind(b"</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


def _js(value: str | None) -> str:
    """A JavaScript literal that cannot end the script element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def _error_page(message: str) -> bytes:
    text = html.escape(message)
    return f"<!doctype html><title>Error</title><body><pre>{text}</pre></body>".encode()


INPUTS = ("sitegen.toml", "content", "themes", "templates", "static")


def _inputs(root: Path) -> list[Path]:
    """What the site is made from, as far as it exists now."""
    return [root / name for name in INPUTS if (root / name).exists()]


def watch(site: Preview, stop: threading.Event, ready: Callable[[], None] | None = None) -> None:
    """Take in every save to the site's inputs, until stop is set. When an input folder
    appears or goes (a first site template, say), watch again what exists then."""
    from watchfiles import watch as changes

    while not stop.is_set():
        inputs = _inputs(site.root)
        watched = changes(
            *inputs,
            stop_event=stop,
            debounce=100,
            step=20,
            rust_timeout=500,
            yield_on_timeout=True,
        )
        restarted = ready is None  # everything saved before this watch began is read now
        if ready is not None:
            ready()
            ready = None
        for batch in watched:
            if restarted:  # what was saved while no watch ran: compare every file
                site.refresh(None)
                restarted = False
            elif batch:
                site.refresh({path for _change, path in batch})
            if _inputs(site.root) != inputs:
                break


class Server:
    """The HTTP server and the watcher, in threads; the site is read before either starts."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = False,
        log: TextIO = sys.stderr,
        today: dt.date | None = None,
    ) -> None:
        config = site_config(root)
        self.base_path = urlsplit(config.base_url).path or "/"
        self.httpd = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}{self.base_path}"
        self.log = log
        self.site = Preview(root, self.url, drafts, today, default_workers(), log)
        self.httpd.RequestHandlerClass = handler(self.site, self.base_path)
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        watching = threading.Event()
        self.threads = [
            threading.Thread(target=self.httpd.serve_forever, daemon=True),
            threading.Thread(
                target=watch, args=(self.site, self.stop_event, watching.set), daemon=True
            ),
        ]
        for thread in self.threads:
            thread.start()
        watching.wait(5)

    def stop(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def serve(
    root: Path, host: str, port: int, drafts: bool, log: TextIO, today: dt.date | None = None
) -> int:
    try:
        server = Server(root, host, port, drafts, log, today)
    except OSError as exc:
        print(f"sitegen serve: {cannot_listen(exc, host, port)}", file=log)
        return 1
    server.start()
    print(f"serving {server.url} (Ctrl+C to stop)", file=log, flush=True)
    try:
        server.stop_event.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
