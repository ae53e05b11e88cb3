""" "Remote from" and "Works in my time zone" in a real browser: a reader in Germany finds the
postings open to Germany, the EU, EMEA and the world, and a search that amounts to one
listing offers that listing's feeds."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from sitegen.build import build
from tests.browser.conftest import Served, _Quiet, watch
from tests.browser.test_search import results
from tests.conftest import BUILD_DATE, CONFIG, REPO
from tests.core.test_regions import POSTINGS, region_posting

WINDOW = {"open-to-eu": "UTC-1 to UTC+3", "open-to-emea": "UTC+4 to UTC+5:30"}


@pytest.fixture(scope="module")
def regions_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("regions")
    project = root / "project"
    (project / "content" / "postings").mkdir(parents=True)
    shutil.copytree(REPO / "themes", project / "themes")
    (project / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    for n, (slug, regions) in enumerate(POSTINGS.items()):
        text = region_posting(slug, regions, n)
        if slug in WINDOW:
            text = text.replace(
                f"  regions: {regions}\n", f"  regions: {regions}\n  timezones: {WINDOW[slug]}\n"
            )
        Path(project / "content" / "postings" / f"{slug}.md").write_text(text, "utf-8")
    (root / "www").mkdir()
    handler = functools.partial(_Quiet, directory=str(root / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    out = root / "www" / "digest"
    build(project, out, base_url=origin + "/digest/", today=BUILD_DATE)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served("default", out, origin, origin + "/digest/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Browser, regions_site: Served) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    problems = watch(page, regions_site.origin)
    yield page
    problems.assert_none()
    context.close()


def test_remote_from_a_country_finds_every_posting_open_to_it(
    page: Page, regions_site: Served
) -> None:
    page.goto(regions_site.url("search/"))
    assert len(results(page)) == len(POSTINGS)
    page.select_option("#region", "DE")
    expect(page.locator("#status")).to_have_text("4 open postings match.")
    found = set(page.locator("#results .posting-title").all_inner_texts())
    assert found == {"open-to-de", "open-to-eu", "open-to-emea", "open-to-worldwide"}
    assert "region=DE" in page.url
    # a country no posting names: France, in the EU and EMEA
    page.select_option("#region", "FR")
    expect(page.locator("#status")).to_have_text("3 open postings match.")
    found = set(page.locator("#results .posting-title").all_inner_texts())
    assert found == {"open-to-eu", "open-to-emea", "open-to-worldwide"}
    # each result says where it is open, in the posting's own words, with its hours
    assert "Remote (EU), UTC\u22121 to UTC+3" in page.locator("#results").inner_text()


def test_works_in_my_time_zone_keeps_postings_whose_window_holds_it(
    page: Page, regions_site: Served
) -> None:
    page.goto(regions_site.url("search/?region=DE&tz=180"))  # UTC+3: the EU's window, not EMEA's
    found = set(results(page))
    assert found == {"open-to-de", "open-to-eu", "open-to-worldwide"}
    expect(page.locator("#tz")).to_have_value("180")
    page.select_option("#tz", "330")  # UTC+5:30: EMEA's window only
    expect(page.locator("#status")).to_have_text("3 open postings match.")
    found = set(page.locator("#results .posting-title").all_inner_texts())
    assert found == {"open-to-de", "open-to-emea", "open-to-worldwide"}


def test_a_search_that_is_one_listing_offers_its_feeds(page: Page, regions_site: Served) -> None:
    page.goto(regions_site.url("search/?region=DE"))
    results(page)
    subscribe = page.locator("#subscribe")
    expect(subscribe).to_be_visible()
    expect(subscribe).to_contain_text("Remote postings open to applicants in Germany")
    hrefs = subscribe.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [
        regions_site.url(f"remote/de/{name}") for name in ("feed.xml", "atom.xml", "feed.json")
    ]
    for href in hrefs:
        assert page.request.get(href).status == 200
    page.select_option("#region", "FR")  # no listing for France: no feed to offer
    expect(page.locator("#status")).to_have_text("3 open postings match.")
    expect(subscribe).to_be_hidden()
    page.goto(regions_site.url("search/?arrangement=on-site"))
    results(page)
    expect(subscribe.locator("a").first).to_have_attribute("href", "/digest/on-site/feed.xml")
    page.goto(regions_site.url("search/?arrangement=remote&region=DE"))  # two filters: none
    results(page)
    expect(subscribe).to_be_hidden()
