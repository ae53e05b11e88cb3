"""Read a job ad saved or pasted as a whole web page.

The page is parsed with lxml; what is not the ad goes (navigation, the site's header and
footer, forms, sidebars, cookie and newsletter banners, hidden elements, scripts and
styles); the main content (`<main>`, `role=main`, the `<article>` holding the heading, or
the body) becomes Markdown. The facts a reader sees at once come from the markup: the
title from the main heading (else `og:title` or `<title>`), the company from the page's
JSON-LD, `og:site_name` or `<title>`, the apply link from the link that says "Apply".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .html import element_to_markdown, html_to_markdown
from .jsonld import job_posting
from .model import Facts, SourceProblem

_NOT_CONTENT_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog"}
)
_NOT_CONTENT_NAMES = re.compile(
    r"\b(?:cookies?|consent|gdpr|newsletter|subscribe|share|sharing|social|breadcrumbs?"
    r"|skip-link|modal|popup|related|similar|recommended|sidebar|advert|ads)\b",
    re.I,
)
_APPLY_TEXT = re.compile(
    r"^\W*(?:apply\b|submit (?:your |an )?application|bewerben|postuler|jetzt bewerben)", re.I
)
_APPLY_WORDS_MAX = 6
_TITLE_SPLIT = re.compile(r"\s+[|–—·:-]\s+|\s+at\s+")
_GENERIC_TITLE_PART = re.compile(
    r"^(?:careers?|jobs?|job board|hiring|work with us|vacancies)$", re.I
)


@dataclass(frozen=True)
class Page:
    body: str  # Markdown of the main content, without its main heading
    facts: Facts


def read_page(html: str) -> Page:
    """The ad's Markdown and the facts its markup states."""
    try:
        document = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise SourceProblem("is HTML that cannot be read; save the page again and retry") from None
    base_url = _base_url(document)
    scripts = [s.text or "" for s in document.iter("script") if _is_json_ld(s)]
    structured = job_posting(scripts)
    apply = _apply_link(document, base_url)
    _prune(document)
    main = _main_content(document)
    heading = _heading(main)
    heading = heading if heading is not None else _heading(document)
    title = _clean(heading.text_content()) if heading is not None else None
    if heading is not None and _inside(heading, main):
        _remove(heading)
    body = element_to_markdown(main, base_url=base_url)
    if not body.strip() and structured.description:
        body = html_to_markdown(structured.description, base_url=base_url)
    page_title = _clean(_meta(document, "og:title") or _title_text(document))
    company = structured.company or _clean(_meta(document, "og:site_name"))
    if title is None and structured.title is None and page_title:
        title, from_title = _split_page_title(page_title)
        company = company or from_title
    title = title or structured.title
    if company is None and page_title and title:
        company = _company_from_title(page_title, title)
    facts = replace(structured, title=title, company=company, apply=apply)
    return Page(body=body, facts=facts)


def _is_json_ld(script: etree._Element) -> bool:
    return (script.get("type") or "").strip().lower() == "application/ld+json"


def _base_url(document: lxml.html.HtmlElement) -> str | None:
    for xpath in ("//base/@href", "//link[@rel='canonical']/@href"):
        found = document.xpath(xpath)
        if found and str(found[0]).startswith(("http://", "https://")):
            return str(found[0]).strip()
    url = _meta(document, "og:url")
    return url if url and url.startswith(("http://", "https://")) else None


def _meta(document: lxml.html.HtmlElement, name: str) -> str | None:
    for element in document.iter("meta"):
        if name in (element.get("property"), element.get("name")):
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def _title_text(document: lxml.html.HtmlElement) -> str | None:
    title = document.find(".//title")
    return title.text_content() if title is not None else None


def _apply_link(document: lxml.html.HtmlElement, base_url: str | None) -> str | None:
    """The target of the first link that says "Apply", in the main content first; such a
    link is taken out of the page, and its paragraph when nothing else is in it."""
    main = _main_content(document)
    links = [*main.iter("a"), *(a for a in document.iter("a") if not _inside(a, main))]
    for link in links:
        text = _clean(link.text_content() or link.get("aria-label") or link.get("title"))
        if not text or not _APPLY_TEXT.match(text) or len(text.split()) > _APPLY_WORDS_MAX:
            continue
        href = (link.get("href") or "").strip()
        if base_url and href and not href.startswith(("#", "javascript:", "data:")):
            href = urljoin(base_url, href)
        if re.match(r"^(?:https?://\S+\.\S+|mailto:\S+@\S+)$", href):
            _remove(link)
            return href.removeprefix("mailto:")
    return None


def _prune(document: lxml.html.HtmlElement) -> None:
    """Take out what is not the ad."""
    doomed = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
            continue
        tag = element.tag.lower()
        role = (element.get("role") or "").lower()
        names = f"{element.get('id') or ''} {element.get('class') or ''}"
        style = (element.get("style") or "").replace(" ", "").lower()
        if (
            tag in ("nav", "aside", "footer", "form", "dialog")
            or (tag == "header" and element.find(".//h1") is None)
            or (role in _NOT_CONTENT_ROLES and element.find(".//h1") is None)
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or "display:none" in style
            or (_NOT_CONTENT_NAMES.search(names) and tag not in ("html", "body", "main"))
        ):
            doomed.append(element)
    for element in doomed:
        _remove(element)


def _main_content(document: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for xpath in ("//main", "//*[@role='main']", "//article[.//h1]", "//article"):
        found = document.xpath(xpath)
        if found:
            return found[0]
    body = document.find(".//body")
    return body if body is not None else document


def _heading(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for tag in ("h1", "h2"):
        found = root.find(f".//{tag}")
        if found is not None and _clean(found.text_content()):
            return found
    return None


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in element.iterancestors()) or element is ancestor


def _remove(element: etree._Element) -> None:
    """Remove `element` but keep the text that follows it; an emptied parent goes too."""
    parent = element.getparent()
    if parent is None:
        return
    if isinstance(element, lxml.html.HtmlElement):
        element.drop_tree()
    else:
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail and previous is not None:
            previous.tail = (previous.tail or "") + tail
        elif tail:
            parent.text = (parent.text or "") + tail
    if (
        isinstance(parent.tag, str)
        and parent.tag.lower() in ("p", "li", "div")
        and not parent.text_content().strip()
        and len(parent) == 0
    ):
        _remove(parent)


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def _split_page_title(page_title: str) -> tuple[str, str | None]:
    """("Data Steward", "Fernwood Trust") from "Data Steward – Fernwood Trust | Careers"."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(page_title) if p.strip()]
    parts = [p for p in parts if not _GENERIC_TITLE_PART.match(p)] or [page_title]
    return parts[0], (parts[1] if len(parts) > 1 and len(parts[1]) <= 60 else None)


def _company_from_title(page_title: str, title: str) -> str | None:
    """ "Lumen Robotics" from a <title> such as "Staff Engineer – Lumen Robotics | Careers"."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(page_title) if p.strip()]
    if title not in parts:
        return None
    rest = [p for p in parts if p != title and not _GENERIC_TITLE_PART.match(p)]
    return rest[0] if rest and len(rest[0]) <= 60 else None
