"""Remote regions as a reader means them: a listing per region holds every posting a reader
living there may apply to, JSON-LD names the countries Google matches on, and a remote
posting may say which time zones it works in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest

from sitegen.build import build
from sitegen.content.regions import NAMED_REGIONS, countries, includes, members
from tests.conftest import BUILD_DATE, MakeProject, posting_text
from tests.core.test_cli import run

# slug -> where its applicants may live (None: an on-site posting in Berlin)
POSTINGS = {
    "open-to-de": "[DE]",
    "open-to-eu": "[EU]",
    "open-to-emea": "[EMEA]",
    "open-to-worldwide": "[Worldwide]",
    "us-only": "[US]",
    "on-site-berlin": None,
    "open-to-latam": "[LATAM]",
}


def region_posting(slug: str, regions: str | None, number: int, extra: str = "") -> str:
    text = posting_text(slug, id=f"00000000-0000-4000-8000-{number:012d}", title=slug, extra=extra)
    if regions is None:
        place = "  arrangement: on-site\n  city: Berlin\n  country: DE\n"
        return text.replace("  arrangement: remote\n  regions: [US]\n", place)
    return text.replace("regions: [US]", f"regions: {regions}")


def region_site(make_project: MakeProject, **extra: str) -> Path:
    files = {
        f"content/postings/{slug}.md": region_posting(slug, regions, n, extra.get(slug, ""))
        for n, (slug, regions) in enumerate(POSTINGS.items())
    }
    return make_project(files)


def listed(out: Path, path: str) -> set[str]:
    """The postings a listing links to (its first page; these sites have a page size of 2,
    so every page of the listing is read)."""
    found: set[str] = set()
    page = out / path / "index.html"
    number = 1
    while page.is_file():
        found |= set(
            re.findall(
                r'class="posting-title"[^>]*><a href="/digest/jobs/([^/]+)/"', page.read_text()
            )
        )
        number += 1
        page = out / path / "page" / str(number) / "index.html"
    return found


def jsonld(out: Path, slug: str) -> dict[str, object]:
    page = (out / "jobs" / slug / "index.html").read_text()
    found = re.search(r'<script type="application/ld\+json">\n(.*)\n</script>', page)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_every_region_is_made_of_real_countries_and_nests_as_people_expect() -> None:
    every = {c.alpha_2 for c in pycountry.countries}
    assert countries() == every and members("Worldwide") == every
    for region in NAMED_REGIONS:
        assert members(region) <= every, region
        assert includes("Worldwide", region) and includes(region, region)
    for inner, outer in [("EU", "EEA"), ("EEA", "Europe"), ("Europe", "EMEA"),
                         ("North America", "Americas"), ("LATAM", "Americas")]:  # fmt: skip
        assert includes(outer, inner) and not includes(inner, outer), (inner, outer)
    assert len(members("EU")) == 27 and members("EEA") - members("EU") == {"IS", "LI", "NO"}
    assert includes("EU", "DE") and not includes("DE", "EU") and not includes("EU", "GB")
    assert includes("Europe", "GB") and includes("EMEA", "NG") and includes("EMEA", "AE")
    assert includes("APAC", "IN") and includes("APAC", "AU") and not includes("APAC", "IR")
    assert includes("North America", "MX") and includes("LATAM", "MX")
    assert includes("LATAM", "BR") and not includes("North America", "BR")
    assert not includes("Americas", "DE") and not includes("APAC", "US")


def test_a_country_listing_holds_every_posting_a_reader_there_may_apply_to(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = region_site(make_project)
    out = tmp_path / "out"
    build(root, out, today=BUILD_DATE)
    assert listed(out, "remote/de") == {
        "open-to-de",
        "open-to-eu",
        "open-to-emea",
        "open-to-worldwide",
    }
    # a bloc's listing: what every reader in the bloc may apply to, not one member's postings
    assert listed(out, "remote/eu") == {"open-to-eu", "open-to-emea", "open-to-worldwide"}
    assert listed(out, "remote/emea") == {"open-to-emea", "open-to-worldwide"}
    assert listed(out, "remote/us") == {"us-only", "open-to-worldwide"}
    assert listed(out, "remote/latam") == {"open-to-latam", "open-to-worldwide"}
    assert listed(out, "remote/worldwide") == {"open-to-worldwide"}
    assert not (out / "remote" / "fr").exists()  # listings only for regions postings name
    # each card keeps the posting's own wording
    de = (out / "remote/de/index.html").read_text() + (
        out / "remote/de/page/2/index.html"
    ).read_text()
    for wording in ("Remote (Germany)", "Remote (EU)", "Remote (EMEA)", "Remote (Worldwide)"):
        assert wording in de
    assert "Remote postings open to applicants in Germany" in de


def test_every_listing_has_its_three_feeds_and_names_them(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = region_site(make_project)
    out = tmp_path / "out"
    build(root, out, today=BUILD_DATE)
    for listing in ("remote/", "on-site/", "hybrid/", "remote/de/", "remote/eu/"):
        page = (out / listing / "index.html").read_text()
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert (out / listing / name).is_file(), listing + name
            assert f'href="https://example.github.io/digest/{listing}{name}"' in page
            assert f'href="/digest/{listing}{name}"' in page  # the visible Subscribe links
    feed = json.loads((out / "remote/de/feed.json").read_text())
    assert feed["title"] == "Remote postings open to applicants in Germany · Test Digest"
    slugs = {item["url"].rsplit("/", 2)[-2] for item in feed["items"]}
    assert slugs == {"open-to-de", "open-to-eu", "open-to-emea", "open-to-worldwide"}
    onsite = json.loads((out / "on-site/feed.json").read_text())
    assert [item["url"] for item in onsite["items"]] == [
        "https://example.github.io/digest/jobs/on-site-berlin/"
    ]


def test_json_ld_names_the_countries_google_matches_and_direct_apply(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = region_site(make_project, **{"open-to-de": "direct_apply: true\n"})
    out = tmp_path / "out"
    build(root, out, today=BUILD_DATE)
    de = jsonld(out, "open-to-de")
    assert de["applicantLocationRequirements"] == [{"@type": "Country", "name": "DE"}]
    assert de["jobLocationType"] == "TELECOMMUTE" and de["directApply"] is True
    eu = jsonld(out, "open-to-eu")
    required = eu["applicantLocationRequirements"]
    assert isinstance(required, list)
    assert [r["name"] for r in required] == sorted(members("EU"))
    assert all(r["@type"] == "Country" for r in required)
    assert eu["directApply"] is False
    worldwide = jsonld(out, "open-to-worldwide")  # open to every country: nothing to require
    assert worldwide["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in worldwide
    onsite = jsonld(out, "on-site-berlin")
    assert "applicantLocationRequirements" not in onsite and "jobLocationType" not in onsite


def test_a_time_zone_window_is_read_shown_and_searchable(
    make_project: MakeProject, tmp_path: Path
) -> None:
    window = "  timezones: UTC-1 to UTC+5:30\n"
    root = region_site(make_project)
    path = root / "content/postings/open-to-eu.md"
    path.write_text(path.read_text().replace("  regions: [EU]\n", "  regions: [EU]\n" + window))
    out = tmp_path / "out"
    build(root, out, today=BUILD_DATE)
    page = (out / "jobs/open-to-eu/index.html").read_text()
    # "Remote (EU), UTC−1 to UTC+5:30", in phrases a line may break between, not inside
    assert (
        '<span class="nw">Remote (EU),</span> <span class="nw">UTC\u22121 to UTC+5:30</span>'
        in page
    )
    meta = json.loads((out / "search/meta.json").read_text())
    row = next(n for n, title in enumerate(meta["title"]) if title == "open-to-eu")
    assert meta["utc"][row] == [-60, 330]
    assert all(utc == 0 for n, utc in enumerate(meta["utc"]) if n != row)
    search = (out / "search/index.html").read_text()
    assert '<option value="330">UTC+5:30</option>' in search
    assert '<option value="-180">UTC\u22123</option>' in search


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("UTC+3 to UTC-3", "'UTC+3 to UTC-3': write the western (smaller) offset first"),
        ("GMT+1", "'GMT+1' is not a time-zone window: write it as UTC-3 to UTC+3"),
        ("UTC+15", "'UTC+15' is not a time-zone window"),
    ],
)
def test_a_bad_time_zone_window_is_refused_at_its_line(
    make_project: MakeProject, value: str, message: str
) -> None:
    text = posting_text("tz").replace(
        "  regions: [US]\n", f"  regions: [US]\n  timezones: {value}\n"
    )
    root = make_project({"content/postings/tz.md": text})
    line = text.splitlines().index(f"  timezones: {value}") + 1
    code, _out, err = run("check", "--root", str(root))
    assert code == 1
    assert f"content/postings/tz.md:{line}: location.timezones: {message}" in err


def test_a_time_zone_window_belongs_to_remote_postings(make_project: MakeProject) -> None:
    text = region_posting("office", None, 1).replace(
        "  country: DE\n", "  country: DE\n  timezones: UTC+1\n"
    )
    root = make_project({"content/postings/office.md": text})
    line = text.splitlines().index("  timezones: UTC+1") + 1
    code, _out, err = run("check", "--root", str(root))
    assert code == 1
    assert (
        f"content/postings/office.md:{line}: location.timezones: is for remote postings, and "
        "this one is on-site: remove it, or set arrangement: remote"
    ) in err


@pytest.mark.parametrize("arrangement", ["on-site", "hybrid"])
def test_regions_belong_to_remote_postings(make_project: MakeProject, arrangement: str) -> None:
    """An office posting that kept `sitegen new`'s regions would be listed as remote."""
    text = region_posting("office", None, 1).replace(
        "  arrangement: on-site\n", f"  arrangement: {arrangement}\n  regions: [Worldwide]\n"
    )
    root = make_project({"content/postings/office.md": text})
    line = text.splitlines().index("  regions: [Worldwide]") + 1
    code, _out, err = run("check", "--root", str(root))
    assert code == 1
    assert (
        f"content/postings/office.md:{line}: location.regions: is for remote postings, and "
        f"this one is {arrangement}: remove it, or set arrangement: remote"
    ) in err


