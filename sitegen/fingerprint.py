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
import hashlib
import os
import pickle
from collections.abc import Container, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.meta

from sitegen.cache import digest, pickled
from sitegen.content import Posting
from sitegen.views import PostingView

_FIELDS: dict[type, tuple[str, ...]] = {}


class Unkeyable(Exception):
    """A value with no stable fingerprint: the page is always rendered."""


def template_hashes(
    env: jinja2.Environment, remembered: MutableMapping[bytes, bytes] | None = None
) -> dict[str, bytes]:
    """Template name -> hash of its source and of every template it pulls in. remembered
    keeps the answer by the hash of every template's name and source (finding what a
    template pulls in means parsing it: a tenth of a second per build), and only that."""
    loader = env.loader
    assert loader is not None
    names = sorted(loader.list_templates())
    sources: dict[str, str] = {}
    for name in names:
        sources[name] = loader.get_source(env, name)[0]
    everything = digest(*(part.encode() for n in names for part in (n, sources[n])))
    if remembered is not None:
        entry = remembered.get(everything)
        remembered.clear()  # only this set of templates is worth keeping
        try:
            known = pickle.loads(entry) if entry else None
        except Exception:
            known = None
        if isinstance(known, dict) and entry:
            remembered[everything] = entry
            return known
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
    if remembered is not None:
        remembered[everything] = pickled(result)
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
        present: Container[str] = frozenset(),
    ) -> None:
        """present names files known to be in out, which need no stat to be reused."""
        self.site_key = site_key
        self.present = present
        self.templates = templates
        self.sources = sources
        self.previous = previous
        self.out = out
        self.keys: dict[str, bytes] = {}  # output path -> inputs hash
        self.reused: set[str] = set()
        self._known: dict[int, Any] = {}  # id of a site-model object -> its fp()
        self._alive: list[Any] = []
        self._prefixes: dict[str, bytes] = {}  # template -> hash of site key and template

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

    def reuse_posting(self, name: str, template: str, posting: Posting, is_open: bool) -> bool:
        """reuse() for a posting's own page, keyed by the hash of its source file and
        whether it is open: one short hash per posting, for the 10,000 pages of a rebuild
        at 10,000 postings, instead of fingerprinting and pickling the pair."""
        source = self.sources.get(posting.source)
        if not source:
            return self.reuse(name, template, (posting, is_open))
        prefix = self._prefixes.get(template)
        if prefix is None:
            made = self.templates.get(template, b"?")
            prefix = digest(self.site_key, b"posting page", template.encode(), made)
            self._prefixes[template] = prefix
        state = b"open" if is_open else b"closed"
        key = hashlib.blake2b(b"\0".join((prefix, source, state, name.encode())), digest_size=20)
        return self.reuse_key(name, key.digest())

    def listing_prefix(self, template: str, shared: Any) -> bytes | None:
        """The part of the key of every page of one listing that its pages share: the
        site, the template and what all its pages are made from. None if that has no key."""
        try:
            made = self.templates.get(template, b"?")
            return digest(self.site_key, b"listing", template.encode(), made, self.fp(shared))
        except Unkeyable:
            return None

    def reuse_listing_page(
        self,
        name: str,
        template: str,
        prefix: bytes | None,
        inputs: tuple[Any, int, int, Sequence[Any]],
    ) -> bool:
        """reuse() for a page of a listing, whose inputs are (what the listing's pages
        share, the page's number, the page count, its postings). With the listing's prefix
        (listing_prefix), one short hash of the prefix, the page and its postings' source
        hashes: for the 2,500 listing pages of a rebuild at 10,000 postings, instead of
        fingerprinting and pickling each page's inputs."""
        _shared, number, count, items = inputs
        get = self.sources.get
        hashes = [get(item.source) if type(item) is Posting else None for item in items]
        if prefix is None or None in hashes:
            return self.reuse(name, template, inputs)
        # the prefix and every source hash are 20 bytes, and a name holds no NUL
        head = b"%s\0%d/%d/%d\0" % (name.encode(), number, count, len(hashes))
        parts = (prefix, head, *cast(list[bytes], hashes))
        return self.reuse_key(name, hashlib.blake2b(b"".join(parts), digest_size=20).digest())

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
        if name not in self.present and not os.path.isfile(f"{self.out}/{name}"):
            return False
        self.reused.add(name)
        return True

    def fp(self, value: Any) -> Any:
        """What value is, for its key: plain values as they are, containers and dataclasses
        as nested tuples, a posting as the hash of its source file. Hashed once, by key(),
        rather than level by level. The common kinds are tested first: a rebuild at 10,000
        postings fingerprints 116,000 postings (listings, feeds, the terms' pages)."""
        kind = type(value)
        if kind is Posting:
            source = self.sources.get(value.source)
            if source:
                return ("P", source)
        elif kind is str or kind is int or kind is bool or kind is float or value is None:
            return value
        elif isinstance(value, dt.date):  # and datetime
            return (kind.__name__, value.isoformat())
        elif kind is tuple and len(value) <= 4:  # made for one key, (posting, is_open): not
            return ("seq", *[self.fp(item) for item in value])  # worth keeping by its id
        known = self._known.get(id(value))
        if known is not None:
            return known
        if kind is list:
            return ("seq", *[self.fp(item) for item in value])
        if kind is dict:
            return ("map", *[self.fp(p) for item in sorted(value.items()) for p in item])
        result = self._object(value)
        self._known[id(value)] = result
        self._alive.append(value)  # keep the id from being reused for another object
        return result

    def _postings(self, value: tuple[Any, ...]) -> tuple[str, bytes] | None:
        """A tuple of postings whose sources are known (a listing page's, a term's), as
        the hash of their sources' hashes, without a call per posting; else None."""
        get = self.sources.get
        hashes = [get(item.source) if type(item) is Posting else None for item in value]
        if not hashes or None in hashes:
            return None
        return ("postings", digest(b"".join(cast(list[bytes], hashes))))

    def _object(self, value: Any) -> Any:
        if isinstance(value, tuple):  # tuples of the site model live as long as the build
            postings = self._postings(value)
            if postings is not None:
                return postings
            fp = self.fp
            token = ("seq", *[fp(item) for item in value])
            # a long one is shared by many pages (a listing's page links, a term's
            # postings): hashed here, once, so that each page's key does not pickle it again
            return token if len(value) <= 4 else digest(pickled(token))
        if isinstance(value, Posting):
            source = self.sources.get(value.source)
            return ("P", source) if source else ("posting", digest(pickled(value)))
        if isinstance(value, PostingView):
            return ("view", self.fp(value.posting), value.is_open)
        if isinstance(value, str | int | float):  # subclasses: Markup, IntEnum, ...
            return (type(value).__qualname__, str(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _FIELDS.get(type(value))
            if names is None:
                names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
            return (type(value).__qualname__, *[self.fp(getattr(value, n)) for n in names])
        raise Unkeyable(type(value).__name__)
