"""The one Markdown renderer: CommonMark with tables, no raw HTML, allowlisted link schemes.

Headings move down one level (the page title is the only h1) and get ids for #fragment links.
Images become plain links so that no posting can make a reader's browser call another host.
Site-absolute links ('/about/') are put under the site's base path, which the caller gives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from sitegen.content.names import slugify
from sitegen.site.urls import in_site

_SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
# A link made only of characters that markdown-it's normalizeLink keeps as they are (an ASCII
# host, no percent sign, no space, nothing outside URL syntax) is already normal: taking it
# apart and putting it back together was about a tenth of the Markdown time of a posting
# with a few links. tests/core/test_markdown.py checks the two agree on such links.
PLAIN_LINK = re.compile(
    r"(?:https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?)?"
    r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)?"
    r"(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?"
    r"(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?"
)
RESERVED_IDS = frozenset(
    {"main", "content", "apply", "top", "search", "filters", "results", "details"}
)


def is_safe_link(url: str) -> bool:
    """Relative links, fragments, and http(s)/mailto only; obfuscated schemes count as schemes."""
    compact = _INVISIBLE.sub("", unquote(html.unescape(url)))
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def normalize_link(url: str) -> str:
    """markdown-it's normalizeLink, answered at once for a link that is already normal."""
    return url if PLAIN_LINK.fullmatch(url) else normalizeLink(url)


def _shift_and_anchor(state: StateCore) -> None:
    used: set[str] = set(RESERVED_IDS)
    tried: dict[str, int] = {}  # base -> the last suffix tried: linear in the headings
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = min(int(token.tag[1]) + 1, 6)
        token.tag = f"h{level}"
        if token.type == "heading_open":
            inline = tokens[index + 1]
            base = slugify(plain_text(inline.children or [])) or "section"
            anchor, n = base, tried.get(base, 1)
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            tried[base] = n
            used.add(anchor)
            token.attrSet("id", anchor)


def _under_base(state: StateCore) -> None:
    """Site-absolute links and image sources moved under the base path (state.env's)."""
    base_path = state.env.get("base_path", "/")
    if base_path == "/":
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            name = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            value = token.attrGet(name) if name else None
            if isinstance(value, str) and value.startswith("/"):
                token.attrSet(name, in_site(base_path, value))


def _image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a href="{_escape(src)}">{_escape("Image: " + alt)}</a>'


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    md.core.ruler.push("shift_and_anchor", _shift_and_anchor)
    md.core.ruler.push("under_base", _under_base)
    md.add_render_rule("image", _image_as_link)
    return md


_MD = _build()


class Rendered(NamedTuple):
    """A description rendered. (A tuple of two strings: the collector stops looking at it
    after its first pass, where a site keeps 10,000 of them.)"""

    html: str
    text: str  # the plain text, for summaries and search


def render(source: str, base_path: str = "/") -> Rendered:
    """Markdown for a site whose pages live under base_path ("/" at the root of its host,
    "/digest/" under a sub-path): '/about/' in the source links to base_path + 'about/'."""
    env = {"base_path": base_path}
    tokens = _MD.parse(source, env)
    html = _MD.renderer.render(tokens, _MD.options, env)
    return Rendered(html, document_text(tokens))


def render_html(source: str, base_path: str = "/") -> str:
    return render(source, base_path).html


def parse(source: str, base_path: str = "/") -> list[Token]:
    """The tokens of a Markdown text, parsed by the one renderer's rules (unsafe links are
    not links; '/about/' is under base_path), for other renderings of it such as plain text."""
    return _MD.parse(source, {"base_path": base_path})


def plain_text(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(plain_text(token.children))
    return "".join(parts)


def document_text(tokens: Sequence[Token]) -> str:
    blocks: list[str] = []
    for token in tokens:
        if token.type == "inline":
            blocks.append(plain_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content)
    return " ".join(" ".join(blocks).split())


def summary(text: str, limit: int = 280) -> str:
    """Shorten plain text on a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"
