"""sitegen serve over HTTP: serves under the base path, takes in saves, survives errors."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.commands.serve import EVENTS, Server, inject
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
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    url = server.url
    assert url.startswith("http://127.0.0.1:") and url.endswith("/digest/")
    status, home = fetch(url)
    assert status == 200
    assert "Backend Engineer" in home and EVENTS in home
    assert f'href="{url}' in home or "/digest/" in home
    status, _ = fetch(url + "jobs/example-job/")
    assert status == 200
    status, missing = fetch(url + "no/such/page/")
    assert status == 404 and "Page not found" in missing
    assert fetch(url + "jobs/example-job")[0] == 200  # redirected to the folder
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written
    assert EVENTS not in (server.site.file("index.html") or b"").decode()  # added in serving


def test_serves_the_posting_schema_at_its_own_address(
    served: tuple[Server, Path, io.StringIO],
) -> None:
    """What the schema comment of a posting being written names, while previewing."""
    server, _root, _log = served
    status, text = fetch(server.url + "schema/posting.json")
    assert status == 200
    schema = json.loads(text)
    assert schema["$id"] == server.url + "schema/posting.json"
    assert "employment_type" in schema["required"]


def test_rebuilds_on_save_and_reports_a_bad_posting_without_exiting(
    served: tuple[Server, Path, io.StringIO],
) -> None:
    server, root, log = served
    url = server.url
    posting = root / "content" / "postings" / "example-job.md"
    posting.write_text(posting_text(title="Staff Platform Engineer"))
    until(lambda: "Staff Platform Engineer" in fetch(url)[1])

    posting.write_text(posting_text(title="Staff Platform Engineer", date="not a date"))
    until(lambda: "site failed" in log.getvalue())
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


def test_a_template_error_is_shown_with_its_file_and_line_and_mended_on_save(
    served: tuple[Server, Path, io.StringIO],
) -> None:
    server, root, _log = served
    url = server.url
    templates = root / "templates"
    templates.mkdir()
    (templates / "posting.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ posting.nope.x }}\n{% endblock %}\n'
    )
    until(lambda: fetch(url + "jobs/example-job/")[0] == 500)
    _status, page = fetch(url + "jobs/example-job/")
    assert "templates/posting.html:3: template error:" in page
    assert fetch(url)[0] == 200  # other pages are still served
    (templates / "posting.html").unlink()
    until(lambda: fetch(url + "jobs/example-job/")[0] == 200)


def test_a_site_broken_at_start_is_served_as_its_error_until_mended(
    make_project: MakeProject,
) -> None:
    root = make_project({"content/postings/example-job.md": posting_text(date="not a date")})
    server = Server(root, "127.0.0.1", 0, log=io.StringIO())
    server.start()
    try:
        status, page = fetch(server.url)
        assert status == 500 and "content/postings/example-job.md:" in page
        (root / "content/postings/example-job.md").write_text(posting_text())
        until(lambda: fetch(server.url)[0] == 200)
    finally:
        server.stop()
