"""Convert HTML (a posting body from another board, or a job ad's page) to Markdown text.

lxml's HTML parser reads the markup as browsers do (unclosed `<p>` and `<li>`, stray end
tags, entities), and the converter walks its tree. Paragraphs, line breaks, headings,
lists (nested too), links (http, https and mailto only; relative ones against the page's
address when it is known), bold, italic, code and preformatted text survive; script,
style, forms, buttons, media and frames are dropped whole; every other tag is dropped and
only its text kept. A "<" in the text is escaped, so no raw HTML ever comes out.

Why lxml and a small walker rather than a converter library: lxml is already a dependency
and parses broken real-world markup as browsers do; html2text is GPL-licensed;
markdownify brings BeautifulSoup and would still need the safe-link and escaping rules
here; trafilatura's boilerplate removal drops facts a job ad needs (the apply button, the
place line) and pulls in about eight more packages. Deciding what is not the ad is
`page.py`'s job, with rules a maintainer can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

DROPPED = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link",
        "iframe", "frame", "frameset", "object", "embed", "svg", "math", "canvas", "video",
        "audio", "picture", "img", "map", "form", "input", "button", "select", "textarea",
        "label", "dialog",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
        "blockquote", "figure", "figcaption", "address", "dl", "dt", "dd", "table", "tr",
        "caption", "details", "summary", "center", "body", "html", "hr",
    }
)  # fmt: skip
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:)[^\s<>\"'`\\]+$", re.I)
_MAX_DEPTH = 120  # deeper markup is read as its text alone


@dataclass
class _Block:
    text: str
    tight: bool = False  # a list item: joined to the item before it by one newline


@dataclass
class _Writer:
    base_url: str | None
    blocks: list[_Block] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)

    def flush(self, *, prefix: str = "", tight: bool = False) -> None:
        text = _tidy_inline("".join(self.inline))
        self.inline = []
        if text:
            self.blocks.append(_Block(prefix + text, tight))

    def link(self, href: str | None) -> str | None:
        href = (href or "").strip()
        if self.base_url and href and not href.startswith(("#", "javascript:", "data:")):
            href = urljoin(self.base_url, href)
        return href if _SAFE_LINK.match(href) else None


def html_to_markdown(html: str, *, base_url: str | None = None) -> str:
    """Markdown text for an HTML fragment or page."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return element_to_markdown(root, base_url=base_url)


def element_to_markdown(element: lxml.html.HtmlElement, *, base_url: str | None = None) -> str:
    """Markdown text for an element of a parsed page."""
    writer = _Writer(base_url)
    _block(writer, element, indent="", depth=0)
    writer.flush()
    out: list[str] = []
    previous: _Block | None = None
    for block in writer.blocks:
        if out:
            out.append("\n" if block.tight and previous and previous.tight else "\n\n")
        out.append(block.text)
        previous = block
    text = re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()
    return re.sub(r"\\+(?=\n\n|\n?$)", "", text).rstrip()  # no break before a blank line


def _block(writer: _Writer, element: etree._Element, *, indent: str, depth: int) -> None:
    """Write `element`'s children, a block element's content, as blocks."""
    if element.text:
        writer.inline.append(_text(element.text))
    for child in element:
        _node(writer, child, indent=indent, depth=depth + 1)
        if child.tail:
            writer.inline.append(_text(child.tail))


def _node(writer: _Writer, node: etree._Element, *, indent: str, depth: int) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    tag = tag.lower()
    if not tag or tag in DROPPED:
        return
    if depth > _MAX_DEPTH:
        writer.inline.append(_text(node.text_content()))
    elif tag in _BLOCKS:
        writer.flush(prefix=indent, tight=bool(indent))
        _block(writer, node, indent=indent, depth=depth)
        writer.flush(prefix=indent, tight=bool(indent))
    elif re.fullmatch(r"h[1-6]", tag):
        writer.flush(prefix=indent)
        text = _tidy_inline(_inline_markdown(writer, node))
        if text:
            writer.blocks.append(_Block(indent + "#" * int(tag[1]) + " " + text))
    elif tag in ("ul", "ol"):
        writer.flush(prefix=indent, tight=bool(indent))
        _list(writer, node, ordered=tag == "ol", indent=indent, depth=depth)
        if not indent:
            writer.blocks.append(_Block(""))  # a list ends its paragraph
    elif tag == "li":  # an item outside a list
        _list_item(writer, node, "-", indent=indent, depth=depth)
    elif tag == "pre":
        writer.flush(prefix=indent)
        code = node.text_content().strip("\n").replace("```", "ˋˋˋ")
        if code.strip():
            writer.blocks.append(_Block(f"```\n{code}\n```"))
    elif tag == "br":
        writer.inline.append("\\\n")
    else:
        writer.inline.append(_inline_markdown(writer, node, depth=depth))


