"""The JSON Schema (draft 2020-12) of a posting's front matter, made from the field table
that `sitegen check` runs, and published with the site as schema/posting.json.

Editors with the YAML language server check a posting against it as it is typed (the file's
first front-matter line names it), and the submission form checks its fields with it.

What it cannot say, because JSON Schema does not compare one value with another or with
today: that `closes` and `updated` are not before `date`, that `salary.max` is not below
`salary.min`, that a time-zone window names its western offset first, and that `date` is not
after the build day. Nor does it see the description or the file's name. `sitegen check`
says all of those.
"""

from __future__ import annotations

import json
from typing import Any

from sitegen.content import patterns

PATH = "schema/posting.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def posting_schema(url: str) -> dict[str, Any]:
    """The schema, its `$id` the address it is published at."""
    from sitegen.content.table import POSTING, object_schema  # `new` and `import` need not

    return {
        "$schema": DIALECT,
        "$id": url,
        "title": "Job posting",
        "description": "The front matter of a posting file (content/postings/*.md): the "
        "facts between the two '---' lines. `sitegen check` also compares dates and "
        "salary amounts, and checks the description below.",
        **object_schema(POSTING),
        "$defs": {
            "placeholder": {
                "description": "a value still to fill in: TODO, left by sitegen new or import",
                "errorMessage": "still holds a placeholder (TODO): fill it in",
                "anyOf": [
                    {"type": "string", "pattern": patterns.PLACEHOLDER},
                    {
                        "type": "array",
                        "contains": {"type": "string", "pattern": patterns.PLACEHOLDER},
                    },
                ],
            }
        },
    }


def schema_file(url: str) -> dict[str, bytes]:
    """The published file, as a build job makes it: {PATH: its bytes}, the same every time."""
    text = json.dumps(posting_schema(url), indent=1, ensure_ascii=False, sort_keys=False)
    return {PATH: (text + "\n").encode()}


def comment(url: str) -> str:
    """The front-matter line that tells the YAML language server which schema to use."""
    return f"# yaml-language-server: $schema={url}\n"
