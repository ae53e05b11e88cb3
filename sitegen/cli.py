"""The command line: parse arguments, call the library, turn errors into exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from sitegen import __version__
from sitegen.build import build, build_date, site_config
from sitegen.commands import reporting
from sitegen.commands.check import check_files
from sitegen.content.model import ARRANGEMENTS
from sitegen.errors import BuildError
from sitegen.progress import SILENT, Bars

ISSUES_URL = "the project's issue tracker"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD"
        ) from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sitegen", description="Build the job digest site.")
    top.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    root = argparse.ArgumentParser(add_help=False)
    root.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder with sitegen.toml, content/ and themes/ (default: .)",
    )

    b = sub.add_parser("build", parents=[root], help="build the site into output/")
    b.add_argument("--drafts", action="store_true", help="include postings marked draft")
    b.add_argument("--base-url", help="override base_url from sitegen.toml")
    b.add_argument(
        "--repository", help="override repository from sitegen.toml (GitHub 'owner/name')"
    )
    b.add_argument("--out", type=Path, help="output folder (default: <root>/output)")
    b.add_argument("--date", type=_date, help="build as if today were this date (YYYY-MM-DD)")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing unless it fails")

    s = sub.add_parser(
        "serve", parents=[root], help="preview the site locally, taking in every save"
    )
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--drafts", action="store_true", help="include postings marked draft")
    s.add_argument("--date", type=_date, help="show the site as if today were this date")

    c = sub.add_parser("check", parents=[root], help="validate content and config, write nothing")
    c.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="check only these content files (still against all, for duplicates)",
    )
    c.add_argument(
        "--format",
        choices=(*reporting.FORMATS, "summary"),
        default="human",
        help="how to print problems (github: workflow annotations; summary: Markdown listing "
        "the postings and problems, for a job summary)",
    )
    c.add_argument(
        "--base",
        metavar="REF",
        help="also compare with the postings at this git commit (a pull request's base "
        "branch): refuse a page renamed or deleted without an alias, and an id changed",
    )
    c.add_argument(
        "--date",
        type=_date,
        help="check as if today were this date (YYYY-MM-DD): for postings dated in the future "
        "and those about to expire",
    )

    ls = sub.add_parser(
        "list",
        parents=[root],
        help="list postings that expired, expire within a week, or are drafts",
        description="Print one line per posting: its file, what it is (closed, expired, "
        "expiring, draft), the date that decides it, and its title; tab-separated, sorted. "
        "Without a flag, all three lists.",
    )
    ls.add_argument(
        "--expired",
        action="store_true",
        help="published postings out of the listings: closed, or older than max_age_days",
    )
    ls.add_argument(
        "--expiring",
        action="store_true",
        help="listed postings that leave the listings within 7 days",
    )
    ls.add_argument("--drafts", action="store_true", help="postings marked draft")
    ls.add_argument("--date", type=_date, help="list as if today were this date (YYYY-MM-DD)")

    n = sub.add_parser("new", parents=[root], help="start a new posting file")
    n.add_argument("title", help="the job title, in quotes")
    n.add_argument("--company", required=True, help="the hiring company's name")
    n.add_argument(
        "--date", type=_date, help="date posted (default: today in the site's time zone)"
    )
    n.add_argument("--arrangement", choices=ARRANGEMENTS, help="where the work is done")
    n.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="REGION",
        help="remote: where applicants may live, a country code or a region such as EU or "
        "Worldwide (repeat for more)",
    )
    n.add_argument("--city", help="hybrid or on-site: the city of the office")
    n.add_argument("--country", help="hybrid or on-site: the two-letter country code, e.g. DE")

    lc = sub.add_parser(
        "linkcheck",
        help="check that every internal link of a built site resolves",
        add_help=False,  # its own parser answers --help
    )
    lc.add_argument("arguments", nargs=argparse.REMAINDER)

    week: dict[str, Any] = {
        "nargs": "?",
        "metavar": "WEEK",
        "help": "the edition's ISO week, such as 2026-W47 (default: the last finished week)",
    }
    e = sub.add_parser(
        "email", parents=[root], help="write a weekly edition as an email message (.eml)"
    )
    e.add_argument("week", **week)
    e.add_argument("--out", type=Path, help="the file to write (default: WEEK.eml)")
    e.add_argument("--from", dest="sender", metavar="ADDRESS", help="the From address")
    e.add_argument("--to", dest="recipient", metavar="ADDRESS", help="the To address")
    e.add_argument("--base-url", help="override base_url from sitegen.toml")
    e.add_argument("--date", type=_date, help="make it as if today were this date")

    m = sub.add_parser(
        "send",
        parents=[root],
        help="send a finished week's edition to one address over SMTP with TLS",
        description="Send a finished week's edition to one address over SMTP with TLS. "
        "The server and account come from the environment: SITEGEN_SMTP_HOST, "
        "SITEGEN_SMTP_USER, SITEGEN_SMTP_PASSWORD, SITEGEN_SMTP_FROM (the sender's address), "
        "and optionally SITEGEN_SMTP_PORT (default 465), SITEGEN_SMTP_SECURITY (tls or "
        "starttls; default starttls on port 587, else tls) and SITEGEN_SMTP_TIMEOUT "
        "(seconds, default 30).",
    )
    m.add_argument("week", **week)
    m.add_argument(
        "--to",
        dest="recipient",
        required=True,
        metavar="ADDRESS",
        help="the one recipient: a mailing list's or newsletter service's posting address",
    )
    m.add_argument(
        "--dry-run", action="store_true", help="print what would be sent, and send nothing"
    )
    m.add_argument("--base-url", help="override base_url from sitegen.toml")
    m.add_argument("--date", type=_date, help="send as if today were this date")

    i = sub.add_parser(
        "import",
        parents=[root],
        help="turn pasted job ads or another board's postings into draft postings",
    )
    i.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a text, Markdown or HTML file, or - for standard input",
    )
    i.add_argument("--out", type=Path, help="folder for the drafts (default: content/postings/)")
    i.add_argument(
        "--keep-boilerplate",
        action="store_true",
        help="keep benefits and equal-opportunity text in the description",
    )
    i.add_argument(
        "--date",
        type=_date,
        help="date posted for the drafts (default: today in the site's time zone)",
    )
    return top


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        return _run(args, out, err)
    except BuildError as exc:
        reporting.human(exc.errors, 0, out, err)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous output is untouched", file=err)
        return 130
    except OSError as exc:
        if exc.filename is None:
            print(internal_error(exc), file=err)
            return 2
        # the file system said no (a file where a folder should be, no permission, disk full)
        print(
            f"{exc.filename}: {exc.strerror or exc}: check that the path is right and that "
            "you may read and write there; nothing was changed",
            file=err,
        )
        return 1
    except Exception as exc:  # a bug in sitegen, not in the user's files
        print(internal_error(exc), file=err)
        return 2


def run() -> NoReturn:
    """The console script."""
    sys.exit(main())


def internal_error(exc: BaseException) -> str:
    """One paragraph naming the bug and where it happened; the traceback only on request."""
    if os.environ.get("SITEGEN_DEBUG"):
        return "".join(traceback.format_exception(exc))
    frames = traceback.extract_tb(exc.__traceback__)
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    ours = [f for f in frames if os.path.abspath(f.filename).startswith(package)] or frames
    where = f" (in {Path(ours[-1].filename).name}:{ours[-1].lineno})" if ours else ""
    return (
        f"sitegen {__version__} hit an internal error: {type(exc).__name__}: {exc}{where}.\n"
        "This is a bug in sitegen, not in your files. Please report it with this message at "
        f"{ISSUES_URL}; run again with SITEGEN_DEBUG=1 for the full traceback."
    )


def _today(root: Path) -> dt.date:
    """The build day (today in the site's time zone, or SOURCE_DATE_EPOCH's), so that a new
    posting is never dated after it; the machine's date outside a project."""
    try:
        return build_date(site_config(root))
    except BuildError:
        return dt.date.today()


