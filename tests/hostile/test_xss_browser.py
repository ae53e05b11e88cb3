"""Known XSS payloads in every text field and in bodies, loaded in a real browser.

The site is built from postings, a page, an editor's note and a config that carry the
payloads; then every built HTML page is opened in headless Chromium with every request
other than the page's own file refused. No script may run (``window.__pwned`` stays unset
and no dialog opens), and the DOM may hold no event-handler attribute, no script but the
JSON-LD blocks and the theme's own submit.js, and no link to a scheme other than http(s),
mailto and the file pages themselves. JSON-LD blocks parse and equal the data they come
from; feeds parse and their HTML carries none of the payloads as markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from playwright.sync_api import Browser, Dialog, Route, sync_playwright

from bench.search_weight import CHROMIUM_ARGS
from sitegen.build import build, load
from sitegen.render.feedtext import absolute_html
from sitegen.render.jsonld import job_posting
from sitegen.render.markdown import render
from sitegen.site.urls import posting_path
from tests.conftest import MakeProject, ensure_chromium, posting_text
from tests.hostile.payloads import MARKDOWN, TEXT
from tests.hostile.project import write_project

TODAY = dt.date(2026, 11, 22)
BODY = "\n\n".join(["Intro paragraph.", *TEXT, *MARKDOWN, "The end."]) + "\n"


def q(text: str) -> str:
    """A YAML (and TOML) double-quoted string: JSON's escapes are valid in both."""
    return json.dumps(text)


def hostile_project(make_project: MakeProject) -> Path:
    files: dict[str, str] = {}
    for i, payload in enumerate(TEXT):
        files[f"content/postings/xss-r{i}.md"] = posting_text(
            f"xss-r{i}",
            id=f"00000000-0000-4000-8000-{i:012d}",
            title=q(payload[:150]),
            company=q(payload[:120]),
            date=f"2026-11-{1 + i % 21:02d}",
            body=BODY if i % 8 == 0 else f"{payload}\n\n{MARKDOWN[i % len(MARKDOWN)]}\n",
        )
        files[f"content/postings/xss-h{i}.md"] = (
            posting_text(
                f"xss-h{i}",
                id=f"00000000-0000-4000-9000-{i:012d}",
                title=q("Hybrid " + payload[:140]),
                company=q("Co " + payload[:110]),
                date=f"2026-10-{1 + i % 28:02d}",
                body=f"{MARKDOWN[-1 - i % len(MARKDOWN)]}\n\n{payload}\n",
            )
            .replace(
                "  arrangement: remote\n  regions: [US]\n",
                f"  arrangement: hybrid\n  city: {q(payload[:100])}\n"
                f"  region: {q(payload[:100])}\n  country: DE\n",
            )
            .replace("tags: [python, backend]", "tags: [c++, c#, node.js, f#]")
        )
    files["content/pages/about.md"] = (
        f"---\ntitle: {q(TEXT[0])}\ndescription: {q(TEXT[5])}\n---\n{BODY}"
    )
    files["content/editions/2026-W46.md"] = f"---\ntitle: {q(TEXT[3])}\n---\n{BODY}"
    config = (
        f"title = {q(TEXT[23])}\ndescription = {q(TEXT[5])}\n"
        'base_url = "https://example.github.io/digest/"\n'
        'repository = "owner/repo"\npage_size = 25\n'
    )
    return make_project(files, config=config)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("xss")
    root = hostile_project(lambda files, config: write_project(base / "project", files, config))
    out = base / "output"
    build(root, out, today=TODAY)
    return root, out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = ensure_chromium()  # installs Debian's chromium when missing
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# An arrow function run in each page after load: everything a payload could have planted.
AUDIT = (Path(__file__).parent / "audit.js").read_text("utf-8")


def audit(
    browser: Browser, urls: list[str], allowed: str = "file://"
) -> tuple[dict[str, Any], list[str]]:
    """Open each page with only its own site reachable; what ran, and what was planted."""
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []

    def only_the_site(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed) and (allowed != "file://" or url.endswith((".html", ".js"))):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_site)
    problems: dict[str, Any] = {}
    page = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for url in urls:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(20)  # let deferred handlers (autofocus, ontoggle) fire
        result = page.evaluate(AUDIT)
        if result["pwned"] is not None or result["found"]:
            problems[url] = result
    context.close()
    return problems, dialogs


