"""`sitegen send` to a real SMTP server on 127.0.0.1 (implicit TLS and STARTTLS, with a
login), and every way it can fail: one line, exit status 1, nothing sent."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import lxml.html
import pytest

from sitegen.cli import main
from sitegen.commands.email import send_email
from tests.email.conftest import (
    AFTER,
    BASE_URL,
    PASSWORD,
    RECIPIENT,
    SENDER,
    WEEK,
    Server,
    free_port,
)


def send(
    project: Path,
    environ: Mapping[str, str],
    *,
    week: str | None = WEEK,
    date: str = AFTER,
    dry_run: bool = False,
) -> tuple[int, str, str]:
    """`sitegen send` in process, with the given environment."""
    out, err = io.StringIO(), io.StringIO()
    code = send_email(
        project,
        week,
        RECIPIENT,
        dry_run=dry_run,
        today=dt.date.fromisoformat(date),
        environ=environ,
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def eml(project: Path, tmp_path: Path) -> bytes:
    """What `sitegen email` writes for the same week, sender and recipient."""
    out = tmp_path / "written.eml"
    argv = ["email", WEEK, "--root", str(project), "--out", str(out), "--date", AFTER,
            "--from", SENDER, "--to", RECIPIENT]  # fmt: skip
    assert main(argv, io.StringIO(), io.StringIO()) == 0
    return out.read_bytes()


def links(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [str(a.get("href")) for a in tree.iter("a")]


def test_the_edition_arrives_whole(project: Path, smtp_server: Server, tmp_path: Path) -> None:
    code, out, err = send(project, smtp_server.environ())
    assert (code, err) == (0, ""), err
    assert out.startswith(f"sent {WEEK}, 'Week 47: three roles · Test Digest', 3 postings, ")
    assert f"to {RECIPIENT} through 127.0.0.1:{smtp_server.port}" in out
    [(envelope_from, envelope_to, data)] = smtp_server.inbox.received
    assert (envelope_from, envelope_to) == (SENDER, [RECIPIENT])
    # byte for byte what `sitegen email` writes (the server adds nothing we compare)
    assert data.replace(b"\r\n", b"\n") == eml(project, tmp_path).replace(b"\r\n", b"\n")
    message = smtp_server.inbox.message()
    assert message["From"] == f"Test Digest <{SENDER}>"
    assert message["To"] == RECIPIENT
    assert message["Subject"] == "Week 47: three roles · Test Digest"
    assert message["Date"] == "Mon, 23 Nov 2026 00:00:00 +0100"  # the week ended, in Berlin
    assert re.fullmatch(r"<2026-w47\.[0-9a-f]{20}@example\.github\.io>", message["Message-ID"])
    assert message["Message-ID"] in out
    assert message.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in message.iter_parts()]
    assert types == ["text/plain", "text/html"]  # the preferred part last
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for fact in ("Rust Engineer", "Ferrous Labs", "USD 100,000–150,000 a year",
                 "Remote (United States)", f"{BASE_URL}jobs/rust/"):  # fmt: skip
        assert fact in text and fact in html.replace("&lt;", "<").replace("&amp;", "&")
    assert "Frontend Developer <Vue & TypeScript>" in text
    assert "Frontend Developer &lt;Vue &amp; TypeScript&gt;" in html
    assert "Older Role" not in text + html  # week 46's
    # every link absolute: the site's pages under the base URL, or a posting's apply link
    hrefs = links(html)
    applies = {"https://example.com/apply/rust", "mailto:jobs@spree.example"}
    assert applies <= set(hrefs)
    assert "https://example.com/apply/ops" not in hrefs  # closed by the 24th: no apply link
    for href in hrefs:
        assert (
            href.startswith(BASE_URL)
            or href in applies
            or href == ("https://lists.example.com/subscribe")
        ), href
    assert f"{BASE_URL}editions/2026-w47/" in hrefs and f"{BASE_URL}feed.xml" in hrefs
    assert f"{BASE_URL}about/" in hrefs  # the note's relative link, made absolute
    assert PASSWORD not in out + err


def test_a_retried_send_is_the_same_message(project: Path, smtp_server: Server) -> None:
    assert send(project, smtp_server.environ())[0] == 0
    assert send(project, smtp_server.environ(), date="2026-11-25")[0] == 0
    first, second = smtp_server.inbox.received
    assert first == second
    assert smtp_server.inbox.message(0)["Message-ID"] == smtp_server.inbox.message(1)["Message-ID"]


def test_dry_run_shows_the_message_and_sends_nothing(project: Path, smtp_server: Server) -> None:
    code, out, err = send(project, smtp_server.environ(), dry_run=True)
    assert (code, err) == (0, "")
    assert smtp_server.inbox.received == []
    assert out.startswith(f"would send {WEEK}, 'Week 47: three roles · Test Digest'")
    assert "nothing was sent" in out.splitlines()[0]
    assert f"To: {RECIPIENT}\n" in out and "Message-ID: <2026-w47." in out
    assert "THIS WEEK'S POSTINGS (3)" in out and "Rust Engineer" in out
    assert PASSWORD not in out


def one_line_failure(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("sitegen send: "), err
    assert "Traceback" not in err
    return err


def test_a_refused_login(project: Path, smtp_server: Server) -> None:
    err = one_line_failure(send(project, smtp_server.environ(SITEGEN_SMTP_PASSWORD="wrong")))
    assert "refused the login of 'digest-bot' (535 " in err
    assert "check SITEGEN_SMTP_USER and SITEGEN_SMTP_PASSWORD" in err
    assert "wrong" not in err and smtp_server.inbox.received == []


def test_a_week_that_has_not_ended_is_refused(project: Path, smtp_server: Server) -> None:
    err = one_line_failure(send(project, smtp_server.environ(), date="2026-11-22"))
    assert err == (
        "sitegen send: 2026-W47 has not ended: it ends on Sunday 22 November 2026 "
        "(Europe/Berlin) and today is 22 November 2026; send it from 23 November 2026 on, "
        "or name a finished week\n"
    )
    assert smtp_server.inbox.received == []


def test_without_a_week_the_last_finished_one_is_sent(project: Path, smtp_server: Server) -> None:
    assert send(project, smtp_server.environ(), week=None, date="2026-11-29")[0] == 0
    assert smtp_server.inbox.message()["Message-ID"].startswith("<2026-w47.")


def test_a_quiet_week_sends_nothing_and_succeeds(project: Path, smtp_server: Server) -> None:
    code, out, err = send(project, smtp_server.environ(), week=None, date="2026-12-08")
    assert (code, err) == (0, "")
    assert out.startswith("sitegen send: nothing to send for the last finished week: 2026-W49:")
    assert smtp_server.inbox.received == []


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2027-W53", "'2027-W53' is not an ISO week: write it as YYYY-Www, such as 2026-W47"),
        ("47", "'47' is not an ISO week: write it as YYYY-Www, such as 2026-W47"),
        ("2026-W40", "2026-W40: no edition: no posting is dated that week and there is no "
         "content/editions/2026-W40.md (editions go from 2026-W46 to 2026-W47); name another "
         "week"),
    ],
)  # fmt: skip
def test_an_unknown_week(project: Path, smtp_server: Server, week: str, message: str) -> None:
    assert one_line_failure(send(project, smtp_server.environ(), week=week)) == (
        f"sitegen send: {message}\n"
    )


@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
def test_missing_and_wrong_settings(project: Path, smtp_server: Server) -> None:
    err = one_line_failure(send(project, {}))
    assert err == (
        "sitegen send: set SITEGEN_SMTP_HOST, SITEGEN_SMTP_USER, SITEGEN_SMTP_PASSWORD, "
        "SITEGEN_SMTP_FROM in the environment (in the workflow: the repository's SMTP "
        "secrets); the server, account and sender never come from a file\n"
    )
    err = one_line_failure(send(project, smtp_server.environ(SITEGEN_SMTP_PASSWORD="")))
    assert "set SITEGEN_SMTP_PASSWORD in the environment" in err
    err = one_line_failure(send(project, smtp_server.environ(SITEGEN_SMTP_PORT="smtp")))
    assert "SITEGEN_SMTP_PORT must be a port number such as 465 or 587, not 'smtp'" in err
    err = one_line_failure(send(project, smtp_server.environ(SITEGEN_SMTP_SECURITY="none")))
    assert "SITEGEN_SMTP_SECURITY must be 'tls'" in err
    err = one_line_failure(send(project, smtp_server.environ(SITEGEN_SMTP_FROM="digest")))
    assert "SITEGEN_SMTP_FROM: 'digest' is not an email address" in err
    assert smtp_server.inbox.received == []


@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
def test_the_wrong_tls_mode_fails_clearly(project: Path, smtp_server: Server) -> None:
    """STARTTLS spoken to an implicit-TLS port: the server's TLS greeting is not SMTP."""
    environ = smtp_server.environ(SITEGEN_SMTP_SECURITY="starttls", SITEGEN_SMTP_TIMEOUT="3")
    err = one_line_failure(send(project, environ))
    assert f"127.0.0.1:{smtp_server.port} (STARTTLS)" in err and "check" in err


