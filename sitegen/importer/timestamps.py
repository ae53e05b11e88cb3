"""YAML loading with strict timestamps, and reading dates from front-matter values."""

from __future__ import annotations

import datetime
from typing import Any

import yaml

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class StrictLoader(yaml.SafeLoader):
    """SafeLoader whose `!!timestamp` on a non-timestamp is a YAML error with a line,
    not an AttributeError from deep inside PyYAML."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except (AttributeError, ValueError):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a timestamp (YYYY-MM-DD)", node.start_mark
        ) from None


StrictLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)


def to_date(value: Any) -> datetime.date | None:
    """The calendar date of a YAML date, timestamp or ISO 8601 string (in its own zone)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip().replace(" ", "T", 1)
        try:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None
