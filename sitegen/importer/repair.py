# ruff: noqa: RUF001, RUF002  (this module is about look-alike characters)
"""Repair text whose UTF-8 bytes were decoded with the wrong single-byte charset.

Two passes, each leaving text alone unless a repair is clearly better:

1. ftfy's encoding fixer, limited to encoding repair (no quote uncurling, no
   normalisation), for text read as Windows-1252 or Latin-1 ("â€™" -> "’",
   "ðŸ’°" -> "💰") and whole Mac Roman segments.
2. A Mac Roman pass ftfy lacks: each maximal run of non-ASCII characters that all
   exist in Mac Roman is re-encoded to bytes and read back as UTF-8, one sequence at
   a time ("we‚Äôre" -> "we’re", "üí∞" -> "💰"; the lead byte 0xF0 of a four-byte
   sequence shows as U+F8FF, which scrapers often drop, so a missing one is restored).
   A decoded sequence is kept only when it is plausible text: never a combining mark,
   control, private-use or unassigned code point, and a lone Greek, Cyrillic or other
   non-Latin letter only beside others, so "“Über”" or "Zürich" never change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import ftfy

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

_MAC_ROMAN_APPLE = "\uf8ff"  # byte 0xF0 in Mac Roman
_EMOJI_LEAD = 0xF0


def repair(text: str) -> str:
    """Return `text` with mis-decoded UTF-8 repaired; undamaged text comes back unchanged."""
    return repair_mac_roman(ftfy.fix_text(text, _FTFY_CONFIG))


def repair_mac_roman(text: str) -> str:
    """Repair UTF-8 that was decoded as Mac Roman, run by run."""
    return "".join(_repair_run(run) if _is_candidate(run) else run for run in _runs(text))


def _runs(text: str) -> Iterator[str]:
    """Split text into alternating runs of Mac-Roman-encodable non-ASCII and everything else."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or _is_candidate(text[index]) != _is_candidate(text[start]):
            yield text[start:index]
            start = index


def _is_candidate(chars: str) -> bool:
    return all(ord(c) > 0x7F and _mac_roman_byte(c) is not None for c in chars)


def _mac_roman_byte(char: str) -> int | None:
    try:
        encoded = char.encode("mac_roman")
    except UnicodeEncodeError:
        return None
    return encoded[0]


def _repair_run(run: str) -> str:
    data = bytes(_mac_roman_byte(c) or 0 for c in run)
    pieces = list(_decode_pieces(run, data))
    out: list[str] = []
    for index, (original, decoded) in enumerate(pieces):
        keep = decoded is not None and (
            not _needs_neighbour(decoded) or _has_decoded_neighbour(pieces, index)
        )
        out.append(decoded if keep and decoded is not None else original)
    return "".join(out)


def _decode_pieces(run: str, data: bytes) -> Iterator[tuple[str, str | None]]:
    """Yield (original characters, plausible decoding or None) along the run."""
    index = 0
    while index < len(data):
        for length, prefix in _sequence_shapes(data[index]):
            chunk = data[index : index + length]
            decoded = _decode(prefix + chunk) if len(chunk) == length else None
            if decoded is not None:
                yield run[index : index + length], decoded
                index += length
                break
        else:
            yield run[index], None
            index += 1


def _sequence_shapes(first: int) -> tuple[tuple[int, bytes], ...]:
    """Possible (byte count, restored prefix) for a UTF-8 sequence starting with `first`."""
    if 0xC2 <= first <= 0xDF:
        return ((2, b""),)
    if 0xE0 <= first <= 0xEF:
        return ((3, b""),)
    if 0xF0 <= first <= 0xF4:
        return ((4, b""),)
    if 0x90 <= first <= 0xBF:  # a four-byte sequence whose 0xF0 was dropped
        return ((3, bytes([_EMOJI_LEAD])),)
    return ()


def _decode(data: bytes) -> str | None:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(decoded) != 1 or not _plausible(decoded):
        return None
    if len(data) == 4 and not _is_emoji_plane(decoded):
        return None
    return decoded


def _plausible(char: str) -> bool:
    category = unicodedata.category(char)
    return not (category.startswith(("M", "C")) or char == _MAC_ROMAN_APPLE)


def _is_emoji_plane(char: str) -> bool:
    return 0x1F000 <= ord(char) <= 0x1FAFF


def _needs_neighbour(char: str) -> bool:
    """Non-Latin two-byte letters are accepted only beside another decoded letter."""
    return 0x0370 <= ord(char) <= 0x07FF


def _has_decoded_neighbour(pieces: list[tuple[str, str | None]], index: int) -> bool:
    neighbours = pieces[max(index - 1, 0) : index] + pieces[index + 1 : index + 2]
    return any(decoded is not None and _needs_neighbour(decoded) for _, decoded in neighbours)


def damaged_markers(text: str) -> list[str]:
    """Common mojibake sequences still present in `text` (for reports and tests)."""
    markers = ("ðŸ", "â€", "‚Äô", "‚Äú", "‚Äù", "üí", "Ã©", "Ã¼", "√©", "Â ")
    return [m for m in markers if m in text]
