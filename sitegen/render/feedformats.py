"""The three feed formats of a Channel: RSS 2.0 and Atom 1.0 with feedgen, JSON Feed 1.1 with json.

feedgen stamps feeds and entries with the current time and prepends entries unless told
otherwise: every date here is set from the content and every entry appended in order.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sitegen.render.feeds import FORMATS, Channel, Channels, Entry, Listing

if TYPE_CHECKING:  # imported where a feed is written (feedgen, lxml, dateutil): `check`
    # and the preview server start without them
    from feedgen.entry import FeedEntry
    from feedgen.feed import FeedGenerator

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class _AtomLinks:
    """An entry extension writing an Atom entry's links with their rel and type.

    feedgen 1.0 drops both from entry links (it rebinds its loop variable), which would leave
    two rel="alternate" links of the same type: forbidden by RFC 4287 section 4.1.1.
    """

    links: tuple[dict[str, str], ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, entry: Any) -> Any:
        from lxml import etree

        for attrs in self.links:
            etree.SubElement(entry, "link", attrs)  # in the feed's default (Atom) namespace
        return entry


def _generator(channel: Channel, self_name: str, mime: str) -> FeedGenerator:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(channel.url(self_name))
    fg.title(channel.title)
    fg.description(channel.description)
    fg.language(channel.language)
    fg.author({"name": channel.author})
    fg.generator("sitegen")
    # RSS takes the last link as the channel link: self first, the listing page last.
    fg.link(href=channel.url(self_name), rel="self", type=mime)
    fg.link(href=channel.home_url, rel="alternate", type="text/html")
    fg.updated(channel.updated)  # also the RSS lastBuildDate
    for entry in channel.entries:
        fg.add_entry(_entry(entry, atom=self_name == "atom.xml"), order="append")
    return fg


def _entry(entry: Entry, *, atom: bool) -> FeedEntry:
    from feedgen.entry import FeedEntry

    fe = FeedEntry()
    fe.id(entry.id)
    fe.guid(entry.id, permalink=False)
    fe.title(entry.title)
    if atom:
        links = [{"href": entry.url, "rel": "alternate", "type": "text/html"}]
        if entry.related:
            links.append({"href": entry.related, "rel": "related"})
        fe.register_extension("sitegen_links", _AtomLinks, atom=True, rss=False)
        fe.sitegen_links.links = tuple(links)
    else:
        fe.link(href=entry.url)  # RSS has one link: the posting page
    fe.published(entry.published)
    fe.updated(entry.updated)
    # RSS readers take <description> as HTML: plain text must reach them escaped
    fe.summary(entry.summary if atom else html.escape(entry.summary, quote=False))
    fe.content(entry.html, type="html")
    if entry.categories:  # one call: each call maps every category so far again for RSS
        fe.category([{"term": term} for term in entry.categories])
    return fe


def rss(channel: Channel) -> bytes:
    fg = _generator(channel, "feed.xml", "application/rss+xml")
    fg.description(html.escape(channel.description, quote=False))  # HTML in RSS, like items'
    data: bytes = fg.rss_str(pretty=True)
    return data


def atom(channel: Channel) -> bytes:
    data: bytes = _generator(channel, "atom.xml", "application/atom+xml").atom_str(pretty=True)
    return data


def json_feed(channel: Channel) -> bytes:
    """JSON Feed 1.1; keys in a fixed order, so the bytes depend on the content only. Not
    indented: json's C encoder serves only unindented output, several times as fast."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.url("feed.json"),
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.author}],
        "items": [_item(e) for e in channel.entries],
    }
    return (json.dumps(feed, ensure_ascii=False) + "\n").encode("utf-8")


def _item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.url}
    if entry.related:
        item["external_url"] = entry.related
    item |= {
        "title": entry.title,
        "summary": entry.summary,
        "content_html": entry.html,
        "date_published": entry.published.isoformat(),
        "date_modified": entry.updated.isoformat(),
    }
    if entry.categories:
        item["tags"] = list(entry.categories)
    return item


WRITERS: dict[str, Callable[[Channel], bytes]] = {
    "feed.xml": rss,
    "atom.xml": atom,
    "feed.json": json_feed,
}


def feed_files(channels: Channels, listing: Listing) -> dict[str, bytes]:
    """A listing's feed in every format (its channel made once for the three)."""
    channel = channels.channel(listing)
    return {listing.path + name: WRITERS[name](channel) for name, _mime, _label in FORMATS}
