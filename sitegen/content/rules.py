"""Each front-matter check paired with the JSON Schema that states the same rule.

A Rule is what the field tables hold: called, it checks a located value as the validators in
fields.py do; its `schema` is the JSON Schema (draft 2020-12) of the values it accepts, made
from the same limits, choices and patterns, for editors and the submission form. Messages
in `errorMessage` are what the YAML language server shows instead of its generic ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.content import aliases as alias_rules
from sitegen.content import fields as f
from sitegen.content import patterns, remote
from sitegen.content.names import DEVICE_NAMES
from sitegen.content.regions import NAMED_REGIONS, countries
from sitegen.content.source import Located

Schema = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    check: f.Validator
    schema: Mapping[str, Any]

    def __call__(self, loc: Located, name: str, ck: f.Checker) -> Any:
        return self.check(loc, name, ck)


Spec = tuple[bool, Rule]  # (required, rule)


def text(max_length: int) -> Rule:
    # a number is text too (title: 2026); after the checker's clean-up it must show something
    return Rule(
        f.text(max_length),
        {
            "type": ["string", "number"],
            "pattern": patterns.line_of_text(max_length),
            "errorMessage": f"text on one line, at most {max_length} characters",
        },
    )


def one_of(choices: Sequence[str], aliases: Mapping[str, str] | None = None) -> Rule:
    return Rule(
        f.one_of(tuple(choices), aliases),
        {
            "type": "string",
            "pattern": patterns.any_case([*choices, *(aliases or {})]),
            "examples": list(choices),
            "errorMessage": f"use one of {', '.join(choices)}",
        },
    )


uuid_value = Rule(
    f.uuid_value,
    {
        "type": "string",
        "pattern": patterns.UUID,
        "errorMessage": "a UUID such as 3f1c9a52-7d4e-4b8a-9a61-0c2e5d7b8f10 "
        "(`sitegen new` makes one; never change it once published)",
    },
)
timestamp = Rule(
    f.timestamp,
    {
        "type": "string",
        "pattern": patterns.DATE_TIME,
        "errorMessage": "a real date written as YYYY-MM-DD (from 1970 to 2999), "
        "optionally with a time such as 2026-11-16T09:30+01:00",
    },
)
boolean = Rule(f.boolean, {"type": "boolean", "errorMessage": "true or false"})
_WEB = "a full web address starting with https:// or http://"
http_url = Rule(f.http_url, {"type": "string", "pattern": patterns.HTTP_URL, "errorMessage": _WEB})
apply_link = Rule(
    f.apply_link,
    {
        "type": "string",
        "anyOf": [{"pattern": patterns.HTTP_URL}, {"pattern": patterns.MAILTO}],
        "errorMessage": "a web address (https://...) or an email address",
    },
)
positive_number = Rule(
    f.positive_number,
    {
        "type": "number",
        "exclusiveMinimum": 0,
        "exclusiveMaximum": 10**12,
        "errorMessage": "a positive number without currency signs or commas",
    },
)
currency = Rule(
    f.currency,
    {
        "type": "string",
        "pattern": patterns.any_case(sorted(f.currencies())),
        "examples": ["USD", "EUR", "GBP"],
        "errorMessage": "an ISO 4217 currency code such as USD, EUR or GBP",
    },
)
country = Rule(
    f.country,
    {
        "type": "string",
        "pattern": patterns.any_case(sorted({*countries(), "UK"})),
        "errorMessage": "an ISO 3166 two-letter country code such as US, DE or GB",
    },
)
_REGION = {
    "type": "string",
    "pattern": patterns.any_case([*NAMED_REGIONS, *sorted({*countries(), "UK"})]),
    "examples": list(NAMED_REGIONS),
}
regions = Rule(
    remote.regions,
    {
        "anyOf": [{"type": "array", "minItems": 1, "items": _REGION}, _REGION],
        "errorMessage": "a list of two-letter country codes (US, DE, ...) or of "
        + ", ".join(NAMED_REGIONS),
    },
)
_HOURS = "{minus}\\s*(?:0?[0-9]|1[01])(?::(?:00|15|30|45))?|{minus}\\s*12(?::00)?"
_OFFSET = (
    "[Uu][Tt][Cc]\\s*(?:"
    + _HOURS.format(minus="[-\u2212]")
    + "|\\+\\s*(?:0?[0-9]|1[0-3])(?::(?:00|15|30|45))?|\\+\\s*14(?::00)?)?"
)
_TO = "(?:\\s+[Tt][Oo]\\s+|\\s*\u2013\\s*|\\s*[.][.]\\s*)"
utc_window = Rule(
    remote.utc_window,
    {
        "type": "string",
        "pattern": f"^\\s*{_OFFSET}(?:{_TO}{_OFFSET})?\\s*$",
        "errorMessage": "a time-zone window such as UTC-3 to UTC+3 (western offset first), "
        "or one offset such as UTC+5:30",
    },
)
_TAG_CHAR = "[A-Za-z0-9+#.-]"
tags = Rule(
    f.tags,
    {
        "type": "array",
        "maxItems": f.MAX_TAGS,
        "items": {
            "anyOf": [
                {
                    "type": "string",
                    # as the checker reads it: lowercased, each run of spaces one space
                    "pattern": f"^\\s*[A-Za-z0-9](?:{_TAG_CHAR}|\\s+(?={_TAG_CHAR})){{0,39}}\\s*$",
                },
                {"type": "integer", "minimum": 0, "maximum": 10**40 - 1},
                {"type": "boolean"},  # YAML's yes/true, read as the tag "true"
            ]
        },
        "errorMessage": "a list of tags of lowercase words, digits and hyphens "
        f"(at most 40 characters each, {f.MAX_TAGS} tags)",
    },
)
# Windows' device names (con, com1, ...), in any case, as a whole name or before a dot
_DEVICE = "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in DEVICE_NAMES.pattern)
_SEGMENT = f"(?!{_DEVICE.strip('^$')}(?:[./]|\\s*$))[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
_ALIAS = {
    "type": "string",
    "pattern": f"^\\s*(?=\\S{{1,{alias_rules.MAX_LENGTH}}}\\s*$)"  # its length, stripped
    f"/?{_SEGMENT}(?:/{_SEGMENT})*/*\\s*$",
}
aliases = Rule(
    alias_rules.aliases,
    {
        "anyOf": [
            {"type": "array", "minItems": 1, "maxItems": alias_rules.MAX_ALIASES, "items": _ALIAS},
            _ALIAS,
        ],
        "errorMessage": f"old paths inside the site, e.g. [{alias_rules.EXAMPLE}]",
    },
)
