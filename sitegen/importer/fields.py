"""Small normalisers shared by the text extractor and the front-matter migrator."""

from __future__ import annotations

import re
import unicodedata

from sitegen.content.model import EMPLOYMENT_TYPES

_EMPLOYMENT_ALIASES = {
    "fulltime": "full-time",
    "permanent": "full-time",
    "parttime": "part-time",
    "contractor": "contract",
    "perm": "full-time",
    "b2b": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "intern": "internship",
    "temp": "temporary",
    "perdiem": "per-diem",
}
_EMPLOYMENT_IN_TEXT = (
    (re.compile(r"\bfull[- ]?time\b", re.I), "full-time"),
    (re.compile(r"\bpart[- ]?time\b", re.I), "part-time"),
    (re.compile(r"\binternship\b", re.I), "internship"),
    (re.compile(r"\b(?:contract|contractor|freelance)\b", re.I), "contract"),
    (re.compile(r"\btemporary\b", re.I), "temporary"),
)
_URL = re.compile(r"https?://[^\s<>()\"'`\]]+[^\s<>()\"'`\].,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_TAG = re.compile(r"^[a-z0-9][a-z0-9+#.-]{0,39}$")


def employment_type(value: str) -> str | None:
    """Normalise "Full Time", "full_time", "FULL_TIME" and friends to the schema's words.

    A note after the type goes ("permanent (on site)", "contract, 6 months"); alternatives
    ("permanent / full-time", "contract or perm") count when they agree, else None.
    """
    head = re.split(r"[(,;]", value, maxsplit=1)[0]
    kinds = {k for part in _ALTERNATIVES.split(head) if (k := _one_employment_type(part))}
    return kinds.pop() if len(kinds) == 1 else None


_ALTERNATIVES = re.compile(r"/|\bor\b|\band\b|\+", re.I)


def _one_employment_type(value: str) -> str | None:
    key = re.sub(r"[\s_-]+", "-", value.strip().lower())
    if key in EMPLOYMENT_TYPES:
        return key
    alias = _EMPLOYMENT_ALIASES.get(key.replace("-", "")) or employment_in_text(value)
    if alias:
        return alias
    first = key.split("-", 1)[0]
    return _EMPLOYMENT_ALIASES.get(first) or (first if first in _FIRST_WORDS else None)


_FIRST_WORDS = frozenset({"contract", "internship", "temporary", "volunteer"})


def employment_in_text(text: str) -> str | None:
    """The one employment type `text` mentions, or None when it mentions none or several."""
    found = {name for pattern, name in _EMPLOYMENT_IN_TEXT if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def first_url(text: str) -> str | None:
    match = _URL.search(text)
    return match.group(0) if match else None


def is_url(text: str) -> bool:
    return bool(_URL.fullmatch(text.strip()))


def first_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group(0) if match else None


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text.strip()))


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens ("Zürich Café" -> "zurich-cafe")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def tag(value: str) -> str | None:
    """A tag in the schema's shape ("Machine Learning" -> "machine-learning", "C++" -> "c++"),
    or None when `value` cannot be one."""
    words = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    candidate = "-".join(words.split())
    return candidate if _TAG.match(candidate) else None
