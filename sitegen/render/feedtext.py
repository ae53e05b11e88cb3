"""Text for feeds: characters XML cannot carry removed, links in HTML made absolute."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

# Everything outside the XML 1.0 Char production (C0 controls but tab, LF and CR, lone
# surrogates, U+FFFE/U+FFFF), plus DEL and the C1 controls that word processors paste.
# Written as the characters to remove: the complement of the allowed ranges took 5 to 7 ms
# to compile at every start (tests/feeds/test_feedtext.py checks the two agree).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without characters that would make a feed not well-formed."""
    return _NOT_XML.sub("", text)


# A link attribute as sitegen writes them: the Markdown renderer, the feed and edition headers
# and the templates' helpers all double-quote attribute values and escape '"' inside them, and
# escape '<' in text, so this matches exactly the attributes and never text that looks like one.
_LINK = re.compile(r'(\s(?:href|src))="([^"<>]*)"')


# An absolute http(s) URL of plain ASCII that urljoin would return unchanged (no empty query
# or fragment to drop, no ';' parameters, no brackets): most links, and skipping urljoin for
# them halves the cost of a feed entry.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9\-._~!$&'()*+,=%@:][A-Za-z0-9\-._~!$&'()*+,=%@:/]*"
    r"(?:\?[A-Za-z0-9\-._~!$&'()*+,;=%@:/?]+)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=%@:/?#]+)?"
)


def _absolute(match: re.Match[str], base: str) -> str:
    href = unescape(match.group(2)).strip()
    if _PLAIN_URL.fullmatch(href):
        resolved = href
    else:
        try:
            resolved = urljoin(base, href)
        except ValueError:  # malformed ("http://[x"): drop it rather than keep it relative
            return ""
    quoted = resolved.replace("&", "&amp;").replace('"', "&quot;")
    return f'{match.group(1)}="{quoted.replace("<", "&lt;").replace(">", "&gt;")}"'


def absolute_html(html: str, base: str) -> str:
    """HTML written by sitegen with every href and src made absolute against base.

    Relative paths and bare #fragments resolve as a browser on the page at base would resolve
    them; a link that cannot be resolved loses its attribute rather than staying relative.
    Characters XML cannot carry are removed. The HTML is otherwise left byte for byte: a
    regular expression over sitegen's own output, not a parse (this runs for every posting
    of every feed and every JSON-LD description, where an HTML parser cost seconds).
    """
    html = xml_safe(html)
    if not html.strip():
        return ""
    return _LINK.sub(lambda m: _absolute(m, base), html)
