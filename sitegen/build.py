"""The build recipe, top to bottom: config, content, site model, render, write."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.config import SiteConfig, load_config
from sitegen.content import Content
from sitegen.errors import BuildError, SourceError
from sitegen.feedformats import render_feeds
from sitegen.feeds import feed_links
from sitegen.load import load_content
from sitegen.render import Outputs, Renderer
from sitegen.site import Site, build_site
from sitegen.theme import collect_assets, environment, resolve_theme
from sitegen.write import write_site


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    open: int
    closed: int
    drafts: int
    seconds: float


def build_date(config: SiteConfig, given: dt.date | None = None) -> dt.date:
    """The build day: --date, else SOURCE_DATE_EPOCH, else today in the site's zone."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), config.tz).date()
        except (ValueError, OverflowError):
            raise BuildError(
                [SourceError("SOURCE_DATE_EPOCH", None, None, "must be a whole number of seconds")]
            ) from None
    return dt.datetime.now(config.tz).date()


def load(
    root: Path, base_url: str | None = None, only: Collection[str] | None = None
) -> tuple[SiteConfig, Content]:
    config = load_config(root)
    if base_url:
        config = config.with_base_url(base_url)
    return config, load_content(root, config.tz, only)


def render_site(root: Path, site: Site) -> Outputs:
    theme = resolve_theme(root, site.config.theme)
    assets = collect_assets(theme)
    try:
        renderer = Renderer(site, environment(theme), assets, feed_links(site))
        outputs = renderer.render_all()
    except jinja2.TemplateError as exc:
        raise BuildError([template_error(exc, root)]) from None
    outputs.update(render_feeds(site, renderer.views))
    outputs.update(assets.files)
    return outputs


def template_error(exc: jinja2.TemplateError, root: Path) -> SourceError:
    """Locate a template error in the theme file and line where it happened."""
    where, line = "themes", None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where, line = exc.filename, exc.lineno
    else:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt")):
                where, line = name, tb.tb_lineno
            tb = tb.tb_next
    path = Path(where)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else where
    message = exc.message or type(exc).__name__
    return SourceError(shown, line, None, f"template error: {message}")


def build(
    root: Path,
    out: Path,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    today: dt.date | None = None,
) -> BuildReport:
    started = time.perf_counter()
    config, content = load(root, base_url)
    site = build_site(config, content, build_date(config, today), drafts)
    outputs = render_site(root, site)
    write_site(outputs, out, root)
    return BuildReport(
        pages=sum(1 for name in outputs if name.endswith(".html")),
        files=len(outputs),
        open=len(site.open),
        closed=len(site.postings) - len(site.open),
        drafts=sum(1 for p in content.postings if p.draft),
        seconds=time.perf_counter() - started,
    )


def check(root: Path, only: Collection[str] | None = None) -> Content:
    """Validate config, content and templates without writing anything."""
    config, content = load(root, only=only)
    if only is None:
        site = build_site(config, content, build_date(config), drafts=True)
        render_site(root, site)  # template errors surface here, nothing is written
    return content
