"""The email tests' fixtures: an edition to send, and real SMTP servers on 127.0.0.1.

The servers are aiosmtpd's, speaking implicit TLS or STARTTLS with a certificate made for
127.0.0.1 by openssl for the test session, and asking for a login. The client trusts that
certificate through OpenSSL's own SSL_CERT_FILE variable, as it would a private CA's: sitegen
has no switch to turn certificate checks off.
"""

from __future__ import annotations

import email
import email.message
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.browser.conftest import browser, tools  # noqa: F401 (the browser test's fixtures)
from tests.conftest import MakeProject, posting_text

USER, PASSWORD = "digest-bot", "correct horse battery staple"
SENDER, RECIPIENT = "digest@example.com", "list@lists.example.com"
BASE_URL = "https://example.github.io/digest/"
CONFIG = f"""\
title = "Test Digest"
description = "Jobs for tests."
base_url = "{BASE_URL}"
timezone = "Europe/Berlin"
subscribe_url = "https://lists.example.com/subscribe"
"""
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026
AFTER = "2026-11-24"  # a day after the week ended
NOTE = """\
---
title: "Week 47: three roles"
---
Three new roles this week, one of them [on our about page](../../about/), and one
at a company we have *not* featured before.

- Remote, in Europe
- Hybrid, in Berlin
"""


def edition_files() -> dict[str, str]:
    """Three postings of week 47 (one closed by the 24th), one of week 46, and a note."""
    return {
        "content/editions/2026-W47.md": NOTE,
        "content/postings/rust.md": posting_text(
            "rust",
            id="10000000-0000-4000-8000-000000000001",
            title="Rust Engineer",
            company="Ferrous Labs",
            date="2026-11-18",
        ),
        "content/postings/frontend.md": posting_text(
            "frontend",
            id="10000000-0000-4000-8000-000000000002",
            title="Frontend Developer <Vue & TypeScript>",
            company="Spree Studio",
            date="2026-11-17",
        ).replace("https://example.com/apply/frontend", "mailto:jobs@spree.example"),
        "content/postings/ops.md": posting_text(
            "ops",
            id="10000000-0000-4000-8000-000000000003",
            title="Operations Engineer",
            company="Closed Example",
            date="2026-11-16",
            extra="closes: 2026-11-23\n",
        ),
        "content/postings/older.md": posting_text(
            "older",
            id="10000000-0000-4000-8000-000000000004",
            title="Older Role",
            company="Last Week Inc",
            date="2026-11-10",
        ),
    }


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(edition_files(), config=CONFIG)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


@dataclass
class Inbox:
    """What the server received: each message's envelope and bytes."""

    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def message(self, index: int = -1) -> email.message.EmailMessage:
        parsed = email.message_from_bytes(self.received[index][2], policy=default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed


def authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class Server:
    port: int
    security: str
    inbox: Inbox

    def environ(self, **changes: str) -> dict[str, str]:
        """The environment `sitegen send` reads, pointing at this server."""
        values = {
            "SITEGEN_SMTP_HOST": "127.0.0.1",
            "SITEGEN_SMTP_PORT": str(self.port),
            "SITEGEN_SMTP_SECURITY": self.security,
            "SITEGEN_SMTP_USER": USER,
            "SITEGEN_SMTP_PASSWORD": PASSWORD,
            "SITEGEN_SMTP_FROM": SENDER,
            "SITEGEN_SMTP_TIMEOUT": "10",
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*map(str, certificate))
    return context


@pytest.fixture(params=["tls", "starttls"])
def smtp_server(
    request: pytest.FixtureRequest,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1, with implicit TLS or with STARTTLS, trusted by the
    client through SSL_CERT_FILE."""
    security: str = request.param
    inbox = Inbox()
    context = _server_context(certificate)
    tls = {"ssl_context": context} if security == "tls" else {"tls_context": context}
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticate,
        # aiosmtpd knows only STARTTLS as TLS: on the implicit-TLS port every byte is
        # encrypted anyway, and it would otherwise not offer AUTH at all
        auth_require_tls=security == "starttls",
        require_starttls=security == "starttls",
        **tls,  # type: ignore[arg-type]
    )
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    try:
        yield Server(controller.port, security, inbox)
    finally:
        controller.stop()
