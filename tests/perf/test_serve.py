"""sitegen serve: serves under the base path, rebuilds on save, survives a bad posting."""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.serve import EVENTS, Server, inject
from tests.conftest import MakeProject, posting_text

DEADLINE = 30.0


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def until(check: Callable[[], bool]) -> None:
    """Poll check until it holds, failing after DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > end:
            pytest.fail("the server did not get there in time")
        time.sleep(0.1)


@pytest.fixture
def served(make_project: MakeProject) -> Iterator[tuple[Server, Path, io.StringIO]]:
    root = make_project({"content/postings/example-job.md": posting_text()})
    log = io.StringIO()
    server = Server(root, "127.0.0.1", 0, log=log)
    server.start()
    try:
        yield server, root, log
    finally:
        server.stop()


def test_serves_under_the_base_path_with_the_reload_script(
    served: tuple[Server, Path, io.StringIO],
) -> None:
    server, root, _log = served
    url = server.site.url
    assert url.startswith("http://127.0.0.1:") and url.endswith("/digest/")
    status, home = fetch(url)
    assert status == 200
    assert "Backend Engineer" in home and EVENTS in home
    assert f'href="{url}' in home or "/digest/" in home
    status, _ = fetch(url + "jobs/example-job/")
    assert status == 200
    assert fetch(url + "no/such/page/")[0] == 404
    assert not list((root / "output").glob("**/*")) if (root / "output").exists() else True
    built = (server.site.out / "index.html").read_text()
    assert EVENTS not in built  # the script is added while serving, never written


def test_rebuilds_on_save_and_reports_a_bad_posting_without_exiting(
    served: tuple[Server, Path, io.StringIO],
) -> None:
    server, root, log = served
    url = server.site.url
    posting = root / "content" / "postings" / "example-job.md"
    posting.write_text(posting_text(title="Staff Platform Engineer"))
    until(lambda: "Staff Platform Engineer" in fetch(url)[1])

    posting.write_text(posting_text(title="Staff Platform Engineer", date="not a date"))
    until(lambda: "build failed" in log.getvalue())
    status, page = fetch(url)
    assert status == 200  # the last good build is still served, with the error over it
    assert "Staff Platform Engineer" in page and "example-job.md" in page

    posting.write_text(posting_text(title="Principal Engineer"))
    # the new site is swapped in a moment before the build's error is cleared
    until(lambda: "Principal Engineer" in fetch(url)[1] and "null" in fetch(url)[1])


def test_the_script_goes_before_the_end_of_body() -> None:
    page = inject(b"<html><body><p>x</p></body></html>", "bad <thing>", "/d/" + EVENTS)
    assert page.index(b"<script>") < page.index(b"</body>")
    assert b'"bad \\u003cthing\\u003e"' in page and b"<thing>" not in page
