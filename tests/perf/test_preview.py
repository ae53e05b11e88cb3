"""The preview server's site equals a clean build, after any sequence of saves.

Each example makes a small project, opens it in the preview, then applies random edits (a
posting's body or front matter, a new posting, a deletion, a rename, a site template that
calls the `row()` global without importing `_macros.html`, an edit of `_macros.html` itself,
sitegen.toml, a static file). After each edit the preview takes in the changed paths as the
file watcher reports them, and every file it serves must equal, byte for byte, the file a
clean `sitegen build` of the same files writes; it serves no file the build lacks.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import build
from sitegen.commands.serve import Preview
from tests.conftest import CONFIG, REPO, posting_text

TODAY = dt.date(2026, 11, 22)
BASE_URL = "http://127.0.0.1:9/digest/"
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
LISTING = """{% extends "base.html" %}
{% block main %}<h1>{{ heading }}</h1>
{% for p in postings %}{{ row(p, 2) }}{% endfor %}
{% endblock %}
"""


@dataclass(frozen=True)
class Edit:
    kind: str
    index: int
    text: str


EDITS = st.builds(
    Edit,
    st.sampled_from(
        ["body", "title", "add", "delete", "rename", "listing", "macros", "config", "static"]
    ),
    st.integers(min_value=0, max_value=5),
    WORDS,
)


def make_project(root: Path) -> None:
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    postings = root / "content" / "postings"
    postings.mkdir(parents=True)
    for i in range(3):
        write_posting(postings / f"job-{i}.md", i, f"Role {i}", f"First text {i}.")


def write_posting(path: Path, number: int, title: str, body: str) -> None:
    ident = str(uuid.UUID(int=number + 1, version=4))
    path.write_text(
        posting_text(path.stem, id=ident, title=title, company=f"Co {number % 2}", body=body),
        encoding="utf-8",
    )


def apply(root: Path, edit: Edit, counter: list[int]) -> set[str]:
    """Make the edit on disk; the paths a file watcher would report."""
    postings = sorted((root / "content" / "postings").glob("*.md"))
    target = postings[edit.index % len(postings)] if postings else None
    changed: list[Path] = []
    if edit.kind in ("body", "title") and target is not None:
        text = target.read_text(encoding="utf-8")
        if edit.kind == "body":
            text += f"\n{edit.text}\n"
        else:
            text = text.replace("title: ", f"title: {edit.text} ", 1)
        target.write_text(text, encoding="utf-8")
        changed = [target]
    elif edit.kind == "add":
        counter[0] += 1
        path = root / "content" / "postings" / f"new-{counter[0]}.md"
        write_posting(path, 100 + counter[0], edit.text.title(), f"About {edit.text}.")
        changed = [path]
    elif edit.kind == "delete" and target is not None and len(postings) > 1:
        target.unlink()
        changed = [target]
    elif edit.kind == "rename" and target is not None:
        counter[0] += 1
        moved = target.with_name(f"moved-{counter[0]}.md")
        target.rename(moved)
        changed = [target, moved]
    elif edit.kind == "listing":
        path = root / "templates" / "listing.html"
        path.parent.mkdir(exist_ok=True)
        path.write_text(LISTING.replace("<h1>", f"<h1 title='{edit.text}'>"), encoding="utf-8")
        changed = [path]
    elif edit.kind == "macros":
        path = root / "themes" / "default" / "templates" / "_macros.html"
        text = path.read_text(encoding="utf-8")
        marker = "{% macro posting_row(p, level=2) %}"
        path.write_text(text.replace(marker, f"{marker}<!-- {edit.text} -->", 1), "utf-8")
        changed = [path]
    elif edit.kind == "config":
        path = root / "sitegen.toml"
        path.write_text(CONFIG.replace("Test Digest", edit.text.title()), encoding="utf-8")
        changed = [path]
    elif edit.kind == "static":
        path = root / "themes" / "default" / "static" / "note.txt"
        path.write_text(edit.text, encoding="utf-8")
        changed = [path]
    return {str(path) for path in changed}


def built(root: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, base_url=BASE_URL, today=TODAY, workers=1)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    files.pop(".sitegen-output")
    return files


def assert_same_site(preview: Preview, root: Path, out: Path) -> None:
    assert preview.error is None, preview.error
    expected = built(root, out)
    assert preview.model is not None
    served = {name for name in preview.model.jobs if not name.endswith("/")}
    assert served <= set(expected), served - set(expected)
    for name, data in sorted(expected.items()):
        assert preview.file(name) == data, name


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(EDITS, min_size=1, max_size=6))
def test_every_page_served_after_any_saves_equals_a_clean_build(edits: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, out = Path(folder) / "project", Path(folder) / "output"
        make_project(root)
        preview = Preview(root, BASE_URL, today=TODAY)
        assert_same_site(preview, root, out)
        counter = [0]
        for edit in edits:
            changed = apply(root, edit, counter)
            preview.refresh(changed)
            assert_same_site(preview, root, out)


def test_the_stale_macro_case_of_the_old_engine(tmp_path: Path) -> None:
    """The case the old cache got wrong: a site template calls the row() global without
    importing _macros.html; after an edit of _macros.html the home page must show it."""
    root, out = tmp_path / "project", tmp_path / "output"
    make_project(root)
    counter = [0]
    preview = Preview(root, BASE_URL, today=TODAY)
    preview.refresh(apply(root, Edit("listing", 0, "x"), counter))
    assert_same_site(preview, root, out)
    preview.file("index.html")  # rendered once, then kept until the next save
    preview.refresh(apply(root, Edit("macros", 0, "edited macro"), counter))
    assert b"<!-- edited macro -->" in (preview.file("index.html") or b"")
    assert_same_site(preview, root, out)
