"""Make mojibake the way scrapers do: UTF-8 bytes read with the wrong charset."""

from __future__ import annotations

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_MAC_ROMAN_APPLE = "\uf8ff"  # what byte 0xF0 (the lead of every emoji) reads as


def damage_cp1252(text: str) -> str:
    """UTF-8 read as Windows-1252 (bytes it leaves undefined pass through as Latin-1)."""
    return "".join(
        chr(byte) if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252")
        for byte in text.encode("utf-8")
    )


def damage_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def damage_mac_roman(text: str, *, drop_apple: bool = False) -> str:
    """UTF-8 read as Mac Roman; `drop_apple` also loses U+F8FF as many pipelines do."""
    damaged = text.encode("utf-8").decode("mac_roman")
    return damaged.replace(_MAC_ROMAN_APPLE, "") if drop_apple else damaged
