"""The site configuration file, sitegen.toml, parsed and validated like content."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.errors import BuildError, SourceError
from sitegen.files import outside, read_regular

CONFIG_NAME = "sitegen.toml"
MAX_CONFIG_BYTES = 1024 * 1024
NESTED_TOML = "values are nested too deeply for a site setting: flatten them"


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str  # absolute, always ends with "/"
    language: str
    timezone: str
    theme: str
    page_size: int
    feed_limit: int
    repository: str | None
    max_age_days: int  # a posting without `closes` is listed this many days after its date
    subscribe_url: str | None = None  # where readers sign up for the digest by email

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. "/digest/" (always starts and ends with /)."""
        return urlsplit(self.base_url).path

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_base_url(self, base_url: str) -> SiteConfig:
        """A copy with another base URL (e.g. from --base-url), validated the same way."""
        problem = _check_base_url(base_url)
        if problem:
            raise BuildError([SourceError("--base-url", None, None, problem)])
        return _replace(self, base_url=_normalise_base_url(base_url))

    def with_repository(self, repository: str) -> SiteConfig:
        """A copy naming another GitHub repository (e.g. from --repository in a fork's
        workflow), validated the same way."""
        problem = _CHECKS["repository"](repository)
        if problem:
            raise BuildError([SourceError("--repository", None, None, problem)])
        return _replace(self, repository=repository)


def _replace(config: SiteConfig, **changes: Any) -> SiteConfig:
    values = {name: getattr(config, name) for name in config.__dataclass_fields__}
    values.update(changes)
    return SiteConfig(**values)


_DEFAULTS: dict[str, Any] = {
    "description": "",
    "language": "en",
    "timezone": "UTC",
    "theme": "default",
    "page_size": 20,
    "feed_limit": 50,
    "repository": None,
    "max_age_days": 60,
    "subscribe_url": None,
}
_REQUIRED = ("title", "base_url")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
_THEME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


_EXAMPLE_URL = "https://example.github.io/digest/"


def _check_base_url(value: str) -> str | None:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed '[' of an IPv6 address
        return f"cannot read the host of {value!r}: write an address such as {_EXAMPLE_URL}"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an absolute http(s) URL such as {_EXAMPLE_URL}"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    if any(char.isspace() or not char.isprintable() for char in value):
        return "must not contain spaces or control characters: percent-encode them (%20)"
    if not parts.hostname:
        return f"names no host: write an address such as {_EXAMPLE_URL}"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password ('user@'): every reader would see it"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number, or above 65535
        port = 0
    if port == 0:
        written = parts.netloc.rpartition(":")[2]
        return f"the port {written!r} is not a port: write a number from 1 to 65535, or none"
    return None


def _check_subscribe_url(value: Any) -> str | None:
    """A sign-up page (http or https) or a list's subscription address (mailto:)."""
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is not None and parts.scheme == "mailto" and "@" in parts.path:
        fine = True
    else:
        fine = parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)
    if not fine or any(char.isspace() or not char.isprintable() for char in str(value)):
        return (
            "must be the absolute http(s) address of the sign-up page, such as "
            "https://example.com/subscribe, or a mailto: address"
        )
    return None


def _normalise_base_url(value: str) -> str:
    return value if value.endswith("/") else value + "/"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be non-empty text"


def _int_range(low: int, high: int) -> Any:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _max_age(value: Any) -> str | None:
    if _int_range(1, 3650)(value):
        return "must be a whole number of days from 1 to 3650 (leave it out for the default, 60)"
    return None


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be an IANA time zone name such as 'UTC' or 'Europe/Berlin'"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, e.g. 'US'
        return f"unknown time zone {value!r}: use an IANA name such as 'UTC' or 'America/New_York'"
    return None


def _pattern(regex: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and regex.match(value) else f"must be {what}"

    return check


def _optional(check: Any) -> Any:
    return lambda value: None if value is None else check(value)


_CHECKS: dict[str, Any] = {
    "title": _text,
    "description": lambda v: None if isinstance(v, str) else "must be text",
    "base_url": lambda v: _check_base_url(v) if isinstance(v, str) else "must be a URL",
    "language": _pattern(_LANGUAGE, "a language tag such as 'en' or 'en-GB'"),
    "timezone": _timezone,
    "theme": _pattern(_THEME, "a theme folder name such as 'default'"),
    "page_size": _int_range(1, 500),
    "feed_limit": _int_range(1, 1000),
    "repository": _optional(_pattern(_REPOSITORY, "a GitHub repository as 'owner/name'")),
    "max_age_days": _max_age,
    "subscribe_url": _optional(_check_subscribe_url),
}


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def parse_config(text: str, path: str) -> SiteConfig:
    """Parse and validate the TOML text of a site config; raise BuildError with every problem."""
    try:
        raw = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or table
        raise BuildError([SourceError(path, None, None, NESTED_TOML)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise BuildError([SourceError(path, line, None, f"TOML syntax error: {exc}")]) from None
    errors: list[SourceError] = []
    for key in sorted(set(raw) - set(_CHECKS)):
        hint = difflib.get_close_matches(key, list(_CHECKS), n=1)
        advice = f"did you mean '{hint[0]}'?" if hint else f"known fields: {', '.join(_CHECKS)}"
        errors.append(SourceError(path, _line_of(text, key), key, f"unknown field: {advice}"))
    for key in _REQUIRED:
        if key not in raw:
            errors.append(SourceError(path, None, key, "missing: this field is required"))
    values = {**_DEFAULTS, **{k: v for k, v in raw.items() if k in _CHECKS}}
    for key, check in _CHECKS.items():
        if key in values:
            problem = check(values[key])
            if problem:
                errors.append(SourceError(path, _line_of(text, key), key, problem))
    if errors:
        raise BuildError(errors)
    values["base_url"] = _normalise_base_url(values["base_url"])
    return SiteConfig(**values)


def load_config(root: Path) -> SiteConfig:
    path = root / CONFIG_NAME
    if not os.path.lexists(path):
        raise BuildError(
            [SourceError(str(path), None, None, "not found: is this the project folder?")]
        )
    problem = outside(path, root, CONFIG_NAME)
    if problem:
        raise BuildError([problem])
    data = read_regular(path, CONFIG_NAME, MAX_CONFIG_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BuildError([SourceError(CONFIG_NAME, None, None, "save it as UTF-8")]) from None
    return parse_config(text, CONFIG_NAME)
