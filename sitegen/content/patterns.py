"""Regular expressions that both the validator and the JSON Schema use, written once.

Each is a pattern text that Python's `re` and JavaScript's RegExp (which JSON Schema's
`pattern` follows) read alike: ASCII classes spelled out ([0-9], not \\d, which in Python also
matches other scripts' digits), no inline flags, no lookbehind. A JSON Schema pattern is not
anchored, so the whole-value patterns carry their own ^ and $; surrounding space is allowed
where the validator strips it.
"""

from __future__ import annotations

from collections.abc import Iterable

_YEAR = "(?:19[7-9][0-9]|2[0-9]{3})"  # 1970 to 2999: anything else is a typing mistake
_LEAP_YEAR = "(?:19(?:7[26]|8[048]|9[26])|2[0-9](?:0[48]|[2468][048]|[13579][26])|2[048]00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_DATE = f"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_CLOCK = (
    "[T ](?:[01][0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9](?:[.][0-9]{1,6})?)?)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?"
)
# A real calendar day from 1970 to 2999, with an optional time of day and UTC offset.
DATE_TIME = rf"^\s*{_DATE}(?:{_CLOCK})?\s*$"

_HEX = "[0-9a-fA-F]"
UUID = rf"^\s*{_HEX}{{8}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{12}}\s*$"

# No space, quote, angle bracket, backtick or backslash, nor the invisible characters
# (controls, soft hyphen, zero-width and bidirectional marks) that hide what a link is.
_URL_CHAR = (
    "[^\\s<>\"'`\\\\\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
)
_HOST_CHAR = _URL_CHAR + "/?#@:\\[\\].]"
_PORT = "(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
# http(s)://, a host with a dot inside it (example.com, not localhost), a port up to 65535
HTTP_URL = (
    rf"^\s*[Hh][Tt][Tt][Pp][Ss]?://(?:{_URL_CHAR}/?#\[\]]*@)?"
    rf"[.]*{_HOST_CHAR}+(?:[.]+{_HOST_CHAR}+)+[.]*(?::{_PORT}?)?"
    rf"(?:[/?#]{_URL_CHAR}]*)?\s*$"
)
EMAIL = r"[A-Za-z0-9.!#$%&*+/=?^_{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
MAILTO = rf"^\s*(?:mailto:)?{EMAIL}\s*$"

# What the checker's clean-up (fields.clean_line) drops, and what it reads as a space.
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_SPACE = "\\s\u0000-\u001f\u007f-\u009f"


def line_of_text(max_length: int) -> str:
    """Text that, with invisible characters dropped and each run of space made one space,
    shows something and is at most `max_length` characters long."""
    shown, gap, invisible = f"[^{_SPACE}{_INVISIBLE}]", f"[{_SPACE}]", f"[{_INVISIBLE}]"
    either = f"[{_SPACE}{_INVISIBLE}]"
    return (
        f"^{either}*{shown}(?:{invisible}*{shown}|{invisible}*{gap}{either}*(?={shown}))"
        f"{{0,{max_length - 1}}}{either}*$"
    )


# A value that `sitegen import` left for a person to fill in: "TODO: ..."
PLACEHOLDER = "^\\s*[Tt][Oo][Dd][Oo]"


def _letters_either_case(text: str) -> str:
    # escapes only what is special: in Unicode mode JavaScript refuses an escaped - or space
    return "".join(
        f"[{c.upper()}{c.lower()}]"
        if c.lower() != c.upper()
        else ("\\" + c if c in _SPECIAL else c)
        for c in text
    )


_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def any_case(words: Iterable[str]) -> str:
    """A pattern that matches one of `words` in any letter case, with space around it."""
    return "^\\s*(?:" + "|".join(_letters_either_case(w) for w in words) + ")\\s*$"
