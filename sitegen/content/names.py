"""Names made from text: URL segments and folder names that are safe on every system, and
counts of things as people write them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# names Windows reserves for devices: a folder called con/ cannot be created or copied there
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$")


@lru_cache(maxsize=8192)  # tags and companies: a few hundred names, asked for 50,000 times
def path_segment(value: str, fallback: str) -> str:
    """A slug safe as a folder name everywhere: 'Con' -> 'con-1', as Windows reserves 'con'."""
    slug = slugify(value) or fallback
    return f"{slug}-1" if DEVICE_NAMES.match(slug) else slug


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_folded(text: str) -> str:
    """text with its accents taken off and what is still not ASCII dropped: 'Zürich' ->
    'Zurich'. ASCII text is returned as it is (it has no decompositions), a call sooner."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(value: str) -> str:
    """A URL segment: 'C++' -> 'c-plus-plus', 'North America' -> 'north-america'."""
    value = ascii_folded(value.lower().replace("+", " plus ").replace("#", " sharp "))
    return _NOT_SLUG.sub("-", value).strip("-")


def counted(number: int, noun: str) -> str:
    """'1 posting', '2 postings', '1,200 postings'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
