"""schema.org JobPosting structured data, serialised so that no text can leave its <script>."""

from __future__ import annotations

import json
from typing import Any

from sitegen.config import SiteConfig
from sitegen.content import pay
from sitegen.content.model import Posting
from sitegen.content.regions import members
from sitegen.site.expiry import last_open_day

EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "internship": "INTERN",
    "volunteer": "VOLUNTEER",
    "per-diem": "PER_DIEM",
    "other": "OTHER",
}


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def job_posting(
    posting: Posting, description_html: str, url: str, config: SiteConfig
) -> dict[str, Any]:
    """Following Google's job posting guidelines: required and recommended properties."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": description_html,
        "identifier": {"@type": "PropertyValue", "name": posting.company.name, "value": posting.id},
        "datePosted": posting.posted.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[posting.employment_type],
        "hiringOrganization": {"@type": "Organization", "name": posting.company.name},
        "url": url,
        "directApply": posting.direct_apply,
    }
    if posting.company.website:
        data["hiringOrganization"]["sameAs"] = posting.company.website
    # its closing date, else the day it expires: Google drops a posting after validThrough
    data["validThrough"] = f"{last_open_day(posting, config.max_age_days).isoformat()}T23:59:59"
    location = posting.location
    if location.arrangement == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        if "Worldwide" not in location.regions:  # else no requirement: any country will do
            data["applicantLocationRequirements"] = applicant_countries(location.regions)
    else:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": location.city}
        if location.region:
            address["addressRegion"] = location.region
        address["addressCountry"] = location.country
        data["jobLocation"] = {"@type": "Place", "address": address}
    if posting.salary:
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": pay.TABLE[posting.salary.period].unit,
        }
        if posting.salary.max is None:
            value["value"] = _number(posting.salary.min)
        else:
            value["minValue"] = _number(posting.salary.min)
            value["maxValue"] = _number(posting.salary.max)
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": posting.salary.currency,
            "value": value,
        }
    return data


def applicant_countries(regions: tuple[str, ...]) -> list[dict[str, str]]:
    """Google reads where a remote applicant may live as countries: a named region (EU,
    APAC...) is written as each of its members. Named by ISO 3166-1 code, as addressCountry
    is, which no name can confuse (Georgia the country, Georgia the state)."""
    codes = sorted({code for region in regions for code in members(region)})
    return [{"@type": "Country", "name": code} for code in codes]


def script_json(data: Any) -> str:
    """JSON for inside <script>: '<', '>' and '&' are escaped, so '</script>' cannot appear.

    A chain of str.replace is several times faster here than str.translate with a table.
    Not indented: json's C encoder serves only unindented output, four times as fast (it
    runs for every open posting's page).
    """
    text = json.dumps(data, ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
