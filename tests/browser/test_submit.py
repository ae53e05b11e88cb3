"""The submission page, in a real browser: the form writes a posting file that sitegen accepts,
and the GitHub link carries exactly that file."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from sitegen.content.parse import parse_posting
from tests.browser.conftest import Problems, Served, watch


def test_form_writes_a_valid_posting_and_a_github_link(served: Served, browser: Browser) -> None:
    page = browser.new_page()
    problems = watch(page, served.origin)
    page.goto(served.url("submit/"))
    page.fill("#f-title", "Platform Engineer: Kubernetes & <Go>")
    page.fill("#f-company", "Zürich Data AG")
    page.fill("#f-website", "https://zdata.example/")
    page.fill("#f-apply", "jobs@zdata.example")
    page.select_option("#f-type", "contract")
    page.fill("#f-tags", "Go, kubernetes, C++")
    page.select_option("#f-arrangement", "hybrid")
    page.fill("#f-city", "Zürich")
    page.fill("#f-country", "ch")
    page.fill("#f-min", "120000")
    page.fill("#f-max", "140000")
    page.fill("#f-currency", "chf")
    page.select_option("#f-period", "year")
    page.fill("#f-body", 'Run our "platform".\n\n- Go\n- Kubernetes')
    page.click("button[type=submit]")
    page.wait_for_selector("#submit-result:not([hidden])")
    name = page.text_content("#result-name")
    text = page.input_value("#result-text")
    href = page.get_attribute("#result-link", "href") or ""
    problems.assert_none()
    page.close()

    assert name == "content/postings/zurich-data-ag-platform-engineer-kubernetes-go.md"
    posting = parse_posting(text, name)  # raises with located errors if the file were invalid
    assert posting.title == "Platform Engineer: Kubernetes & <Go>"
    assert (posting.company.name, posting.company.website) == (
        "Zürich Data AG",
        "https://zdata.example/",
    )
    assert posting.apply == "mailto:jobs@zdata.example"
    assert (posting.location.arrangement, posting.location.city, posting.location.country) == (
        "hybrid",
        "Zürich",
        "CH",
    )
    assert posting.employment_type == "contract"
    assert posting.salary is not None
    assert (posting.salary.min, posting.salary.max, posting.salary.currency) == (
        120000,
        140000,
        "CHF",
    )
    assert posting.tags == ("go", "kubernetes", "c++")
    assert posting.body.startswith('Run our "platform".')

    link = urlsplit(href)
    assert (link.scheme, link.netloc, link.path) == (
        "https",
        "github.com",
        "/example/digest/new/main",
    )
    query = parse_qs(link.query)
    assert query == {"filename": [name], "value": [text]}


def fill_valid(page: Page) -> None:
    page.fill("#f-title", "Platform Engineer")
    page.fill("#f-company", "Zürich Data AG")
    page.fill("#f-website", "https://zdata.example/")
    page.fill("#f-apply", "jobs@zdata.example")
    page.select_option("#f-arrangement", "hybrid")
    page.fill("#f-city", "Zürich")
    page.fill("#f-country", "ch")
    page.fill("#f-body", "Run our platform.")


def opened(browser: Browser, served: Served, **context: Any) -> tuple[Page, Problems]:
    page = browser.new_context(**context).new_page()
    problems = watch(page, served.origin)
    page.goto(served.url("submit/"))
    # the schema is fetched from the site itself, and the form checks fields with it
    page.wait_for_selector("#submit-form[data-checking=schema]", timeout=5000)
    return page, problems


def messages(page: Page) -> dict[str, str]:
    shown = page.eval_on_selector_all(
        ".field-message", "els => els.map(e => [e.id.slice(2), e.textContent])"
    )
    return {field: text for field, text in shown if text}


@pytest.mark.timeout(60)
def test_fields_are_checked_live_with_the_sites_schema(served: Served, browser: Browser) -> None:
    page, problems = opened(browser, served)
    page.fill("#f-title", "TODO: the title")
    page.fill("#f-apply", "apply on our site")
    page.fill("#f-website", "javascript:alert(1)")
    page.fill("#f-tags", "go, ruby on rails!")
    page.select_option("#f-arrangement", "on-site")
    page.fill("#f-country", "zz")
    page.fill("#f-min", "90000")
    page.fill("#f-currency", "usx")
    page.fill(
        "#f-body",
        "# The role\n\nRun *our* **platform**: <script>alert(1)</script>\n\n"
        "- Go\n- [Kubernetes](https://kubernetes.io/)\n\n1. [trap](javascript:alert)",
    )
    # a field's message shows once it has been left; fields not yet filled in say nothing
    live = messages(page)
    assert set(live) == {"title", "apply", "website", "tags", "country", "currency"}
    assert page.is_visible("#m-apply") and page.is_hidden("#m-city")
    page.click("button[type=submit]")
    assert page.is_hidden("#submit-result")
    assert messages(page) == {
        "title": "still holds a placeholder (TODO): fill it in",
        "company": "is required: fill it in",
        "website": "a full web address starting with https:// or http://",
        "apply": "a web address (https://...) or an email address",
        "tags": "a list of tags of lowercase words, digits and hyphens "
        "(at most 40 characters each, 30 tags)",
        "city": "is required: fill it in",
        "country": "an ISO 3166 two-letter country code such as US, DE or GB",
        "currency": "an ISO 4217 currency code such as USD, EUR or GBP",
    }
    assert page.get_attribute("#f-apply", "aria-invalid") == "true"
    assert page.get_attribute("#f-apply", "aria-describedby") == "m-apply"
    assert page.text_content("#form-status") == (
        "8 fields need attention: see the messages beside them."
    )
    assert page.evaluate("document.activeElement.id") == "f-title"
    # the preview: Markdown made into elements, the markup typed shown as text, no script
    preview = page.locator("#body-preview")
    assert preview.locator("h3").inner_text() == "The role"
    assert preview.locator("em").inner_text() == "our"
    assert preview.locator("strong").inner_text() == "platform"
    assert "<script>alert(1)</script>" in preview.locator("p").first.inner_text()
    assert preview.locator("script").count() == 0
    assert preview.locator("ul li").all_inner_texts() == ["Go", "Kubernetes"]
    assert preview.locator("a").evaluate_all("as => as.map(a => a.href)") == [
        "https://kubernetes.io/"
    ]
    assert preview.locator("ol li").inner_text() == "[trap](javascript:alert)"  # not a link
    # put right, each message goes as it is typed
    page.fill("#f-apply", "https://zdata.example/apply")
    assert "apply" not in messages(page)
    assert page.get_attribute("#f-apply", "aria-invalid") is None
    fill_valid(page)
    page.fill("#f-tags", "go, ruby on rails")
    page.fill("#f-currency", "chf")
    assert messages(page) == {}
    page.click("button[type=submit]")
    page.wait_for_selector("#submit-result:not([hidden])")
    text = page.input_value("#result-text")
    link = urlsplit(page.get_attribute("#result-link", "href") or "")
    assert page.text_content("#form-status") == ""
    problems.assert_none()
    page.context.close()
    posting = parse_posting(text, "x.md")
    assert (posting.title, posting.location.country, posting.tags) == (
        "Platform Engineer",
        "CH",
        ("go", "ruby on rails"),
    )
    assert parse_qs(link.query)["value"] == [text]


LONG = "Wir suchen für Zürich – Grüße an das Team! " * 150  # 6,450 characters: 10,956 once encoded


@pytest.mark.timeout(60)
def test_a_long_non_ascii_description_is_copied_instead_of_linked(
    served: Served, browser: Browser
) -> None:
    """6,450 characters make a link of over 8,000 characters once encoded: the file is copied, and
    GitHub's new-file page opened without it."""
    page, problems = opened(browser, served, permissions=["clipboard-read", "clipboard-write"])
    fill_valid(page)
    page.fill("#f-body", LONG)
    page.click("button[type=submit]")
    page.wait_for_selector("#submit-result:not([hidden])")
    text = page.input_value("#result-text")
    assert len(text) < 8000
    href = page.get_attribute("#result-link", "href") or ""
    link = urlsplit(href)
    assert link.path == "/example/digest/new/main"
    assert parse_qs(link.query) == {"filename": [page.text_content("#result-name")]}
    note = page.text_content("#result-note") or ""
    assert note.startswith("This file is too long to send in a link (")
    assert "It has been copied to your clipboard: open GitHub below" in note
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert parse_posting(text, "x.md").body.strip() == LONG.strip()
    problems.assert_none()
    page.context.close()


@pytest.mark.timeout(60)
def test_when_the_clipboard_is_refused_the_file_is_selected_to_copy(
    served: Served, browser: Browser
) -> None:
    page, problems = opened(browser, served)
    page.evaluate(  # as a browser does that does not let a page write to the clipboard
        "() => { navigator.clipboard.writeText ="
        " () => Promise.reject(new DOMException('denied', 'NotAllowedError')); }"
    )
    fill_valid(page)
    page.fill("#f-body", LONG)
    page.click("button[type=submit]")
    page.wait_for_selector("#submit-result:not([hidden])")
    note = page.text_content("#result-note") or ""
    assert "did not let this page copy it: select the text above" in note
    selected = page.evaluate(
        "(() => { const t = document.activeElement;"
        " return [t.id, t.selectionStart, t.selectionEnd, t.value.length]; })()"
    )
    assert selected[:2] == ["result-text", 0] and selected[2] == selected[3]
    problems.assert_none()
    page.context.close()
