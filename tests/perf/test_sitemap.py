"""sitemap.xml made from a site and the names of the files written (its fast paths: one pass
over the postings, escaping only paths that need it)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from sitegen.build import load
from sitegen.render.sitemap import sitemap
from sitegen.site.model import build_site
from sitegen.site.urls import posting_path

DAY = dt.date(2026, 11, 20)
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_indexable_pages_escaped_with_open_postings_dated(
    project: Path,
) -> None:
    config, content = load(project)
    site = build_site(config, content, DAY, drafts=False)
    closed = [p for p in site.postings if not site.is_open(p)]
    assert closed and site.open
    names = {f"{posting_path(p)}index.html" for p in site.postings}
    names |= {"index.html", "a&b<c>/index.html", "feed.xml", "tags/x/atom.xml"}
    base = "https://example.org/jobs&more/"
    data = sitemap(base, names, site)

    urls = ET.fromstring(data).findall(f"{NS}url")  # well-formed, escapes and all
    found = {u.findtext(f"{NS}loc"): u.findtext(f"{NS}lastmod") for u in urls}
    expected = {base + posting_path(p): (p.updated or p.posted).date().isoformat()
                for p in site.open}  # fmt: skip
    expected |= {base: None, base + "a&b<c>/": None}  # pages without a date
    assert found == expected  # no closed posting, no feed, nothing but index pages
    assert b"jobs&amp;more/a&amp;b&lt;c&gt;/</loc>" in data
    locs = [u.findtext(f"{NS}loc") for u in urls]
    assert locs == sorted(locs, key=lambda loc: loc.removeprefix(base) + "index.html")
