"""Real-browser fixtures: the tools (Debian chromium, axe-core, the Nu HTML checker), a built
site per theme served on 127.0.0.1 under /digest/, and a page that records every problem.

The tools are installed on first use: chromium with apt-get when /usr/bin/chromium is missing,
axe-core and vnu-jar with npm into a cache folder (SITEGEN_TOOLS_CACHE, else
~/.cache/sitegen-tools).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    sync_playwright,
)

from bench.search_weight import CHROMIUM_ARGS
from sitegen.build import build
from tests.conftest import BUILD_DATE, REPO, ensure_chromium, posting_text, run_tool

THEMES = ("default", "compact")
ARTIFACTS = REPO / "test-artifacts"
CLOSED_SLUG = "closed-data-engineer"
EXPIRED_SLUG = "expired-support-engineer"  # 82 days old on BUILD_DATE, without closes
HOURLY_SLUG = "python-contractor"  # USD 100-120 an hour: 208,000-249,600 a year
MOVED_FROM = "jobs/python-contract-role/"  # the hourly posting's old address: a redirect
CONFIG = """\
title = "Job Digest"
description = "Hand-picked software jobs with the salary and location up front."
base_url = "https://example.github.io/digest/"
timezone = "UTC"
page_size = 2
theme = "{theme}"
repository = "example/digest"
subscribe_url = "https://lists.example.com/subscribe"
"""


@dataclass(frozen=True)
class Tools:
    chromium: Path
    axe: Path
    vnu: Path


@pytest.fixture(scope="session")
def tools() -> Tools:
    chromium = ensure_chromium()
    cache = Path(os.environ.get("SITEGEN_TOOLS_CACHE", Path.home() / ".cache" / "sitegen-tools"))
    axe = cache / "node_modules" / "axe-core" / "axe.min.js"
    vnu = cache / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (axe.exists() and vnu.exists()):
        cache.mkdir(parents=True, exist_ok=True)
        run_tool("npm", "install", "--no-audit", "--no-fund", "axe-core@4", "vnu-jar", cwd=cache)
    return Tools(chromium, axe, vnu)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class Served:
    theme: str
    out: Path  # the built site
    origin: str  # http://127.0.0.1:PORT
    base: str  # origin + /digest/

    def url(self, path: str = "") -> str:
        return self.base + path


def make_site(root: Path, theme: str, base_url: str) -> Path:
    """The repository's content plus a closed, an expired and an hourly-paid posting, built
    with the given theme."""
    project = root / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "themes", project / "themes")
    (project / "sitegen.toml").write_text(CONFIG.format(theme=theme), encoding="utf-8")
    closed = posting_text(
        CLOSED_SLUG,
        id="99999999-2222-4333-8444-555555555555",
        title="Data Engineer",
        company="Closed Example",
        date="2026-10-20",
        extra="closes: 2026-11-10\n",
    )
    (project / "content" / "postings" / f"{CLOSED_SLUG}.md").write_text(closed, "utf-8")
    expired = posting_text(
        EXPIRED_SLUG,
        id="77777777-2222-4333-8444-555555555555",
        title="Support Engineer",
        company="Expired Example",
        date="2026-09-01",
    )
    (project / "content" / "postings" / f"{EXPIRED_SLUG}.md").write_text(expired, "utf-8")
    hourly = posting_text(
        HOURLY_SLUG,
        id="88888888-2222-4333-8444-555555555555",
        title="Python Contractor",
        company="Hourly Example",
        date="2026-11-18",
        extra=f"aliases: [{MOVED_FROM}]\n",
    )
    hourly = hourly.replace("min: 100000\n  max: 150000", "min: 100\n  max: 120")
    hourly = hourly.replace("period: year", "period: hour").replace("full-time", "contract")
    (project / "content" / "postings" / f"{HOURLY_SLUG}.md").write_text(hourly, "utf-8")
    out = root / "www" / "digest"
    build(project, out, base_url=base_url, today=BUILD_DATE)
    return out


@pytest.fixture(scope="session", params=THEMES)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    theme: str = request.param
    root = tmp_path_factory.mktemp(f"browser-{theme}")
    (root / "www").mkdir()
    handler = functools.partial(_Quiet, directory=str(root / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    out = make_site(root, theme, origin + "/digest/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(theme, out, origin, origin + "/digest/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tools: Tools) -> Iterator[Browser]:
    """Per module: a sync playwright left running would break other suites' own playwright."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(tools.chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Problems:
    """Everything that went wrong while a page was open."""

    origin: str
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.external.append(request.url)

    def on_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":  # cancelled by a navigation, not a failure
            return
        self.failed.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def assert_none(self) -> None:
        assert self.console == [], "console errors"
        assert self.failed == [], "failed requests"
        assert self.external == [], "requests to other hosts"


def watch(page: Page, origin: str) -> Problems:
    problems = Problems(origin)
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.console.append(f"page error: {error}"))
    page.on("request", problems.on_request)
    page.on("requestfailed", problems.on_failed)
    page.on("response", problems.on_response)
    # Nothing may leave the machine: requests to other hosts are recorded above and refused here.
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(origin + "/") or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    return problems
