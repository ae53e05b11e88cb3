"""The build recipe, top to bottom: config, content, site model, render, write."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import time
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import jinja2

from sitegen import __version__
from sitegen.cache import FOLDER as CACHE_FOLDER
from sitegen.cache import Cache, ParseMemo, digest, ensure_markdown, pickled
from sitegen.config import SiteConfig, load_config
from sitegen.content import Content
from sitegen.errors import BuildError, SourceError
from sitegen.feedformats import feed_jobs
from sitegen.feeds import FORMATS, feed_links
from sitegen.fingerprint import PageMemo, template_hashes
from sitegen.load import Reader, load_content
from sitegen.markdown import memoized
from sitegen.parallel import default_workers, fewer_collections
from sitegen.progress import SILENT, Progress
from sitegen.render import Outputs, Renderer, TemplateFailure, Writer, locate
from sitegen.scan import Hashes
from sitegen.site import Site, build_site
from sitegen.theme import collect_assets, environment, resolve_theme
from sitegen.write import MARKER, Staged


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    open: int
    closed: int
    drafts: int
    seconds: float
    rendered: int = 0  # pages and feeds rendered in this build
    reused: int = 0  # pages and feeds unchanged since the last build, linked from it
    written: bool = True  # False when the output already held exactly this site
    changed: tuple[str, ...] = ()  # the files rendered, sorted


@dataclass
class Previous:
    """What the cache knows of the last build into an output folder: file -> inputs hash."""

    out: Path | None
    keys: dict[str, bytes]


Stamp = tuple[int, int, int]  # the output marker's inode, mtime and device
LastBuild = tuple[bytes, Stamp, BuildReport]


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
    root: Path,
    base_url: str | None = None,
    only: Collection[str] | None = None,
    reader: Reader[object] | None = None,
    repository: str | None = None,
) -> tuple[SiteConfig, Content]:
    config = load_config(root)
    if base_url:
        config = config.with_base_url(base_url)
    if repository:
        config = config.with_repository(repository)
    return config, load_content(root, config.tz, only, reader)


def render_site(root: Path, site: Site) -> Outputs:
    """Every output of the site, rendered in this process, nothing reused."""
    return render_outputs(root, site)[0]


def render_outputs(
    root: Path,
    site: Site,
    previous: Previous | None = None,
    sources: dict[str, bytes] | None = None,
    workers: int = 1,
    writer: Writer | None = None,
    progress: Progress = SILENT,
    words: dict[str, str] | None = None,
    compiled: Path | None = None,
    remembered: dict[bytes, bytes] | None = None,
    present: Container[str] = frozenset(),
) -> tuple[Outputs, PageMemo | None]:
    """Every output; with previous, pages unchanged since then are left out and listed in the
    returned memo's reused set (their keys are in its keys). With a writer, pages and feeds
    are written to it by the process that rendered them, and only the rest is returned."""
    theme = resolve_theme(root, site.config.theme)
    assets = collect_assets(theme)
    env = environment(theme, compiled)
    memo = None
    try:
        renderer = Renderer(
            site,
            env,
            assets,
            feed_links(site),
            workers=workers,
            writer=writer,
            progress=progress,
            words=words,
        )
        if previous is not None:
            site_key = digest(pickled((site.config, site.today, renderer.context, assets.urls)))
            memo = PageMemo(
                site_key,
                template_hashes(env, remembered),
                sources or {},
                previous.keys,
                previous.out,
                present,
            )
            renderer.memo = memo
        outputs = renderer.render_all(feed_jobs(site, renderer.views, _feed_keeper(memo)))
    except (jinja2.TemplateError, TemplateFailure) as exc:
        raise BuildError([template_error(exc, root)]) from None
    progress.close()
    outputs.update(assets.files)
    return outputs, memo


def _feed_keeper(memo: PageMemo | None) -> Callable[[str, Any], bool] | None:
    """Render a feed's three files unless all three are unchanged since the last build."""
    if memo is None:
        return None

    def keep(path: str, inputs: Any) -> bool:
        key = digest(memo.site_key, b"feed", path.encode(), memo.fp(inputs))
        names = [path + name for name, _mime, _label in FORMATS]
        reused = [memo.reuse_key(name, key) for name in names]
        if all(reused):
            return False
        memo.reused.difference_update(names)
        return True

    return keep


def template_error(exc: jinja2.TemplateError | TemplateFailure, root: Path) -> SourceError:
    """Locate a template error in the theme file and line where it happened."""
    failure = exc if isinstance(exc, TemplateFailure) else locate(exc)
    path = Path(failure.where)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else failure.where
    return SourceError(shown, failure.line, None, f"template error: {failure.message}")


def build(
    root: Path,
    out: Path,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    repository: str | None = None,
    today: dt.date | None = None,
    cache: bool = True,
    workers: int | None = None,
    progress: Progress = SILENT,
) -> BuildReport:
    """Build the site into out. With cache, .sitegen-cache/ in root keeps parsed sources,
    rendered Markdown and the inputs of every output, and only what changed is rendered."""
    started = time.perf_counter()
    root = root.absolute()  # the cache records files by path: the same whatever the cwd
    new_cache = cache and not (root / CACHE_FOLDER).exists()
    store = Cache.for_project(root) if cache else Cache(None)
    out = out.absolute()
    try:
        day = build_date(load_config(root), today)
        hashes = Hashes(store.table("files").get(b""))
        whole = digest(
            project_hash(root, hashes), pickled((str(out), base_url, repository, day, drafts))
        )
        last = _last_build(store.table(f"build:{out}").get(b""))
        unchanged = _unchanged_build(last, whole, out)
        if unchanged is not None:
            if hashes.fresh:
                store.put("files", b"", hashes.record())
                store.save()
            return replace(unchanged, seconds=time.perf_counter() - started)
        with fewer_collections():
            report = _build(
                root,
                out,
                store,
                drafts,
                base_url,
                repository,
                day,
                workers or default_workers(),
                progress,
                hashes,
            )
        report = replace(report, seconds=time.perf_counter() - started)
        store.put(f"build:{out}", b"", pickled((whole, _marker_stamp(out), report)))
        store.put("files", b"", hashes.record())
        store.save()
        return report
    except BaseException:
        if new_cache:  # a failed first build leaves the project as it found it
            store.close()
            shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
        raise
    finally:
        store.close()


