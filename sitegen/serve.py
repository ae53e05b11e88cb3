"""`sitegen serve`: build into .sitegen-cache/serve/, serve it locally, rebuild on every save.

The site is built with its base URL replaced by the local address, so links work under the
same base path (http://127.0.0.1:8000/digest/ for a base URL ending in /digest/). HTML
responses get a small script that listens for rebuilds (Server-Sent Events) and reloads the
page, or shows the build errors over it; the script is added while serving, never written.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from sitegen.build import build
from sitegen.config import load_config
from sitegen.errors import BuildError

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


class Site:
    """The served build: its folder, a version bumped by each build, and the last error."""

    def __init__(self, root: Path, host: str, port: int, drafts: bool, log: TextIO) -> None:
        self.root = root
        self.host = host
        self.port = port
        self.drafts = drafts
        self.log = log
        self.out = root / ".sitegen-cache" / "serve" / "site"
        self.base_path = urlsplit(load_config(root).base_url).path or "/"
        self.version = 0
        self.error: str | None = None
        self.changed = threading.Condition()

    def moved_on(self, version: int) -> bool:
        return self.version != version

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.base_path}"

    def rebuild(self) -> None:
        """Build; on failure keep serving the last good build and remember the error."""
        error: str | None = None
        try:
            report = build(self.root, self.out, drafts=self.drafts, base_url=self.url)
        except BuildError as exc:
            error = "\n".join(str(e) for e in exc.errors)
            print(f"build failed:\n{error}", file=self.log, flush=True)
        except Exception:  # a bug in sitegen: show it, keep serving the last good build
            error = traceback.format_exc()
            print(f"build failed:\n{error}", file=self.log, flush=True)
        else:
            print(
                f"built {report.pages} pages ({report.rendered} rendered) in "
                f"{report.seconds:.2f} s; serving {self.url}",
                file=self.log,
                flush=True,
            )
        with self.changed:
            self.error = error
            self.version += 1
            self.changed.notify_all()


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the terminal shows builds, not requests

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path == site.base_path + EVENTS:
                self._events()
                return
            if not path.startswith(site.base_path):
                self._send(302, b"", "text/plain", {"Location": site.base_path})
                return
            rel = path[len(site.base_path) :]
            target = (site.out / rel).resolve()
            if not target.is_relative_to(site.out.resolve()):
                self._send(404, b"not found", "text/plain")
                return
            if target.is_dir():
                if not path.endswith("/"):
                    self._send(301, b"", "text/plain", {"Location": path + "/"})
                    return
                target = target / "index.html"
            status = 200
            if not target.is_file():
                status, target = 404, site.out / "404.html"
            data = target.read_bytes() if target.is_file() else b"not found"
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = inject(data, site.error, site.base_path + EVENTS)
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


def watch(site: Site, stop: threading.Event, ready: Callable[[], None] | None = None) -> None:
    """Rebuild whenever content/, themes/ or sitegen.toml change, until stop is set."""
    from watchfiles import watch as changes

    paths = [p for p in (site.root / "content", site.root / "themes") if p.exists()]
    paths.append(site.root / "sitegen.toml")
    if ready:
        ready()
    for _batch in changes(*paths, stop_event=stop, debounce=100, step=50, rust_timeout=500):
        site.rebuild()


class Server:
    """The HTTP server and the watcher, in threads; start() builds once before serving."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = False,
        log: TextIO = sys.stderr,
    ) -> None:
        self.httpd = ThreadingHTTPServer((host, port), handler(None))  # type: ignore[arg-type]
        self.httpd.daemon_threads = True
        self.site = Site(root, host, self.httpd.server_address[1], drafts, log)
        self.httpd.RequestHandlerClass = handler(self.site)
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        self.site.rebuild()
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


def serve(root: Path, host: str, port: int, drafts: bool, log: TextIO) -> int:
    server = Server(root, host, port, drafts, log)
    server.start()
    print(f"serving {server.site.url} (Ctrl+C to stop)", file=log, flush=True)
    try:
        server.stop_event.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
