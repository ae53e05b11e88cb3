"""The repository's site, served over HTTP under a sub-path as GitHub Pages would, crawled link by
link: every internal link answers 200 and every #fragment names an element of its page."""

from __future__ import annotations

import contextlib
import functools
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from sitegen.build import build
from sitegen.commands.linkcheck import parse_html
from tests.conftest import BUILD_DATE, REPO

SUB_PATH = "/digest/"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the output folder under SUB_PATH only; anything else is 404, as on Pages."""

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not (route + "/").startswith(SUB_PATH):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + route[len(SUB_PATH) :])

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@contextlib.contextmanager
def serving(out: Path) -> Iterator[str]:
    """Serve `out` at http://127.0.0.1:<free port>/digest/ while the block runs."""
    handler = functools.partial(SubPathHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository, built for the address it is served at (the port is only known then)."""
    out = tmp_path_factory.mktemp("served") / "output"
    out.mkdir()
    with serving(out) as base:
        build(REPO, out, base_url=base, today=BUILD_DATE)
        yield base


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def crawl(start: str) -> tuple[dict[str, int], list[str]]:
    """Every internal address reachable from `start`, with its status, and the broken fragments."""
    host = urlsplit(start).netloc
    statuses: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    wanted: list[tuple[str, str, str]] = []  # (page linking, target, fragment)
    queue = [start]
    while queue:
        url = queue.pop()
        if url in statuses:
            continue
        status, kind, body = fetch(url)
        statuses[url] = status
        if status != 200 or kind != "text/html":
            continue
        doc = parse_html(body.decode("utf-8"))
        ids[url] = doc.ids
        for link in doc.links:
            target, fragment = urldefrag(urljoin(url, link.url))
            if urlsplit(target).netloc != host:
                continue  # another host (or mailto:): not ours to follow
            if fragment:
                wanted.append((url, target, fragment))
            queue.append(target)
    broken = [
        f"{page} links to {target}#{fragment}, which has no such id"
        for page, target, fragment in wanted
        if statuses.get(target) == 200 and fragment not in ids.get(target, set())
    ]
    return statuses, broken


def test_every_internal_link_answers_200_and_every_fragment_exists(served_site: str) -> None:
    statuses, broken_fragments = crawl(served_site)
    assert {url: code for url, code in statuses.items() if code != 200} == {}
    assert broken_fragments == []
    # the crawl reached the site's parts, not just the front page
    paths = {urlsplit(url).path for url in statuses}
    for expected in ("/digest/", "/digest/jobs/", "/digest/tags/", "/digest/static/"):
        assert any(p.startswith(expected) for p in paths), expected
    assert any(p.endswith(".css") for p in paths)
    assert len(statuses) > 20


def test_the_server_answers_404_outside_the_sub_path(served_site: str) -> None:
    """So that the crawl above would notice a link that drops the sub-path."""
    root = urljoin(served_site, "/")
    assert fetch(root + "index.html")[0] == 404
    assert fetch(served_site + "no-such-page/")[0] == 404
    assert fetch(served_site)[0] == 200


def test_the_crawl_notices_broken_links_and_fragments(tmp_path: Path) -> None:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="jobs/">jobs</a> <a href="gone/">gone</a> <a href="/elsewhere/">root</a>'
        ' <a href="jobs/#apply">ok</a> <a href="jobs/#nope">bad</a>'
        ' <a href="https://other.example/">external</a>'
    )
    (tmp_path / "jobs" / "index.html").write_text('<p id="apply">Apply</p>')
    with serving(tmp_path) as base:
        statuses, broken = crawl(base)
        root = urljoin(base, "/")
    assert {url: code for url, code in statuses.items() if code != 200} == {
        base + "gone/": 404,
        root + "elsewhere/": 404,
    }
    assert broken == [f"{base} links to {base}jobs/#nope, which has no such id"]
