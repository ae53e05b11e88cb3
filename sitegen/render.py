"""Rendering: the site model and a theme in, {output path: bytes} out. No disk writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import jinja2
from markupsafe import Markup

from sitegen import parallel
from sitegen.content import PERIODS, Page, Posting
from sitegen.markdown import render_html
from sitegen.pagination import pages_of
from sitegen.parallel import Deferred, forks, stream
from sitegen.progress import SILENT, Progress
from sitegen.search import search_data
from sitegen.site import ARRANGEMENT_NAMES, Edition, Site, Term, edition_title, posting_path
from sitegen.sitemap import sitemap
from sitegen.theme import Assets
from sitegen.views import EMPLOYMENT_NAMES, Link, PostingView, Views, long_date

if TYPE_CHECKING:
    from sitegen.fingerprint import PageMemo

Outputs = dict[str, bytes]
R = TypeVar("R")


class Writer(Protocol):
    """Where rendered files go: claim(name) in this process, then write(name, data) from
    whichever process rendered it (the build's staging folder)."""

    def claim(self, name: str) -> None: ...

    def write(self, name: str, data: bytes) -> None: ...


class TemplateFailure(Exception):
    """A template error with the theme file and line where it happened, found in the process
    that rendered: a worker's traceback does not reach the building process, so a template
    error raised there would otherwise lose its line."""

    def __init__(self, where: str, line: int | None, message: str) -> None:
        super().__init__(where, line, message)
        self.where, self.line, self.message = where, line, message


def locate(exc: jinja2.TemplateError) -> TemplateFailure:
    """The template file and line of a template error (its innermost template frame)."""
    where, line = "themes", None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where, line = exc.filename, exc.lineno
    else:
        where, line = _template_frame(exc) or (where, line)
    return TemplateFailure(where, line, exc.message or type(exc).__name__)


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in exc's traceback (Jinja rewrites a rendering
    error's traceback so that its frames show the template's own lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _located(job: Callable[[], R]) -> R:
    try:
        return job()
    except jinja2.TemplateError as exc:
        raise locate(exc) from None
    except Exception as exc:
        # raised by Python a template called (url(3), cached(m, [a list])): the template
        # line that made the call, rather than an internal error
        frame = _template_frame(exc)
        if frame is None:
            raise
        raise TemplateFailure(*frame, f"{type(exc).__name__}: {exc}") from None


def _render_to(writer: Writer, name: str, job: Callable[[], bytes]) -> None:
    writer.write(name, _located(job))


def run_jobs(
    jobs: Sequence[tuple[str, Callable[[], bytes]]],
    workers: int,
    writer: Writer | None,
    out: Outputs,
    progress: Progress = SILENT,
) -> None:
    """Make every (name, job): written by the worker that rendered it when there is a
    writer (nothing travels back), else gathered into out."""
    if writer is None:

        def keep(index: int, data: bytes) -> None:
            out[jobs[index][0]] = data
            progress.advance()

        stream([partial(_located, job) for _name, job in jobs], workers, keep)
        return
    for name, _job in jobs:
        writer.claim(name)
    stream(
        [partial(_render_to, writer, name, job) for name, job in jobs],
        workers,
        lambda _index, _none: progress.advance(),
        share=True,
    )


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
class TermInfo:
    """What a term's listing page, and the index of all tags or companies, know of a term:
    not the term's postings, which a listing page lists (its own share of them) through
    `postings`. So the page's cache key covers its 20 postings, not every posting of the
    term: one edit re-renders one page, not all 100 pages of a large tag."""

    kind: str
    name: str
    slug: str
    path: str
    total: int  # published postings ever, open or closed
    open: int  # open postings now


def _info(term: Term) -> TermInfo:
    return TermInfo(term.kind, term.name, term.slug, term.path, term.total, len(term.postings))


@dataclass(frozen=True)
class SiteContext:
    title: str
    description: str
    base_url: str
    language: str
    nav: tuple[Link, ...]
    build_date: dt.date
    feeds: tuple[FeedLink, ...] = field(default=())

    def current(self, path: str) -> str | None:
        """The page's path if the site's navigation links to it (that link is then marked
        as the current page), else None: what the site's header varies by."""
        return path if any(link.path == path for link in self.nav) else None


@dataclass(frozen=True)
class EditionLink:
    """The edition before or after, as an edition page links to it: without its postings,
    so that an edited posting re-renders its own edition's page and not its neighbours'."""

    week: str
    path: str
    title: str
    start: dt.date
    end: dt.date


def output_file(path: str) -> str:
    """Site-relative page path -> file in the output: 'jobs/x/' -> 'jobs/x/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


class Renderer:
    """Renders every page of a site with one Jinja2 environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        assets: Assets,
        feeds: Mapping[str, tuple[FeedLink, ...]] | None = None,
        memo: PageMemo | None = None,
        workers: int = 1,
        writer: Writer | None = None,
        progress: Progress = SILENT,
        words: dict[str, str] | None = None,
    ) -> None:
        """With a writer, rendered pages go to it as they are made; the outputs returned by
        render_all then hold only the files made after (sitemap, robots)."""
        self.writer = writer
        self.progress = progress
        # a posting body -> its search words, where already known: emptied once the search
        # data is made, before the page workers are forked (10 MB at 10,000 postings)
        self.words = words
        self.site = site
        self.memo = memo
        self.workers = workers
        self.pending: list[tuple[str, Callable[[], bytes]]] = []
        self.made: set[str] = set()
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
        base_path = config.base_path  # a URL split: once, not at each of a page's links
        env.globals.update(
            site=self.context,
            url=lambda path: base_path + path,
            abs_url=lambda path: config.base_url + path,
            asset=lambda name: base_path + assets.path(name),
        )
        env.filters["long_date"] = long_date
        env.globals["row"] = self.row
        env.globals["cached"] = self.cached
        self.fragments: dict[tuple[Hashable, ...], Markup] = {}
        self.views = Views(site)
        self.rows: dict[tuple[str, int], Markup] = {}
        self._row: Callable[[PostingView, int], str] | None = None

    def row(self, view: PostingView, level: int = 2) -> Markup:
        """The theme's posting_row macro for view: made once per build (per worker), as a
        posting appears on many listings (home, tags, company, arrangement, edition)."""
        key = (view.id, level)
        made = self.rows.get(key)
        if made is None:
            if self._row is None:
                module = self.env.get_template("_macros.html").module
                self._row = module.posting_row  # type: ignore[attr-defined]
            made = self.rows[key] = Markup(self._row(view, level))
        return made

    def cached(self, macro: Callable[..., str], *variants: Hashable) -> Markup:
        """macro(*variants), rendered once per build (and worker) for each distinct set of
        variants, like Hugo's partialCached: for the parts of the page frame that are the
        same on thousands of pages (the header, the footer, the feed links): 10 to 15% of a
        posting page's time. The macro may use its arguments and the site-wide globals
        only, which are the same for every page of a build."""
        key = (macro, *variants)
        made = self.fragments.get(key)
        if made is None:
            made = self.fragments[key] = Markup(macro(*variants))
        return made

    def page(self, template: str, meta: Meta, **context: Any) -> bytes:
        return self.env.get_template(template).render(meta=meta, **context).encode("utf-8")

    def emit(
        self,
        out: Outputs,
        path: str,
        template: str,
        meta: Meta,
        inputs: Any,
        context: Callable[[], dict[str, Any]],
    ) -> None:
        """Render the page at path, unless the memo finds it unchanged since the last build.

        inputs is everything the context is made from; context() makes it only when needed.
        """
        name = output_file(path)
        if self.memo is not None and self.memo.reuse(name, template, (meta, inputs)):
            return
        self.pending.append((name, partial(self._render, template, meta, context)))

    def _render(self, template: str, meta: Meta, context: Callable[[], dict[str, Any]]) -> bytes:
        return self.page(template, meta, **context())

    def flush(self, out: Outputs) -> None:
        """Render the pages emitted so far (over several cores when there are many)."""
        self.made.update(name for name, _job in self.pending)
        self.progress.stage("pages and feeds", len(self.pending))
        run_jobs(self.pending, self.workers, self.writer, out, self.progress)
        self.pending.clear()

    def viewed(self, postings: Sequence[Posting]) -> list[PostingView]:
        return [self.views[p.id] for p in postings]

    def listing(
        self,
        out: Outputs,
        base: str,
        title: str,
        description: str,
        postings: Sequence[Posting],
        heading: str | None = None,
        **extra: Any,
    ) -> None:
        feeds, subscribe = self.page_feeds(base), self.feeds.get(base, ())
        # what every page of the listing is made from, besides its number and its postings
        # (its pagination is made from the base, the number and the count): fingerprinted
        # once per listing, not once per page
        shared = (base, title, description, heading, feeds, subscribe, sorted(extra.items()))
        memo, template = self.memo, "listing.html"
        prefix = memo.listing_prefix(template, shared) if memo is not None else None
        for pagination, items in pages_of(postings, self.site.config.page_size, base):
            number, count = pagination.number, pagination.count
            path = pagination.pages[number - 1].path
            name = output_file(path)
            inputs = (shared, number, count, items)
            if memo is not None and memo.reuse_listing_page(name, template, prefix, inputs):
                continue
            suffix = f" (page {number})" if number > 1 else ""
            meta = Meta(title + suffix, description, path, feeds=feeds)
            context = {
                "heading": heading or title,
                "postings": items,
                "pagination": pagination,
                "subscribe": subscribe,
                **extra,
            }
            made = partial(self._listing_context, context, items)
            self.pending.append((name, partial(self._render, template, meta, made)))

    def _listing_context(self, context: dict[str, Any], items: Sequence[Posting]) -> dict[str, Any]:
        return {**context, "postings": self.viewed(items)}

    def page_feeds(self, listing: str) -> tuple[FeedLink, ...]:
        """For autodiscovery: the listing's own feeds first, then the site's."""
        own, everywhere = self.feeds.get(listing, ()), self.context.feeds
        return own + everywhere if listing else everywhere

    def render_all(self, more: Sequence[tuple[str, Callable[[], bytes]]] = ()) -> Outputs:
        """Every page; more (the feeds) is made in the same pass over the cores: one pool of
        forked workers, forked while this process is smallest."""
        site, out = self.site, Outputs()
        search = self._search()
        try:
            self._render_all(out, more, search)
        finally:
            if search is not None:
                search.cancel()
        names = set(out) | self.made | (self.memo.reused if self.memo else set())
        out["sitemap.xml"] = sitemap(site.config.base_url, names, site)
        out["robots.txt"] = (
            f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}sitemap.xml\n"
        ).encode()
        out[".nojekyll"] = b""
        return out

    def _render_all(
        self,
        out: Outputs,
        more: Sequence[tuple[str, Callable[[], bytes]]],
        search: Deferred[tuple[Outputs, bytes | None]] | None,
    ) -> None:
        site = self.site
        self.listing(
            out,
            "",
            site.config.title,
            site.config.description,
            site.open,
            heading="Latest postings",
        )
        for posting in site.postings:
            self._posting(out, posting)
        for group, index, title in (
            (site.tags, "tags/", "Tags"),
            (site.companies, "companies/", "Companies"),
        ):
            self._terms(out, group, index, title)
        for term in (*site.arrangements, *site.regions):
            self._term(out, term)
        self._editions(out)
        for page in site.pages:
            self.emit(
                out,
                f"{page.slug}/",
                "page.html",
                Meta(page.title, page.description, f"{page.slug}/"),
                page,
                partial(_page_context, page),
            )
        if site.config.repository:
            context = {
                "repository": site.config.repository,
                "arrangements": ARRANGEMENT_NAMES,
                "employment_types": EMPLOYMENT_NAMES,
                "periods": PERIODS,
            }
            self.emit(
                out,
                "submit/",
                "submit.html",
                Meta(
                    "Suggest a posting",
                    "Write a posting in your browser and propose it on "
                    "GitHub; no account on this site, no server.",
                    "submit/",
                ),
                context,
                lambda: context,
            )
        self.emit(
            out,
            "404.html",
            "404.html",
            Meta("Page not found", "", "404.html", noindex=True),
            (),
            dict,
        )
        self.pending.extend(more)
        if search is not None and forks(len(self.pending), self.workers):
            self._take_search(search, out)  # first: one forked child at a time (memory)
            search = None
        if self.words is not None and (search is None or search.forked):
            self.words.clear()  # needed no more here: 10 MB less in each page worker
        self.flush(out)
        if search is not None:
            self._take_search(search, out)

    def _search(self) -> Deferred[tuple[Outputs, bytes | None]] | None:
        """The search page and its data, made from the open postings and reused as one
        group; unless reused, started now in a forked child, to be made while the pages'
        keys are found and the pages rendered (half a second at 10,000 postings)."""
        key = None
        if self.memo is not None:
            inputs = (self.site.open, self.site.arrangements)
            key = self.memo.key("search/", "search.html", inputs)
            if key is not None and self.memo.reuse_group("search/", key):
                return None
        pays = len(self.site.open) >= parallel.MIN_PARALLEL
        workers = self.workers if pays else 1
        return Deferred(partial(_located, partial(self._search_files, key)), workers)

    def _take_search(self, search: Deferred[tuple[Outputs, bytes | None]], out: Outputs) -> None:
        files, key = search.get()
        out.update(files)
        if self.memo is not None and key is not None:
            self.memo.keys.update(dict.fromkeys(files, key))

    def _search_files(self, key: bytes | None) -> tuple[Outputs, bytes | None]:
        data = search_data(self.site, self.views, self.words)
        choices = {  # filter name -> (value, label) of each option
            "arrangement": [(t.slug, t.name) for t in self.site.arrangements],
            "region": list(data.regions),
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
        return {**data.files, output_file("search/"): page}, key

    def _posting(self, out: Outputs, posting: Posting) -> None:
        name = output_file(posting_path(posting))
        memo, is_open = self.memo, self.site.is_open(posting)
        # decided before making the view: reuse costs a hash
        if memo is not None and memo.reuse_posting(name, "posting.html", posting, is_open):
            return
        self.pending.append((name, partial(self._posting_page, posting)))

    def _posting_page(self, posting: Posting) -> bytes:
        view = self.views.once(posting.id)
        meta = Meta(
            f"{view.title} at {view.posting.company.name}",
            view.summary,
            view.path,
            noindex=not view.is_open or view.is_draft,
            og_type="article",
        )
        return self.page("posting.html", meta, posting=view)

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
            term.postings,
            term=_info(term),
        )

    def _terms(self, out: Outputs, terms: Sequence[Term], index: str, title: str) -> None:
        # names, paths and counts: an edited posting re-renders the index only when a count
        # changes, and its key costs no look-up per posting of every term
        infos = tuple(_info(term) for term in terms)
        self.emit(
            out,
            index,
            "terms.html",
            Meta(title, f"All {title.lower()}.", index),
            (title, infos),
            lambda: {"heading": title, "terms": infos},
        )
        for term in terms:
            self._term(out, term)

    def _editions(self, out: Outputs) -> None:
        editions = self.site.editions
        context = {"editions": editions, "subscribe": self.feeds.get("editions/", ())}
        meta = Meta(
            "Editions",
            "Every weekly edition of the digest.",
            "editions/",
            feeds=self.page_feeds("editions/"),
        )
        self.emit(out, "editions/", "editions.html", meta, context, lambda: context)
        links = [EditionLink(e.week, e.path, edition_title(e), e.start, e.end) for e in editions]
        for index, edition in enumerate(editions):
            newer = links[index - 1] if index > 0 else None
            older = links[index + 1] if index + 1 < len(editions) else None
            self._edition(out, edition, newer, older)

    def _edition(
        self,
        out: Outputs,
        edition: Edition,
        newer: EditionLink | None,
        older: EditionLink | None,
    ) -> None:
        title = edition_title(edition)
        description = (
            f"{len(edition.postings)} postings from the week of {long_date(edition.start)}."
        )
        self.emit(
            out,
            edition.path,
            "edition.html",
            Meta(title, description, edition.path),
            (edition, newer, older),
            lambda: {
                "edition": edition,
                "heading": title,
                "note": Markup(render_html(edition.note.body)) if edition.note else None,
                "newer": newer,
                "older": older,
                "postings": self.viewed(edition.postings),
            },
        )


def _page_context(page: Page) -> dict[str, Any]:
    return {"page": page, "html": Markup(render_html(page.body))}
