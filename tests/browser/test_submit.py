"""The submission page, in a real browser: the form writes a posting file that sitegen accepts,
and the GitHub link carries exactly that file."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser

from sitegen.content.parse import parse_posting
from tests.browser.conftest import Served, watch


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
