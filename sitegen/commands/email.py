"""`sitegen email` and `sitegen send`: an edition as a newsletter, written or sent.

Both read the site as a build would (config, content, the build day), pick the week's
edition, make its message (sitegen.render.newsletter and .message) and then write it to a
.eml file or send it over SMTP (sitegen.commands.smtp). A problem the user can fix is one
line on standard error and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TextIO

from sitegen.build import build_date, site_config
from sitegen.commands.smtp import MailError, SmtpSettings, deliver, smtp_settings
from sitegen.content.load import load_content
from sitegen.content.names import counted
from sitegen.output import write_file
from sitegen.render.message import address_problem, edition_message, message_bytes
from sitegen.render.newsletter import Newsletter, newsletter
from sitegen.render.views import long_date
from sitegen.site.model import Edition, Site, build_site

_WEEK = re.compile(r"^(\d{4})-[Ww](\d{1,2})$")


class NoEdition(MailError):
    """The week has no edition: no posting and no editor's note."""


@dataclass(frozen=True)
class Made:
    """An edition's message, made."""

    site: Site
    edition: Edition
    letter: Newsletter
    message: EmailMessage
    data: bytes

    def summary(self) -> str:
        count = len(self.edition.postings)
        return (
            f"{self.edition.week}, '{self.letter.subject}', {counted(count, 'posting')}, "
            f"{len(self.data):,} bytes"
        )


def parse_week(text: str) -> str:
    """'2026-W47' (or '2026-w47'): the ISO week, written as 2026-W47."""
    match = _WEEK.match(text.strip())
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            pass
        else:
            return f"{year}-W{week:02d}"
    raise MailError(f"{text!r} is not an ISO week: write it as YYYY-Www, such as 2026-W47")


def last_finished_week(today: dt.date) -> str:
    """The week before the one today is in."""
    year, week, _ = (today - dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def find_edition(site: Site, week: str) -> Edition:
    for edition in site.editions:
        if edition.week == week:
            return edition
    return _no_edition(site, week)


def _no_edition(site: Site, week: str) -> Edition:
    weeks = [e.week for e in site.editions]
    known = f"editions go from {weeks[-1]} to {weeks[0]}" if weeks else "there are no editions"
    raise NoEdition(
        f"{week}: no edition: no posting is dated that week and there is no "
        f"content/editions/{week}.md ({known}); name another week"
    )


def refuse_running_week(site: Site, edition: Edition) -> None:
    if not edition.complete:  # the site's rule: a week has ended once its Sunday is past
        raise MailError(
            f"{edition.week} has not ended: it ends on Sunday {long_date(edition.end)} "
            f"({site.config.timezone}) and today is {long_date(site.today)}; send it from "
            f"{long_date(edition.end + dt.timedelta(days=1))} on, or name a finished week"
        )


def make(
    root: Path,
    week: str | None,
    *,
    base_url: str | None,
    today: dt.date | None,
    sender: str | None,
    recipient: str | None,
) -> Made:
    for address in (sender, recipient):
        problem = address_problem(address) if address is not None else None
        if problem:
            raise MailError(problem)
    config = site_config(root, base_url)
    day = build_date(config, today)
    site = build_site(config, load_content(root, config.tz), day, drafts=False)
    edition = find_edition(site, parse_week(week) if week else last_finished_week(day))
    letter = newsletter(root, site, edition)
    message = edition_message(config, edition, letter, sender, recipient)
    return Made(site, edition, letter, message, message_bytes(message))


def write_email(
    root: Path,
    week: str | None,
    out: Path | None,
    *,
    base_url: str | None = None,
    today: dt.date | None = None,
    sender: str | None = None,
    recipient: str | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """`sitegen email`: write the edition's message to a .eml file."""
    try:
        made = make(root, week, base_url=base_url, today=today, sender=sender, recipient=recipient)
    except MailError as exc:
        print(f"sitegen email: {exc}", file=stderr)
        return 1
    path = out or Path(f"{made.edition.week}.eml")
    write_file(path, made.data)
    html = len(made.letter.html.encode())
    print(f"wrote {path}: {made.summary()} (HTML part {html:,} bytes)", file=stdout)
    return 0


def send_email(
    root: Path,
    week: str | None,
    recipient: str,
    *,
    dry_run: bool = False,
    base_url: str | None = None,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """`sitegen send`: send the edition's message to one address over SMTP with TLS."""
    try:
        settings = smtp_settings(os.environ if environ is None else environ)
        made = make(
            root,
            week,
            base_url=base_url,
            today=today,
            sender=settings.sender,
            recipient=recipient,
        )
        refuse_running_week(made.site, made.edition)
        if dry_run:
            print(dry_run_text(made, settings), file=stdout)
            return 0
        deliver(settings, recipient, made.data)
    except NoEdition as exc:
        if week is None:  # a quiet week: the weekly run has nothing to send, and that is fine
            print(f"sitegen send: nothing to send for the last finished week: {exc}", file=stdout)
            return 0
        print(f"sitegen send: {exc}", file=stderr)
        return 1
    except MailError as exc:
        print(f"sitegen send: {exc}", file=stderr)
        return 1
    message_id = made.message["Message-ID"]
    print(
        f"sent {made.summary()} to {recipient} through {settings.server}, Message-ID {message_id}",
        file=stdout,
    )
    return 0


def dry_run_text(made: Made, settings: SmtpSettings) -> str:
    """What --dry-run shows: where it would go, the headers and the plain-text part."""
    headers = "".join(f"{name}: {value}\n" for name, value in made.message.items())
    html = len(made.letter.html.encode())
    return (
        f"would send {made.summary()} through {settings.server} as {settings.user!r}; "
        f"nothing was sent\n\n{headers}\n{made.letter.text}\n"
        f"[the HTML part, {html:,} bytes, follows the text in the message: "
        "`sitegen email` writes the whole message to a file]"
    )
