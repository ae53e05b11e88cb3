"""Output keys: what a page's key covers, tested on the key itself (test_cache.py tests whole
rebuilds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from sitegen.build import load
from sitegen.content import Posting
from sitegen.fingerprint import PageMemo
from sitegen.render import Renderer
from sitegen.scan import content_hash
from sitegen.site import Site, build_site
from sitegen.theme import collect_assets, environment, resolve_theme

DAY = dt.date(2026, 11, 20)


def site_of(project: Path) -> Site:
    config, content = load(project)
    return build_site(config, content, DAY, drafts=False)


def memo(site: Site) -> PageMemo:
    sources = {p.source: content_hash(p.source.encode()) for p in site.postings}
    return PageMemo(b"site", {}, sources, {}, None)


def renderer(project: Path, site: Site, keys: PageMemo) -> Renderer:
    theme = resolve_theme(project, site.config.theme)
    made = Renderer(site, environment(theme, None), collect_assets(theme))
    made.memo = keys
    return made


def listing_keys(project: Path, site: Site, title: str, description: str) -> dict[str, bytes]:
    keys = memo(site)
    renderer(project, site, keys).listing({}, "", title, description, site.open, heading="H")
    return keys.keys


def test_every_page_of_a_listing_is_keyed_by_what_all_its_pages_share(project: Path) -> None:
    site = site_of(project)
    first = listing_keys(project, site, "Jobs", "All of them.")
    assert len(first) > 2  # the home page and later pages
    assert listing_keys(project, site, "Jobs", "All of them.") == first
    for title, description in (("Work", "All of them."), ("Jobs", "Every one.")):
        other = listing_keys(project, site, title, description)
        assert other.keys() == first.keys()
        assert all(other[name] != first[name] for name in first)  # page 2 on too


def test_a_listing_page_is_keyed_by_its_own_postings_only(project: Path) -> None:
    site = site_of(project)
    first = listing_keys(project, site, "Jobs", "All of them.")
    last = site.open[-1]  # on the last page: an edit of it changes that page's key alone
    keys = memo(site)
    keys.sources = {**keys.sources, last.source: content_hash(b"edited")}
    renderer(project, site, keys).listing({}, "", "Jobs", "All of them.", site.open, heading="H")
    count = -(-len(site.open) // site.config.page_size)
    assert count > 1
    differ = {name for name in first if keys.keys[name] != first[name]}
    assert differ == {f"page/{count}/index.html"}


def test_every_listing_page_is_keyed_by_the_listing_template(project: Path) -> None:
    site = site_of(project)
    first = listing_keys(project, site, "Jobs", "All of them.")
    keys = memo(site)
    keys.templates = {"listing.html": b"another template"}
    renderer(project, site, keys).listing({}, "", "Jobs", "All of them.", site.open, heading="H")
    assert keys.keys.keys() == first.keys()
    assert all(keys.keys[name] != first[name] for name in first)


def test_a_listing_of_postings_without_source_hashes_is_keyed_by_their_values(
    project: Path,
) -> None:
    """Postings the build did not read from a file (no source hash) fall back to the
    fingerprint of each page's inputs: every page is still keyed, by its own postings."""
    site = site_of(project)

    def keyed(listed: tuple[Posting, ...]) -> dict[str, bytes]:
        keys = memo(site)
        keys.sources = {}
        renderer(project, site, keys).listing({}, "", "Jobs", "All.", listed, heading="H")
        return keys.keys

    first = keyed(site.open)
    count = -(-len(site.open) // site.config.page_size)
    assert len(first) == count > 1
    edited = (*site.open[:-1], replace(site.open[-1], title="Another title"))
    changed = keyed(edited)
    assert {name for name in first if changed[name] != first[name]} == {f"page/{count}/index.html"}


def test_a_tuple_of_postings_is_keyed_by_their_sources_in_order(project: Path) -> None:
    site = site_of(project)
    keys = memo(site)
    postings = site.postings[:6]
    token = keys.fp(postings)
    assert keys.fp(tuple(list(postings))) == token  # the same postings in another tuple
    assert keys.fp(postings[::-1]) != token
    assert keys.fp(postings[:5]) != token
    unknown = memo(site)
    unknown.sources = {}  # sources not hashed: keyed by the postings' values instead
    assert unknown.fp(postings) != token
    assert unknown.fp(postings[::-1]) != unknown.fp(postings)


def posting_keys(project: Path, site: Site, keys: PageMemo) -> dict[str, bytes]:
    made = renderer(project, site, keys)
    for posting in site.postings:
        made._posting({}, posting)
    return keys.keys


def test_a_posting_page_is_keyed_by_its_source_its_state_and_its_template(
    project: Path,
) -> None:
    site = site_of(project)
    first = posting_keys(project, site, memo(site))
    assert len(first) == len(site.postings) == len(set(first.values()))
    assert posting_keys(project, site, memo(site)) == first

    edited = site.open[0]
    keys = memo(site)
    keys.sources = {**keys.sources, edited.source: content_hash(b"edited")}
    changed = posting_keys(project, site, keys)
    assert {name for name in first if changed[name] != first[name]} == {
        f"jobs/{edited.slug}/index.html"
    }

    closing = min(p.closes for p in site.open if p.closes is not None)
    later = replace(site, today=closing + dt.timedelta(days=1))  # the page says "closed"
    now_closed = {f"jobs/{p.slug}/index.html" for p in site.open if not later.is_open(p)}
    assert now_closed
    changed = posting_keys(project, later, memo(later))
    assert {name for name in first if changed[name] != first[name]} == now_closed

    keys = memo(site)
    keys.templates = {"posting.html": b"another template"}
    changed = posting_keys(project, site, keys)
    assert all(changed[name] != first[name] for name in first)
