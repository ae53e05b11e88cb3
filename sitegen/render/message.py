"""An edition's newsletter as one MIME message (multipart/alternative: text, then HTML).

The same site and week give the same bytes: the Date is the moment the week ended in the
site's time zone, the Message-ID is derived from the site's address and the week, and the
MIME boundary from a hash of the two parts. A retried send is therefore the same message,
which mail servers and list software recognise by its Message-ID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from sitegen.config import SiteConfig
from sitegen.render.newsletter import Newsletter
from sitegen.render.plaintext import clean
from sitegen.site.model import Edition

# local@domain, as a mail server accepts it from a sender: no spaces, quotes, brackets or
# control characters, a dot in the domain (or a bracketed address literal).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")


def address_problem(value: str) -> str | None:
    """Why value is not a plain email address (name@example.com), or None."""
    if _ADDRESS.match(value) and not value.startswith(".") and ".." not in value:
        return None
    return f"{value!r} is not an email address such as digest@example.com"


def message_id(config: SiteConfig, week: str) -> str:
    """<2026-w47.3f2a...@example.github.io>: the same for every run that sends this week of
    this site, different for another site on the same host (the hash covers the path)."""
    host = urlsplit(config.base_url).hostname or "localhost"
    if ":" in host:  # an IPv6 address literal
        host = f"[{host}]"
    site = hashlib.sha256(f"{config.base_url}\n{week}".encode()).hexdigest()[:20]
    return f"<{week.lower()}.{site}@{host}>"


def week_ended(config: SiteConfig, edition: Edition) -> dt.datetime:
    """The instant the edition's week ended: the next Monday, 00:00 in the site's zone."""
    return dt.datetime.combine(edition.end + dt.timedelta(days=1), dt.time(), config.tz)


def edition_message(
    config: SiteConfig,
    edition: Edition,
    letter: Newsletter,
    sender: str | None = None,
    recipient: str | None = None,
) -> EmailMessage:
    """The message; From and To only when given (a message to import elsewhere has none)."""
    message = EmailMessage(policy=SMTP)
    if sender:
        name = " ".join(clean(config.title).split())
        message["From"] = Address(display_name=name, addr_spec=sender)
    if recipient:
        message["To"] = Address(addr_spec=recipient)
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(week_ended(config, edition))
    message["Message-ID"] = message_id(config, edition.week)
    message["MIME-Version"] = "1.0"
    message.make_alternative()  # before Content-Language, which it would move into a part
    message["Content-Language"] = config.language
    for content, subtype in ((letter.text, "plain"), (letter.html, "html")):
        part = EmailMessage(policy=SMTP)
        part.set_content(content, subtype=subtype, cte="quoted-printable")
        del part["MIME-Version"]  # the message's own header says it
        message.attach(part)
    parts = f"{letter.text}\0{letter.html}".encode()
    # "=_" never occurs in quoted-printable text (it would be written =3D_), so the
    # boundary cannot occur in either part
    message.set_boundary("=_" + hashlib.sha256(parts).hexdigest()[:32])
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as sent and as written to a .eml file: CRLF line ends, lines folded."""
    return message.as_bytes(policy=SMTP)
