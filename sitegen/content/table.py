"""The fields of each kind of content file: the one table that `sitegen check` runs and that
the JSON Schema of a posting (schema.py) is made from."""

from __future__ import annotations

from typing import Any

from sitegen.content import fields as f
from sitegen.content import patterns
from sitegen.content import rules as r
from sitegen.content.model import ARRANGEMENTS, EMPLOYMENT_TYPES
from sitegen.content.pay import PERIODS
from sitegen.content.source import Located

Specs = dict[str, r.Spec]

COMPANY: Specs = {
    "name": (True, r.text(120)),
    "website": (False, r.http_url),
}
ARRANGEMENT_ALIASES = {
    "onsite": "on-site",
    "on site": "on-site",
    "office": "on-site",
    "in-office": "on-site",
}
LOCATION: Specs = {
    "arrangement": (True, r.one_of(ARRANGEMENTS, ARRANGEMENT_ALIASES)),
    "regions": (False, r.regions),
    "city": (False, r.text(100)),
    "region": (False, r.text(100)),
    "country": (False, r.country),
    "timezones": (False, r.utc_window),
}
# What a location holds by its arrangement: a remote posting says where applicants may live
# and the hours they keep; a hybrid or on-site one, its city and country, and nothing of those.
REMOTE_ONLY = ("regions", "timezones")
NEEDED_BY_REMOTE = ("regions",)
NEEDED_OTHERWISE = ("city", "country")
SALARY: Specs = {
    "min": (True, r.positive_number),
    "max": (False, r.positive_number),
    "currency": (True, r.currency),
    "period": (
        True,
        r.one_of(
            PERIODS,
            {
                "yearly": "year",
                "annual": "year",
                "monthly": "month",
                "hourly": "hour",
                "weekly": "week",
                "daily": "day",
            },
        ),
    ),
}
EMPLOYMENT_ALIASES = {
    "full time": "full-time",
    "full_time": "full-time",
    "part time": "part-time",
    "part_time": "part-time",
}

# A string where a group is expected: `company: Mozilla` is short for `company: {name: ...}`
# (in a group without a name field, such a string is refused for its unknown field).
SHORTHAND = "name"


def object_schema(specs: Specs) -> r.Schema:
    """The JSON Schema of a group of fields: known ones only, the required ones present,
    and none holding a placeholder."""
    return {
        "type": "object",
        "properties": {
            key: {"not": {"$ref": "#/$defs/placeholder"}, **rule.schema}
            for key, (_, rule) in specs.items()
        },
        "required": [key for key, (required, _) in specs.items() if required],
        "additionalProperties": False,
    }


def nested(specs: Specs, *conditions: r.Schema) -> r.Rule:
    """The rule of a group of indented fields, checked by its own table."""

    def check(loc: Located, name: str, ck: f.Checker) -> dict[str, Any] | None:
        values = f.mapping(loc, name, ck)
        if values is None:
            return None
        before = len(ck.errors)
        result = f.check_fields(values, specs, name + ".", ck, loc.line)
        return result if len(ck.errors) == before else None

    schema = object_schema(specs)
    if conditions:
        schema["allOf"] = list(conditions)
    if SHORTHAND in specs:
        schema = {"anyOf": [specs[SHORTHAND][1].schema, schema]}
    return r.Rule(check, schema)


_REMOTE = {"properties": {"arrangement": {"pattern": patterns.any_case(["remote"])}}}
POSTING: Specs = {
    "id": (True, r.uuid_value),
    "title": (True, r.text(150)),
    "company": (True, nested(COMPANY)),
    "date": (True, r.timestamp),
    "updated": (False, r.timestamp),
    "apply": (True, r.apply_link),
    "direct_apply": (False, r.boolean),
    "location": (
        True,
        nested(
            LOCATION,
            {"if": _REMOTE, "then": {"required": list(NEEDED_BY_REMOTE)}},
            {
                "if": {"required": ["arrangement"], "not": _REMOTE},
                "then": {
                    "required": list(NEEDED_OTHERWISE),
                    "properties": {key: False for key in REMOTE_ONLY},
                },
            },
        ),
    ),
    "employment_type": (True, r.one_of(EMPLOYMENT_TYPES, EMPLOYMENT_ALIASES)),
    "salary": (False, nested(SALARY)),
    "tags": (False, r.tags),
    "closes": (False, r.timestamp),
    "draft": (False, r.boolean),
    "aliases": (False, r.aliases),
}
PAGE: Specs = {
    "title": (True, r.text(150)),
    "description": (False, r.text(300)),
    "draft": (False, r.boolean),
}
NOTE: Specs = {"title": (False, r.text(150))}