def test_search_data_offers_every_place_a_reader_may_live_with_the_regions_open_to_it(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = region_site(make_project)
    out = tmp_path / "out"
    build(root, out, today=BUILD_DATE)
    meta = json.loads((out / "search/meta.json").read_text())
    areas = dict(meta["areas"])
    regions = [code for code, _name in meta["regions"]]
    # named regions first, then every country: a reader in France finds the EU's postings
    assert [code for code, _name in meta["areas"][:3]] == ["EU", "EMEA", "LATAM"]
    assert areas["FR"] == "France" and areas["DE"] == "Germany"
    # the listings (and feeds) a search for one place amounts to: none for France
    feeds = meta["feeds"]["region"]
    assert "FR" not in feeds
    assert feeds["DE"] == ["Remote postings open to applicants in Germany", "remote/de/"]
    assert meta["feeds"]["arrangement"]["on-site"] == ["Postings: On-site", "on-site/"]
    assert meta["feeds"]["tag"]["python"] == ["Postings tagged python", "tags/python/"]
    open_to = dict(zip((a[0] for a in meta["areas"]), meta["open_to"], strict=True))
    assert {regions[r] for r in open_to["FR"]} == {"EU", "EMEA", "Worldwide"}
    assert {regions[r] for r in open_to["DE"]} == {"DE", "EU", "EMEA", "Worldwide"}
    assert {regions[r] for r in open_to["BR"]} == {"LATAM", "Worldwide"}
    assert {regions[r] for r in open_to["EU"]} == {"EU", "EMEA", "Worldwide"}
