"""Look-alike names: a company 'Mоzilla' (with a Cyrillic о) beside the real Mozilla, an apply
link to 'еxample.com' (Cyrillic е). `sitegen check` warns of them, naming the characters.

The data is Unicode's own (confusables.txt and the script of every character, the tables of
Unicode Technical Standard #39), through the confusable-homoglyphs package. A name is
suspect when it mixes scripts (Latin with Cyrillic or Greek letters), or when its skeleton,
every character replaced by its ASCII look-alike (TR39's prototype), equals that of another
name that is written differently. Hosts outside ASCII are published in their ASCII form
(punycode, 'xn--xample-2of.com'), which browsers show as it is for mixed scripts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sitegen.content.model import Posting
from sitegen.content.names import spelling
from sitegen.errors import SourceError


@cache
def _tables() -> tuple[Any, Any]:
    """confusable-homoglyphs' modules, loaded when first needed: reading its tables takes
    60 ms, which no build needs (only `check` warns, and ascii_url does without)."""
    from confusable_homoglyphs import categories, confusables

    return categories, confusables


@cache
def _ascii_twin(char: str) -> str | None:
    """The ASCII character char looks like ('о' -> 'o'), or None."""
    if char.isascii():
        return None
    twins = sorted(
        g["c"]
        for g in _tables()[1].confusables_data.get(char, ())
        if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()
    )
    return twins[0] if twins else None


def skeleton(text: str) -> str:
    """text with every character that looks like an ASCII letter or digit replaced by it,
    case folded: 'Mоzilla' and 'Mozilla' have one skeleton."""
    return "".join(_ascii_twin(c) or c for c in unicodedata.normalize("NFC", text)).casefold()


# the scripts written together (TR39's "highly restrictive" level): Japanese, Chinese with
# Bopomofo and Korean, each also with Latin ('LINEヤフー', 'ソニーGroup')
_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)


def _script(char: str) -> str:
    return str(_tables()[0].alias(char))


def mixed(text: str) -> str | None:
    """For text mixing letters of several scripts, which characters are the odd ones, named:
    "'о' (U+043E CYRILLIC SMALL LETTER O, like 'o')"; None for text in one script."""
    letters = [c for c in text if c.isalpha() and _script(c) not in ("COMMON", "INHERITED")]
    scripts = [_script(c) for c in letters]
    if len(set(scripts)) < 2 or any(set(scripts) <= allowed for allowed in _TOGETHER):
        return None
    main = max(set(scripts), key=lambda s: (scripts.count(s), s == "LATIN", s))
    odd = dict.fromkeys(c for c, s in zip(letters, scripts, strict=True) if s != main)
    return ", ".join(_named(c) for c in odd)


def _named(char: str) -> str:
    name = unicodedata.name(char, "an unnamed character")
    twin = _ascii_twin(char)
    like = f", like '{twin}'" if twin else ""
    return f"'{char}' (U+{ord(char):04X} {name}{like})"


def ascii_url(url: str) -> str:
    """url with its host in ASCII (IDNA punycode) if it was not: what a reader's browser
    shows for a look-alike host. A host that has no ASCII form is kept as written."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.isascii():
        return url
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return url
    netloc = parts.netloc.rpartition("@")
    port = f":{parts.port}" if parts.port is not None else ""
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}{netloc[1]}{ascii_host}{port}"))


def unicode_host(url: str) -> str:
    """The host of url as people read it: punycode labels decoded."""
    host = urlsplit(url).hostname or ""
    try:
        return host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        return host


def warnings(postings: Sequence[Posting]) -> list[SourceError]:
    """Look-alike company names and apply hosts, each named where it first appears."""
    found: list[SourceError] = []
    found.extend(_names([(p.company.name, p.source) for p in postings], "company", "name"))
    hosts = [(unicode_host(p.apply), p.source) for p in postings if "://" in p.apply]
    found.extend(_names(hosts, "apply", "host"))
    return found


def _published(name: str, what: str) -> str:
    """How a host outside ASCII is published."""
    if what != "host" or name.isascii():
        return ""
    return f" (published as {ascii_url('http://' + name).removeprefix('http://')})"


def _names(named: Iterable[tuple[str, str]], field: str, what: str) -> list[SourceError]:
    first: dict[str, str] = {}  # each distinct name -> the file it first appears in
    for name, source in named:
        first.setdefault(name, source)
    found: list[SourceError] = []
    by_skeleton: dict[str, str] = {}
    for name, source in sorted(first.items(), key=lambda item: (item[1], item[0])):
        odd = mixed(name)
        if odd:
            found.append(
                SourceError(
                    source,
                    None,
                    field,
                    f"the {what} '{name}'{_published(name, what)} mixes scripts: {odd}: "
                    "if it is not meant to look "
                    "like another, type it again in one script",
                )
            )
        shape = skeleton(name)
        other = by_skeleton.setdefault(shape, name)
        if spelling(other) != spelling(name):
            found.append(
                SourceError(
                    source,
                    None,
                    field,
                    f"the {what} '{name}'{_published(name, what)} looks like '{other}' "
                    f"({first[other]}) but is "
                    f"written with other characters{_differences(name, other)}: check "
                    "that it is the one meant",
                )
            )
    return found


def _differences(name: str, other: str) -> str:
    if len(name) != len(other):
        return ""
    odd = [_named(a) for a, b in zip(name, other, strict=True) if a != b and not a.isascii()]
    return f" ({', '.join(dict.fromkeys(odd))})" if odd else ""
