"""Which outputs can be reused: a hash of everything a page is rendered from.

A page's key is the hash of the site-wide inputs (sitegen version, config, build date, the
globals every template sees), the hash of its template and every template it extends or
includes, and a fingerprint of the values it is given. A posting fingerprints as the hash of
its source file (everything else about it derives from that and the site-wide inputs), so
keying a listing page costs a few hashes, not a render.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from sitegen.cache import digest, pickled
from sitegen.content import Posting
from sitegen.views import PostingView

_FIELDS: dict[type, tuple[str, ...]] = {}


class Unkeyable(Exception):
    """A value with no stable fingerprint: the page is always rendered."""


def template_hashes(env: jinja2.Environment) -> dict[str, bytes]:
    """Template name -> hash of its source and of every template it pulls in."""
    loader = env.loader
    assert loader is not None
    names = sorted(loader.list_templates())
    sources: dict[str, str] = {}
    for name in names:
        sources[name] = loader.get_source(env, name)[0]
    everything = digest(*(part.encode() for n in names for part in (n, sources[n])))
    result: dict[str, bytes] = {}

    def chain(name: str, seen: frozenset[str]) -> bytes:
        if name in result:
            return result[name]
        if name not in sources or name in seen:
            return everything
        try:
            refs = list(jinja2.meta.find_referenced_templates(env.parse(sources[name])))
        except jinja2.TemplateSyntaxError:
            return everything
        if any(ref is None for ref in refs):
            return everything  # a computed name: depend on every template
        parts = [name.encode(), sources[name].encode()]
        parts += [chain(str(ref), seen | {name}) for ref in sorted(set(map(str, refs)))]
        result[name] = digest(*parts)
        return result[name]

    for name in names:
        chain(name, frozenset())
    return result


class PageMemo:
    """Keys of this build's outputs, and which of them the previous output already holds."""

    def __init__(
        self,
        site_key: bytes,
        templates: Mapping[str, bytes],
        sources: Mapping[str, bytes],
        previous: Mapping[str, bytes],
        out: Path | None,
    ) -> None:
        self.site_key = site_key
        self.templates = templates
        self.sources = sources
        self.previous = previous
        self.out = out
        self.keys: dict[str, bytes] = {}  # output path -> inputs hash
        self.reused: set[str] = set()
        self._known: dict[int, bytes] = {}
        self._alive: list[Any] = []

    def key(self, name: str, template: str, inputs: Any) -> bytes | None:
        """The hash of what the output name is made from; None if some input has none."""
        try:
            return digest(
                self.site_key,
                name.encode(),
                template.encode(),
                self.templates.get(template, b"?"),
                self.fp(inputs),
            )
        except Unkeyable:
            return None

    def reuse(self, name: str, template: str, inputs: Any) -> bool:
        """Record the page's key; True when the previous output holds this very page."""
        key = self.key(name, template, inputs)
        return key is not None and self.reuse_key(name, key)

    def reuse_group(self, prefix: str, key: bytes) -> bool:
        """Reuse every file the last build made under prefix with this key (a set of files
        made together, whose names are known only once made)."""
        old = [n for n, k in self.previous.items() if k == key]
        old = [n for n in old if n.startswith(prefix)]
        if not old or not all(self.reuse_key(name, key) for name in old):
            self.reused.difference_update(old)
            return False
        return True

    def reuse_key(self, name: str, key: bytes) -> bool:
        self.keys[name] = key
        if self.out is None or self.previous.get(name) != key:
            return False
        if not os.path.isfile(f"{self.out}/{name}"):
            return False
        self.reused.add(name)
        return True

    def fp(self, value: Any) -> bytes:
        if value is None or isinstance(value, str | int | float | bool):
            return f"{type(value).__name__}:{value}".encode()
        if isinstance(value, dt.date):  # and datetime
            return f"{type(value).__name__}:{value.isoformat()}".encode()
        known = self._known.get(id(value))
        if known is not None:
            return known
        if isinstance(value, list):
            return digest(b"seq", *(self.fp(item) for item in value))
        if isinstance(value, dict):
            return digest(b"map", *(self.fp(p) for item in sorted(value.items()) for p in item))
        result = self._object(value)
        self._known[id(value)] = result
        self._alive.append(value)  # keep the id from being reused for another object
        return result

    def _object(self, value: Any) -> bytes:
        if isinstance(value, tuple):  # tuples of the site model live as long as the build
            return digest(b"seq", *(self.fp(item) for item in value))
        if isinstance(value, Posting):
            source = self.sources.get(value.source)
            return b"P" + source if source else digest(b"posting", pickled(value))
        if isinstance(value, PostingView):
            return digest(b"view", self.fp(value.posting), self.fp(value.is_open))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _FIELDS.get(type(value))
            if names is None:
                names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
            parts = [type(value).__qualname__.encode()]
            parts += [self.fp(getattr(value, name)) for name in names]
            return digest(*parts)
        raise Unkeyable(type(value).__name__)
