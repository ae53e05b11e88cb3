"""Cached, parallel and clean builds give the same bytes; an edit re-renders what depends on it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.build import BuildReport, build, load
from sitegen.write import MARKER
from tests.perf.conftest import Tree

DAY = dt.date(2026, 11, 20)


def run(root: Path, out: Path, **kwargs: object) -> BuildReport:
    return build(root, out, today=DAY, **kwargs)  # type: ignore[arg-type]


def clean_tree(root: Path, tmp_path: Path, read_tree: Tree) -> dict[str, bytes]:
    out = tmp_path / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    run(root, out, cache=False, workers=1)
    return read_tree(out)


def test_cached_parallel_and_clean_builds_are_identical(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = clean_tree(project, tmp_path, read_tree)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    out = project / "output"
    first = run(project, out, workers=2)
    assert first.reused == 0 and first.rendered > 0
    assert read_tree(out) == clean
    assert list((project / ".sitegen-cache").glob("templates-*/*"))  # compiled, kept
    again = run(project, out, workers=2)
    assert (again.rendered, again.written) == (0, False)
    assert again.reused == first.rendered
    assert read_tree(out) == clean
    shutil.rmtree(out)  # the cache alone (no previous output) still gives the same site
    third = run(project, out)
    assert third.reused == 0
    assert read_tree(out) == clean


def edit_and_compare(
    project: Path, tmp_path: Path, read_tree: Tree, path: str, old: str, new: str
) -> tuple[BuildReport, set[str]]:
    """Build, make the edit, build again: the report, and the files whose bytes changed."""
    out = project / "output"
    run(project, out)
    before = read_tree(out)
    file = project / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))
    report = run(project, out)
    after = read_tree(out)
    assert after == clean_tree(project, tmp_path, read_tree)
    changed = {n for n in after.keys() | before.keys() if after.get(n) != before.get(n)}
    always = {n for n in changed if n == "sitemap.xml" or n.startswith("search/")}
    assert changed - always <= set(report.changed)  # the sitemap is made every build
    return report, changed


def test_an_edited_posting_re_renders_only_what_shows_it(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    posting = sorted((project / "content" / "postings").glob("*.md"))[-1]
    title = re.search(r"^title: (.+)$", posting.read_text(), re.M)
    assert title
    report, _changed = edit_and_compare(
        project,
        tmp_path,
        read_tree,
        posting.relative_to(project).as_posix(),
        f"title: {title.group(1)}",
        f"title: {title.group(1)} (edited)",
    )
    slug = posting.stem
    assert f"jobs/{slug}/index.html" in report.changed
    pages = [n for n in report.changed if not n.startswith("search/")]  # search: one group
    assert len(pages) < 60
    assert report.reused > 10 * len(pages)
    assert not any(n.startswith("jobs/") and slug not in n for n in report.changed)
    # its own edition's page, not the neighbours' that link to that edition
    editions = [n for n in report.changed if re.fullmatch(r"editions/[^/]+/index\.html", n)]
    assert len(editions) == 1


def test_a_posting_template_edit_re_renders_the_posting_pages_only(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    template = "themes/default/templates/posting.html"
    text = (project / template).read_text()
    report, _changed = edit_and_compare(
        project, tmp_path, read_tree, template, text[-1], text[-1] + "<!-- edited -->"
    )
    jobs = {n for n in read_tree(project / "output") if n.startswith("jobs/")}
    assert set(report.changed) == jobs


def test_a_base_template_or_config_edit_re_renders_everything(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    text = (project / "themes/default/templates/base.html").read_text()
    report, _ = edit_and_compare(
        project, tmp_path, read_tree, "themes/default/templates/base.html", "</html>", "</html>\n"
    )
    pages = {n for n in read_tree(project / "output") if n.endswith(".html")}
    assert pages <= set(report.changed)  # the feeds use no template: they are reused
    feeds = set(report.changed) ^ pages
    assert all(
        n.endswith(("feed.xml", "atom.xml", "feed.json")) or n.startswith("search/") for n in feeds
    )
    assert text
    report, _ = edit_and_compare(
        project, tmp_path, read_tree, "sitegen.toml", 'title = "', 'title = "New '
    )
    assert report.reused == 0


def test_a_cached_frame_macro_edit_re_renders_every_page_and_shows_on_each(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """base.html renders the header, footer and feed links through cached(): each once per
    build, yet an edit of them reaches every page (as a dependency of base.html)."""
    chrome = "themes/default/templates/_chrome.html"
    report, _ = edit_and_compare(
        project, tmp_path, read_tree, chrome, "No cookies, no tracking.", "No cookies at all."
    )
    after = read_tree(project / "output")
    pages = {n for n in after if n.endswith(".html")}
    assert pages <= set(report.changed)
    assert all(b"No cookies at all." in after[n] for n in pages)


def test_the_cache_is_ignored_when_unreadable(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    out = project / "output"
    run(project, out)
    (project / ".sitegen-cache" / "cache.sqlite").write_bytes(b"not a database" * 100)
    report = run(project, out)
    assert report.reused == 0
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)


def test_a_cache_file_of_an_older_layout_is_emptied_and_made_again(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    import sqlite3

    from sitegen.cache import SCHEMA

    folder = project / ".sitegen-cache"
    folder.mkdir()
    with contextlib.closing(sqlite3.connect(folder / "cache.sqlite")) as db, db:
        db.execute(  # the layout of sitegen 0.1's first caches
            "CREATE TABLE kv (ns TEXT, key BLOB, value BLOB, PRIMARY KEY (ns, key)) WITHOUT ROWID"
        )
        db.execute("INSERT INTO kv VALUES ('parse', x'00', x'00')")
    out = project / "output"
    first = run(project, out)
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
    with contextlib.closing(sqlite3.connect(folder / "cache.sqlite")) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
        assert db.execute("SELECT count(*) FROM kv WHERE key = x'00'").fetchone()[0] == 0
    again = run(project, out)  # and the new layout serves the next build
    assert (again.rendered, again.reused) == (0, first.rendered)


def test_the_tags_and_companies_indexes_are_re_rendered_only_when_a_count_changes(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """The indexes show each term's name and open count: a reworded open posting leaves
    them be; a tag added to it changes that tag's count, and the tags index with it."""
    _config, content = load(project)
    found = next(p for p in content.postings if p.is_open(DAY) and not p.draft and p.tags)
    path = found.source
    assert "tags: [" in (project / path).read_text()
    report, _changed = edit_and_compare(
        project, tmp_path, read_tree, path, "\n## ", "\nOne more sentence.\n\n## "
    )
    assert f"jobs/{found.slug}/index.html" in report.changed
    assert "tags/index.html" not in report.changed
    assert "companies/index.html" not in report.changed

    report, changed = edit_and_compare(
        project, tmp_path, read_tree, path, "tags: [", "tags: [a-new-tag, "
    )
    assert "tags/index.html" in changed
    assert "companies/index.html" not in report.changed


