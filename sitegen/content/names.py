"""Names made from text: URL segments and folder names that are safe on every system, and
counts of things as people write them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# names Windows reserves for devices: a folder called con/ cannot be created or copied there
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$")


@lru_cache(maxsize=8192)  # tags and companies: a few hundred names, asked for 50,000 times
def path_segment(value: str, fallback: str) -> str:
    """A slug safe as a folder name everywhere: 'Con' -> 'con-1', as Windows reserves 'con'.

    Names in any script are transliterated ('Яндекс' -> 'yandeks', '株式会社' ->
    'zhushihuishe') by anyascii, whose tables cover all of Unicode (ASCII names keep their
    slugs, and so their URLs). A name with nothing left ('!!!') gets the fallback and a
    hash of the name: stable, and distinct from every other such name."""
    slug = slugify(value) if value.isascii() else slugify(_transliterated(value))
    if not slug:
        digest = hashlib.sha256(_folded(value).encode()).hexdigest()[:8]
        slug = f"{fallback}-{digest}"
    return f"{slug}-1" if DEVICE_NAMES.match(slug) else slug


def spelling(value: str) -> str:
    """What two spellings of one name share: 'Node.js', 'node js' and 'NodeJS' are one tag,
    'Zürich AG' and 'Zurich AG' one company. Letters that accents cannot be taken off keep
    their script, so 'Яндекс' and 'Yandeks' are two names, though their paths would match."""
    if value.isascii() or not any(_foreign(char) for char in value):
        folded = slugify(_transliterated(value)).replace("-", "")
        if folded:
            return folded
    letters = "".join(char for char in _folded(value) if char.isalnum())
    return letters or _folded(value)


def _folded(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _transliterated(value: str) -> str:
    """value in ASCII letters (anyascii, imported when a name needs it: 18 ms)."""
    if value.isascii():
        return value
    from anyascii import anyascii

    return anyascii(value)


def _foreign(char: str) -> bool:
    """A letter of another script than Latin."""
    return char.isalpha() and not unicodedata.name(char, "").startswith("LATIN")


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
