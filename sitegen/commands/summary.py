"""A Markdown report of postings and problems, for a pull request's job summary on GitHub.

    sitegen check --format summary [FILE...] >> "$GITHUB_STEP_SUMMARY"

Lists the named postings (every posting without FILE) with the facts a reviewer checks first,
then every problem `sitegen check` found. Posting text comes from contributors, so every value
is escaped: it shows as typed and cannot add HTML, images, links or table cells to the summary
(GitHub may still turn a bare web address into a link).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.content.fields import clean_line
from sitegen.content.limits import MAX_FILE_BYTES
from sitegen.content.load import parse_bytes
from sitegen.content.model import Posting
from sitegen.content.names import counted
from sitegen.content.parse import parse_posting
from sitegen.content.source import SourceProblem, decode, split
from sitegen.errors import BuildError, SourceError
from sitegen.files import read_regular, walk
from sitegen.render.views import EMPLOYMENT_NAMES, location_text, salary_text

POSTINGS_FOLDER = "content/postings/"
# Characters with a meaning inside a line of Markdown (values never start a line here).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


@dataclass(frozen=True)
class Entry:
    """One file the summary is about, with its posting when that file is valid."""

    source: str  # relative to the project root
    posting: Posting | None
    title: str | None = None  # of an invalid posting whose front matter could be read
    readable: bool = False  # whether its front matter could be read at all


def text(value: str) -> str:
    """Markdown that shows `value` literally, on one line, in a table cell or a list."""
    one_line = " ".join(value.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def code(value: str) -> str:
    """A code span holding `value` (which never holds a backtick run as long as the fence)."""
    one_line = " ".join(value.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", one_line)), default=0) + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}".replace("|", "\\|")


def entries(root: Path, files: Sequence[str] | None, tz: ZoneInfo) -> list[Entry]:
    """The files to list: the named ones, else every posting; each parsed on its own."""
    if files is None:
        found, _problems = walk(root / POSTINGS_FOLDER, root, (".md",), "content/")
        names = [file.shown for file in found]  # the problems are in the report already
    else:
        names = list(dict.fromkeys(files))
    result: list[Entry] = []
    for name in names:
        if not name.startswith(POSTINGS_FOLDER):
            result.append(Entry(name, None))
            continue
        try:
            data = read_regular(root / name, name, MAX_FILE_BYTES)
        except BuildError:  # not a readable regular file: its problem is in the report
            result.append(Entry(name, None))
            continue
        try:
            posting = parse_bytes(data, name, lambda t, p: parse_posting(t, p, tz))
            result.append(Entry(name, posting, readable=True))
        except BuildError:  # its problems are in the report
            result.append(_unchecked(name, data))
    return result


def _unchecked(name: str, data: bytes) -> Entry:
    """An invalid posting: its title if it has one, and whether its front matter was read."""
    try:
        front_matter = split(decode(data, name), name).front_matter
    except SourceProblem:
        return Entry(name, None)
    title = front_matter.get("title")
    shown = clean_line(title.value)[:150] if title and isinstance(title.value, str) else ""
    return Entry(name, None, shown or None, readable=True)


def _row(entry: Entry, problems: int) -> str:
    status = f"❌ {problems}" if problems else "✅"
    posting = entry.posting
    if posting is None:
        what = (
            f"{counted(problems, 'problem')} to fix: see below"
            if entry.readable
            else "could not be read: see the problems below"
        )
        named = (
            f"{text(entry.title)}<br>{code(entry.source)}" if entry.title else code(entry.source)
        )
        cells = [status, named, what, *["—"] * 4]
        return "| " + " | ".join(cells) + " |"
    salary = salary_text(posting.salary) if posting.salary else "not stated"
    closes = str(posting.closes) if posting.closes else "—"
    cells = [
        status,
        f"{text(posting.title)}<br>{code(posting.source)}",
        text(posting.company.name),
        text(location_text(posting)) + "<br>" + text(EMPLOYMENT_NAMES[posting.employment_type]),
        text(salary),
        code(posting.apply.removeprefix("mailto:")),
        closes + (" (draft)" if posting.draft else ""),
    ]
    return "| " + " | ".join(cells) + " |"


def _listed(items: Sequence[SourceError]) -> list[str]:
    lines = []
    for p in items:
        where = p.path if p.line is None else f"{p.path}:{p.line}"
        field = f" **{text(p.field)}**:" if p.field else ""
        lines.append(f"- {code(where)}{field} {text(p.message)}")
    return lines


def render(
    items: Sequence[Entry],
    problems: Sequence[SourceError],
    named: bool,
    warnings: Sequence[SourceError] = (),
) -> str:
    """The summary as Markdown: a table of the postings, the list of problems, then the
    warnings (postings about to leave the listings)."""
    per_file = Counter(p.path for p in problems)
    postings = [e for e in items if e.source.startswith(POSTINGS_FOLDER)]
    lines = ["## sitegen check", ""]
    if problems:
        lines.append(
            f"**{counted(len(problems), 'problem')} in {counted(len(per_file), 'file')}.** "
            "Each is also marked on its file in the diff."
        )
    else:
        lines.append("**No problems found.**")
    heading = "Postings added or changed" if named else "Postings"
    lines += ["", f"### {heading} ({len(postings)})", ""]
    if postings:
        lines += [
            "| Check | Posting | Company | Location | Salary | Apply | Closes |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *(_row(e, per_file[e.source]) for e in postings),
        ]
    else:
        lines.append("None.")
    others = [e.source for e in items if not e.source.startswith(POSTINGS_FOLDER)]
    if others:
        lines += ["", "Other files: " + ", ".join(code(name) for name in others)]
    if problems:
        lines += ["", f"### Problems ({len(problems)})", "", *_listed(problems)]
    if warnings:
        lines += ["", f"### Warnings ({len(warnings)})", "", *_listed(warnings)]
    return "\n".join(lines) + "\n"
