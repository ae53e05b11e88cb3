"""Repair text whose UTF-8 bytes were decoded with the wrong single-byte charset.

For each run of non-ASCII characters, each charset (Windows-1252 with Latin-1 for its
gaps; Mac Roman) is tried and the repair that decodes more wins. Within the run, every
maximal run of non-ASCII characters that all exist in that charset is turned back into
the bytes they came from and read again as UTF-8, one sequence at a time:
"â€™" -> "’", "ðŸ’°" -> "💰", "we‚Äôre" -> "we’re", "üí°" -> "💡". In Mac Roman the
lead byte 0xF0 of every emoji reads as U+F8FF, which scrapers often drop; a sequence
missing it is restored. Latin-1 damage (C1 control characters) is covered by the
Windows-1252 table. ftfy is not used: it has no answer for a dropped 0xF0, and its
whole-text guesses change short clean strings ("»Ü" -> "Ȇ", "Î¡" -> "Ρ").

A decoded sequence replaces the original only when it is plausible text. It must not be
a combining mark, control, private-use or unassigned code point, and a "weak" result
(Latin Extended-B, Greek, Cyrillic and other two-byte scripts; CJK and other three-byte
letters) is kept only beside another decoded sequence of the same script, because
mojibake of such text comes in runs while clean text pairs like "»Ü" (C8 86 in Mac Roman)
or "é…»" (E9 85 BB in Windows-1252) would otherwise decode to a lone, unrelated
character. Undamaged text such as "Zürich", "“Über”", "naïve", curly quotes, CJK and
emoji comes out unchanged.

Known limits, by design: a lone damaged CJK character or Latin Extended-B letter (say
Romanian "ș") stays damaged; "Ã", "Â" or "â" directly before a curly quote, dash or
similar ("Ã—") is read as damage, as no real word ends that way; and so is a lone
accented letter between symbols twice over ("é”—é”" reads as two CJK characters).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping


def _table(codec: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode(codec)] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte  # a gap in the charset: browsers show it as Latin-1
    return table


_CP1252 = {**{chr(b): b for b in range(0x80, 0xA0)}, **_table("cp1252")}
_MAC_ROMAN = _table("mac_roman")
_APPLE = "\uf8ff"  # byte 0xF0 in Mac Roman
_EMOJI_LEAD = 0xF0
_MAX_ROUNDS = 3
# Three-byte symbols common in job ads (punctuation, currency, ™, arrows, technical,
# geometric shapes, symbols, dingbats, stars): decoded even alone.
_STRONG_SYMBOLS = (
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x25A0, 0x27BF),
    (0x2B00, 0x2BFF),
)
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "FULLWIDTH"})
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def repair(text: str) -> str:
    """Return `text` with mis-decoded UTF-8 repaired; undamaged text comes back unchanged.

    Text damaged twice ("Ã¢â‚¬â„¢") needs a second round; three are plenty.
    """
    for _ in range(_MAX_ROUNDS):
        fixed = "".join(
            _repair_segment(segment) if not segment.isascii() else segment
            for segment in _NON_ASCII.split(text)
        )
        if fixed == text:
            break
        text = fixed
    return text


def _repair_segment(segment: str) -> str:
    """The better of the two charsets' repairs of a run of non-ASCII characters: fewer
    characters, then fewer left undecoded (Windows-1252 on a full tie)."""
    return min(
        (
            _repair_charset(segment, _CP1252, lost_lead=False),
            _repair_charset(segment, _MAC_ROMAN, lost_lead=True),
        ),
        key=lambda result: (len(result[0]), result[1]),
    )[0]


def _repair_charset(text: str, table: Mapping[str, int], *, lost_lead: bool) -> tuple[str, int]:
    """Repair UTF-8 that was decoded with the charset `table` describes, run by run;
    also count the characters left as they were."""
    out: list[str] = []
    left = 0
    for run in _runs(text, table):
        fixed, undecoded = (
            _repair_run(run, table, lost_lead) if run[0] in table else (run, len(run))
        )
        out.append(fixed)
        left += undecoded
    return "".join(out), left


def _runs(text: str, table: Mapping[str, int]) -> Iterator[str]:
    """Split text into alternating runs of charset characters and everything else."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (text[index] in table) != (text[start] in table):
            yield text[start:index]
            start = index


def _repair_run(run: str, table: Mapping[str, int], lost_lead: bool) -> tuple[str, int]:
    data = bytes(table[c] for c in run)
    pieces = list(_decode_pieces(run, data, lost_lead))
    out: list[str] = []
    undecoded = 0
    for index, (original, decoded) in enumerate(pieces):
        if decoded is not None and (not _is_weak(decoded) or _has_kin(pieces, index)):
            out.append(decoded)
        else:
            out.append(original)
            undecoded += len(original)
    return "".join(out), undecoded


def _decode_pieces(run: str, data: bytes, lost_lead: bool) -> Iterator[tuple[str, str | None]]:
    """Yield (original characters, plausible decoding or None) along the run."""
    index = 0
    while index < len(data):
        for length, prefix in _sequence_shapes(data[index], lost_lead):
            chunk = data[index : index + length]
            decoded = _decode(prefix + chunk) if len(chunk) == length else None
            if decoded is not None:
                yield run[index : index + length], decoded
                index += length
                break
        else:
            yield run[index], None
            index += 1


def _sequence_shapes(first: int, lost_lead: bool) -> tuple[tuple[int, bytes], ...]:
    """Possible (byte count, restored prefix) for a UTF-8 sequence starting with `first`."""
    if 0xC2 <= first <= 0xDF:
        return ((2, b""),)
    if 0xE0 <= first <= 0xEF:
        return ((3, b""),)
    if 0xF0 <= first <= 0xF4:
        return ((4, b""),)
    if lost_lead and first == 0x9F:  # an emoji (F0 9F xx xx) whose 0xF0 was dropped
        return ((3, bytes([_EMOJI_LEAD])),)
    return ()


def _decode(data: bytes) -> str | None:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(decoded) != 1 or not _plausible(decoded):
        return None
    return decoded


def _plausible(char: str) -> bool:
    if char in _JOINERS:
        return True
    category = unicodedata.category(char)
    return not (category.startswith(("M", "C")) or char == _APPLE)


def _is_weak(char: str) -> bool:
    """Characters accepted only beside a decoded sequence of the same script."""
    code = ord(char)
    if char in _JOINERS:
        return True
    if code < 0x800:
        return code >= 0x180
    if code < 0x10000:
        return not any(low <= code <= high for low, high in _STRONG_SYMBOLS)
    return not 0x1F000 <= code < 0x1FB00


def _has_kin(pieces: list[tuple[str, str | None]], index: int) -> bool:
    """Whether a neighbouring piece decoded to the same script (any, for emoji joiners)."""
    char = pieces[index][1] or ""
    neighbours = pieces[max(index - 1, 0) : index] + pieces[index + 1 : index + 2]
    return any(
        decoded is not None and (char in _JOINERS or _script(decoded) == _script(char))
        for _, decoded in neighbours
    )


def _script(char: str) -> str:
    if char in _JOINERS or ord(char) >= 0x1F000:
        return "EMOJI"
    word = unicodedata.name(char, "UNKNOWN").split()[0]
    return "EAST-ASIAN" if word in _EAST_ASIAN else word


def damaged_markers(text: str) -> list[str]:
    """Common mojibake sequences still present in `text` (for reports and tests)."""
    markers = ("ðŸ", "â€", "‚Äô", "‚Äú", "‚Äù", "üí", "Ã©", "Ã¼", "√©")
    return [m for m in markers if m in text]
