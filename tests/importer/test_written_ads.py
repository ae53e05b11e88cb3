"""Three ads written for these tests (fixtures/ads/): a saved web page, a plain-text ad whose
first line is "Title — Company", and an hourly contract "Title at Company". Every fact is
asserted, and no markup of the source may survive in the description."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import FIXTURES, TODAY, run, without_id

ADS = FIXTURES / "ads"
PAGE = ADS / "page-lumen.html"
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&(?:[a-z]+|#\d+);")

EXPECTED: dict[str, dict[str, Any]] = {
    "page-lumen.html": {
        "title": "Staff Platform Engineer (Kubernetes)",
        "company": {"name": "Lumen Robotics GmbH"},
        "date": TODAY,
        "apply": "https://careers.lumen-robotics.example/jobs/staff-platform-engineer/apply",
        "location": {"arrangement": "hybrid", "city": "Munich", "country": "DE"},
        "employment_type": "full-time",
        "salary": {"min": 95000, "max": 120000, "currency": "EUR", "period": "year"},
        "closes": datetime.date(2027, 1, 31),
        "draft": True,
    },
    "plain-dash-title.txt": {
        "title": "Staff Platform Engineer (Kubernetes)",
        "company": {"name": "Lumen Robotics GmbH"},
        "date": TODAY,
        "apply": "platform-jobs@lumen-robotics.example",
        "location": {"arrangement": "hybrid", "city": "Munich", "country": "DE"},
        "employment_type": "full-time",
        "closes": datetime.date(2027, 1, 31),
        "draft": True,
    },
    "hourly-contract.txt": {
        "title": "Senior Backend Engineer",
        "company": {"name": "Tidepool"},
        "date": TODAY,
        "apply": "https://tidepool.example/careers/backend-contract",
        "location": {"arrangement": "remote", "regions": ["US"]},
        "employment_type": "contract",
        "salary": {"min": 75, "max": 95, "currency": "USD", "period": "hour"},
        "draft": True,
    },
}
BODY_CONTAINS = {
    "page-lumen.html": [
        "## About the team\n\nOur warehouse robots run on a fleet of **Kubernetes** clusters",
        "ship & sleep well.",
        "- Own the on-call tooling\n  - alert routing\n  - runbooks that stay current\n"
        "- Coach engineers",
        "1. Several years running production Kubernetes\n2. Fluency in Go or Python",
        "[hiring process](https://careers.lumen-robotics.example/hiring-process)",
    ],
    "plain-dash-title.txt": [
        "Our warehouse robots run on a fleet of Kubernetes clusters",
        "- Design the next version of our cluster provisioning, from bare metal up\n- Own",
    ],
    "hourly-contract.txt": [
        "Tidepool makes the scheduling software",
        "- Split the booking service into a queue and a worker",
    ],
}
BODY_EXCLUDES = {
    "page-lumen.html": [
        "cookies",  # the cookie banner
        "All jobs",  # navigation
        "Similar jobs",  # the sidebar
        "Subscribe",  # the newsletter form
        "Imprint",  # the footer
        "dataLayer",  # a script
        "position: fixed",  # a style
        "Apply now",  # the apply button, now the apply field
        "Staff Platform Engineer (Kubernetes)",  # the heading, now the title
    ],
    "plain-dash-title.txt": ["Lumen Robotics GmbH\n", "platform-jobs@"],
    "hourly-contract.txt": ["Senior Backend Engineer at Tidepool", "Apply here"],
}


@pytest.mark.parametrize("name", EXPECTED)
def test_every_fact_of_a_written_ad(name: str, tmp_path: Path) -> None:
    posting = run([str(ADS / name)], tmp_path).only()
    assert without_id(posting.front_matter) == EXPECTED[name]


@pytest.mark.parametrize("name", EXPECTED)
def test_the_description_is_clean_markdown(name: str, tmp_path: Path) -> None:
    body = run([str(ADS / name)], tmp_path).only().body
    assert not MARKUP.search(body), MARKUP.search(body)
    for text in BODY_CONTAINS[name]:
        assert text in body, text
    for text in BODY_EXCLUDES[name]:
        assert text not in body, text


def test_a_page_on_standard_input_is_read_as_html(tmp_path: Path) -> None:
    from_file = run([str(PAGE)], tmp_path / "file").only()
    from_stdin = run(["-"], tmp_path / "stdin", stdin=PAGE.read_text("utf-8"))
    posting = from_stdin.only()
    assert without_id(posting.front_matter) == without_id(from_file.front_matter)
    assert posting.body == from_file.body
    assert "mapped: HTML page -> Markdown text" in from_stdin.report
    assert "found: closes: 2027-01-31" in from_stdin.report


def test_a_page_without_a_main_heading_takes_its_title_and_company_from_title(
    tmp_path: Path,
) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Data Steward – Fernwood Trust | Careers</title>"
        "</head><body><nav><a href='/'>Home</a></nav><div class='content'>"
        "<p>Look after the records of a small land trust.</p>"
        "<p><a href='mailto:people@fernwood.example'>Apply by email</a></p></div></body></html>"
    )
    posting = run(["-"], tmp_path, stdin=page).only()
    assert posting.front_matter["title"] == "Data Steward"
    assert posting.front_matter["company"] == {"name": "Fernwood Trust"}
    assert posting.front_matter["apply"] == "people@fernwood.example"
    assert posting.body.strip() == "Look after the records of a small land trust."


def test_json_ld_job_posting_facts_fill_what_the_text_leaves_out(tmp_path: Path) -> None:
    page = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "JobPosting",
      "title": "Field Technician", "hiringOrganization": {"@type": "Organization",
      "name": "Saltmarsh Instruments", "sameAs": "https://saltmarsh.example"},
      "employmentType": ["PART_TIME"], "validThrough": "2027-02-28T23:59:00+01:00",
      "jobLocation": {"@type": "Place", "address": {"addressLocality": "Ghent",
      "addressCountry": "BE"}},
      "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
      "value": {"@type": "QuantitativeValue", "minValue": 2800, "maxValue": 3300,
      "unitText": "MONTH"}}}]}
    </script></head><body><main><h1>Field Technician</h1>
    <p>Service tide gauges along the coast, two days a week.</p></main></body></html>"""
    posting = run(["-"], tmp_path, stdin=page).only()
    assert without_id(posting.front_matter) == {
        "title": "Field Technician",
        "company": {"name": "Saltmarsh Instruments", "website": "https://saltmarsh.example"},
        "date": TODAY,
        "apply": "TODO: apply URL or email",
        "location": {
            "arrangement": "TODO: remote | hybrid | on-site",
            "city": "Ghent",
            "country": "BE",
        },
        "employment_type": "part-time",
        "salary": {"min": 2800, "max": 3300, "currency": "EUR", "period": "month"},
        "closes": datetime.date(2027, 2, 28),
        "draft": True,
    }


def test_hostile_markup_never_reaches_the_description(tmp_path: Path) -> None:
    page = (
        "<html><body><main><h1>Engineer</h1>"
        "<p onclick='x()'>Hello <a href='javascript:alert(1)'>click</a>"
        "<a href='data:text/html,<script>x</script>'>data</a> &lt;script&gt;alert(2)&lt;/script&gt;"
        "<img src=x onerror=alert(3)><iframe src='https://evil.example'></iframe></p>"
        "<svg><script>alert(4)</script></svg>"
        + "<div>" * 5000
        + "deep"
        + "</div>" * 5000
        + "</main></body></html>"
    )
    body = run(["-"], tmp_path, stdin=page).only().body
    assert "alert(1)" not in body and "alert(3)" not in body and "alert(4)" not in body
    assert "javascript:" not in body and "data:" not in body and "evil.example" not in body
    assert not MARKUP.search(body.replace("\\<", "")), body[:200]
    assert "\\<script>alert(2)\\</script>" in body  # text about markup stays text