@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
def test_an_untrusted_certificate_is_refused(
    project: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = tmp_path / "empty.pem"
    other.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    err = one_line_failure(send(project, smtp_server.environ()))
    assert "the certificate of 127.0.0.1:" in err and "could not be verified" in err
    assert smtp_server.inbox.received == []


def test_nothing_listening(project: Path) -> None:
    environ = {
        "SITEGEN_SMTP_HOST": "127.0.0.1",
        "SITEGEN_SMTP_PORT": str(free_port()),
        "SITEGEN_SMTP_USER": "u",
        "SITEGEN_SMTP_PASSWORD": "p",
        "SITEGEN_SMTP_FROM": SENDER,
    }
    err = one_line_failure(send(project, environ))
    assert "cannot connect to 127.0.0.1:" in err and "check SITEGEN_SMTP_HOST" in err


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        try:
            while True:
                accepted.append(listener.accept()[0])
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()
        for connection in accepted:
            connection.close()


def test_a_server_that_never_answers_times_out(project: Path, silent_server: int) -> None:
    environ = {
        "SITEGEN_SMTP_HOST": "127.0.0.1",
        "SITEGEN_SMTP_PORT": str(silent_server),
        "SITEGEN_SMTP_SECURITY": "starttls",
        "SITEGEN_SMTP_USER": "u",
        "SITEGEN_SMTP_PASSWORD": "p",
        "SITEGEN_SMTP_FROM": SENDER,
        "SITEGEN_SMTP_TIMEOUT": "1",
    }
    started = time.monotonic()
    err = one_line_failure(send(project, environ))
    assert time.monotonic() - started < 8
    assert f"127.0.0.1:{silent_server} (STARTTLS) did not answer within 1 s" in err


def test_the_command_line(
    project: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in smtp_server.environ().items():
        monkeypatch.setenv(name, value)
    out, err = io.StringIO(), io.StringIO()
    argv = ["send", WEEK, "--to", RECIPIENT, "--root", str(project), "--date", AFTER]
    assert main(argv, out, err) == 0, err.getvalue()
    assert len(smtp_server.inbox.received) == 1
    out, err = io.StringIO(), io.StringIO()
    assert main([*argv[:3], "not-an-address", *argv[4:]], out, err) == 1
    assert err.getvalue() == (
        "sitegen send: 'not-an-address' is not an email address such as digest@example.com\n"
    )
