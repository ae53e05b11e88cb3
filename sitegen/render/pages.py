"""Rendering: the site model and a theme in, {output path: bytes} out. No disk writes.

Every output of a site is a Job: the names of the files it makes and a call that makes
them. `sitegen build` runs every job (over the cores); `sitegen serve` runs the one job
that makes the file a browser asks for. Both make each file the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen.content.model import Page, Posting
from sitegen.content.names import counted
from sitegen.content.pay import PERIODS
from sitegen.content.schema import PATH as SCHEMA_PATH
from sitegen.content.schema import schema_file
from sitegen.errors import BuildError
from sitegen.render.description import Description
from sitegen.render.feedformats import feed_files
from sitegen.render.feeds import Channels, FeedLink, feed_links, feed_names
from sitegen.render.jobs import Job, Outputs, locate
from sitegen.render.markdown import render_html
from sitegen.render.redirects import Redirect, redirects
from sitegen.render.search import search_data
from sitegen.render.sitemap import sitemap
from sitegen.render.theme import collect_assets, environment, resolve_theme
from sitegen.render.views import (
    EMPLOYMENT_NAMES,
    OFFSETS,
    Link,
    PostingView,
    Views,
    long_date,
    offset_text,
)
from sitegen.site.model import ARRANGEMENT_NAMES, Edition, Site, Term, edition_title, term_title
from sitegen.site.pagination import pages_of
from sitegen.site.urls import absolute, output_file, posting_path


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
class SiteContext:
    title: str
    description: str
    base_url: str
    language: str
    nav: tuple[Link, ...]  # the header's few primary destinations
    more: tuple[Link, ...]  # the other destinations, in the footer
    build_date: dt.date
    feeds: tuple[FeedLink, ...] = field(default=())
    subscribe_url: str | None = None  # "Get the digest by email", when the config names it

    def current(self, path: str) -> str | None:
        """The page's path if the site's navigation (header or footer) links to it (that link
        is then marked as the current page), else None: what the page frame varies by."""
        return path if any(link.path == path for link in self.nav + self.more) else None


class Renderer:
    """Renders the pages of one site with one Jinja2 environment: made anew for every
    build, and by the preview server for every change, so nothing outlives its site."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        asset_path: Callable[[str], str],
        descriptions: Mapping[str, Description],
    ) -> None:
        self.site = site
        self.env = env
        self.views = Views(site, descriptions)
        self.feeds = feed_links(site)  # listing path -> its own feeds; "" the site's
        config = site.config
        nav = [Link("Latest", ""), Link("Remote", "remote/"), Link("Search", "search/"),
               Link("Editions", "editions/")]  # fmt: skip
        if config.repository:
            nav.append(Link("Post a job", "submit/"))
        more = [Link("Tags", "tags/"), Link("Companies", "companies/")]
        more += [Link(p.title, f"{p.slug}/") for p in site.pages]
        self.context = SiteContext(
            config.title,
            config.description,
            config.base_url,
            config.language,
            tuple(nav),
            tuple(more),
            site.today,
            self.feeds.get("", ()),
            config.subscribe_url,
        )
        base_path = config.base_path
        env.globals.update(
            site=self.context,
            url=lambda path: base_path + path,
            abs_url=lambda path: absolute(config.base_url, path),
            asset=lambda name: base_path + asset_path(name),
            asset_url=lambda name: absolute(config.base_url, asset_path(name)),  # for og:image
            row=self.row,
            cached=self.cached,
        )
        env.filters["long_date"] = long_date
        env.filters["counted"] = counted
        self.fragments: dict[tuple[Hashable, ...], Markup] = {}
        self.rows: dict[tuple[str, int], Markup] = {}

    def row(self, view: PostingView, level: int = 2) -> Markup:
        """The theme's posting_row macro for a posting, made once per build (per worker):
        a posting appears on many listings (home, tags, company, arrangement, edition)."""
        key = (view.id, level)
        made = self.rows.get(key)
        if made is None:
            macro = self.env.get_template("_macros.html").module.posting_row  # type: ignore[attr-defined]
            made = self.rows[key] = Markup(macro(view, level))
        return made

    def cached(self, macro: Callable[..., str], *variants: Hashable) -> Markup:
        """macro(*variants), rendered once per build (and worker) for each distinct set of
        variants, like Hugo's partialCached: for the parts of the page frame that are the
        same on thousands of pages (the header, the footer, the feed links). The macro may
        use its arguments and the site-wide globals only."""
        key = (macro, *variants)
        made = self.fragments.get(key)
        if made is None:
            made = self.fragments[key] = Markup(macro(*variants))
        return made

    def page(self, template: str, meta: Meta, **context: Any) -> bytes:
        return self.env.get_template(template).render(meta=meta, **context).encode("utf-8")

    def _page_job(
        self, path: str, template: str, meta: Meta, context: Callable[[], dict[str, Any]]
    ) -> Job:
        name = output_file(path)
        return Job((name,), partial(_page_file, self, name, template, meta, context))

    def viewed(self, postings: Sequence[Posting]) -> list[PostingView]:
        return [self.views[p.id] for p in postings]

    def page_feeds(self, listing: str) -> tuple[FeedLink, ...]:
        """For autodiscovery: the listing's own feeds first, then the site's."""
        own, everywhere = self.feeds.get(listing, ()), self.context.feeds
        return own + everywhere if listing else everywhere

    def jobs(self) -> list[Job]:
        """Every output of the site but the static files and the sitemap."""
        site = self.site
        jobs = self.listing("", site.config.title, site.config.description, site.open,
                            heading="Latest postings")  # fmt: skip
        jobs += [self._posting(posting) for posting in site.postings]
        jobs += self._terms(site.tags, "tags/", "Tags")
        jobs += self._terms(site.companies, "companies/", "Companies")
        for term in (*site.arrangements, *site.regions):
            jobs += self._term(term)
        jobs += self._editions()
        for page in site.pages:
            meta = Meta(page.title, page.description, f"{page.slug}/")
            context = partial(_page_context, page, site.config.base_path)
            jobs.append(self._page_job(f"{page.slug}/", "page.html", meta, context))
        if site.config.repository:
            jobs.append(self._submit())
        meta = Meta("Page not found", "", "404.html", noindex=True)
        jobs.append(self._page_job("404.html", "404.html", meta, dict))
        jobs.append(Job(("search/index.html", "search/"), self._search_files))
        channels = Channels(site, self.views)
        jobs += [
            Job(feed_names(listing.path), partial(feed_files, channels, listing))
            for listing in channels.listed()
        ]
        return jobs

    def listing(
        self,
        base: str,
        title: str,
        description: str,
        postings: Sequence[Posting],
        heading: str | None = None,
        **extra: Any,
    ) -> list[Job]:
        feeds, subscribe = self.page_feeds(base), self.feeds.get(base, ())
        jobs = []
        for pagination, items in pages_of(postings, self.site.config.page_size, base):
            number = pagination.number
            path = pagination.pages[number - 1].path
            suffix = f" (page {number})" if number > 1 else ""
            meta = Meta(title + suffix, description, path, feeds=feeds)
            context = partial(
                self._listing_context,
                {"heading": heading or title, "pagination": pagination,
                 "subscribe": subscribe, **extra},
                items,
            )  # fmt: skip
            jobs.append(self._page_job(path, "listing.html", meta, context))
        return jobs

    def _listing_context(self, context: dict[str, Any], items: Sequence[Posting]) -> dict[str, Any]:
        return {**context, "postings": self.viewed(items)}

    def _posting(self, posting: Posting) -> Job:
        name = output_file(posting_path(posting))
        return Job((name,), partial(_posting_file, self, name, posting))

    def _posting_page(self, posting: Posting) -> bytes:
        view = self.views[posting.id]
        meta = Meta(
            f"{view.title} at {view.posting.company.name}",
            view.summary,
            view.path,
            noindex=not view.is_open or view.is_draft,
            og_type="article",
        )
        return self.page("posting.html", meta, posting=view)

    def redirect(self, moved: Redirect) -> Job:
        """The page at an old address of a posting, sending readers on to its page."""
        view = self.views[moved.posting.id]
        title = f"{view.title} at {view.posting.company.name}"
        meta = Meta(f"Moved: {title}", "", view.path, noindex=True)
        context = {"target": view.path, "title": title}
        return self._page_job(moved.path, "redirect.html", meta, lambda: context)

    def _term(self, term: Term) -> list[Job]:
        title = term_title(term)
        description = f"{counted(len(term.postings), 'open posting')}. {title}."
        return self.listing(term.path, title, description, term.postings, term=term)

    def _terms(self, terms: Sequence[Term], index: str, title: str) -> list[Job]:
        meta = Meta(title, f"All {title.lower()}.", index)
        jobs = [self._page_job(index, "terms.html", meta,
                               lambda: {"heading": title, "terms": terms})]  # fmt: skip
        for term in terms:
            jobs += self._term(term)
        return jobs

    def _editions(self) -> list[Job]:
        editions = self.site.editions
        context = {"editions": editions, "subscribe": self.feeds.get("editions/", ())}
        meta = Meta(
            "Editions",
            "Every weekly edition of the digest.",
            "editions/",
            feeds=self.page_feeds("editions/"),
        )
        jobs = [self._page_job("editions/", "editions.html", meta, lambda: context)]
        for index, edition in enumerate(editions):
            newer = editions[index - 1] if index > 0 else None
            older = editions[index + 1] if index + 1 < len(editions) else None
            jobs.append(self._edition(edition, newer, older))
        return jobs

    def _edition(self, edition: Edition, newer: Edition | None, older: Edition | None) -> Job:
        title = edition_title(edition)
        note = edition.note
        base_path = self.site.config.base_path
        so_far = "" if edition.complete else " so far"
        description = (
            f"{counted(len(edition.postings), 'posting')}{so_far} from the week of "
            f"{long_date(edition.start)}."
        )
        if not edition.complete:
            title += " (this week so far)"
        return self._page_job(
            edition.path,
            "edition.html",
            Meta(title, description, edition.path),
            lambda: {
                "edition": edition,
                "heading": title,
                "note": Markup(render_html(note.body, base_path)) if note else None,
                "newer": newer,
                "older": older,
                "postings": self.viewed(edition.postings),
            },
        )

    def _submit(self) -> Job:
        context = {
            "repository": self.site.config.repository,
            "arrangements": ARRANGEMENT_NAMES,
            "employment_types": EMPLOYMENT_NAMES,
            "periods": PERIODS,
        }
        meta = Meta(
            "Suggest a posting",
            "Write a posting in your browser and propose it on GitHub; no account on this "
            "site, no server.",
            "submit/",
        )
        return self._page_job("submit/", "submit.html", meta, lambda: context)

    def _search_files(self) -> Outputs:
        data = search_data(self.site, self.views)
        choices = {  # filter name -> (value, label) of each option
            "arrangement": [(t.slug, t.name) for t in self.site.arrangements],
            "region": list(data.areas),
            "tz": [(str(minutes), offset_text(minutes)) for minutes in OFFSETS],
            "tag": [(t, t) for t in data.tags],
            "type": list(EMPLOYMENT_NAMES.items()),
        }
        page = self.page(
            "search.html",
            Meta("Search postings", "Search and filter every open posting.", "search/"),
            search=data,
            choices=choices,
            arrangements=self.site.arrangements,
        )
        return {**data.files, output_file("search/"): page}


