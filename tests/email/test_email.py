"""`sitegen email`: the edition as a .eml file, the same bytes every time; its plain text
at 72 columns; the theme's templates; a 100-posting edition under Gmail's clipping size;
hostile postings inert in both parts; the "Get the digest by email" link on the site."""

from __future__ import annotations

import datetime as dt
import email
import email.message
import io
import os
import re
import subprocess
import sys
from email.policy import default
from pathlib import Path

import lxml.html
import pytest

from sitegen.build import load
from sitegen.cli import main
from sitegen.render.plaintext import clean
from tests.conftest import REPO, MakeProject, posting_text
from tests.email.conftest import AFTER, BASE_URL, CONFIG, NOTE, WEEK, edition_files
from tests.hostile.test_xss_browser import hostile_project

AFTER_DAY = dt.date.fromisoformat(AFTER)
GMAIL_CLIPS_AT = 102 * 1000  # bytes: Gmail shows "[Message clipped]" past about 102 KB


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(root: Path, week: str = WEEK, date: str = AFTER, *extra: str) -> bytes:
    out = root.parent / f"{week}-{date}.eml"
    code, stdout, err = run("email", week, "--root", str(root), "--out", str(out),
                            "--date", date, *extra)  # fmt: skip
    assert (code, err) == (0, ""), err
    assert stdout.startswith(f"wrote {out}: {week}, ")
    return out.read_bytes()


def parse(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def parts(data: bytes) -> tuple[str, str]:
    """The plain text and the HTML of a message."""
    message = parse(data)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def test_the_same_site_and_week_give_the_same_bytes(project: Path) -> None:
    first = write(project)
    assert write(project) == first
    # whatever the machine's zone and the day it runs, once the week is over
    script = (
        "import sys; from sitegen.cli import main; "
        f"sys.exit(main(['email', '{WEEK}', '--root', sys.argv[1], '--out', sys.argv[2], "
        f"'--date', '{AFTER}']))"
    )
    out = project.parent / "elsewhere.eml"
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", script, str(project), str(out)], env=env, check=True,
                   timeout=60)  # fmt: skip
    assert out.read_bytes() == first
    assert first.count(b"\r\n") == first.count(b"\n")  # CRLF throughout, as sent
    message = parse(first)
    assert "From" not in message and "To" not in message  # none given
    assert message["Date"] == "Mon, 23 Nov 2026 00:00:00 +0100"


def test_without_a_week_the_last_finished_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("email", "--root", str(project), "--date", "2026-11-29")
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {WEEK}.eml: {WEEK}, 'Week 47: three roles · Test Digest', ")
    assert (tmp_path / f"{WEEK}.eml").read_bytes() == write(project)


def test_errors_are_one_line(project: Path) -> None:
    assert run("email", "2026-W40", "--root", str(project), "--date", AFTER) == (
        1,
        "",
        "sitegen email: 2026-W40: no edition: no posting is dated that week and there is no "
        "content/editions/2026-W40.md (editions go from 2026-W46 to 2026-W47); name another "
        "week\n",
    )
    assert run("email", WEEK, "--root", str(project), "--from", "a@b") == (
        1,
        "",
        "sitegen email: 'a@b' is not an email address such as digest@example.com\n",
    )


def test_the_plain_text_reads_well_at_72_columns(project: Path) -> None:
    text, _html = parts(write(project, WEEK, AFTER, "--from", "digest@example.com"))
    for line in text.splitlines():
        words = line.split()
        # only an address longer than a line may pass the 72nd column, on its own
        assert len(line) <= 72 or (len(words) <= 2 and "://" in words[-1]), line
    blocks = text.split("\n\n")
    assert blocks[:4] == [
        "Test Digest",
        "Week 47: three roles\nPostings from 16 November 2026 to 22 November 2026.",
        "FROM THE EDITOR",
        "Three new roles this week, one of them on our about page\n"
        "<https://example.github.io/digest/about/>, and one at a company we have\n"
        "not featured before.",
    ]
    assert "- Remote, in Europe\n- Hybrid, in Berlin" in text
    assert (
        "- Rust Engineer\n"
        "  Ferrous Labs\n"
        "  USD 100,000–150,000 a year\n"
        "  Remote (United States)\n"
        "  Full-time\n"
        f"  {BASE_URL}jobs/rust/\n"
        "  Apply: https://example.com/apply/rust\n"
    ) in text
    closed = text[text.index("- Operations Engineer") :]
    assert "  Full-time, closed\n" in closed and "Apply" not in closed.split("\n\n--")[0]
    assert f"Read this edition on the web:\n{BASE_URL}editions/2026-w47/\n" in text
    assert f"  RSS: {BASE_URL}feed.xml\n" in text
    assert "Get the digest by email: https://lists.example.com/subscribe\n" in text


