"""Feeds from the site model: which feeds exist, and their entries. Formats are in feedformats.

Every listing with a feed (the whole site; each tag, company, work arrangement and remote
region; the editions archive) gets three files in its folder: feed.xml (RSS 2.0), atom.xml
(Atom 1.0) and feed.json (JSON Feed 1.1). Entry ids come from content that never changes
(a posting's id, an edition's week), never from a URL, and every date comes from the
content, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice

from markupsafe import Markup, escape

from sitegen.content.model import Posting
from sitegen.content.names import counted
from sitegen.render.feedtext import absolute_html, xml_safe
from sitegen.render.markdown import render_html
from sitegen.render.views import PostingView, location_text, salary_text
from sitegen.site.model import Edition, Site, edition_title, term_title
from sitegen.site.urls import absolute, posting_path

# The date of a feed with no entries on a site with no postings at all: a fixed instant, so
# that even then two builds give the same bytes.
EMPTY_SITE_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Edition ids are name-based UUIDs (RFC 4122 version 5) of the ISO week in this namespace.
EDITION_NAMESPACE = uuid.UUID("5b0d6c1e-4f3a-5e8b-9c27-1d4e6f8a0b3c")

FORMATS = (
    ("feed.xml", "application/rss+xml", "RSS"),
    ("atom.xml", "application/atom+xml", "Atom"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str  # MIME type
    path: str  # site-relative


def feed_names(path: str) -> tuple[str, ...]:
    """The files of a listing's feed, one per format."""
    return tuple(path + name for name, _mime, _label in FORMATS)


@dataclass(frozen=True)
class Entry:
    id: str  # a URI that never changes: urn:uuid:...
    title: str
    url: str  # absolute URL of the page
    published: dt.datetime
    updated: dt.datetime
    summary: str  # plain text
    html: str  # full content; every link absolute
    related: str | None = None  # the apply link
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel:
    """One feed, in every format: a listing page and its newest entries."""

    path: str  # the listing's site-relative folder: "", "tags/python/", "editions/"
    title: str
    description: str
    home_url: str  # absolute URL of the listing page
    base_url: str  # absolute URL of the site
    language: str
    author: str
    updated: dt.datetime
    entries: tuple[Entry, ...]

    def url(self, name: str) -> str:
        return absolute(self.base_url, self.path + name)


@dataclass(frozen=True)
class Listing:
    path: str
    name: str  # "" for the whole site
    postings: tuple[Posting, ...] | None  # None: the editions feed


def _listings(site: Site) -> list[Listing]:
    listings = [Listing("", "", site.open)]
    for term in (*site.tags, *site.companies, *site.arrangements, *site.regions):
        listings.append(Listing(term.path, term_title(term), term.postings))
    listings.append(Listing("editions/", "Editions", None))
    return listings


def _title(site: Site, listing: Listing) -> str:
    title = site.config.title
    return xml_safe(f"{listing.name} · {title}" if listing.name else title)


def feed_links(site: Site) -> dict[str, tuple[FeedLink, ...]]:
    """Listing path -> its feeds, for autodiscovery links and visible Subscribe links."""
    return {
        listing.path: tuple(
            FeedLink(f"{_title(site, listing)} ({label})", mime, listing.path + name)
            for name, mime, label in FORMATS
        )
        for listing in _listings(site)
    }


def changed(posting: Posting) -> dt.datetime:
    return posting.updated or posting.posted


def is_listed(posting: Posting, site: Site) -> bool:
    """Closed, expired and draft postings never reach a feed, even in a --drafts build."""
    return not posting.draft and site.is_open(posting)


