"""An edition as a newsletter: its HTML (CSS inlined for mail clients) and its plain text.

The theme's `email/edition.html` and `email/edition.txt` templates make the two parts from
the same read-only context, so that a site can restyle its mail as it restyles its pages
(a site's `templates/email/...` override the theme's). The HTML part's stylesheet is inlined
into style attributes by css-inline; only the rules that cannot be inlined (the dark-mode
media query) stay in a <style> element. Every link is absolute: a mail has no page address
to resolve a relative one against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import css_inline
import jinja2
from markupsafe import Markup

from sitegen.content.names import counted
from sitegen.errors import BuildError
from sitegen.render.feeds import FORMATS, feed_links
from sitegen.render.feedtext import absolute_html
from sitegen.render.jobs import locate
from sitegen.render.markdown import render_html
from sitegen.render.plaintext import clean, markdown_text, wrap
from sitegen.render.theme import environment, resolve_theme
from sitegen.render.views import PostingView, Views, long_date
from sitegen.site.model import Edition, Site, edition_title
from sitegen.site.urls import absolute

HTML_TEMPLATE = "email/edition.html"
TEXT_TEMPLATE = "email/edition.txt"
PREHEADER_LENGTH = 140  # what mail clients show beside the subject, at most


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute


@dataclass(frozen=True)
class Newsletter:
    subject: str
    html: str  # a whole document, CSS inlined
    text: str  # wrapped at 72 columns


@dataclass(frozen=True)
class Letter:
    """What the email templates see."""

    site_title: str
    site_url: str
    language: str
    subject: str
    heading: str
    preheader: str
    edition: Edition
    url: str  # the web edition
    dates: str  # "16 November 2026 to 22 November 2026"
    note_html: Markup | None
    note_text: str | None
    postings: tuple[PostingView, ...]
    editions_url: str
    feeds: tuple[Link, ...]  # the site's feeds, then the editions feeds
    subscribe_url: str | None

    def abs_url(self, path: str) -> str:
        return absolute(self.site_url, path)


def _feeds(site: Site) -> tuple[Link, ...]:
    links = feed_links(site)
    labels = {mime: label for _name, mime, label in FORMATS}
    site_feeds = [Link(labels[f.type], absolute(site.config.base_url, f.path)) for f in links[""]]
    editions = [
        Link(f"Editions ({labels[f.type]})", absolute(site.config.base_url, f.path))
        for f in links["editions/"]
    ]
    return tuple(site_feeds + editions)


def _preheader(edition: Edition, postings: tuple[PostingView, ...], note: str | None) -> str:
    """The line a mail client shows after the subject: the note's start, else the count."""
    count = len(postings)
    text = note or (
        f"{counted(count, 'posting')} from the week of {long_date(edition.start)}"
        + (": " + ", ".join(f"{p.title} at {p.company.text}" for p in postings[:3]))
        * bool(postings)
    )
    text = " ".join(clean(text).split())
    if len(text) > PREHEADER_LENGTH:
        text = text[:PREHEADER_LENGTH].rsplit(" ", 1)[0] + "…"
    return text


def letter(site: Site, edition: Edition) -> Letter:
    """The context of an edition's email, from the site model and the posting views."""
    config = site.config
    url = absolute(config.base_url, edition.path)
    views = Views(site, {})
    postings = tuple(views[p.id] for p in edition.postings)
    note = edition.note
    base_path = config.base_path
    note_text = (
        markdown_text(note.body, url, base_path=base_path) if note and note.body.strip() else None
    )
    heading = edition_title(edition)
    return Letter(
        site_title=config.title,
        site_url=config.base_url,
        language=config.language,
        subject=" ".join(clean(f"{heading} · {config.title}").split()),
        heading=heading,
        preheader=_preheader(edition, postings, note_text),
        edition=edition,
        url=url,
        dates=f"{long_date(edition.start)} to {long_date(edition.end)}",
        note_html=Markup(absolute_html(render_html(note.body, base_path), url))
        if note and note_text
        else None,
        note_text=note_text,
        postings=postings,
        editions_url=absolute(config.base_url, "editions/"),
        feeds=_feeds(site),
        subscribe_url=config.subscribe_url,
    )


def inline_css(html: str) -> str:
    """The document with its <style> rules moved into style attributes; at-rules (the
    dark-mode media query) stay in a <style> element. Nothing is fetched."""
    return css_inline.inline(
        html, keep_at_rules=True, load_remote_stylesheets=False, minify_css=True
    )


def _environment(root: Path, theme: str) -> jinja2.Environment:
    env = environment(resolve_theme(root, theme))
    env.filters["long_date"] = long_date
    env.filters["wrap"] = wrap
    env.filters["clean"] = clean
    return env


def newsletter(root: Path, site: Site, edition: Edition) -> Newsletter:
    """An edition's two parts, from the site's theme. Raises BuildError, located in the
    template, for a template that fails."""
    context = letter(site, edition)
    env = _environment(root, site.config.theme)
    try:
        html = env.get_template(HTML_TEMPLATE).render(letter=context)
        text = env.get_template(TEXT_TEMPLATE).render(letter=context)
    except jinja2.TemplateError as exc:
        raise BuildError([locate(exc).error(root)]) from None
    return Newsletter(context.subject, inline_css(html), text)
