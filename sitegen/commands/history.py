"""`sitegen check --base REF`: what a change does to the addresses and ids already published.

The postings at the git commit REF (the base branch of a pull request) are compared with the
files in the working tree. A posting's page must stay reachable: at its own path, or at an
alias of the posting that took its place; and a posting's id must never change, or feed
readers show it twice. Git is asked through subprocesses, each bounded in time."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.content.aliases import alias_path
from sitegen.content.limits import MAX_FILE_BYTES
from sitegen.content.load import find_sources
from sitegen.content.source import Located, SourceProblem, decode, split
from sitegen.errors import BuildError, SourceError
from sitegen.files import read_regular
from sitegen.site.urls import slug_path

GIT_SECONDS = 60
POSTINGS = "content/postings"


@dataclass(frozen=True)
class Facts:
    """What the comparison needs of a posting file, read leniently: `check` reports the
    problems of the working tree's files, and a base's files were checked when they merged."""

    source: str  # relative to the project root
    path: str  # its page: "jobs/<slug>/"
    id: str | None  # normalised; None when missing or not a UUID
    id_line: int | None
    draft: bool
    draft_line: int | None
    aliases: tuple[str, ...]  # normalised; what does not pass is left out
    aliases_line: int | None


def facts(data: bytes, source: str) -> Facts | None:
    """A posting file's facts, or None when its front matter cannot be read."""
    try:
        front = split(decode(data, source), source).front_matter
    except (SourceProblem, BuildError):
        return None
    found = front.get("id")
    try:
        id = str(uuid.UUID(str(found.value))) if found is not None else None
    except ValueError:
        id = None
    draft = front.get("draft")
    listed = front.get("aliases")
    items: list[Located] = []
    if listed is not None:
        items = listed.value if isinstance(listed.value, list) else [listed]
    paths = (alias_path(i.value)[0] for i in items if isinstance(i.value, str))
    return Facts(
        source=source,
        path=slug_path(PurePosixPath(source).stem),
        id=id,
        id_line=found.line if found is not None else None,
        draft=draft is not None and draft.value is True,
        draft_line=draft.line if draft is not None else None,
        aliases=tuple(p for p in paths if p),
        aliases_line=listed.line if listed is not None else None,
    )


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, timeout=GIT_SECONDS
        )
    except FileNotFoundError:
        raise _problem("needs git, which is not installed here") from None
    except subprocess.TimeoutExpired:
        raise _problem(f"git did not answer within {GIT_SECONDS} s: try again") from None


def _problem(message: str) -> BuildError:
    return BuildError([SourceError("--base", None, None, message)])


def postings_at(root: Path, ref: str) -> list[Facts]:
    """The posting files of the project at the commit ref, read from git."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise _problem(f"{ref!r} is not a branch, tag or commit name")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise _problem(
            f"{os.path.abspath(root)} is not in a git repository: --base compares with a "
            "commit of its history"
        )
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise _problem(
            f"'{ref}' is not a commit of this repository: name a branch, tag or commit "
            f"(fetch it first, e.g. git fetch origin {ref})"
        )
    folder = prefix.stdout.decode().strip() + POSTINGS
    tree = f"{commit.stdout.decode().strip()}:{folder}"
    if _git(root, "cat-file", "-t", tree).stdout.strip() != b"tree":
        return []  # no postings then
    listing = _git(root, "ls-tree", "--full-tree", "-r", "-z", tree)
    if listing.returncode != 0:
        raise _problem(f"git could not list {folder} at {ref}: {listing.stderr.decode().strip()}")
    files = []  # (object id, path under content/postings)
    for entry in listing.stdout.split(b"\0"):
        head, _, name = entry.partition(b"\t")
        parts = head.split()
        if len(parts) == 3 and parts[1] == b"blob" and name.endswith(b".md"):
            files.append((parts[2].decode(), name.decode("utf-8", "replace")))
    return list(_read_blobs(root, files))


def _read_blobs(root: Path, files: Sequence[tuple[str, str]]) -> Iterable[Facts]:
    """The facts of each blob, read through one `git cat-file --batch`."""
    if not files:
        return
    done = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o, _ in files).encode())
    if done.returncode != 0:
        raise _problem(f"git could not read the postings: {done.stderr.decode().strip()}")
    out, at = done.stdout, 0
    for _oid, name in files:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        data = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        found = facts(data, f"{POSTINGS}/{name}")
        if found is not None:
            yield found


def postings_now(root: Path) -> list[Facts]:
    """The posting files of the working tree."""
    files, _problems = find_sources(root)  # check reports those
    now = []
    for file in files:
        if file.kind != "posting":
            continue
        try:
            found = facts(read_regular(file.path, file.shown, MAX_FILE_BYTES), file.shown)
        except BuildError:
            continue  # check reports it
        if found is not None:
            now.append(found)
    return now


def compare(before: Sequence[Facts], now: Sequence[Facts], ref: str) -> list[SourceError]:
    """Every published page that would go missing, and every id changed in place."""
    served = {p.lower() for f in now if not f.draft for p in (f.path, *f.aliases)}
    by_source = {f.source: f for f in now}
    by_id = {f.id: f for f in now if f.id}
    errors: list[SourceError] = []
    for old in before:
        if old.draft:
            continue  # never published
        same = by_source.get(old.source)
        if same is not None and old.id and same.id and same.id != old.id:
            errors.append(
                SourceError(
                    same.source,
                    same.id_line,
                    "id",
                    f"changed since {ref} (it was {old.id}): feed readers would show the "
                    "posting twice; keep the old id",
                )
            )
            continue
        if old.path.lower() in served:
            continue
        moved = by_id.get(old.id) if old.id else None
        errors.append(_gone(old, moved, ref))
    return errors


def _gone(old: Facts, moved: Facts | None, ref: str) -> SourceError:
    page = old.path
    keep = "or keep the old file with `closes:` set to a past date (its page stays, marked closed)"
    if moved is None:
        return SourceError(
            old.source,
            None,
            None,
            f"deleted since {ref}, so its page {page} would go missing: add `aliases: [{page}]` "
            f"to the posting that replaces it, {keep}",
        )
    was = f"this posting was {old.source} at {ref}"
    if moved.draft:
        return SourceError(
            moved.source,
            moved.draft_line,
            "draft",
            f"{was}, published at {page}, which would go missing while it is a draft: "
            "publish it, or close it with `closes:` set to a past date instead",
        )
    if moved.aliases_line is None:
        return SourceError(
            moved.source,
            moved.id_line,
            "aliases",
            f"{was}: its old page {page} would go missing; add the line `aliases: [{page}]`",
        )
    return SourceError(
        moved.source,
        moved.aliases_line,
        "aliases",
        f"{was}: its old page {page} would go missing; add it to this line: "
        f"`aliases: [{', '.join((*moved.aliases, page))}]`",
    )


def check_base(root: Path, ref: str) -> list[SourceError]:
    """The problems of the working tree's postings against those at ref."""
    return compare(postings_at(root, ref), postings_now(root), ref)