def _page_file(
    renderer: Renderer,
    name: str,
    template: str,
    meta: Meta,
    context: Callable[[], dict[str, Any]],
) -> Outputs:
    return {name: renderer.page(template, meta, **context())}


def _posting_file(renderer: Renderer, name: str, posting: Posting) -> Outputs:
    # functions, not methods or closures: fewer objects for each of 14,000 jobs, which the
    # preview makes again on every save
    return {name: renderer._posting_page(posting)}


def _page_context(page: Page, base_path: str) -> dict[str, Any]:
    return {"page": page, "html": Markup(render_html(page.body, base_path))}


def site_jobs(root: Path, site: Site, descriptions: Mapping[str, Description]) -> list[Job]:
    """Every output of the site: its pages, feeds, search data, static files, sitemap,
    robots.txt and .nojekyll. Raises BuildError for a theme that cannot be read."""
    theme = resolve_theme(root, site.config.theme)
    assets = collect_assets(theme)
    try:
        renderer = Renderer(site, environment(theme), assets.path, descriptions)
        jobs = renderer.jobs()
    except jinja2.TemplateError as exc:
        raise BuildError([locate(exc).error(root)]) from None
    jobs += [Job((name,), partial(dict, [(name, data)])) for name, data in assets.files]
    schema_url = absolute(site.config.base_url, SCHEMA_PATH)
    jobs.append(Job((SCHEMA_PATH,), partial(schema_file, schema_url)))
    names = [name for job in jobs for name in job.names if not name.endswith("/")]
    base_url = site.config.base_url
    jobs.append(Job(("sitemap.xml",), lambda: {"sitemap.xml": sitemap(base_url, names, site)}))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {absolute(base_url, 'sitemap.xml')}\n".encode()
    jobs.append(Job(("robots.txt",), partial(dict, [("robots.txt", robots)])))
    jobs.append(Job((".nojekyll",), partial(dict, [(".nojekyll", b"")])))
    # after the sitemap took its names: an old address is in no listing, feed or sitemap
    jobs += map(renderer.redirect, redirects(site, [name for job in jobs for name in job.names]))
    return jobs
