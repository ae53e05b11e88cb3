"""The documented limits of one content file, checked on its text before any Markdown runs.

A real posting is a few kilobytes with a handful of headings and perhaps one small table;
each limit is tens of times that, and low enough that no file can stall a build, exhaust its
memory or swell the published site (GitHub Pages sites may be at most 1 GB). Each check is
one pass over the text: the counts are upper bounds of what Markdown would make (a heading
inside a code block counts too), cheap enough to run on every file. README's 'Limits'
lists them; `check` refuses a file over one with the figure and the limit.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 1024 * 1024  # one posting, page or edition note
MAX_DESCRIPTION_CHARS = 100_000  # the Markdown below the front matter
MAX_HEADINGS = 200
MAX_TABLE_CELLS = 2_000

# ATX headings ('## Role') and setext underlines ('===' or '---' under a line of text)
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?=[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_TABLE_ROW = re.compile(r"^[^\n]*\|[^\n]*$", re.MULTILINE)


def body_problems(body: str, first_line: int) -> list[tuple[int | None, str]]:
    """(line, message) for each limit the Markdown body (starting on file line first_line)
    goes over; the line is that of the first heading or table row past the limit."""
    problems: list[tuple[int | None, str]] = []
    if len(body) > MAX_DESCRIPTION_CHARS:
        problems.append(
            (
                first_line,
                f"the description is {len(body):,} characters long: keep it under "
                f"{MAX_DESCRIPTION_CHARS:,} (a posting is read on one page; link to more)",
            )
        )
        return problems  # the counts below would only repeat it
    for headings, match in enumerate(_HEADING.finditer(body), 1):
        if headings > MAX_HEADINGS:
            total = headings + sum(1 for _ in _HEADING.finditer(body, match.end()))
            line = first_line + body.count("\n", 0, match.start())
            problems.append(
                (line, f"the description has {total:,} headings: keep it to at most {MAX_HEADINGS}")
            )
            break
    cells = 0
    for match in _TABLE_ROW.finditer(body):
        cells += _cells(match.group())
        if cells > MAX_TABLE_CELLS:
            total = cells + sum(_cells(m.group()) for m in _TABLE_ROW.finditer(body, match.end()))
            line = first_line + body.count("\n", 0, match.start())
            problems.append(
                (
                    line,
                    f"the description's tables have about {total:,} cells: keep them under "
                    f"{MAX_TABLE_CELLS:,} (a long table belongs on a page of its own)",
                )
            )
            break
    return problems


def _cells(row: str) -> int:
    """The cells of a table row: '| a | b |' and 'a | b' have two."""
    row = row.strip()
    return row.count("|") + 1 - row.startswith("|") - (len(row) > 1 and row.endswith("|"))
