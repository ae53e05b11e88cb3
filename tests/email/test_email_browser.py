"""The HTML part of a message received by a real SMTP server, opened in chromium: it makes
no request to any host, axe-core finds no WCAG 2.1 AA violation in light or dark mode, it
fits a phone, and hostile postings plant nothing in it. Screenshots at 375 and 800 px go to
test-artifacts/email/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route

from sitegen.cli import main
from tests.browser.conftest import ARTIFACTS, Tools
from tests.browser.test_pages import axe_violations
from tests.conftest import MakeProject
from tests.email.conftest import AFTER, RECIPIENT, WEEK, Server
from tests.hostile.test_xss_browser import AUDIT, hostile_project

pytestmark = pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)


def received_html(root: Path, server: Server, week: str, date: str, folder: Path) -> Path:
    """Send the week's edition to the server; the HTML part it received, as a file."""
    argv = ["send", week, "--to", RECIPIENT, "--root", str(root), "--date", date]
    with pytest.MonkeyPatch.context() as env:
        for name, value in server.environ().items():
            env.setenv(name, value)
        out, err = io.StringIO(), io.StringIO()
        assert main(argv, out, err) == 0, err.getvalue()
    html = server.inbox.message().get_body(("html",))
    assert html is not None
    path = folder / "received.html"
    path.write_text(html.get_content(), "utf-8")
    return path


class Offline:
    """Refuses every request but the one for the message's own file, and records them."""

    def __init__(self, own: str) -> None:
        self.own = own
        self.requested: list[str] = []

    def route(self, route: Route) -> None:
        if route.request.url == self.own:
            route.continue_()
        else:
            self.requested.append(route.request.url)
            route.abort()


def open_offline(browser: Browser, path: Path, **options: Any) -> tuple[Page, Offline]:
    context = browser.new_context(**options)
    offline = Offline(path.as_uri())
    context.route("**/*", offline.route)
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return page, offline


def test_the_received_html_is_offline_accessible_and_fits(
    project: Path, smtp_server: Server, browser: Browser, tools: Tools, tmp_path: Path
) -> None:
    path = received_html(project, smtp_server, WEEK, AFTER, tmp_path)
    folder = ARTIFACTS / "email"
    folder.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for width in (375, 800):
            viewport = {"width": width, "height": 900}
            page, offline = open_offline(browser, path, viewport=viewport, color_scheme=scheme)
            page.wait_for_timeout(50)
            shot = folder / f"edition-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), width
            assert axe_violations(page, tools) == [], (scheme, width)
            assert offline.requested == []
            page.context.close()


def test_hostile_postings_plant_nothing_in_the_html(
    make_project: MakeProject, smtp_server: Server, browser: Browser, tmp_path: Path
) -> None:
    root = hostile_project(make_project)
    path = received_html(root, smtp_server, "2026-W46", "2026-11-22", tmp_path)
    page, offline = open_offline(browser, path, java_script_enabled=True)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.reload(wait_until="load")
    page.wait_for_timeout(50)  # let deferred handlers (autofocus, ontoggle) fire
    result = page.evaluate(AUDIT)
    page.context.close()
    assert result["pwned"] is None and dialogs == []
    # the audit flags every <style>: the theme's one, in the head, is the only one
    assert result["found"] == ["element style"]
    assert offline.requested == []
