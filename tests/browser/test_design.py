"""The theme's design in a real browser: full-page screenshots of the main kinds of page at a
phone, a tablet and a desktop width, light and dark, into test-artifacts/design/<theme>/, and
the layout promises that can be measured: no sideways scrolling on a phone, a one-line header
from 768 px up, the first search result above the fold on a phone, a salary and a place never
broken over two lines in a posting's facts, a phone menu that works without JavaScript."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from sitegen.build import build
from tests.browser.conftest import ARTIFACTS, THEMES, Served, make_site, watch
from tests.conftest import BUILD_DATE, posting_text

HYBRID_SLUG = "hybrid-platform-engineer"  # EUR 70,000-90,000 a year, Hybrid: Berlin, Germany
PAGES = {
    "home": "",
    "posting": f"jobs/{HYBRID_SLUG}/",
    "search": "search/?q=engineer",
    "tag": "tags/python/",
    "edition": "editions/2026-w47/",
    "404": "404.html",
}
WIDTHS = (390, 768, 1280)
SCHEMES = ("light", "dark")

# The lines a box's text takes: the distinct tops of its line fragments.
LINES = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
}"""


# Each card as a reader sees it: title, monogram (class and initials), facts, unbreakable phrases.
CARDS = """() => Array.from(document.querySelectorAll('.postings .posting'), (card) => [
  card.querySelector('.posting-title').textContent, card.querySelector('.mono').className,
  card.querySelector('.mono').textContent, card.querySelector('.posting-company').textContent,
  Array.from(card.querySelectorAll('.facts li'), (li) => li.textContent),
  Array.from(card.querySelectorAll('.nw'), (span) => span.textContent)])"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module", params=THEMES)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The browser tests' site plus a hybrid posting in Berlin with a salary in euros: the
    place and the salary whose breaking the design must prevent."""
    theme: str = request.param
    root = tmp_path_factory.mktemp(f"design-{theme}")
    (root / "www").mkdir()
    handler = functools.partial(_Quiet, directory=str(root / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    out = make_site(root, theme, origin + "/digest/")
    hybrid = posting_text(
        HYBRID_SLUG,
        id="66666666-2222-4333-8444-555555555555",
        title="Platform Engineer",
        company="Hybrid Example",
        date="2026-11-20",
    )
    hybrid = hybrid.replace(
        "  arrangement: remote\n  regions: [US]",
        "  arrangement: hybrid\n  city: Berlin\n  country: DE",
    )
    hybrid = hybrid.replace("min: 100000\n  max: 150000", "min: 70000\n  max: 90000")
    hybrid = hybrid.replace("currency: USD", "currency: EUR")
    (root / "project/content/postings" / f"{HYBRID_SLUG}.md").write_text(hybrid, "utf-8")
    build(root / "project", out, base_url=origin + "/digest/", today=BUILD_DATE)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Served(theme, out, origin, origin + "/digest/")
    finally:
        server.shutdown()
        server.server_close()


def open_page(page: Page, site: Served, path: str) -> None:
    page.goto(site.url(path))
    if path.startswith("search/"):
        page.wait_for_selector("#results .posting")


@pytest.mark.timeout(240)
def test_pages_at_three_widths_in_light_and_dark(browser: Browser, site: Served) -> None:
    shots = ARTIFACTS / "design" / site.theme
    shots.mkdir(parents=True, exist_ok=True)
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        problems = watch(page, site.origin)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for name, path in PAGES.items():
                open_page(page, site, path)
                where = f"{name} at {width} px, {scheme}"
                page.screenshot(path=str(shots / f"{name}-{width}-{scheme}.png"), full_page=True)
                if width == 390:
                    scroll = page.evaluate(
                        "[document.documentElement.scrollWidth,"
                        " document.documentElement.clientWidth]"
                    )
                    assert scroll[0] <= scroll[1], f"sideways scrolling on {where}"
                else:
                    header = page.locator(".masthead").bounding_box()
                    assert header is not None and header["height"] <= 64, where
                    assert page.locator(".masthead nav a").first.is_visible(), where
                if name == "posting":
                    assert (
                        page.inner_text(".job-facts .fact-salary dd") == "EUR 70,000–90,000 a year"
                    )
                    assert page.inner_text(".job-facts .fact-location") == "Hybrid: Berlin, Germany"
                    for fact in (".job-facts .fact-salary dd", ".job-facts .fact-location"):
                        assert page.evaluate(LINES, fact) == 1, f"{fact} broken on {where}"
        problems.assert_none()
        context.close()
    assert len(list(shots.glob("*.png"))) == len(PAGES) * len(WIDTHS) * len(SCHEMES)


@pytest.mark.timeout(60)
def test_first_search_result_is_above_the_fold_on_a_phone(browser: Browser, site: Served) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    problems = watch(page, site.origin)
    open_page(page, site, "search/?q=engineer")
    first = page.locator("#results .posting").first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 800
    assert not page.locator("#arrangement").is_visible()  # the filters wait in their panel
    page.locator("#filters summary").click()
    assert page.locator("#arrangement").is_visible()
    page.wait_for_url("**filters=open**")  # the panel's state is in the address...
    page.reload()
    page.wait_for_selector("#results .posting")
    assert page.locator("#arrangement").is_visible()  # ...so a reload keeps it open
    page.locator("#filters summary").click()
    page.wait_for_function("!location.search.includes('filters=')")
    problems.assert_none()
    context.close()


@pytest.mark.timeout(60)
def test_search_results_are_drawn_like_the_listings_cards(browser: Browser, site: Served) -> None:
    """search.js draws its results itself: the same monogram, facts and phrases as the
    theme's cards (the edition lists the same five open postings)."""
    page = browser.new_page()
    page.goto(site.url("editions/2026-w47/"))
    listed = sorted(page.evaluate(CARDS))
    open_page(page, site, "search/")
    found = sorted(page.evaluate(CARDS))
    assert len(found) == 5 and found == listed
    page.close()


@pytest.mark.timeout(60)
def test_phone_menu_works_without_javascript(browser: Browser, site: Served) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    problems = watch(page, site.origin)
    page.goto(site.url(""))
    editions = page.locator(".masthead nav a", has_text="Editions")
    assert not editions.is_visible()
    header = page.locator(".masthead").bounding_box()
    assert header is not None and header["height"] <= 64
    page.locator(".masthead summary").click()
    editions.click()
    assert page.url == site.url("editions/")
    problems.assert_none()
    context.close()


def test_each_card_is_one_link(browser: Browser, site: Served) -> None:
    """The whole card answers a click on it (the title's link is stretched over it), and the
    card holds no other link to nest or to tab through."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site.url(""))
    cards = page.locator(".postings .posting")
    assert cards.count() == 2  # page_size 2
    for i in range(cards.count()):
        assert cards.nth(i).locator("a").count() == 1
    box = cards.first.bounding_box()
    assert box is not None
    href = cards.first.locator("a").get_attribute("href")
    page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 10)  # a corner
    page.wait_for_url(f"**{href}")
    page.close()


@pytest.mark.timeout(60)
def test_a_posting_prints_on_one_page_without_navigation(browser: Browser, site: Served) -> None:
    """The longest posting of the example content, printed to A4."""
    page = browser.new_page()
    page.goto(site.url("jobs/mongodb-senior-software-engineer-atlas-foundational-services/"))
    page.emulate_media(media="print")
    for chrome in (".masthead", ".colophon", ".job-foot nav", ".apply-top"):
        assert not page.locator(chrome).is_visible(), chrome
    assert page.locator(".job-facts").is_visible() and page.locator("#apply").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.close()


def test_share_image_is_a_1200_by_630_png(site: Served) -> None:
    home = (site.out / "index.html").read_text("utf-8")
    url = site.url("static/share.png")
    assert f'<meta property="og:image" content="{url}">' in home
    assert '<meta name="twitter:card" content="summary_large_image">' in home
    data = (site.out / "static" / "share.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)
    assert len(data) < 100_000  # a share card, not a weight on every shared link