def _list(writer: _Writer, node: etree._Element, *, ordered: bool, indent: str, depth: int) -> None:
    number = 0
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag.lower() != "li":
            _node(writer, child, indent=indent, depth=depth + 1)
            continue
        number += 1
        _list_item(writer, child, f"{number}." if ordered else "-", indent=indent, depth=depth)


def _list_item(
    writer: _Writer, item: etree._Element, marker: str, *, indent: str, depth: int
) -> None:
    inner = indent + " " * (len(marker) + 1)
    writer.flush(prefix=indent, tight=True)
    start = len(writer.blocks)
    _block(writer, item, indent=inner, depth=depth + 1)
    writer.flush(prefix=inner, tight=True)
    item_blocks = writer.blocks[start:]
    del writer.blocks[start:]
    lines = [b.text for b in item_blocks if b.text.strip()]
    first = lines[0][len(inner) :] if lines and lines[0].startswith(inner) else ""
    nested = lines[1:] if first else lines
    # Paragraphs inside an item are joined into one line; nested lists keep their lines.
    while nested and not _is_list_line(nested[0], inner):
        first = f"{first} {nested.pop(0).strip()}".strip()
    writer.blocks.append(_Block(f"{indent}{marker} {first}".rstrip(), tight=True))
    writer.blocks.extend(_Block(line, tight=True) for line in nested)


def _is_list_line(line: str, indent: str) -> bool:
    return bool(re.match(re.escape(indent) + r"(?:-|\d+\.) ", line))


def _inline_markdown(writer: _Writer, node: etree._Element, depth: int = 0) -> str:
    """The text of an inline element with links and emphasis as Markdown."""
    tag = node.tag.lower() if isinstance(node.tag, str) else ""
    if not tag or tag in DROPPED:
        return ""
    if tag == "br":
        return "\\\n"
    parts = [_text(node.text or "")]
    for child in node:
        if depth < _MAX_DEPTH:
            parts.append(_inline_markdown(writer, child, depth + 1))
        if child.tail:
            parts.append(_text(child.tail))
    inner = "".join(parts)
    if not inner.strip():
        return inner if not tag.startswith("h") else ""
    if tag == "a":
        href = writer.link(node.get("href"))
        label = inner.strip()
        return f"[{label}]({href})" if href and "[" not in label else inner
    if tag in _EMPHASIS:
        mark = _EMPHASIS[tag]
        lead, core, trail = _split_space(inner)
        return f"{lead}{mark}{core}{mark}{trail}" if "*" not in core else inner
    if tag == "code":
        return f"`{inner.strip()}`" if "`" not in inner else inner
    if tag in _BLOCKS or tag in ("li", "ul", "ol", "td", "th") or re.fullmatch(r"h[1-6]", tag):
        return f" {inner} "
    return inner


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _text(data: str) -> str:
    return re.sub(r"\s+", " ", data).replace("<", "\\<")


def _tidy_inline(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\\\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\\\n".join(lines)


_HTML_START = re.compile(r"^(?:<!doctype\s+html|<html\b|<head\b|<body\b|<!--)", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|ul|ol|li|br|h[1-6]|section|article|main|table)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when `text` is a page or mostly markup: a doctype or <html>, or it starts with a
    tag and holds block tags. Markdown with a stray inline tag is not HTML."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(stripped):
        return True
    return stripped.startswith("<") and bool(_BLOCK_TAG.search(stripped))


def is_page(text: str) -> bool:
    """True for a whole page (doctype, <html>, <head> or <body>) rather than a fragment."""
    return bool(re.search(r"<(?:!doctype\s+html|html\b|head\b|body\b)", text[:4000], re.I))
