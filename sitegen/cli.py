"""The command line: parse arguments, call the library, turn errors into exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sitegen import __version__
from sitegen.build import build, check
from sitegen.errors import BuildError, SourceError
from sitegen.newposting import new_posting

ISSUES_URL = "the sitegen issue tracker"


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
    b.add_argument("--out", type=Path, help="output folder (default: <root>/output)")
    b.add_argument("--date", type=_date, help="build as if today were this date (YYYY-MM-DD)")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing unless it fails")

    c = sub.add_parser("check", parents=[root], help="validate content and config, write nothing")
    c.add_argument("files", nargs="*", type=Path, help="check only these files (still against all)")
    c.add_argument(
        "--format",
        choices=("human", "github", "json"),
        default="human",
        help="how to print problems (github: workflow annotations)",
    )

    n = sub.add_parser("new", parents=[root], help="start a new posting file")
    n.add_argument("title", help="the job title, in quotes")
    n.add_argument("--company", required=True, help="the hiring company's name")
    n.add_argument("--date", type=_date, help="date posted (default: today)")
    return top


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        return _run(args, out, err)
    except BuildError as exc:
        _report(exc.errors, getattr(args, "format", "human"), out, err)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous output is untouched", file=err)
        return 130
    except Exception:  # a bug in sitegen, not in the user's files
        print(traceback.format_exc(), file=err)
        print(
            f"sitegen {__version__} hit an internal error (a bug in sitegen, not in your files)."
            f"\nPlease report it with the text above at {ISSUES_URL}",
            file=err,
        )
        return 2


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    root: Path = args.root
    if args.command == "build":
        report = build(
            root,
            args.out or root / "output",
            drafts=args.drafts,
            base_url=args.base_url,
            today=args.date,
        )
        if not args.quiet:
            print(
                f"built {report.pages} pages ({report.files} files) into "
                f"{args.out or root / 'output'}: {report.open} open postings, {report.closed} "
                f"closed, {report.drafts} drafts {'included' if args.drafts else 'skipped'}; "
                f"{report.seconds:.2f} s",
                file=out,
            )
        return 0
    if args.command == "check":
        only = [_relative(f, root) for f in args.files] or None
        content = check(root, only)
        _report((), args.format, out, err, checked=len(only) if only else len(content.postings))
        return 0
    if args.command == "new":
        path = new_posting(root, args.title, args.company, args.date or dt.date.today())
        print(f"wrote {path}: fill in the fields marked TODO, then run `sitegen check`", file=out)
        return 0
    raise AssertionError(args.command)  # pragma: no cover - argparse refuses unknown commands


def _relative(path: Path, root: Path) -> str:
    absolute = path.absolute()
    try:
        return absolute.relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def _report(
    errors: Sequence[SourceError], fmt: str, out: TextIO, err: TextIO, checked: int = 0
) -> None:
    if fmt == "json":
        print(
            json.dumps(
                {
                    "ok": not errors,
                    "problems": [
                        {"file": e.path, "line": e.line, "field": e.field, "message": e.message}
                        for e in errors
                    ],
                },
                indent=2,
            ),
            file=out,
        )
        return
    if fmt == "github":
        for e in errors:
            props = f"file={_gh_prop(e.path)}" + (f",line={e.line}" if e.line else "")
            props += f",title={_gh_prop(e.field or 'sitegen check')}"
            print(f"::error {props}::{_gh_data(e.message)}", file=out)
        if not errors:
            print(f"sitegen check: no problems in {checked} postings", file=out)
        return
    for e in errors:
        print(str(e), file=err)
    if errors:
        files = len({e.path for e in errors})
        print(
            f"{len(errors)} problem{'s' * (len(errors) != 1)} in {files} "
            f"file{'s' * (files != 1)}; nothing was written",
            file=err,
        )
    else:
        print(f"no problems found ({checked} postings checked)", file=out)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
