"""A posting's description as pages, feeds and search use it: its HTML, a short summary
and its distinct search words, made together where its Markdown is rendered (in the worker
that parsed the posting), so that the whole plain text is never kept."""

from __future__ import annotations

from typing import NamedTuple

from sitegen.content.names import ascii_folded
from sitegen.render.markdown import render, summary

# every byte but a-z and 0-9 becomes a space: words are what is left between spaces
_SEPARATE = bytes(c if 0x30 <= c <= 0x39 or 0x61 <= c <= 0x7A else 0x20 for c in range(256))


class Description(NamedTuple):
    html: str
    summary: str  # the plain text, shortened on a word boundary
    words: str  # distinct_words of the plain text


def describe(body: str, base_path: str) -> Description:
    """body's description for a site under base_path ("/digest/"): see render."""
    rendered = render(body, base_path)
    return Description(rendered.html, summary(rendered.text), distinct_words(rendered.text))


def _folded(text: str) -> list[bytes]:
    """The words as ASCII bytes: lower case, accents removed (NFKD, then what is not ASCII
    dropped), split at every other character. Bytes.translate and split rather than a
    regular expression's findall: a third of the time of a posting's search words."""
    return ascii_folded(text.lower()).encode("ascii").translate(_SEPARATE).split()


def words(text: str) -> list[str]:
    """Lower-case ASCII words, accents removed: 'Zürich C++' -> ['zurich', 'c']."""
    return [word.decode("ascii") for word in _folded(text)]


def distinct_words(text: str) -> str:
    """The words of a text, each once, sorted, joined by spaces: what the shards index for a
    posting (one string, not thousands of small ones, as 10,000 postings keep theirs)."""
    return b" ".join(sorted(set(_folded(text)))).decode("ascii")
