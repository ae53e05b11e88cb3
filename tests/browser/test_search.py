"""Search and filters in a real browser: typing narrows, the URL keeps the state, the keyboard
reaches everything in order, and with JavaScript off the listings still work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Served, watch


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    problems = watch(page, served.origin)
    yield page
    problems.assert_none()
    context.close()


def results(page: Page) -> list[str]:
    page.wait_for_selector("#status:not(:empty)")
    page.wait_for_function("!document.getElementById('status').textContent.startsWith('Loading')")
    return page.locator("#results .posting-title").all_inner_texts()


def companies(page: Page) -> list[str]:
    return page.locator("#results .posting-company").all_inner_texts()


def test_all_open_postings_before_any_query(page: Page, served: Served) -> None:
    page.goto(served.url("search/"))
    titles = results(page)
    assert len(titles) == 4  # the closed and the expired postings are not searchable
    assert "Support Engineer" not in titles and "Data Engineer" not in titles
    expect(page.locator("#browse")).to_be_hidden()


def test_typing_a_company_narrows_to_its_postings(page: Page, served: Served) -> None:
    page.goto(served.url("search/"))
    results(page)
    page.locator("#q").press_sequentially("mozil")
    expect(page.locator("#status")).to_have_text("2 open postings match.")
    assert companies(page) == ["Mozilla", "Mozilla"]
    assert "q=mozil" in page.url


def test_description_words_are_searched(page: Page, served: Served) -> None:
    page.goto(served.url("search/?q=firef"))  # a word only in one description: "Firefox"
    assert results(page) == ["Senior Software Engineer, Services"]


def test_filters_in_the_url_reload_to_the_same_results(page: Page, served: Served) -> None:
    page.goto(served.url("search/?tag=python&sort=salary&min=100000&currency=USD"))
    first = results(page)
    assert first == ["Python Contractor", "Senior Software Engineer, Services"]
    expect(page.locator("#tag")).to_have_value("python")
    expect(page.locator("#min")).to_have_value("100000")
    page.reload()
    assert results(page) == first
    page.select_option("#tag", "")
    expect(page.locator("#status")).to_have_text("3 open postings match.")
    assert "tag=" not in page.url


def test_hourly_pay_is_counted_over_a_year(page: Page, served: Served) -> None:
    page.goto(served.url("search/?min=240000&currency=USD"))
    assert results(page) == ["Python Contractor"]  # up to 120 an hour: 249,600 a year
    page.fill("#min", "250000")
    expect(page.locator("#status")).to_have_text("No open postings match.")


def test_a_minimum_in_one_currency_never_matches_another(page: Page, served: Served) -> None:
    # every stated salary is in US dollars: 1 euro a year matches none of them, however high
    page.goto(served.url("search/?min=1&currency=EUR"))
    expect(page.locator("#status")).to_have_text("No open postings match.")
    expect(page.locator("#currency")).to_have_value("EUR")
    page.goto(served.url("search/?tag=no-such-tag"))  # a bookmarked tag with no posting left
    expect(page.locator("#status")).to_have_text("No open postings match.")
    page.goto(served.url("search/?min=1&currency=USD"))
    assert len(results(page)) == 3  # the three postings that state a salary
    page.goto(served.url("search/?within=7"))
    assert len(results(page)) == 4  # all posted in the week before the build day


def test_keyboard_reaches_search_filters_and_each_posting_once_in_order(
    page: Page, served: Served
) -> None:
    """The filters, then the results: each result card is one tab stop, its title's link
    (the card holds no other link; the posting's page has Apply)."""
    page.goto(served.url("search/"))
    results(page)
    seen: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.id || e.closest('.posting-title') && 'title' ||"
                " e.closest('.posting') && 'other in a card' || e.tagName }"
            )
        )
    order = ["q", "arrangement", "region", "tag", "type", "min", "currency", "within", "sort"]
    positions = [seen.index(name) for name in order]
    assert positions == sorted(positions)
    titles = [i for i, s in enumerate(seen) if s == "title"]
    assert len(titles) == 4 and "other in a card" not in seen
    assert positions[-1] < titles[0] and titles == list(range(titles[0], titles[0] + 4))


def test_listings_and_pagination_work_without_javascript(browser: Browser, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    problems = watch(page, served.origin)
    page.goto(served.url(""))
    assert page.locator(".postings .posting-title").count() == 2
    page.locator("a[rel=next]").click()
    assert page.url == served.url("page/2/")
    assert page.locator(".postings .posting-title").count() == 2
    page.goto(served.url("search/"))
    expect(page.locator("#browse")).to_be_visible()
    page.fill("#q", "mozilla")
    page.locator("form#search button[type=submit]").click()
    assert page.url.startswith(served.url("search/?q=mozilla"))
    page.locator("#browse a", has_text="Latest postings").click()
    assert page.url == served.url("")
    problems.assert_none()
    context.close()


def test_skip_link_first_and_focus_always_visible(page: Page, served: Served) -> None:
    page.goto(served.url(""))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0  # on screen once focused
    for _ in range(15):
        # on the element, or for a card's title link on the card (its ::after covers the card)
        outline = page.evaluate(
            "() => [null, '::after'].some((pseudo) => {"
            " const s = getComputedStyle(document.activeElement, pseudo);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 })"
        )
        assert outline, page.evaluate("document.activeElement.outerHTML")
        page.keyboard.press("Tab")


def test_results_say_how_fresh_a_posting_is_as_listings_do(page: Page, served: Served) -> None:
    page.goto(served.url("search/?q=contractor"))  # posted 2026-11-18, built 2026-11-22
    assert results(page) == ["Python Contractor"]
    card = page.locator("#results .posting").first
    expect(card.locator(".fact-posted")).to_have_text("Posted 4 days ago")
    expect(card.locator(".fact-posted time")).to_have_attribute("datetime", "2026-11-18")
    expect(card.locator(".fact-posted time")).to_have_attribute("title", "18 November 2026")
    expect(card.locator(".badge-new")).to_have_text("New")
    listing = served.out / "tags" / "python" / "index.html"
    assert "Posted <time" in listing.read_text(encoding="utf-8")  # the same words there
