"""The repository's own content builds, and the seed postings' facts reach pages and JSON-LD."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from sitegen.build import check
from tests.conftest import REPO

SEEDS = {
    "mozilla-senior-software-engineer-services": {
        "title": "Senior Software Engineer, Services",
        "company": "Mozilla",
        "apply": "https://www.remotewlb.com/apply/senior-software-engineer-services-131081",
        "salary": ("USD", 137000, 199000),
        "regions": ["US"],
        "shown": "USD 137,000–199,000 a year",
        "location": "Remote (United States)",
    },
    "mongodb-senior-software-engineer-atlas-foundational-services": {
        "title": "Senior Software Engineer, Atlas Foundational Services",
        "company": "MongoDB",
        "apply": "https://www.remotewlb.com/apply/"
        "senior-software-engineer-atlas-foundational-services-72002",
        "salary": ("USD", 118000, 231000),
        "regions": ["US"],
        "shown": "USD 118,000–231,000 a year",
        "location": "Remote (United States)",
    },
    "mozilla-backend-software-engineer-ads": {
        "title": "Backend Software Engineer, Ads",
        "company": "Mozilla",
        "apply": "https://www.mozilla.org/en-US/careers/listings/",
        "salary": None,
        "regions": ["Worldwide"],
        "shown": "Not stated",
        "location": "Remote (Worldwide)",
    },
}


def jsonld(page: str) -> dict[str, object]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert isinstance(data, dict)
    return data


def test_real_content_is_valid() -> None:
    content = check(REPO)
    assert len(content.postings) == 3
    assert {p.slug for p in content.postings} == set(SEEDS)


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_seed_facts_on_page_and_in_jsonld(real_site: Path, slug: str) -> None:
    facts = SEEDS[slug]
    page = (real_site / "jobs" / slug / "index.html").read_text(encoding="utf-8")
    text = html.unescape(page)
    for key in ("title", "company", "shown", "location"):
        assert str(facts[key]) in text, key
    assert f'href="{facts["apply"]}"' in page
    data = jsonld(page)
    assert data["@type"] == "JobPosting"
    assert data["title"] == facts["title"]
    assert data["hiringOrganization"]["name"] == facts["company"]  # type: ignore[index]
    assert data["jobLocationType"] == "TELECOMMUTE"
    if facts["regions"] == ["Worldwide"]:  # open to every country: no requirement to state
        assert "applicantLocationRequirements" not in data
    else:
        required = data["applicantLocationRequirements"]
        assert [r["name"] for r in required] == facts["regions"]  # type: ignore[attr-defined]
    assert data["url"] == f"http://127.0.0.1:8000/digest/jobs/{slug}/"
    assert data["employmentType"] == "FULL_TIME"
    if facts["salary"] is None:
        assert "baseSalary" not in data
    else:
        currency, low, high = facts["salary"]  # type: ignore[misc]
        salary = data["baseSalary"]
        assert salary["currency"] == currency  # type: ignore[index]
        assert (salary["value"]["minValue"], salary["value"]["maxValue"]) == (low, high)  # type: ignore[index]


def test_site_pages_and_sub_path_links(real_site: Path) -> None:
    for name in (
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "about/index.html",
        "how-to-submit/index.html",
        "editions/index.html",
        "editions/2026-w47/index.html",
        "tags/rust/index.html",
        "companies/mozilla/index.html",
        "remote/us/index.html",
    ):
        assert (real_site / name).exists(), name
    home = (real_site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', home)
    internal = [h for h in hrefs if not h.startswith(("http://", "https://", "mailto:", "#"))]
    assert internal and all(h.startswith("/digest/") for h in internal)
    edition = (real_site / "editions/2026-w47/index.html").read_text(encoding="utf-8")
    assert "First edition: services, ads and databases" in edition
    assert edition.count('class="posting"') == 3