class Channels:
    """Every feed of the site, each made when asked for (in whichever worker writes it)."""

    def __init__(self, site: Site, views: Mapping[str, PostingView]) -> None:
        self.site = site
        self.views = views
        self.entries: dict[str, Entry] = {}  # a posting is in the site's, its tags' and
        # its company's feeds: its entry is made once per build (and worker)
        self.fallback = max(
            (changed(p) for p in site.postings if not p.draft), default=EMPTY_SITE_DATE
        )

    def listed(self) -> list[Listing]:
        """Every feed to write."""
        return _listings(self.site)

    def items(self, listing: Listing) -> tuple[Posting, ...] | tuple[Edition, ...]:
        """The newest feed_limit postings (or editions) of a feed."""
        limit = self.site.config.feed_limit
        if listing.postings is None:  # not the running week's: it has no entry until it ends
            return tuple(e for e in self.site.editions if e.complete)[:limit]
        listed = (p for p in listing.postings if is_listed(p, self.site))
        return tuple(islice(listed, limit))  # not the whole of a tag's thousands

    def entry(self, posting: Posting) -> Entry:
        made = self.entries.get(posting.id)
        if made is None:
            made = posting_entry(self.views[posting.id], self.site.config.base_url)
            self.entries[posting.id] = made
        return made

    def channel(self, listing: Listing) -> Channel:
        site, config = self.site, self.site.config
        entries = tuple(
            edition_entry(item, site) if isinstance(item, Edition) else self.entry(item)
            for item in self.items(listing)
        )
        return Channel(
            path=listing.path,
            title=_title(site, listing),
            description=xml_safe(
                f"{listing.name} on {config.title}."
                if listing.name
                else config.description or config.title
            ),
            home_url=absolute(config.base_url, listing.path),
            base_url=config.base_url,
            language=config.language,
            author=xml_safe(config.title),
            updated=max((e.updated for e in entries), default=self.fallback),
            entries=entries,
        )


def posting_entry(view: PostingView, base_url: str) -> Entry:
    posting = view.posting
    url = absolute(base_url, view.path)
    description = view.description
    facts = [("Company", posting.company.name), ("Location", view.location)]
    facts += [("Salary", view.salary or "not stated"), ("Type", view.employment)]
    header = "<br>\n".join(f"<strong>{escape(k)}:</strong> {escape(v)}" for k, v in facts)
    apply = f'<p><a href="{escape(posting.apply)}">Apply</a></p>\n'
    return Entry(
        id=f"urn:uuid:{posting.id}",
        title=xml_safe(f"{posting.title} at {posting.company.name}"),
        url=url,
        published=posting.posted,
        updated=changed(posting),
        summary=xml_safe(description.summary),
        html=absolute_html(f"<p>{header}</p>\n{description.html}{apply}", url),
        related=xml_safe(posting.apply),
        categories=tuple(xml_safe(t) for t in posting.tags),
    )


def edition_id(week: str) -> str:
    return f"urn:uuid:{uuid.uuid5(EDITION_NAMESPACE, week)}"


def edition_entry(edition: Edition, site: Site) -> Entry:
    config = site.config
    url = absolute(config.base_url, edition.path)
    postings = [p for p in edition.postings if not p.draft]
    start = dt.datetime.combine(edition.start, dt.time(), config.tz)
    published = min((p.posted for p in postings), default=start)
    note = edition.note
    title = edition_title(edition)
    count = counted(len(postings), "posting")
    summary = f"{count} from the week of {edition.start.isoformat()}."
    items = "".join(_edition_item(p, site) for p in postings)
    # the items' links are absolute already: only the note's Markdown may hold relative
    # ones (rewriting a hundred links per edition was most of the editions feed's time)
    html = absolute_html(render_html(note.body, config.base_path), url) if note else ""
    html += xml_safe(f"<ul>\n{items}</ul>\n") if items else "<p>No postings this week.</p>\n"
    return Entry(
        id=edition_id(edition.week),
        title=xml_safe(title),
        url=url,
        published=published,
        updated=max((changed(p) for p in postings), default=published),
        summary=summary,
        html=html,
    )


def _edition_item(posting: Posting, site: Site) -> Markup:
    """One posting of an edition's entry: made from the posting, not its view (an
    edition lists a hundred postings, and the feed fifty editions)."""
    facts = [location_text(posting)]
    facts.append(salary_text(posting.salary) if posting.salary else "salary not stated")
    if not is_listed(posting, site):
        facts.append(site.status(posting))  # closed or expired
    # escaped one by one rather than by Markup.format (string.Formatter in Python: most of
    # the editions feed's time at 50,000 postings)
    href = escape(absolute(site.config.base_url, posting_path(posting)))
    what = f"{escape(posting.title)} at {escape(posting.company.name)}"
    return Markup(f'<li><a href="{href}">{what}</a>: {escape(", ".join(facts))}</li>\n')