def _build(
    root: Path,
    out: Path,
    store: Cache,
    drafts: bool,
    base_url: str | None,
    repository: str | None,
    day: dt.date,
    workers: int,
    progress: Progress,
    hashes: Hashes,
) -> BuildReport:
    # entered first: the spare site is surveyed in a child while the sources load
    with Staged(out, root, workers=workers) as staged:
        reader = ParseMemo(store, b"content", workers, progress, hashes)
        config, content = load(root, base_url, reader=reader, repository=repository)
        site = build_site(config, content, day, drafts)
        reader.known.clear()
        bodies = [p.body for p in site.postings]
        known, fetch = ensure_markdown(store, bodies, workers, reader.rendered, reader.markdown)
        reader.rendered.clear()
        store.save()  # stored now, so that the pages' worker processes do not carry it
        previous = _previous(store, out)
        templates = store.table("templates")
        try:
            with memoized(known, fetch):
                outputs, memo = render_outputs(
                    root,
                    site,
                    previous,
                    reader.sources,
                    workers,
                    staged,
                    progress,
                    reader.words,
                    _compiled_templates(root) if store.db is not None else None,
                    templates,
                    staged.present() if previous.out is not None else frozenset(),
                )
        finally:
            if fetch is not None:
                fetch.close()
        for name in sorted(outputs):
            staged.put(name, outputs[name])
        assert memo is not None
        for name in sorted(memo.reused):
            staged.keep(name)
    written = staged.written
    store.put("outputs", str(out).encode(), pickled((_marker_stamp(out), memo.keys)))
    for key, value in templates.items():
        store.put("templates", key, value)
    store.keep_only("templates", templates)
    store.keep_only("parse", reader.sources.values())
    names = set(staged.names.values())
    return BuildReport(
        pages=sum(1 for name in names if name.endswith(".html")),
        files=len(names),
        open=len(site.open),
        closed=len(site.postings) - len(site.open),
        drafts=sum(1 for p in content.postings if p.draft),
        seconds=0.0,
        rendered=len(memo.keys) - len(memo.reused),
        reused=len(memo.reused),
        written=written,
        changed=tuple(sorted(set(memo.keys) - memo.reused)),
    )


def _compiled_templates(root: Path) -> Path:
    """Where compiled templates are kept: named after the versions of sitegen (which sets
    the environment's options) and Jinja, so that neither upgrade reads the other's."""
    return root / CACHE_FOLDER / f"templates-{__version__}-jinja-{jinja2.__version__}"


def _previous(store: Cache, out: Path) -> Previous:
    """The keys of the last build's outputs, if out is still the output they were saved
    with (a build killed after its swap but before saving leaves keys of an older one)."""
    found = store.get_many("outputs", [str(out).encode()]).get(str(out).encode())
    try:
        stamp, keys = pickle.loads(found) if found else (None, None)
    except Exception:
        return Previous(None, {})
    if stamp != _marker_stamp(out) or not isinstance(keys, dict):
        return Previous(None, {})
    return Previous(out, keys)


def project_hash(root: Path, hashes: Hashes | None = None) -> bytes:
    """Every input of a build: the config, content/ and themes/, names and content hashes
    (with hashes, files unchanged since the last build are not read)."""
    hashes = hashes or Hashes()
    parts = [(root / "sitegen.toml").read_bytes()] if (root / "sitegen.toml").is_file() else []
    for top in ("content", "themes"):
        for folder, dirs, files in os.walk(root / top, followlinks=True):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                parts.append(path.encode())
                try:
                    parts.append(hashes.hash(path))
                except OSError:
                    parts.append(b"?")
    return digest(*parts)


def _marker_stamp(out: Path) -> Stamp:
    try:
        st = (out / MARKER).stat()
    except OSError:
        return (0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_dev)


def _last_build(found: bytes | None) -> LastBuild | None:
    """The last build's inputs hash, output marker stamp and report, as stored."""
    try:
        key, stamp, report = pickle.loads(found) if found else (None, None, None)
    except Exception:
        return None
    if not (isinstance(key, bytes) and isinstance(stamp, tuple)):
        return None
    return (key, cast(Stamp, stamp), report) if isinstance(report, BuildReport) else None


def _unchanged_build(last: LastBuild | None, whole: bytes, out: Path) -> BuildReport | None:
    """The report of the last build, if it had exactly these inputs and its output is intact."""
    if last is None:
        return None
    key, stamp, report = last
    if key != whole or stamp != _marker_stamp(out) or stamp == (0, 0, 0):
        return None
    return replace(
        report, rendered=0, reused=report.rendered + report.reused, written=False, changed=()
    )


def check(root: Path, only: Collection[str] | None = None) -> Content:
    """Validate config, content and templates without writing anything."""
    config, content = load(root, only=only)
    if only is None:
        site = build_site(config, content, build_date(config), drafts=True)
        render_site(root, site)  # template errors surface here, nothing is written
    return content
