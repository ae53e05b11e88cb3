"""Property tests: repair leaves clean text alone and undoes cp1252 / Mac Roman damage.

The generated text is realistic rather than arbitrary: words of ASCII and accented
letters (two accented letters are never adjacent, as in real words), CJK in runs of two
or more characters, emoji, and typography (curly quotes, guillemets, dashes, ellipses,
currency and trademark signs) at word edges, including tight pairs like "»Über",
"café…»" and "Zürich—Über". Arbitrary strings cannot be both: "Ã©" is clean text and
also the Windows-1252 damage of "é".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importer.repair import repair

from .damage import damage_cp1252, damage_latin1, damage_mac_roman

ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ACCENTED = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßłŁőŐšŠžŽčČęĘ"
# "Ã" or "Â" right before a closing quote or dash is also how "Ô" or "»" look when
# damaged ("â™—" is "♗"); real words do not end in these letters, so generated ones
# do not either.
WORD_FINAL_AMBIGUOUS = "ÂÃÄÅâ"
# One-letter words are ASCII: an accented letter that is a UTF-8 lead byte, followed by
# two symbols and again ("é”—é”", "à°—à°"), is exactly what CJK or Telugu look like
# when damaged.
PREFIXES = ["", "", "“", "‘", "«", "»", "„", "(", "¿", "¡", "€", "£", "$", "#"]
SUFFIXES = ["", "", "”", "’", "»", "«", "…", ",", ".", "!", "’s", "™", "®", "°", "%", ")"]
SEPARATORS = [" ", " ", " ", "\n", "—", " – ", " / ", " • ", "\u00a0"]
CJK = "日本語中文字東京北京한국어漢字ひらがなカタカナ"
EMOJI = [
    "💰",
    "🌎",
    "🏢",
    "💡",
    "🎯",
    "📝",
    "🔍",
    "💬",
    "📅",
    "🚀",
    "😀",
    "👍",
    "🎉",
    "☕",
    "✓",
    "★",
    "❤️",
    "⚠️",
    "👩‍💻",
]


@st.composite
def words(draw: st.DrawFn) -> str:
    letters = draw(st.lists(st.sampled_from(ASCII_LETTERS + ACCENTED), min_size=1, max_size=10))
    word = "".join(
        letter if i == 0 or not (letter in ACCENTED and letters[i - 1] in ACCENTED) else "x"
        for i, letter in enumerate(letters)
    )
    if word[-1] in WORD_FINAL_AMBIGUOUS:
        word += "x"
    if word in ACCENTED:
        word = "a"
    return draw(st.sampled_from(PREFIXES)) + word + draw(st.sampled_from(SUFFIXES))


tokens = st.one_of(
    words(),
    words(),
    st.text(alphabet=st.sampled_from(CJK), min_size=2, max_size=6),
    st.sampled_from(EMOJI),
)


@st.composite
def realistic_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(tokens, max_size=12))
    out = ""
    for part in parts:
        out += (draw(st.sampled_from(SEPARATORS)) if out else "") + part
    return out


@settings(max_examples=500)
@given(realistic_text())
def test_repair_never_changes_clean_text(text: str) -> None:
    assert repair(text) == text


DAMAGES = {
    "cp1252": damage_cp1252,
    "latin-1": damage_latin1,
    "mac-roman": damage_mac_roman,
    "mac-roman-lost-apple": lambda text: damage_mac_roman(text, drop_apple=True),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
@settings(max_examples=300)
@given(text=realistic_text())
def test_repair_undoes_damage(damage: Callable[[str], str], text: str) -> None:
    assert repair(damage(text)) == text


@settings(max_examples=200)
@given(realistic_text())
def test_repair_is_idempotent_on_its_output(text: str) -> None:
    once = repair(damage_cp1252(text))
    assert repair(once) == once
