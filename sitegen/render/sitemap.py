"""sitemap.xml: every indexable page of the site, postings with their last change date."""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from sitegen.site.model import Site
from sitegen.site.urls import absolute, posting_path


def escape(text: str) -> str:
    """&, < and > escaped, as xml.sax.saxutils.escape does (which imports urllib.request,
    http.client and ssl: 25 ms of every build's start-up)."""
    return html.escape(text, quote=False)


# the characters escape() changes: most paths have none, and are written as they are
_ESCAPED = re.compile("[&<>]")


def sitemap(base_url: str, out: Collection[str], site: Site) -> bytes:
    """Every indexable HTML page; postings carry their last change date."""
    lastmod: dict[str, str] = {}
    closed: set[str] = set()
    for p in site.postings:  # one pass, each posting's path made once (10,000 a build)
        if site.is_open(p):
            lastmod[posting_path(p)] = (p.updated or p.posted).date().isoformat()
        else:
            closed.add(posting_path(p))
    base = escape(base_url)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for name in sorted(out):
        if not name.endswith("index.html"):
            continue
        path = name.removesuffix("index.html")
        if path in closed:
            continue
        loc = absolute(base, escape(path) if _ESCAPED.search(path) else path)
        day = lastmod.get(path)
        lines.append(
            f"<url><loc>{loc}</loc><lastmod>{day}</lastmod></url>"
            if day
            else f"<url><loc>{loc}</loc></url>"
        )
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()