def test_the_canary_sees_a_planted_payload(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "planted.html"
    page.write_text(
        "<!doctype html><title>x</title><img src=x onerror=window.__pwned=1>"
        "<a href='javascript:void 0'>x</a><script>alert(1)</script>",
        "utf-8",
    )
    problems, dialogs = audit(browser, [page.as_uri()])
    assert problems[page.as_uri()]["pwned"] == "1"
    assert len(problems[page.as_uri()]["found"]) == 4  # handler, img, script, href
    assert dialogs == [f"{page.as_uri()}: 1"]


def test_no_payload_runs_or_leaves_markup_in_any_page(
    built: tuple[Path, Path], browser: Browser
) -> None:
    _, out = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 100
    problems, dialogs = audit(browser, [p.as_uri() for p in pages])
    assert problems == {}
    assert dialogs == []


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_search_results_show_payloads_as_text(
    built: tuple[Path, Path], browser: Browser, tmp_path: Path
) -> None:
    """The search page's script fetches its data over HTTP, so the site is served here."""
    _, out = built
    (tmp_path / "digest").symlink_to(out)
    handler = functools.partial(Quiet, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        site = f"http://127.0.0.1:{server.server_address[1]}/digest/"
        queries = ["", "?q=script", "?q=img+onerror", "?q=pwned", "?q=hybrid", "?q=%3Cscript%3E"]
        urls = [f"{site}search/{query}" for query in queries]
        try:
            problems, dialogs = audit(browser, urls, allowed=site)
            page = browser.new_page()
            page.goto(f"{site}search/?q=script", wait_until="networkidle")
            shown = page.locator("#results a").all_text_contents()
            page.close()
        finally:
            server.shutdown()
    assert problems == {}
    assert dialogs == []
    # the probe saw results: payload titles, shown as the text they are
    assert any("<script>window.__pwned=1</script>" in text for text in shown), shown[:5]


def ld_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)


def test_jsonld_blocks_parse_to_exactly_their_data(built: tuple[Path, Path]) -> None:
    root, out = built
    config, content = load(root)
    checked = 0
    for posting in content.postings:
        path = posting_path(posting)
        html = (out / path / "index.html").read_text("utf-8")
        blocks = ld_blocks(html)
        assert len(blocks) == 1, path
        assert html.count("<script") == html.lower().count("<script")  # no <SCRIPT variants
        # the only </script in the page source ends this block
        assert html.lower().count("</script") == 1
        url = config.base_url + path
        expected = job_posting(posting, absolute_html(render(posting.body).html, url), url, config)
        assert json.loads(blocks[0]) == expected
        assert "<" not in blocks[0] and ">" not in blocks[0]
        checked += 1
    assert checked == 2 * len(TEXT)


def html_fragments(feed: Path) -> Iterator[str]:
    """The HTML each feed entry carries, as the feed reader will see it."""
    data = feed.read_bytes()
    if feed.suffix == ".json":
        for item in json.loads(data)["items"]:
            yield item.get("content_html", "")
        return
    tree = lxml.etree.fromstring(data)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        is_html = element.get("type") == "html" or tag.endswith(("}encoded", "description"))
        if is_html and element.text:
            yield element.text


def test_feeds_carry_no_payload_as_markup(built: tuple[Path, Path]) -> None:
    _, out = built
    feeds = sorted([*out.rglob("feed.xml"), *out.rglob("atom.xml"), *out.rglob("feed.json")])
    assert len(feeds) >= 9
    fragments = 0
    for feed in feeds:
        if feed.suffix == ".json":
            json.loads(feed.read_bytes())  # its text fields are plain text by definition
        else:  # XML: well-formed, and markup only ever as escaped text
            lxml.etree.fromstring(feed.read_bytes())
            raw = feed.read_text("utf-8")
            assert not re.search(r"<(script|img|svg|iframe|a)\b", raw, re.I), feed
        for fragment in html_fragments(feed):
            fragments += 1
            if not fragment.strip():
                continue
            tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
            for element in tree.iter():
                if not isinstance(element.tag, str):
                    continue
                assert element.tag not in ("script", "img", "svg", "iframe", "style"), feed
                assert not any(a.lower().startswith("on") for a in element.attrib), feed
                href = element.get("href")
                if href is not None:
                    assert re.match(r"^(https?:|mailto:)", href), (feed, href)
    assert fragments > 0
