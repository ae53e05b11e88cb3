"""A posting's `aliases`: the old paths its page was published at, each to get a redirect.

Only paths inside the site pass, in one safe spelling: no scheme or host, no '..', no query
or fragment, only letters, digits and - . _ ~ in each folder name. What passes can stand in
a file name on any system and in an HTML attribute without escaping."""

from __future__ import annotations

import re

from sitegen.content.fields import Checker, shown
from sitegen.content.names import DEVICE_NAMES
from sitegen.content.source import Located

MAX_ALIASES = 20
MAX_LENGTH = 200
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SEGMENT = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$")
EXAMPLE = "jobs/old-slug/"


def alias_path(raw: str) -> tuple[str | None, str]:
    """An alias as written -> (its site-relative path, ""), or (None, what is wrong).

    'jobs/old/' and '/jobs/old/' -> 'jobs/old/'; 'jobs/old' -> 'jobs/old/' (a folder, as
    the site's pages are); 'old.html' stays a file."""
    value = raw.strip()
    if _SCHEME.match(value) or value.startswith(("//", "\\\\", "/\\")):
        return None, f"is a full address: write the path inside the site, e.g. {EXAMPLE}"
    if "?" in value or "#" in value:
        return None, "has a query or #fragment: a redirect stands at a path alone"
    if len(value) > MAX_LENGTH:
        return None, f"is {len(value)} characters long: keep it under {MAX_LENGTH}"
    segments = value.strip("/").split("/") if value.strip("/") else []
    if not segments:
        return None, "is the home page: name the old page's path, e.g. " + EXAMPLE
    for segment in segments:
        if segment in (".", ".."):
            return None, "steps out of its folder ('..'): write the path from the site's root"
        if not _SEGMENT.match(segment):
            return None, (
                "may hold only letters, digits and - . _ ~ between slashes, not starting "
                f"with a dot, e.g. {EXAMPLE}"
            )
        if DEVICE_NAMES.match(segment.split(".")[0].lower()):
            return None, f"'{segment}' is a device name on Windows: its page could not be saved"
    path = "/".join(segments)
    return (path if path.endswith((".html", ".htm")) else path + "/"), ""


def aliases(loc: Located, name: str, ck: Checker) -> tuple[str, ...] | None:
    """The `aliases` field: a list of old paths (or one path), each made site-relative."""
    items = loc.value if isinstance(loc.value, list) else [loc]
    if len(items) > MAX_ALIASES:
        ck.fail(loc.line, name, f"has {len(items)} paths: keep it to at most {MAX_ALIASES}")
        return None
    result: list[str] = []
    for item in items:
        if not isinstance(item.value, str):
            ck.fail(item.line, name, f"{shown(item.value)} is not a path: write e.g. {EXAMPLE}")
            return None
        path, problem = alias_path(item.value)
        if path is None:
            ck.fail(item.line, name, f"{shown(item.value)} {problem}")
            return None
        if path not in result:
            result.append(path)
    if not result:
        ck.fail(loc.line, name, f"list the old paths, e.g. [{EXAMPLE}], or remove the field")
        return None
    return tuple(result)
