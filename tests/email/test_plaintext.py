"""Markdown as the plain text of a mail: wrapped at 72 columns, links shown absolute, lists,
quotes and code kept readable, and nothing that would reorder or hide characters."""

from __future__ import annotations

from sitegen.render.plaintext import clean, markdown_text, wrap

BASE = "https://example.github.io/digest/editions/2026-w47/"


def test_paragraphs_wrap_and_links_show_their_absolute_address() -> None:
    source = (
        "A week of [remote roles](../../remote/) and one [https://example.com/](https://example.com/)"
        " link written as its own address, then a sentence long enough to need a second line.\n"
    )
    assert markdown_text(source, BASE) == (
        "A week of remote roles <https://example.github.io/digest/remote/> and\n"
        "one https://example.com/ link written as its own address, then a\n"
        "sentence long enough to need a second line."
    )


def test_lists_quotes_code_and_tables() -> None:
    source = (
        "Intro:\n\n- one\n- two, which is long enough that it has to wrap onto a second line"
        " of its own\n  1. nested\n  2. again\n\n> quoted\n\n```\nkeep   the  spaces\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert markdown_text(source, BASE) == (
        "Intro:\n\n"
        "- one\n"
        "- two, which is long enough that it has to wrap onto a second line of\n"
        "  its own\n"
        "  1. nested\n"
        "  2. again\n\n"
        "> quoted\n\n"
        "    keep   the  spaces\n\n"
        "a | b\n1 | 2"
    )


def test_unsafe_links_stay_text_and_hidden_characters_go() -> None:
    text = markdown_text("[x](javascript:alert(1)) \u202eevil\u202c <b>bold</b>\x07\n", BASE)
    assert text == "[x](javascript:alert(1)) evil <b>bold</b>"
    assert clean("a\u2066b\u200bc\ufeff\x00d") == "abcd"


def test_wrap_keeps_a_long_address_whole() -> None:
    url = "https://example.github.io/digest/" + "x" * 60
    assert wrap(f"Apply: {url}", 72, "  ") == f"  Apply:\n  {url}"
    assert wrap("", 72, "  ") == ""
