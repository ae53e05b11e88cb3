"""Plain text for a mail's text part: Markdown as readable text, wrapped to a width.

A link keeps its text and shows its address, made absolute, in angle brackets after it;
lists keep their markers, quotes their "> ", code its lines. Characters that could change
how a terminal or mail reader shows the text (control characters, bidirectional overrides)
are removed: a posting's title is shown as the characters it is, in the order written.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from markdown_it.token import Token

from sitegen.render.markdown import parse

WIDTH = 72

# C0 and C1 controls but newline, the bidirectional embeddings, overrides and isolates, and
# the zero-width characters that hide text: none has a place in a plain-text mail.
_UNSHOWN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: str) -> str:
    """The text without characters that would reorder, hide or control what is shown."""
    return _UNSHOWN.sub("", text.replace("\t", " "))


def wrap(text: str, width: int = WIDTH, first: str = "", rest: str | None = None) -> str:
    """One paragraph wrapped to width, without breaking words or addresses (a longer
    address keeps its own line, whole, so that it stays a link)."""
    lines = textwrap.wrap(
        " ".join(clean(text).split()),
        width=width,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines) or first.rstrip()


@dataclass
class _Block:
    text: str
    first: str  # prefix of its first line
    rest: str  # prefix of its other lines
    joined: bool = False  # follows the previous block without a blank line (tight lists)
    verbatim: bool = False  # code: lines kept as they are


def _inline(children: Sequence[Token], base: str) -> str:
    parts: list[str] = []
    href: list[str] = []  # the open links' addresses
    start: list[int] = []  # where each open link's text starts in parts
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
        elif token.type == "link_open":
            href.append(_absolute(str(token.attrGet("href") or ""), base))
            start.append(len(parts))
        elif token.type == "link_close" and href:
            url, begun = href.pop(), start.pop()
            if "".join(parts[begun:]).strip() != url:
                parts.append(f" <{url}>")
        elif token.type == "image":
            alt = _inline(token.children or [], base) or "image"
            parts.append(f"Image: {alt} <{_absolute(str(token.attrGet('src') or ''), base)}>")
    return "".join(parts)


def _absolute(href: str, base: str) -> str:
    try:
        return urljoin(base, href.strip())
    except ValueError:  # a malformed address ("http://[x"): shown as written
        return href


def _blocks(tokens: Sequence[Token], base: str) -> list[_Block]:
    blocks: list[_Block] = []
    prefixes: list[str] = []  # one per open list item or quote
    numbers: list[int] = []  # the next number of each open ordered list (-1: bullets)
    fresh_item = False  # the next block opens a list item: it carries the marker
    cells: list[str] = []
    last_tight = False  # the last block was a tight list's: the next one follows it at once
    in_tight = False  # in a paragraph of a tight list (markdown-it hides its <p>)
    table_row = False  # a table row came last: the next row follows it at once
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            numbers.append(-1)
        elif kind == "ordered_list_open":
            numbers.append(int(str(token.attrGet("start") or 1)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            marker = "- " if numbers[-1] < 0 else f"{numbers[-1]}. "
            if numbers[-1] >= 0:
                numbers[-1] += 1
            prefixes.append(marker)
            fresh_item = True
        elif kind == "list_item_close":
            prefixes.pop()
        elif kind == "blockquote_open":
            prefixes.append("> ")
        elif kind == "blockquote_close":
            prefixes.pop()
        elif kind in ("th_open", "td_open"):
            cells.append("")
        elif kind == "paragraph_open":
            in_tight = token.hidden
        elif kind == "table_open":
            table_row = False
        elif kind == "tr_close":
            rest = _rest(prefixes)
            blocks.append(_Block(" | ".join(cells), rest, rest, table_row))
            cells, last_tight, table_row = [], False, True
        elif kind == "inline" and cells:
            cells[-1] = _inline(token.children or [], base)
        elif kind == "inline" or kind in ("fence", "code_block"):
            verbatim = kind != "inline"
            text = token.content if verbatim else _inline(token.children or [], base)
            first = _first(prefixes) if fresh_item else _rest(prefixes)
            tight = kind == "inline" and in_tight  # a paragraph of a tight list
            blocks.append(_Block(text, first, _rest(prefixes), tight and last_tight, verbatim))
            fresh_item, last_tight = False, tight
    return blocks


def _first(prefixes: list[str]) -> str:
    return _rest(prefixes[:-1]) + prefixes[-1] if prefixes else ""


def _rest(prefixes: list[str]) -> str:
    return "".join("> " if p == "> " else " " * len(p) for p in prefixes)


def _shown(block: _Block, width: int) -> str:
    if block.verbatim:
        lines = clean(block.text).rstrip("\n").split("\n")
        return "\n".join(f"{block.rest}    {line}".rstrip() for line in lines)
    lines = block.text.split("\n")  # hard breaks
    shown = [wrap(lines[0], width, block.first, block.rest)]
    shown += [wrap(line, width, block.rest) for line in lines[1:]]
    return "\n".join(shown)


def markdown_text(source: str, base: str, width: int = WIDTH, base_path: str = "/") -> str:
    """Markdown as plain text wrapped to width, every link absolute against base (a link
    written from the site's root, '/about/', under base_path first)."""
    out: list[str] = []
    for block in _blocks(parse(source, base_path), base):
        if out:
            out.append("\n" if block.joined else "\n\n")
        out.append(_shown(block, width))
    return "".join(out)
