"""Encoding repair on the examples from the issue, in both directions."""

from __future__ import annotations

import pytest

from sitegen.importer.repair import damaged_markers, repair


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("ðŸ’° USD", "💰 USD"),  # Windows-1252, four-byte emoji
        ("MongoDBâ€™s", "MongoDB’s"),
        ("â€™", "’"),
        ("Â£50k", "£50k"),
        ("Ã©tÃ©", "été"),
        ("\uf8ffüí∞ USD", "💰 USD"),  # Mac Roman with the 0xF0 shown as U+F8FF
        ("üí∞ USD", "💰 USD"),  # ... and with it dropped
        ("`üåé Remote US`", "`🌎 Remote US`"),
        ("we‚Äôre", "we’re"),
        ("‚Äúquoted‚Äù", "“quoted”"),
        ("Z√ºrich‚Äôs", "Zürich’s"),
        ("Êó•Êú¨Ë™û", "日本語"),
        ("–ü—Ä–∏–≤–µ—Ç", "Привет"),
        ("Ã¢â‚¬â„¢", "’"),  # damaged twice
        ("caf\u00c3\u00a9", "café"),
        ("â\x80\x99", "’"),  # Latin-1: C1 control characters
    ],
)
def test_damaged_text_is_repaired(damaged: str, clean: str) -> None:
    assert repair(damaged) == clean


@pytest.mark.parametrize(
    "clean",
    [
        "Zürich",
        "Über",
        "naïve",
        "“Über” and ‘quotes’",
        "»Über« und „Zitate“",
        "«Ärger»",
        "Zürich—Über",
        "C’était du café…»",
        "日本語の求人 💰 🌎 👩‍💻 ❤️",
        "Kraków, Łódź, Gdańsk",
        "São Paulo — 30% remote",
        "Café Müller’s “Bestellung 2.0”",
        "Ångström, Øresund, Straße",
        "",
    ],
)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert repair(clean) == clean


def test_damaged_markers_names_what_is_left() -> None:
    assert damaged_markers("weâ€™re üí∞") == ["â€", "üí"]
    assert damaged_markers("we’re 💰") == []
