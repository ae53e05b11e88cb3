"""Convert the simple HTML job boards store in posting bodies to Markdown text.

Paragraphs, line breaks, headings, lists, links (http, https and mailto only), bold and
italic survive; every other tag is dropped and only its text kept; script and style
content is dropped whole. A "<" in the text is escaped, so no raw HTML ever comes out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "table", "tr", "blockquote"}
)
_SKIP_TAGS = frozenset({"script", "style", "template", "head", "title"})
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:)\S+$", re.I)
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; [-1] for <ul>
        self.skipping = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self._break(2)
        elif tag == "br":
            self.out.append("\\\n")  # a Markdown hard line break
        elif re.fullmatch(r"h[1-6]", tag):
            self._break(2)
            self.out.append("#" * int(tag[1]) + " ")
        elif tag in ("ul", "ol"):
            self._break(2)
            self.lists.append([-1] if tag == "ul" else [0])
        elif tag == "li":
            self._list_item()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            safe = href if _SAFE_LINK.match(href) else None
            self.links.append(safe)
            if safe:
                self.out.append("[")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCK_TAGS or re.fullmatch(r"h[1-6]", tag):
            self._break(2)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break(2)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f"]({href})")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            text = re.sub(r"\s+", " ", data).replace("<", "\\<")
            if self.out and self.out[-1].endswith("\n"):
                text = text.lstrip()
            self.out.append(text)

    def _list_item(self) -> None:
        self._break(1)
        depth = max(len(self.lists) - 1, 0)
        counter = self.lists[-1] if self.lists else [-1]
        if counter[0] >= 0:
            counter[0] += 1
            marker = f"{counter[0]}."
        else:
            marker = "-"
        self.out.append("  " * depth + marker + " ")

    def _break(self, newlines: int) -> None:
        text = "".join(self.out).rstrip(" ")
        if not text:
            self.out = []
            return
        trailing = len(text) - len(text.rstrip("\n"))
        self.out = [text + "\n" * max(newlines - trailing, 0)]


def html_to_markdown(html: str) -> str:
    """Markdown text for an HTML fragment."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    lines = [line.rstrip() for line in "".join(converter.out).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"\\+(?=\n\n|\n?$)", "", text).rstrip()  # no break before a blank line


def looks_like_html(text: str) -> bool:
    """True when `text` is mostly markup (starts with a tag and holds block tags)."""
    stripped = text.lstrip()
    return stripped.startswith("<") and bool(
        re.search(r"</?(?:p|div|ul|ol|li|br|h[1-6])\b", stripped, re.I)
    )
