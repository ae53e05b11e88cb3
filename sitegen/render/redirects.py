"""Redirect pages: one at each of a posting's `aliases` (its old addresses), sending readers
on to its page. An alias may not stand where the site makes a file, nor be claimed by two
postings; both are refused naming the files, before anything is rendered.

Only the redirect pages are made here: they are in no listing, feed, search file or the
sitemap (pages.site_jobs adds them after the sitemap has been given its names)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sitegen.content.model import Posting
from sitegen.errors import BuildError, SourceError
from sitegen.site.model import Site
from sitegen.site.urls import output_file, posting_path


@dataclass(frozen=True)
class Redirect:
    path: str  # the old, site-relative path: "jobs/old-slug/"
    posting: Posting  # whose page it sends readers to


def redirects(site: Site, names: Collection[str]) -> list[Redirect]:
    """The redirect of every alias of the site's postings; raises BuildError naming each
    alias that stands where another file of the site is (names: every output file of the
    site, and folders ending in "/" whose files a job makes) or that two postings claim."""
    postings = [p for p in site.postings if p.aliases]
    if not postings:
        return []
    pages = {output_file(posting_path(p)).lower(): p for p in site.postings}
    files = {name.lower() for name in names if not name.endswith("/")}
    folders = [name.lower() for name in names if name.endswith("/")]
    claimed: dict[str, list[Posting]] = {}
    errors: list[SourceError] = []
    made: list[Redirect] = []
    for posting in postings:
        for path in posting.aliases:
            file = output_file(path)
            key = file.lower()
            problem = _taken(key, posting, pages, files, folders)
            if problem:
                errors.append(_error(posting, f"{path} {problem}: remove it from aliases"))
                continue
            claimed.setdefault(key, []).append(posting)
            made.append(Redirect(path, posting))
    for key, owners in claimed.items():
        for posting in owners if len(owners) > 1 else ():
            others = ", ".join(p.source for p in owners if p is not posting)
            path = next(a for a in posting.aliases if output_file(a).lower() == key)
            message = f"{path} is also an alias of {others}: keep it in the posting it belongs to"
            errors.append(_error(posting, message))
    if errors:
        raise BuildError(errors)
    return made


def _taken(
    key: str, posting: Posting, pages: dict[str, Posting], files: set[str], folders: list[str]
) -> str | None:
    """Why an alias's file (lower case) cannot be written, or None."""
    owner = pages.get(key)
    if owner is posting:
        return "is this posting's own address"
    if owner is not None:
        return f"is the address of {owner.source}"
    parts = key.split("/")
    above = ["/".join(parts[:n]) for n in range(1, len(parts))]  # its folders, as files
    if key in files or any(folder in files for folder in above):
        return "is a page or file the site makes"
    if any(key.startswith(folder) for folder in folders):
        return "is in a folder the site makes"
    return None


def _error(posting: Posting, message: str) -> SourceError:
    return SourceError(posting.source, posting.aliases_line, "aliases", message)
