"""Listings split into pages: base/, base/page/2/, ..."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.render.views import Link


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    prev: str | None
    next: str | None
    pages: tuple[Link, ...]


def pages_of(
    items: Sequence[Any], size: int, base: str
) -> Iterator[tuple[Pagination, Sequence[Any]]]:
    """Split a listing into pages at base, base/page/2/, ...; an empty listing has one page."""
    count = max(1, -(-len(items) // size))
    paths = [base] + [f"{base}page/{n}/" for n in range(2, count + 1)]
    links = tuple(Link(str(n), p) for n, p in enumerate(paths, start=1))
    for index in range(count):
        yield (
            Pagination(
                index + 1,
                count,
                paths[index - 1] if index else None,
                paths[index + 1] if index + 1 < count else None,
                links,
            ),
            items[index * size : (index + 1) * size],
        )
