"""The build recipe, top to bottom: config, content, Markdown, site model, render, write.

Every build is a clean build. Parsing and Markdown run over the cores in one process pool,
the pages and feeds in another (a plain map each: values in, values out); this process
writes what comes back into a staging folder that replaces the output at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from sitegen.config import SiteConfig, load_config
from sitegen.content.load import (
    Parsed,
    SourceFile,
    assemble,
    find_sources,
    load_content,
    read_source,
)
from sitegen.content.model import Content, Posting
from sitegen.errors import BuildError, SourceError
from sitegen.output import staged
from sitegen.parallel import default_workers, parallel_map
from sitegen.progress import SILENT, Progress
from sitegen.render.description import Description, describe
from sitegen.render.jobs import Job, Outputs, TemplateFailure, run_job
from sitegen.render.pages import site_jobs
from sitegen.site.model import Site, build_site

T = TypeVar("T")


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
        except (ValueError, OverflowError, OSError):
            raise BuildError(
                [SourceError("SOURCE_DATE_EPOCH", None, None, "must be a whole number of seconds")]
            ) from None
    return dt.datetime.now(config.tz).date()


def site_config(
    root: Path, base_url: str | None = None, repository: str | None = None
) -> SiteConfig:
    """sitegen.toml, with what the command line overrides."""
    config = load_config(root)
    if base_url:
        config = config.with_base_url(base_url)
    if repository:
        config = config.with_repository(repository)
    return config


def read_file(file: SourceFile, tz: ZoneInfo, base_path: str) -> tuple[Parsed, Description | None]:
    """Read and parse one content file; for a posting, render its description too (in the
    same worker: the parsed posting and its description travel back together), for a site
    under base_path."""
    parsed = read_source(file, tz)
    return parsed, describe(parsed.body, base_path) if isinstance(parsed, Posting) else None


def descriptions(
    postings: Sequence[Posting], base_path: str, workers: int = 1
) -> dict[str, Description]:
    """Posting id -> its description for a site under base_path, over the cores."""
    made = parallel_map(partial(describe, base_path=base_path), [p.body for p in postings], workers)
    return {p.id: description for p, description in zip(postings, made, strict=True)}


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    for item in items:
        yield item
        progress.advance()


def render_jobs(root: Path, jobs: list[Job], workers: int) -> Iterator[Outputs]:
    """Every job's files, in the order of the jobs, made over the cores."""
    try:
        yield from parallel_map(run_job, jobs, workers)
    except TemplateFailure as failure:
        raise BuildError([failure.error(root)]) from None


def build(
    root: Path,
    out: Path,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    repository: str | None = None,
    today: dt.date | None = None,
    workers: int | None = None,
    progress: Progress = SILENT,
) -> BuildReport:
    """Build the whole site into out, replacing it only once every file is written."""
    started = time.perf_counter()
    root, workers = root.absolute(), workers or default_workers()
    config = site_config(root, base_url, repository)
    day = build_date(config, today)
    files, errors = find_sources(root)
    progress.stage("content files", len(files))
    reader = partial(read_file, tz=config.tz, base_path=config.base_path)
    read = list(counted(parallel_map(reader, files, workers), progress))
    content = assemble((parsed for parsed, _description in read), errors, today=day)
    site = build_site(config, content, day, drafts)
    described = {parsed.id: made for parsed, made in read if isinstance(parsed, Posting) and made}
    jobs = site_jobs(root, site, described)
    progress.stage("pages and feeds", len(jobs))
    with staged(out, root) as staging:
        for outputs in counted(render_jobs(root, jobs, workers), progress):
            for name, data in outputs.items():
                staging.write(name, data)
    progress.close()
    return _report(content, site, staging.names.values(), time.perf_counter() - started)


def _report(content: Content, site: Site, names: Collection[str], seconds: float) -> BuildReport:
    return BuildReport(
        pages=sum(1 for name in names if name.endswith(".html")),
        files=len(names) - 1,  # not the output folder's marker
        open=len(site.open),
        closed=len(site.postings) - len(site.open),
        drafts=sum(1 for p in content.postings if p.draft),
        seconds=seconds,
    )


def load(
    root: Path,
    base_url: str | None = None,
    only: Collection[str] | None = None,
    today: dt.date | None = None,
) -> tuple[SiteConfig, Content]:
    """The config and the content, read in this process. With the build day ``today``,
    postings dated after it are refused."""
    config = site_config(root, base_url)
    return config, load_content(root, config.tz, only, today=today)


def render_site(root: Path, site: Site, workers: int = 1) -> Outputs:
    """Every output of the site, in memory."""
    jobs = site_jobs(root, site, descriptions(site.postings, site.config.base_path, workers))
    outputs: Outputs = {}
    for made in render_jobs(root, jobs, workers):
        outputs.update(made)
    return outputs


def check(root: Path, only: Collection[str] | None = None, today: dt.date | None = None) -> Content:
    """Validate config, content and templates without writing anything, for the build day
    (``today``, else as build_date finds it)."""
    config = site_config(root)
    day = build_date(config, today)
    content = load_content(root, config.tz, only, today=day)
    site = build_site(config, content, day, drafts=True)  # names that would share a page
    if only is None:  # template errors surface when every page is rendered
        render_site(root, site)
    return content
