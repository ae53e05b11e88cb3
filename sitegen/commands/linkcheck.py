"""Check a built site: every internal link leads to a file in the output, every #fragment exists.

    sitegen linkcheck OUTPUT_DIR --base-url URL

Links are read from the HTML pages (with html.parser), the XML files (sitemap, RSS and Atom
feeds), JSON feeds and robots.txt. A link is internal when it resolves to the base URL's host;
links to other hosts are not followed. Internal links must stay under the base URL's path (the
site may live in a sub-folder such as /digest/) and lead to a file, or to a folder holding an
index.html, as GitHub Pages serves them. The 404 page is served at any address, so its links must
not be relative to where it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from sitegen.commands.reporting import annotation
from sitegen.content.names import counted

# Attributes whose value is one URL.
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "cite", "formaction"})
# Schemes that never name a file of the site.
OTHER_SCHEMES = frozenset({"mailto", "tel", "sms", "data", "javascript", "about", "blob"})
NOT_FOUND_PAGE = "404.html"


@dataclass(frozen=True)
class Problem:
    """One broken link, located in the output file (and line) that holds it."""

    file: str  # path relative to the output folder
    line: int | None
    link: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.link}: {self.message}" if self.link else f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.link, self.message)


@dataclass(frozen=True)
class Link:
    line: int | None
    url: str
    needs_relative_check: bool = False  # an HTML link, as written (not a feed's absolute URL)


@dataclass
class Document:
    """What one output file holds: the links it makes and, for HTML, the ids it defines."""

    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[tuple[int, str]] = field(default_factory=list)
    base: str | None = None  # <base href>, if any
    is_html: bool = False


class _HTMLLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document(is_html=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                if name == "id" and value in self.doc.ids:
                    self.doc.duplicate_ids.append((line, value))
                self.doc.ids.add(value)
            elif tag == "base" and name == "href":
                self.doc.base = value.strip()
            elif name in URL_ATTRIBUTES:
                self.doc.links.append(Link(line, value.strip(), needs_relative_check=True))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.doc.links.append(Link(line, url, needs_relative_check=True))

    handle_startendtag = handle_starttag


def parse_html(text: str) -> Document:
    parser = _HTMLLinks()
    parser.feed(text)
    parser.close()
    return parser.doc


def parse_xml(text: str) -> Document:
    """Links of a sitemap (<loc>), an RSS feed (<link>) or an Atom feed (<link href>)."""
    doc = Document()
    root = ElementTree.fromstring(text)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        href = element.get("href")
        if href is not None:
            doc.links.append(Link(None, href.strip()))
        elif name in ("loc", "link", "url") and element.text and element.text.strip():
            doc.links.append(Link(None, element.text.strip()))
    return doc


def parse_json_feed(text: str) -> Document:
    doc = Document()
    data = json.loads(text)
    if not (isinstance(data, dict) and str(data.get("version", "")).startswith("https://jsonfeed")):
        return doc
    items = data.get("items")
    for entry in [data, *(items if isinstance(items, list) else [])]:
        if isinstance(entry, dict):
            for key in ("home_page_url", "feed_url", "url", "icon", "favicon", "image"):
                value = entry.get(key)
                if isinstance(value, str):
                    doc.links.append(Link(None, value.strip()))
    return doc


def parse_robots(text: str) -> Document:
    doc = Document()
    for number, line in enumerate(text.splitlines(), 1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            doc.links.append(Link(number, value.strip()))
    return doc


_PARSERS = {".html": parse_html, ".htm": parse_html, ".xml": parse_xml, ".json": parse_json_feed}


def read_documents(out: Path) -> tuple[dict[str, Document], list[Problem]]:
    """Every file of the output that can hold links, by its path relative to the output."""
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        parse = parse_robots if name == "robots.txt" else _PARSERS.get(path.suffix.lower())
        if parse is None or not path.is_file():
            continue
        try:
            documents[name] = parse(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ElementTree.ParseError, ValueError) as exc:
            problems.append(Problem(name, None, "", f"cannot be read for links: {exc}"))
    return documents, problems


def page_url(base_url: str, name: str) -> str:
    """The address a file is served at: folders' index.html at the folder's address."""
    if name == "index.html":
        return base_url
    if name.endswith("/index.html"):
        return base_url + name[: -len("index.html")]
    return base_url + name


class Site:
    """A built output folder as seen from its base URL."""

    def __init__(self, out: Path, base_url: str, documents: Mapping[str, Document]) -> None:
        self.out = out
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.host = parts.netloc.lower()
        self.base_path = parts.path or "/"
        self.documents = documents

    def is_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == self.host

    def target(self, url: str) -> tuple[str | None, str | None]:
        """The output file an internal URL is served from, or why there is none."""
        path = unquote(urlsplit(url).path)
        if not (path + "/").startswith(self.base_path):
            return None, f"leads outside the site, which lives under {self.base_path}"
        name = path[len(self.base_path) :]
        if name == "" or name.endswith("/"):
            name += "index.html"
        relative = PurePosixPath(name)
        if any(part in ("..", ".") for part in relative.parts) or relative.is_absolute():
            return None, "leads outside the site"
        file = self.out / relative
        if file.is_dir() and (file / "index.html").is_file():
            return (relative / "index.html").as_posix(), None
        if file.is_file():
            return relative.as_posix(), None
        return None, f"not found: no file {relative.as_posix()} in the output"

    def has_fragment(self, name: str, fragment: str) -> bool:
        doc = self.documents.get(name)
        if doc is None or not doc.is_html:
            return False
        return fragment in doc.ids or fragment.lower() == "top"


def check_document(site: Site, name: str, doc: Document) -> Iterator[Problem]:
    here = page_url(site.base_url, name)
    if doc.base:
        here = urljoin(here, doc.base)
    for line, value in doc.duplicate_ids:
        yield Problem(name, line, "#" + value, "this id is used more than once on the page")
    for link in doc.links:
        problem = _check_link(site, name, here, link)
        if problem:
            yield Problem(name, link.line, link.url, problem)


def _check_link(site: Site, name: str, here: str, link: Link) -> str | None:
    if not link.url:
        return None  # href="": the page itself
    scheme = urlsplit(link.url).scheme.lower()
    if scheme in OTHER_SCHEMES:
        return None
    if scheme and scheme not in ("http", "https"):
        return None
    absolute = urljoin(here, link.url)
    if not site.is_internal(absolute):
        return None
    if name == NOT_FOUND_PAGE and link.needs_relative_check and _is_relative_path(link.url):
        return (
            "the 404 page is served at any address, so this relative link breaks: "
            "start it with / or the site's address"
        )
    target, problem = site.target(absolute)
    if target is None:
        return problem
    fragment = unquote(urlsplit(absolute).fragment)
    if fragment and not site.has_fragment(target, fragment):
        return f"no element with id '{fragment}' in {target}"
    return None


def _is_relative_path(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("/", "#", "?"))


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    links: int
    files: int


def check_site(out: Path, base_url: str) -> Report:
    """Every broken internal link of the output folder, and how much was looked at."""
    documents, problems = read_documents(out)
    site = Site(out, base_url, documents)
    for name, doc in documents.items():
        problems.extend(check_document(site, name, doc))
    links = sum(len(doc.links) for doc in documents.values())
    return Report(sorted(problems, key=Problem.sort_key), links, len(documents))


def print_report(report: Report, out: Path, fmt: str, stdout: TextIO) -> None:
    for problem in report.problems:
        if fmt == "github":
            print(
                annotation(
                    "error",
                    str(out / problem.file),
                    problem.line,
                    "broken link",
                    f"{problem.link}: {problem.message}",
                ),
                file=stdout,
            )
        else:
            print(problem, file=stdout)
    checked = f"{report.links} links in {report.files} files checked"
    count = len(report.problems)
    if count:
        print(f"{counted(count, 'broken link')} ({checked})", file=stdout)
    else:
        print(f"no broken links ({checked})", file=stdout)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sitegen linkcheck",
        description="Check that every internal link of a built site resolves.",
    )
    parser.add_argument("output", type=Path, help="the built site's folder (e.g. output)")
    parser.add_argument("--base-url", required=True, help="the address the site is served at")
    parser.add_argument(
        "--format",
        choices=("human", "github"),
        default="human",
        help="how to print problems (github: workflow annotations)",
    )
    args = parser.parse_args(argv)
    base = urlsplit(args.base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        parser.error(f"--base-url {args.base_url!r} is not an absolute http(s) address")
    if not args.output.is_dir():
        parser.error(f"{args.output} is not a folder: build the site first")
    report = check_site(args.output, args.base_url)
    print_report(report, args.output, args.format, stdout or sys.stdout)
    return 1 if report.problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
