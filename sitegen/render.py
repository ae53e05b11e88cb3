"""Rendering: the site model and a theme in, {output path: bytes} out. No disk writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from markupsafe import Markup

from sitegen.content import PERIODS
from sitegen.markdown import render_html
from sitegen.search import search_data
from sitegen.site import ARRANGEMENT_NAMES, Edition, Site, Term
from sitegen.theme import Assets
from sitegen.views import EMPLOYMENT_NAMES, Link, PostingView, long_date, posting_view

Outputs = dict[str, bytes]


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str  # MIME type
    path: str  # site-relative


@dataclass(frozen=True)
class Meta:
    """The head of a page: title, description, canonical path, robots and feeds."""

    title: str
    description: str
    path: str  # site-relative, "" for the home page
    noindex: bool = False
    og_type: str = "website"
    feeds: tuple[FeedLink, ...] = ()


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    prev: str | None
    next: str | None
    pages: tuple[Link, ...]


@dataclass(frozen=True)
class SiteContext:
    title: str
    description: str
    base_url: str
    language: str
    nav: tuple[Link, ...]
    build_date: dt.date
    feeds: tuple[FeedLink, ...] = field(default=())


def output_file(path: str) -> str:
    """Site-relative page path -> file in the output: 'jobs/x/' -> 'jobs/x/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def pages_of(
    items: Sequence[Any], size: int, base: str
) -> Iterator[tuple[Pagination, Sequence[Any]]]:
    """Split a listing into pages at base, base/page/2/, ...; an empty listing has one page."""
    count = max(1, -(-len(items) // size))
    paths = [base] + [f"{base}page/{n}/" for n in range(2, count + 1)]
    links = tuple(Link(str(n), p) for n, p in enumerate(paths, start=1))
    for index in range(count):
        yield (
            Pagination(
                index + 1,
                count,
                paths[index - 1] if index else None,
                paths[index + 1] if index + 1 < count else None,
                links,
            ),
            items[index * size : (index + 1) * size],
        )


class Renderer:
    """Renders every page of a site with one Jinja2 environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        assets: Assets,
        feeds: Mapping[str, tuple[FeedLink, ...]] | None = None,
    ) -> None:
        self.site = site
        self.env = env
        self.feeds = dict(feeds or {})  # listing path -> its own feeds; "" the site's
        config = site.config
        nav = [
            Link("Latest", ""),
            Link("Remote", "remote/"),
            Link("Editions", "editions/"),
            Link("Tags", "tags/"),
            Link("Companies", "companies/"),
            Link("Search", "search/"),
        ]
        nav += [Link(p.title, f"{p.slug}/") for p in site.pages]
        if config.repository:
            nav.append(Link("Submit", "submit/"))
        self.context = SiteContext(
            config.title,
            config.description,
            config.base_url,
            config.language,
            tuple(nav),
            site.today,
            self.feeds.get("", ()),
        )
        env.globals.update(
            site=self.context,
            url=lambda path: config.base_path + path,
            abs_url=lambda path: config.base_url + path,
            asset=lambda name: config.base_path + assets.path(name),
        )
        env.filters["long_date"] = long_date
        self.views = {p.id: posting_view(p, site) for p in site.postings}

    def page(self, template: str, meta: Meta, **context: Any) -> bytes:
        return self.env.get_template(template).render(meta=meta, **context).encode("utf-8")

    def listing(
        self,
        out: Outputs,
        base: str,
        title: str,
        description: str,
        postings: Sequence[PostingView],
        heading: str | None = None,
        **extra: Any,
    ) -> None:
        for pagination, items in pages_of(postings, self.site.config.page_size, base):
            path = pagination.pages[pagination.number - 1].path
            suffix = f" (page {pagination.number})" if pagination.number > 1 else ""
            meta = Meta(title + suffix, description, path, feeds=self.page_feeds(base))
            out[output_file(path)] = self.page(
                "listing.html",
                meta,
                heading=heading or title,
                postings=items,
                pagination=pagination,
                subscribe=self.feeds.get(base, ()),
                **extra,
            )

    def page_feeds(self, listing: str) -> tuple[FeedLink, ...]:
        """For autodiscovery: the listing's own feeds first, then the site's."""
        own, everywhere = self.feeds.get(listing, ()), self.context.feeds
        return own + everywhere if listing else everywhere

    def render_all(self) -> Outputs:
        site, out = self.site, Outputs()
        views = self.views
        open_views = [views[p.id] for p in site.open]
        self.listing(
            out,
            "",
            site.config.title,
            site.config.description,
            open_views,
            heading="Latest postings",
        )
        for view in views.values():
            meta = Meta(
                f"{view.title} at {view.posting.company.name}",
                view.summary,
                view.path,
                noindex=not view.is_open or view.is_draft,
                og_type="article",
            )
            out[output_file(view.path)] = self.page("posting.html", meta, posting=view)
        for group, index, title in (
            (site.tags, "tags/", "Tags"),
            (site.companies, "companies/", "Companies"),
        ):
            self._terms(out, group, index, title)
        for term in (*site.arrangements, *site.regions):
            self._term(out, term)
        self._editions(out)
        self._search(out)
        for page in site.pages:
            path = f"{page.slug}/"
            out[output_file(path)] = self.page(
                "page.html",
                Meta(page.title, page.description, path),
                page=page,
                html=Markup(render_html(page.body)),
            )
        if site.config.repository:
            out[output_file("submit/")] = self.page(
                "submit.html",
                Meta(
                    "Suggest a posting",
                    "Write a posting in your browser and propose it on "
                    "GitHub; no account on this site, no server.",
                    "submit/",
                ),
                repository=site.config.repository,
                arrangements=ARRANGEMENT_NAMES,
                employment_types=EMPLOYMENT_NAMES,
                periods=PERIODS,
            )
        out["404.html"] = self.page(
            "404.html", Meta("Page not found", "", "404.html", noindex=True)
        )
        out["sitemap.xml"] = sitemap(site.config.base_url, out, views.values())
        out["robots.txt"] = (
            f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}sitemap.xml\n"
        ).encode()
        out[".nojekyll"] = b""
        return out

    def _search(self, out: Outputs) -> None:
        data = search_data(self.site, self.views)
        out.update(data.files)
        choices = {  # filter name -> (value, label) of each option
            "arrangement": [(t.slug, t.name) for t in self.site.arrangements],
            "region": list(data.regions),
            "tag": [(t, t) for t in data.tags],
            "type": list(EMPLOYMENT_NAMES.items()),
        }
        out[output_file("search/")] = self.page(
            "search.html",
            Meta("Search postings", "Search and filter every open posting.", "search/"),
            search=data,
            choices=choices,
            arrangements=self.site.arrangements,
        )

    def _term(self, out: Outputs, term: Term) -> None:
        noun = {
            "tag": "Postings tagged",
            "company": "Postings at",
            "arrangement": "Postings:",
            "region": "Remote postings open to applicants in",
        }[term.kind]
        title = f"{noun} {term.name}"
        self.listing(
            out,
            term.path,
            title,
            f"{len(term.postings)} open postings. {title}.",
            [self.views[p.id] for p in term.postings],
            term=term,
        )

    def _terms(self, out: Outputs, terms: Sequence[Term], index: str, title: str) -> None:
        out[output_file(index)] = self.page(
            "terms.html", Meta(title, f"All {title.lower()}.", index), heading=title, terms=terms
        )
        for term in terms:
            self._term(out, term)

    def _editions(self, out: Outputs) -> None:
        editions = self.site.editions
        out[output_file("editions/")] = self.page(
            "editions.html",
            Meta(
                "Editions",
                "Every weekly edition of the digest.",
                "editions/",
                feeds=self.page_feeds("editions/"),
            ),
            editions=editions,
            subscribe=self.feeds.get("editions/", ()),
        )
        for index, edition in enumerate(editions):
            newer = editions[index - 1] if index > 0 else None
            older = editions[index + 1] if index + 1 < len(editions) else None
            out[output_file(edition.path)] = self._edition(edition, newer, older)

    def _edition(self, edition: Edition, newer: Edition | None, older: Edition | None) -> bytes:
        title = (
            edition.note.title if edition.note and edition.note.title else f"Edition {edition.week}"
        )
        description = (
            f"{len(edition.postings)} postings from the week of {long_date(edition.start)}."
        )
        note = Markup(render_html(edition.note.body)) if edition.note else None
        return self.page(
            "edition.html",
            Meta(title, description, edition.path),
            edition=edition,
            heading=title,
            note=note,
            newer=newer,
            older=older,
            postings=[self.views[p.id] for p in edition.postings],
        )


def sitemap(base_url: str, out: Outputs, views: Any) -> bytes:
    """Every indexable HTML page; postings carry their last change date."""
    lastmod = {
        v.path: (v.posting.updated or v.posting.posted).date().isoformat()
        for v in views
        if v.is_open
    }
    closed = {v.path for v in views if not v.is_open}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for name in sorted(out):
        if not name.endswith("index.html"):
            continue
        path = name.removesuffix("index.html")
        if path in closed:
            continue
        entry = f"<url><loc>{escape(base_url + path)}</loc>"
        if path in lastmod:
            entry += f"<lastmod>{lastmod[path]}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()
