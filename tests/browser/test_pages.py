"""Every kind of page in a real browser, both themes, light and dark: no console error, no
failed request, no request to another host, zero axe-core violations at WCAG 2.1 AA. A
posting's old address (its alias) sends the browser on to the posting."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Route

from tests.browser.conftest import (
    ARTIFACTS,
    CLOSED_SLUG,
    EXPIRED_SLUG,
    HOURLY_SLUG,
    MOVED_FROM,
    Served,
    Tools,
    watch,
)

PAGES = {
    "home": "",
    "posting": "jobs/mozilla-backend-software-engineer-ads/",
    "tag": "tags/python/",
    "region": "remote/us/",
    "edition": "editions/2026-w47/",  # the running week: "this week so far"
    "past edition": "editions/2026-w36/",
    "editions": "editions/",
    "closed": f"jobs/{CLOSED_SLUG}/",
    "expired": f"jobs/{EXPIRED_SLUG}/",
    "search": "search/?q=engineer&sort=salary",
    "page 2": "page/2/",
    "submit": "submit/",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(params=["light", "dark"])
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(color_scheme=request.param)
    yield context
    context.close()


def axe_violations(page: Any, tools: Tools) -> list[str]:
    page.add_script_tag(path=str(tools.axe))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_page_is_clean_and_accessible(
    served: Served, context: BrowserContext, tools: Tools, name: str
) -> None:
    page = context.new_page()
    problems = watch(page, served.origin)
    response = page.goto(served.url(PAGES[name]), wait_until="networkidle")
    assert response is not None and response.status == 200
    if name == "search":
        page.wait_for_selector("#results li")
    problems.assert_none()
    assert axe_violations(page, tools) == []
    problems.assert_none()


def test_an_old_address_lands_on_the_posting(served: Served, context: BrowserContext) -> None:
    page = context.new_page()
    problems = watch(page, served.origin)
    response = page.goto(served.url(MOVED_FROM), wait_until="load")
    assert response is not None and response.status == 200
    page.wait_for_url(served.url(f"jobs/{HOURLY_SLUG}/"), timeout=10_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Python Contractor"
    problems.assert_none()


REFRESH = '<meta http-equiv="refresh" content="0; url=/digest/jobs/python-contractor/">\n'


def test_the_redirect_page_is_clean_and_accessible(
    served: Served, context: BrowserContext, tools: Tools
) -> None:
    """The page a browser without meta refresh stays on: its bytes as built, but for the
    refresh (which would leave it before axe could look). The Nu checker below reads it
    unchanged, with the rest of the output."""
    built = (served.out / MOVED_FROM / "index.html").read_text(encoding="utf-8")
    assert REFRESH in built and '<meta name="robots" content="noindex">' in built

    def without_refresh(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body=built.replace(REFRESH, ""))  # fmt: skip

    page = context.new_page()
    problems = watch(page, served.origin)
    page.route(served.url(MOVED_FROM), without_refresh)
    page.goto(served.url(MOVED_FROM), wait_until="networkidle")
    assert page.locator("h1").inner_text() == "This posting has moved"
    link = page.get_by_role("link", name="Python Contractor at Hourly Example")
    assert link.get_attribute("href") == f"/digest/jobs/{HOURLY_SLUG}/"
    problems.assert_none()
    assert axe_violations(page, tools) == []
    link.click()
    page.wait_for_url(served.url(f"jobs/{HOURLY_SLUG}/"))
    problems.assert_none()


def test_headings_have_no_gaps(served: Served, browser: Browser) -> None:
    page = browser.new_page()
    for path in PAGES.values():
        page.goto(served.url(path), wait_until="networkidle")
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "hs => hs.map(h => +h.tagName[1])"
        )
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in pairwise(levels)), (path, levels)
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(served: Served, browser: Browser, width: int) -> None:
    folder = ARTIFACTS / served.theme
    folder.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for name in ("home", "posting", "closed", "expired", "search"):
            page.goto(served.url(PAGES[name]), wait_until="networkidle")
            shot = folder / f"{name.replace(' ', '-')}-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
        if width == 1280 and scheme == "light":
            page.goto(served.url(PAGES["posting"]), wait_until="networkidle")
            page.emulate_media(media="print")
            page.screenshot(path=str(folder / "posting-print.png"), full_page=True)
        context.close()


def test_no_overflow_on_a_phone(served: Served, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    for path in PAGES.values():
        page.goto(served.url(path), wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
    context.close()


def test_nu_html_checker_finds_no_errors(served: Served, tools: Tools) -> None:
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(tools.vnu),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "text",
            str(served.out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
