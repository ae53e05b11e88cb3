"""Known XSS payloads in every field and body: no script runs in a real browser, and feeds and
JSON-LD carry the text exactly, escaped for their context.

Fields with a strict format (URLs, codes, tags) must refuse payloads with a located error; free
text fields must accept them and show them as text.
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
from urllib.parse import urlsplit

import pytest
from lxml import etree
from playwright.sync_api import sync_playwright

from bench.search_weight import CHROMIUM_ARGS
from sitegen.build import build
from sitegen.content import parse_posting
from sitegen.errors import BuildError
from tests.conftest import CONFIG, MakeProject, ensure_chromium, posting_text

CANARY = "window.__pwned=1"
PAYLOADS = [
    f"<script>{CANARY}</script>",
    f"<ScRiPt>{CANARY}</sCrIpT>",
    f'"><script>{CANARY}</script>',
    f"'><script>{CANARY}</script>",
    f"</script><script>{CANARY}</script>",
    f"</title><script>{CANARY}</script>",
    f'<img src=x onerror="{CANARY}">',
    f"<img src=x onerror={CANARY}>",
    f'<svg onload="{CANARY}">',
    f"<svg><script>{CANARY}</script></svg>",
    f'<body onload="{CANARY}">',
    f'<iframe src="javascript:{CANARY}"></iframe>',
    f'<a href="javascript:{CANARY}">x</a>',
    f'<div style="background:url(javascript:{CANARY})">',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{CANARY}">',
    f'" onmouseover="{CANARY}" x="',
    f"' onfocus='{CANARY}' autofocus '",
    f'<input autofocus onfocus="{CANARY}">',
    f'<details open ontoggle="{CANARY}">',
    f"[click](javascript:{CANARY})",
    f"[click](JaVaScRiPt:{CANARY})",
    f"[click]( javascript:{CANARY})",
    f"[click](java&#x09;script:{CANARY})",
    f"[click](&#106;avascript:{CANARY})",
    f"[click](vbscript:{CANARY})",
    "[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    f"![x](javascript:{CANARY})",
    f'<a href="&#x6A;avascript:{CANARY}">x</a>',
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}",
    f"\u202e<script>{CANARY}</script>\u202c",
    f"<!--<script>{CANARY}</script>-->",
    f"<![CDATA[<script>{CANARY}</script>]]>",
    f'<meta http-equiv=refresh content="0;url=javascript:{CANARY}">',
    f'<object data="javascript:{CANARY}"></object>',
    f'<embed src="javascript:{CANARY}">',
    f"<form><button formaction=javascript:{CANARY}>x</button></form>",
    f'<link rel=import href="data:text/html,<script>{CANARY}</script>">',
    f"\\u003cscript\\u003e{CANARY}\\u003c/script\\u003e",
    f"`<script>{CANARY}</script>`",
    f"```\n</code></pre><script>{CANARY}</script>\n```",
]
TODAY = dt.date(2026, 11, 22)
# Fire the events injected handlers wait for, then list anything script-like in the DOM:
# event-handler attributes, scripts that are neither JSON-LD nor the site's own files, and
# links or frames with a script scheme.
PROBE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const type of ["mouseover", "focus", "click", "toggle"]) {
      if (type !== "click" || el.tagName !== "A") el.dispatchEvent(new Event(type));
    }
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(el.tagName + " " + attr.name);
      const bad = /^\\s*(javascript|vbscript|data):/i.test(attr.value);
      if (bad) found.push(el.tagName + " " + attr.name);
    }
    if (el.tagName === "SCRIPT" && el.type !== "application/ld+json" &&
        !(el.src && new URL(el.src).pathname.includes("/static/"))) found.push("script");
    if (["IFRAME", "OBJECT", "EMBED", "META"].includes(el.tagName) &&
        el.getAttribute("http-equiv")) found.push(el.tagName);
  }
  return found;
}"""


def quoted(text: str) -> str:
    return json.dumps(" ".join(text.split()))  # a JSON string is a YAML double-quoted scalar


def hostile_posting(n: int, payload: str) -> str:
    title = quoted(payload[:140])
    return posting_text(
        f"p{n:02d}",
        id=f"00000000-0000-4000-8000-{n:012d}",
        title=title,
        company=quoted(("Co " + payload)[:110]),
        date="2026-11-16",
        extra="tags: [python]\n",
        body=f"{payload}\n\nAnd a paragraph: {payload}\n",
    ).replace("tags: [python, backend]\n", "")


