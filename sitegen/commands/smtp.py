"""Sending one message over SMTP with TLS, configured by environment variables only.

The server, the account and the sender come from the environment (in a workflow, from the
repository's secrets), never from a file in the repository. TLS is always on: implicit TLS
(port 465, the default) or STARTTLS (port 587), with the server's certificate verified
against the system's trust store (OpenSSL's SSL_CERT_FILE names another). Every failure
becomes one line that says what to check.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.render.message import address_problem

HOST = "SITEGEN_SMTP_HOST"
PORT = "SITEGEN_SMTP_PORT"
SECURITY = "SITEGEN_SMTP_SECURITY"
USER = "SITEGEN_SMTP_USER"
PASSWORD = "SITEGEN_SMTP_PASSWORD"
FROM = "SITEGEN_SMTP_FROM"
TIMEOUT = "SITEGEN_SMTP_TIMEOUT"
REQUIRED = (HOST, USER, PASSWORD, FROM)
DEFAULT_TIMEOUT = 30.0  # seconds for each step of the conversation with the server
SECURITIES = {"tls": 465, "starttls": 587}


class MailError(Exception):
    """A problem the person running the command can fix; its message is one line."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "tls" (implicit) or "starttls"
    user: str
    password: str
    sender: str
    timeout: float

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port} ({'STARTTLS' if self.security == 'starttls' else 'TLS'})"


def smtp_settings(environ: Mapping[str, str]) -> SmtpSettings:
    """The settings from the environment; MailError naming every variable to set or fix."""
    missing = [name for name in REQUIRED if not environ.get(name, "").strip()]
    if missing:
        raise MailError(
            f"set {', '.join(missing)} in the environment (in the workflow: the repository's "
            "SMTP secrets); the server, account and sender never come from a file"
        )
    security = environ.get(SECURITY, "").strip().lower() or None
    if security is not None and security not in SECURITIES:
        raise MailError(f"{SECURITY} must be 'tls' (implicit TLS, port 465) or 'starttls'")
    port_text = environ.get(PORT, "").strip()
    try:
        port = int(port_text) if port_text else SECURITIES[security or "tls"]
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise MailError(f"{PORT} must be a port number such as 465 or 587, not {port_text!r}")
    if security is None:  # 587 is the submission port, which speaks STARTTLS
        security = "starttls" if port == 587 else "tls"
    try:
        timeout = float(environ.get(TIMEOUT, "").strip() or DEFAULT_TIMEOUT)
    except ValueError:
        timeout = 0
    if not 0 < timeout <= 600:
        raise MailError(f"{TIMEOUT} must be a number of seconds from 1 to 600")
    sender = environ[FROM].strip()
    problem = address_problem(sender)
    if problem:
        raise MailError(f"{FROM}: {problem}")
    return SmtpSettings(
        environ[HOST].strip(), port, security, environ[USER], environ[PASSWORD], sender, timeout
    )


def deliver(settings: SmtpSettings, recipient: str, data: bytes) -> None:
    """Send the message's bytes to one recipient; MailError, one line, on any failure."""
    try:
        _deliver(settings, recipient, data)
    except MailError:
        raise
    except Exception as exc:
        raise MailError(_explain(exc, settings, recipient)) from None


def _deliver(settings: SmtpSettings, recipient: str, data: bytes) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.security == "tls":
        client = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            client.ehlo()
            if not client.has_extn("starttls"):
                raise MailError(
                    f"{settings.server} does not offer STARTTLS, and sitegen never sends "
                    f"without TLS: use the server's TLS port (set {PORT}=465)"
                )
            client.starttls(context=context)
            client.ehlo()
        client.login(settings.user, settings.password)
        client.sendmail(settings.sender, [recipient], data)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def _explain(exc: BaseException, settings: SmtpSettings, recipient: str) -> str:
    server = settings.server
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            f"{server} refused the login of {settings.user!r} ({_reply(exc)}): check "
            f"{USER} and {PASSWORD}"
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"{server} refused the recipient {recipient} ({_refusal(exc)}): check --to"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return (
            f"{server} refused the sender {settings.sender} ({_reply(exc)}): check {FROM}, "
            "which must be an address the account may send from"
        )
    if isinstance(exc, smtplib.SMTPDataError):
        return f"{server} refused the message ({_reply(exc)}); nothing was sent"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{server} does not support {exc}: check {PORT} and {SECURITY}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"the certificate of {server} could not be verified ({exc.verify_message}): "
            f"check {HOST} (the name must match the certificate)"
        )
    if isinstance(exc, ssl.SSLError):
        return (
            f"TLS with {server} failed ({exc.reason or exc}): check {PORT} and {SECURITY} "
            "(465 speaks TLS at once, 587 STARTTLS)"
        )
    timed_out = isinstance(exc.__context__, TimeoutError)  # smtplib: "closed: timed out"
    if isinstance(exc, TimeoutError) or timed_out:
        return (
            f"{server} did not answer within {settings.timeout:g} s: check {HOST} and "
            f"{PORT}, or set {TIMEOUT}"
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{server} closed the connection ({exc or 'without a reason'}): check {PORT}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{server} answered {_reply(exc)}; nothing was sent"
    if isinstance(exc, socket.gaierror):
        return f"cannot find the server {settings.host!r} ({exc.strerror}): check {HOST}"
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"cannot connect to {server} ({reason}): check {HOST} and {PORT}"
    return f"sending through {server} failed: {type(exc).__name__}: {exc}"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
    return " ".join(f"{exc.smtp_code} {text}".split())


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    replies = [
        f"{code} {message.decode('utf-8', 'replace')}" for code, message in exc.recipients.values()
    ]
    return " ".join("; ".join(replies).split())