def _schema_url(root: Path) -> str | None:
    """The address the site publishes the posting schema at, for the first line of the front
    matter of a posting made by `new` or `import`; None outside a project."""
    from sitegen.content.schema import PATH

    try:
        return site_config(root).base_url + PATH
    except BuildError:
        return None


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    root: Path = args.root
    if args.command == "build":
        bars = Bars(err) if not args.quiet and err.isatty() else None
        try:
            report = build(
                root,
                args.out or root / "output",
                drafts=args.drafts,
                base_url=args.base_url,
                repository=args.repository,
                today=args.date,
                progress=bars or SILENT,
            )
        finally:
            if bars is not None:
                bars.close()
        if not args.quiet:
            print(
                f"built {report.pages} pages ({report.files} files) into "
                f"{args.out or root / 'output'}: {report.open} open postings, {report.closed} "
                f"closed or expired, {report.drafts} drafts "
                f"{'included' if args.drafts else 'skipped'}; "
                f"{report.seconds:.2f} s",
                file=out,
            )
        return 0
    if args.command == "serve":
        from sitegen.commands.serve import serve

        return serve(root, args.host, args.port, args.drafts, err, args.date)
    if args.command == "check":
        return check_files(root, args.files, args.format, out, err, args.base, args.date)
    if args.command == "list":
        from sitegen.commands.lists import KINDS, list_postings

        kinds = [k for k in KINDS if getattr(args, k)] or list(KINDS)  # no flag: all of them
        return list_postings(root, kinds, args.date, out, err)
    if args.command == "new":
        from sitegen.commands.new import new_posting, place_from

        place = place_from(args.arrangement, args.region, args.city, args.country)
        day = args.date or _today(root)
        path = new_posting(root, args.title, args.company, day, place, _schema_url(root))
        print(f"wrote {path}: fill in the fields marked TODO, then run `sitegen check`", file=out)
        return 0
    if args.command == "linkcheck":
        from sitegen.commands.linkcheck import main as linkcheck

        return linkcheck(args.arguments, out)
    if args.command == "email":
        from sitegen.commands.email import write_email

        return write_email(
            root,
            args.week,
            args.out,
            base_url=args.base_url,
            today=args.date,
            sender=args.sender,
            recipient=args.recipient,
            stdout=out,
            stderr=err,
        )
    if args.command == "send":
        from sitegen.commands.email import send_email

        return send_email(
            root,
            args.week,
            args.recipient,
            dry_run=args.dry_run,
            base_url=args.base_url,
            today=args.date,
            stdout=out,
            stderr=err,
        )
    if args.command == "import":
        from sitegen.importer.command import run_import  # its tables load in 60 ms

        return run_import(
            args.sources,
            args.out or root / "content" / "postings",
            keep_boilerplate=args.keep_boilerplate,
            today=args.date or _today(root),
            stdin=sys.stdin,
            stdout=out,
            schema_url=_schema_url(root),
        )
    raise AssertionError(args.command)  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":  # pragma: no cover
    run()