@pytest.fixture(scope="module")
def chromium() -> Path:
    return ensure_chromium()


@pytest.fixture
def served(make_project: MakeProject) -> Iterator[tuple[str, Path]]:
    files = {f"content/postings/p{n:02d}.md": hostile_posting(n, p) for n, p in enumerate(PAYLOADS)}
    files["content/editions/2026-W47.md"] = (
        f"---\ntitle: {quoted(PAYLOADS[0])}\n---\n{PAYLOADS[6]}\n"
    )
    files["content/pages/about.md"] = f"---\ntitle: {quoted(PAYLOADS[2])}\n---\n{PAYLOADS[12]}\n"
    root = make_project(files, config=CONFIG + 'repository = "octo/jobs"\n')
    site = root / "served"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *_: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/digest/"
    build(root, site / "digest", base_url=base, today=TODAY)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, site / "digest"
    server.shutdown()


def test_payloads_never_run_in_the_browser(chromium: Path, served: tuple[str, Path]) -> None:
    base, out = served
    pages = [
        "",
        "page/2/",
        "tags/python/",
        "companies/",
        "editions/2026-w47/",
        "about/",
        "submit/",
        "404.html",
    ] + [f"jobs/p{n:02d}/" for n in range(len(PAYLOADS))]
    pages += [
        p.parent.relative_to(out).as_posix() + "/" for p in (out / "companies").glob("*/index.html")
    ]
    dialogs: list[str] = []
    foreign: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script("window.__pwned = undefined;")
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on(
            "request",
            lambda r: (
                foreign.append(r.url)
                if urlsplit(r.url).hostname not in ("127.0.0.1", None)
                else None
            ),
        )
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate(PROBE) == [], path
            assert page.evaluate("window.__pwned") is None, path
        # the control: a page that really is injected must be caught by the same checks
        (out / "control.html").write_text(f'<a href="#" onmouseover="{CANARY}">x</a>')
        page.goto(base + "control.html")
        assert page.evaluate(PROBE) == ["A onmouseover"]
        assert page.evaluate("window.__pwned") == 1
        browser.close()
    assert dialogs == []
    assert foreign == []


def test_payloads_are_text_in_jsonld_and_feeds(served: tuple[str, Path]) -> None:
    _, out = served
    for n, payload in enumerate(PAYLOADS):
        page = (out / f"jobs/p{n:02d}/index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(blocks) == 1
        assert "</script" not in blocks[0].lower() and "<" not in blocks[0]
        expected = parse_posting(hostile_posting(n, payload), "x.md").title
        assert json.loads(blocks[0])["title"] == expected
        # nothing dangerous in the page itself: the payload's tags exist only as text
        assert "<script>window.__pwned" not in page.lower()
        assert "javascript:" not in re.findall(r'href="([^"]*)"', page.lower())
    titles = {
        parse_posting(hostile_posting(n, p), "x.md").title + " at " for n, p in enumerate(PAYLOADS)
    }
    rss = etree.parse(str(out / "feed.xml"))
    got = [t.text for t in rss.iter("title")][1:]
    assert got and all(any(t.startswith(x) for x in titles) for t in got)
    atom = etree.parse(str(out / "atom.xml"))
    for content in atom.iter("{http://www.w3.org/2005/Atom}content"):
        assert "<script" not in (content.text or "").lower()
    for item in json.loads((out / "feed.json").read_text())["items"]:
        assert "<script" not in item["content_html"].lower()


@pytest.mark.parametrize(
    ("field", "line"),
    [("apply", "apply: {}"), ("website", "company:\n  name: X\n  website: {}")],
)
def test_strict_fields_refuse_script_urls(field: str, line: str) -> None:
    for url in (
        f"javascript:{CANARY}",
        f" JaVaScRiPt:{CANARY}",
        f"java\tscript:{CANARY}",
        "data:text/html,<script>x</script>",
        f"vbscript:{CANARY}",
        f"&#106;avascript:{CANARY}",
        f'https://x.example/"><script>{CANARY}</script>',
    ):
        text = posting_text().replace(
            "apply: https://example.com/apply/example-job", "apply: https://example.com/apply/x"
        )
        if field == "apply":
            text = text.replace("apply: https://example.com/apply/x", line.format(json.dumps(url)))
        else:
            text = text.replace("company:\n  name: Example Co", line.format(json.dumps(url)))
        with pytest.raises(BuildError) as caught:
            parse_posting(text, "x.md")
        assert all(e.path == "x.md" and e.line for e in caught.value.errors), url