def test_the_html_part_is_a_self_contained_mail_document(project: Path) -> None:
    _text, html = parts(write(project))
    tree = lxml.html.document_fromstring(html)
    assert tree.get("lang") == "en"
    assert not tree.xpath("//script | //img | //link | //iframe | //object | //form")
    assert "url(" not in html and "@import" not in html and "@font-face" not in html
    # the stylesheet is inlined; the one <style> left holds the media queries alone
    [style] = tree.xpath("//style")
    assert style.getparent().tag == "head"
    assert (style.text or "").strip().startswith("@media (prefers-color-scheme: dark)")
    assert "{" not in re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", style.text or "")
    h1 = tree.xpath("//h1")[0]
    assert "font-size:26px" in h1.get("style")
    assert tree.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]
    preheader = tree.xpath("//div[@class='preheader']")[0]
    assert "display:none" in preheader.get("style")
    assert preheader.text_content().startswith("Three new roles this week, one of them")
    titles = [h.text_content() for h in tree.xpath("//h3")]
    assert titles == ["Rust Engineer", "Frontend Developer <Vue & TypeScript>",
                      "Operations Engineer"]  # fmt: skip
    assert tree.xpath("//p[@class='facts']")[2].text_content().endswith("· Closed")
    links = tree.xpath("//a/@href")
    assert all(re.match(r"^(https://|mailto:)", href) for href in links), links
    assert "https://lists.example.com/subscribe" in links


def test_a_site_restyles_its_mail_and_the_compact_theme_keeps_it(
    make_project: MakeProject,
) -> None:
    root = make_project(edition_files(), config=CONFIG + 'theme = "compact"\n')
    assert parts(write(root))[1].count("<h3") == 3
    override = root / "templates" / "email" / "edition.txt"
    override.parent.mkdir(parents=True)
    override.write_text("{{ letter.heading }}: {{ letter.postings|length }} postings\n")
    assert parts(write(root))[0] == "Week 47: three roles: 3 postings\n"
    override.write_text("{{ letter.nope }}\n")
    code, _out, err = run("email", WEEK, "--root", str(root), "--out", str(root / "x.eml"))
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/email/edition.txt:1: template error: 'sitegen.render.newsletter.Letter "
        "object' has no attribute 'nope'"
    )


ROLES = (
    "Senior Backend Engineer, Payments Platform",
    "Staff Site Reliability Engineer",
    "Machine Learning Engineer (Recommendations)",
    "Engineering Manager, Developer Tools",
)


def hundred_postings() -> dict[str, str]:
    files = {"content/editions/2026-W47.md": NOTE}
    for n in range(100):
        text = posting_text(
            f"role-{n}",
            id=f"20000000-0000-4000-8000-{n:012d}",
            title=ROLES[n % len(ROLES)],
            company=f"Wildfield River Analytics {n}",
            date=f"2026-11-{16 + n % 7}",
        ).replace("https://example.com/apply/", "https://careers.wildfield-river.example/jobs/")
        if n % 2:
            text = text.replace(
                "  arrangement: remote\n  regions: [US]\n",
                "  arrangement: hybrid\n  city: Frankfurt am Main\n  region: Hesse\n"
                "  country: DE\n",
            )
        files[f"content/postings/role-{n}.md"] = text
    return files


def test_a_hundred_postings_stay_under_gmails_clipping_size(make_project: MakeProject) -> None:
    root = make_project(hundred_postings(), config=CONFIG)
    data = write(root, WEEK, AFTER, "--from", "digest@example.com", "--to", "list@example.com")
    text, html = parts(data)
    assert text.count("\n- ") == 100 + 2  # the postings, and the note's list
    assert html.count("<h3") == 100
    assert len(data) < GMAIL_CLIPS_AT, len(data)


def test_hostile_postings_are_inert_in_both_parts(make_project: MakeProject) -> None:
    root = hostile_project(make_project)
    data = write(root, "2026-W46", "2026-11-22", "--from", "digest@example.com")
    message = parse(data)
    assert [name for name, _ in message.items()] == [
        "From", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "Content-Language",
    ]  # fmt: skip
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["From"])
    text, html = parts(data)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    tree = lxml.html.document_fromstring(html)
    unsafe = "//script | //img | //svg | //iframe | //object | //embed | //math | //base"
    assert not tree.xpath(unsafe + " | //form | //input | //details | //meta[@http-equiv]")
    assert len(tree.xpath("//style")) == 1  # the theme's, in the head
    for element in tree.iter():
        if isinstance(element.tag, str):
            attributes = [a.lower() for a in element.attrib]
            assert not [a for a in attributes if a.startswith("on") or a in ("srcdoc",)]
    hrefs = tree.xpath("//a/@href")
    assert hrefs and all(re.match(r"^(https?:|mailto:)", h) for h in hrefs), hrefs
    # each posting of the week is shown, its title as the text it is, in both parts
    _config, content = load(root)
    week = sorted(p.title for p in content.postings if p.posted.date().isocalendar()[1] == 46)
    assert len(week) > 10
    assert sorted(h.text_content() for h in tree.xpath("//h3")) == week
    flat = " ".join(text.split())
    for title in week:
        assert " ".join(clean(title).split()) in flat, title


def test_a_link_from_the_sites_root_stays_under_its_base_path(project: Path) -> None:
    """A note's '/about/' is the about page under /digest/, in both parts, as on the site."""
    note = project / "content" / "editions" / f"{WEEK}.md"
    note.write_text(note.read_text().replace("(../../about/)", "(/about/)"), encoding="utf-8")
    text, html = parts(write(project))
    assert 'href="https://example.github.io/digest/about/"' in html
    assert "<https://example.github.io/digest/about/>" in text
    assert "https://example.github.io/about/" not in text + html