def rebuild_with_entries_changed(
    project: Path, tmp_path: Path, read_tree: Tree, ns: str, change: Callable[[bytes], bytes]
) -> None:
    """Build, rewrite every cache entry of ns with change, delete the output and build
    again: the site is still exactly a clean build's (in worker processes too)."""
    from sitegen.cache import Cache

    clean = clean_tree(project, tmp_path, read_tree)
    out = project / "output"
    run(project, out)
    store = Cache.for_project(project)
    entries = store.table(ns)
    assert entries
    for key, entry in entries.items():
        store.put(ns, key, change(entry))
    store.save()
    store.close()
    shutil.rmtree(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PARALLEL", 1)
        run(project, out, workers=2)
    assert read_tree(out) == clean


def test_cache_entries_of_another_shape_are_parsed_again(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    def older(entry: bytes) -> bytes:  # as an older sitegen stored them: words in a tuple
        value, words, _key = pickle.loads(entry)
        return pickle.dumps((value, tuple(words.split()) if words else words), protocol=5)

    rebuild_with_entries_changed(project, tmp_path, read_tree, "parse", older)


def test_damaged_renderings_in_the_cache_are_rendered_again(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """Pages read a posting's rendered Markdown from the cache, in the process that renders
    them: an entry that cannot be read is rendered afresh."""
    rebuild_with_entries_changed(
        project, tmp_path, read_tree, "md", lambda _entry: b"not a rendering"
    )


def test_rebuilds_bring_the_kept_spare_site_up_to_date(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """Each rebuild after the first updates the site before last in place of a new copy:
    through edits, a removed posting and a new one, the output stays a clean build's, and
    the files it did not need to touch are the very files of the previous output."""
    out = project / "output"
    spare = project / ".output.spare"
    postings = sorted((project / "content" / "postings").glob("*.md"))
    run(project, out)
    # a first build has no older site to keep: it makes the next build's spare by links
    made = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    linked = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*") if p.is_file()}
    assert linked == {name: inode for name, inode in made.items() if name.name != MARKER}
    for step, change in enumerate(["edit", "remove", "add", "edit"]):
        if change == "edit":
            postings[step].write_text(postings[step].read_text() + f"\nEdit {step}.\n")
        elif change == "remove":
            postings[1].unlink()
        else:
            text = postings[1 + step].read_text()
            new = re.sub(r"^id: .*$", "id: 9d4c3b62-8f0e-4b5a-9c1d-2e3f4a5b6c7d", text, flags=re.M)
            (postings[0].parent / "a-brand-new-posting.md").write_text(new)
        before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
        report = run(project, out)
        assert spare.is_dir()
        assert read_tree(out) == clean_tree(project, tmp_path, read_tree), change
        kept = [p for p in out.rglob("*") if p.is_file() and before.get(p) == p.stat().st_ino]
        assert len(kept) >= report.reused - 1  # unchanged files are linked, not rewritten
    assert not list(project.glob(".output.staging-*"))


def _linked_copy(out: Path, spare: Path) -> bool:
    """Whether spare holds exactly out's files (but its marker), as hard links."""
    made = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    linked = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*") if p.is_file()}
    return linked == {name: inode for name, inode in made.items() if name.name != MARKER}


def test_a_build_that_rewrote_most_files_leaves_a_fresh_spare_not_its_old_output(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build that rewrote most files (a new site title), its old output would make
    a spare whose every file the next build replaces: a copy of the new output by links
    is made instead, and the next build brings that up to date."""
    from sitegen import write

    adopted: list[bool] = []
    adopt = write.Staged._adopt_spare

    def adopting(staged: write.Staged, staging: Path) -> bool:
        taken = adopt(staged, staging)
        if taken:
            adopted.append(taken)
        return taken

    monkeypatch.setattr(write.Staged, "_adopt_spare", adopting)
    out, spare = project / "output", project / ".output.spare"
    posting = sorted((project / "content" / "postings").glob("*.md"))[0]
    config = project / "sitegen.toml"
    run(project, out)
    posting.write_text(posting.read_text() + "\nFirst edit.\n")
    run(project, out)
    assert adopted == [True] and not _linked_copy(out, spare)  # the first build's site
    config.write_text(re.sub(r'^title = ".*"', 'title = "Renamed"', config.read_text(), flags=re.M))
    rewrote = run(project, out)
    assert rewrote.reused == 0  # every page and feed
    assert _linked_copy(out, spare)
    posting.write_text(posting.read_text() + "\nSecond edit.\n")
    report = run(project, out)
    assert adopted == [True, True, True] and report.reused > report.rendered
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
    assert not list(project.glob(".output.staging-*"))


def test_a_stale_spare_is_not_brought_up_to_date_but_replaced(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spare whose files are mostly not the output's (an older site) is discarded and a
    fresh copy linked instead: its files would all be replaced one by one."""
    from sitegen import write

    adopted: list[bool] = []
    adopt = write.Staged._adopt_spare

    def adopting(staged: write.Staged, staging: Path) -> bool:
        adopted.append(adopt(staged, staging))
        return adopted[-1]

    monkeypatch.setattr(write.Staged, "_adopt_spare", adopting)
    out, spare = project / "output", project / ".output.spare"
    run(project, out)
    shutil.rmtree(spare)
    shutil.copytree(out, spare)  # the same bytes, but none of them the output's files
    posting = sorted((project / "content" / "postings").glob("*.md"))[0]
    posting.write_text(posting.read_text() + "\nEdited.\n")
    report = run(project, out)
    assert adopted == [False, False]  # none at the first build; the copy discarded
    assert report.reused > report.rendered
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
    # the old output (sharing all but the edited files) is the next spare
    inodes = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    shared = [
        p
        for p in spare.rglob("*")
        if p.is_file() and inodes.get(p.relative_to(spare)) == p.stat().st_ino
    ]
    assert len(shared) >= report.reused


def test_the_spare_is_made_in_the_background_and_used_once_made(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without SITEGEN_SYNC_DELETE, a first build returns before its spare is made: a
    detached process links it, and moves it into place whole."""
    monkeypatch.delenv("SITEGEN_SYNC_DELETE")
    out, spare = project / "output", project / ".output.spare"
    run(project, out)
    for _ in range(200):
        if spare.is_dir():
            break
        time.sleep(0.05)
    assert _linked_copy(out, spare)
    assert not (project / ".output.spare-new").exists()
    posting = sorted((project / "content" / "postings").glob("*.md"))[0]
    posting.write_text(posting.read_text() + "\nEdited.\n")
    before = {p.relative_to(spare) for p in spare.rglob("*") if p.is_file()}
    run(project, out)
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
    # the spare was adopted: the old output is the spare now, not a copy of the new one
    assert {p.relative_to(spare) for p in spare.rglob("*") if p.is_file()} == before | {
        Path(MARKER)
    }


def test_the_cache_keeps_one_parse_entry_per_source_file(project: Path) -> None:
    from sitegen.cache import Cache

    out = project / "output"
    posting = sorted((project / "content" / "postings").glob("*.md"))[0]
    sources = [p for p in (project / "content").rglob("*.md")]
    for step in range(3):  # each edit makes a new entry for that file; the old one goes
        posting.write_text(posting.read_text() + f"\nEdit {step}.\n")
        run(project, out)
        store = Cache.for_project(project)
        assert len(store.table("parse")) == len(sources)
        bodies = {p.body for p in load(project)[1].postings if not p.draft}
        assert len(store.table("md")) == len(bodies)  # one rendering per published body
        store.close()


def test_a_spare_of_another_shape_still_gives_exactly_the_new_site(
    project: Path, tmp_path: Path, read_tree: Tree
) -> None:
    """Whatever the kept spare holds (a file where a folder goes, a folder where a file
    goes, stray files, a link), the next build's output is exactly the site."""
    out = project / "output"
    run(project, out)
    spare = project / ".output.spare"
    shutil.rmtree(spare, ignore_errors=True)
    (spare / "jobs").mkdir(parents=True)
    (spare / "tags").write_text("a file where a folder goes")
    (spare / "index.html").mkdir()
    (spare / "jobs" / "stray.html").write_text("not in the site")
    (spare / "robots.txt").symlink_to("/etc/hostname")
    posting = sorted((project / "content" / "postings").glob("*.md"))[0]
    posting.write_text(posting.read_text() + "\nEdited.\n")
    run(project, out)
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
    assert not (out / "robots.txt").is_symlink()


def test_renderings_read_from_the_cache_are_kept_only_for_a_while(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process keeps the last few renderings it read (a posting is in several feeds),
    never all of them."""
    from sitegen.cache import Cache, MarkdownStore

    run(project, project / "output")
    bodies = [p.body for p in load(project)[1].postings if not p.draft]
    cache = Cache.for_project(project)
    cache.close()
    assert cache.path is not None
    store = MarkdownStore(cache.path)
    monkeypatch.setattr(MarkdownStore, "RECENT", 3)
    found = [store(body) for body in bodies]
    assert all(found) and len(store._recent) == 3
    assert list(store._recent) == bodies[-3:]
    assert store(bodies[-1]) is found[-1]  # kept: the very object read before
    store.close()


def test_the_cache_serves_the_same_project_named_from_another_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--root .` and the project's full path are one project: no input is read again."""
    from sitegen import scan

    hour_ago = time.time() - 3600
    for path in project.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))  # not modified just before being recorded
    monkeypatch.chdir(project)
    run(Path("."), Path("output"))
    read: list[bytes] = []
    monkeypatch.setattr(scan, "content_hash", lambda data: read.append(data) or b"")
    again = run(project, project / "output")
    assert (again.rendered, again.written) == (0, False)
    assert read == []


def test_a_rebuild_knows_from_the_survey_which_old_files_exist(
    project: Path, tmp_path: Path, read_tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files the spare shares with the output are reused without a stat of each; a file
    deleted from the output by hand is not among them, and is made again."""
    from sitegen import fingerprint

    out = project / "output"
    postings = sorted((project / "content" / "postings").glob("*.md"))
    run(project, out)
    postings[0].write_text(postings[0].read_text() + "\nEdited.\n")
    run(project, out)
    checked: list[str] = []
    real = os.path.isfile

    def isfile(path: str) -> bool:
        checked.append(path)
        return real(path)

    monkeypatch.setattr(fingerprint.os.path, "isfile", isfile)
    deleted = out / "about" / "index.html"
    deleted.unlink()
    postings[1].write_text(postings[1].read_text() + "\nEdited.\n")
    report = run(project, out, workers=2)
    assert report.reused > 1000 and len(checked) < report.reused // 10
    assert f"{out}/about/index.html" in checked
    assert read_tree(out) == clean_tree(project, tmp_path, read_tree)
