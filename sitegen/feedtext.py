"""Text for feeds: characters XML cannot carry removed, links in HTML made absolute."""

from __future__ import annotations

import re
from html import escape

import lxml.html
from lxml import etree

# Everything outside the XML 1.0 Char production (C0 controls but tab, LF and CR, lone
# surrogates, U+FFFE/U+FFFF), plus DEL and the C1 controls that word processors paste.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """The text without characters that would make a feed not well-formed."""
    return _NOT_XML.sub("", text)


def absolute_html(html: str, base: str) -> str:
    """The HTML fragment with every link and image made absolute against base.

    Relative paths and bare #fragments resolve as a browser on the page at base would resolve
    them. A link that cannot be resolved (a malformed URL) loses its attribute rather than
    staying relative.
    """
    html = xml_safe(html)
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except etree.ParserError:  # nothing parseable: keep the text, escaped
        return f"<p>{escape(html)}</p>"
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="discard")
    out = str(lxml.html.tostring(root, encoding="unicode", method="html"))
    return out.removeprefix("<div>").removesuffix("</div>")
