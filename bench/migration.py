"""How well `sitegen import` migrates another board's history: pythonjobs/jobs.

    python bench/migration.py PATH-TO-A-CLONE-OF-pythonjobs/jobs [--every-version]

Migrates the last version of every `jobs/*` path in the repository's history (with
`--every-version`, every distinct version of each) and prints, per fact, how many came
through right. "Right" is checked against the source's own front matter:

- title, company: the draft's value is the source's text (spaces collapsed);
- contract type: the draft's employment_type is what the source's `contract` names, by the
  hand-written table EXPECTED_CONTRACT below (a value naming several kinds, or none, is
  right as a TODO);
- created date: the draft's date is the calendar date of `created`;
- apply target: `contact.email` when it is an email address, else `url` when it is a web
  address, else a TODO;
- location: the source's `location` text is kept: every name the draft holds (city,
  region) is in it, the country is named in it (by name, code or a state of it), a
  remote posting says remote, and nothing of it was lost (a place names a city or a
  country; a placeholder only where the source does not say);
- body: the draft renders to as many paragraphs, list items and headings as the source
  body (migrated with --keep-boilerplate, so only conversion is measured); "kept or
  finer" also counts a body whose "•" lines became a list (same headings, no fewer
  paragraphs and list items).

A version whose front matter cannot be read at all counts as wrong for every fact.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.importer.migrate import has_front_matter, migrate, split_front_matter
from sitegen.importer.model import Draft, SourceProblem, is_placeholder
from sitegen.importer.timestamps import to_date
from sitegen.render.markdown import parse

TODAY = datetime.date(2026, 12, 4)
FACTS = (
    "title", "company", "location", "contract type", "created date", "apply target", "body",
    "body, kept or finer",
)  # fmt: skip
EXPECTED_CONTRACT = {
    **dict.fromkeys(
        ("permanent", "perm", "full time", "full-time", "permanent (on site)",
         "full time / permanent", "full-time in house", "permanent, part-time possible",
         "permanent (will consider contract)", "full-time / 6-month"),
        "full-time",
    ),
    **dict.fromkeys(
        ("contract", "contractor", "freelance", "contract to hire", "contractor (outside ir35)",
         "contract, 1-2 months (extendable)", "contract, 6 months (extendable)",
         "6-month contract initially"),
        "contract",
    ),
    **dict.fromkeys(("part-time", "permanent part-time", "permanent / part-time"), "part-time"),
    **dict.fromkeys(("temporary", "temp", "temporary (3+ years)"), "temporary"),
}  # fmt: skip
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_REMOTE = re.compile(r"remote|anywhere|everywhere|telecommute|online", re.I)


def versions(repo: Path, every: bool) -> list[tuple[str, str]]:
    """(path, blob) of every jobs/* file version, newest first; the last one per path only
    unless `every`."""
    command = ["git", "-C", str(repo), "log", "--all", "--format=", "--raw", "--no-abbrev"]
    log = subprocess.run(
        [*command, "--", "jobs/*"], capture_output=True, text=True, check=True
    ).stdout
    seen_paths: set[str] = set()
    seen_blobs: set[str] = set()
    out: list[tuple[str, str]] = []
    for line in log.splitlines():
        if not line.startswith(":"):
            continue
        meta, path = line.split("\t", 1)
        blob = meta.split()[3]
        path = path.split("\t")[-1]
        if set(blob) == {"0"} or (blob in seen_blobs if every else path in seen_paths):
            continue
        seen_paths.add(path)
        seen_blobs.add(blob)
        out.append((path, blob))
    return out


def blob_text(repo: Path, blob: str) -> str:
    data = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "blob", blob], capture_output=True, check=True
    ).stdout
    return data.decode("utf-8", errors="replace")


def text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def structure(markdown: str) -> tuple[int, int, int]:
    tokens = [t.type for t in parse(markdown)]
    return tuple(tokens.count(k) for k in ("paragraph_open", "list_item_open", "heading_open"))  # type: ignore[return-value]


def finer(draft: tuple[int, int, int], source: tuple[int, int, int]) -> bool:
    """The same headings, and no fewer paragraphs and list items: "• " lines that the
    source rendered as one paragraph may have become a list."""
    return draft[2] == source[2] and draft[0] + draft[1] >= source[0] + source[1]


def country_named(code: str, source: str) -> bool:
    lower = source.lower()
    country = pycountry.countries.get(alpha_2=code)
    names = {code.lower(), *(n.lower() for n in _names(country))}
    names |= {"uk", "england", "scotland", "wales", "britain"} if code == "GB" else set()
    names |= {"usa", "us", "nyc", "america"} if code == "US" else set()
    if any(re.search(rf"\b{re.escape(n)}\b", lower) for n in names if n):
        return True
    subdivisions = [s for s in pycountry.subdivisions if s.country_code == code]
    for sub in subdivisions:
        short = sub.code.split("-")[1]
        if re.search(rf"\b{re.escape(sub.name.lower())}\b", lower) or re.search(
            rf"\b{short}\b", source
        ):
            return True
    return False


def _names(country: Any) -> list[str]:
    if country is None:
        return []
    return [getattr(country, a, "") for a in ("name", "common_name", "official_name", "alpha_3")]


def location_right(source: Any, draft: Draft) -> bool:
    place = draft.location
    if not isinstance(source, str) or not source.strip():
        return place.arrangement.startswith("TODO") and not (place.city or place.country)
    said_remote = bool(_REMOTE.search(source))
    if said_remote != (place.arrangement == "remote"):
        return False
    for name in (place.city, place.region):
        if not name or is_placeholder(name) or name.lower() in source.lower():
            continue
        if not (name == "New York" and re.search(r"\bNYC\b", source)):
            return False
    if place.regions == ("Worldwide",):
        return bool(re.search(r"anywhere|everywhere|worldwide|global", source, re.I))
    codes = [c for c in (place.country, *place.regions) if c and not is_placeholder(c)]
    if not all(country_named(code, source) for code in codes):
        return False
    if said_remote:
        return True
    return bool(
        (place.city and not is_placeholder(place.city))
        or (place.country and not is_placeholder(place.country))
    )


def expected_apply(data: dict[str, Any]) -> str | None:
    """An explicit `apply`, else the contact email (`contact.email` or `email`), else `url`."""
    explicit = data.get("apply")
    if isinstance(explicit, str) and explicit.strip():
        return explicit.strip().removeprefix("mailto:")
    contact = data.get("contact")
    email = contact.get("email") if isinstance(contact, dict) else data.get("email")
    if isinstance(email, str) and _EMAIL.match(email.strip().removeprefix("mailto:")):
        return email.strip().removeprefix("mailto:")
    url = data.get("url")
    if isinstance(url, str) and re.match(r"^https?://[^\s<>]+\.[^\s<>]+$", url.strip()):
        return url.strip()
    return None


def contract_right(contract: str, employment_type: str) -> bool:
    expected = EXPECTED_CONTRACT.get(contract)
    return employment_type == expected if expected else is_placeholder(employment_type)


def judge(source: str) -> dict[str, bool]:
    """Per fact, whether the migrated draft got it right."""
    wrong = dict.fromkeys(FACTS, False)
    if not has_front_matter(source):
        return wrong
    try:
        data, body, _ = split_front_matter(source)
        draft = migrate(source, name="job.html", today=TODAY, keep_boilerplate=False)
        kept = migrate(source, name="job.html", today=TODAY, keep_boilerplate=True)
    except SourceProblem:
        return wrong
    lowered = {k.lower(): v for k, v in data.items()}
    contract = text(lowered.get("contract")).lower()
    created = to_date(lowered.get("created"))
    checks: dict[str, Callable[[], bool]] = {
        "title": lambda: draft.title == text(lowered.get("title")),
        "company": lambda: draft.company == text(lowered.get("company")),
        "location": lambda: location_right(lowered.get("location"), draft),
        "contract type": lambda: contract_right(contract, draft.employment_type),
        "created date": lambda: created is not None and draft.date == created,
        "apply target": lambda: (
            (expected_apply(lowered) or "TODO")
            == ("TODO" if is_placeholder(draft.apply) else draft.apply)
        ),
        "body": lambda: structure(kept.body) == structure(body.strip()),
        "body, kept or finer": lambda: finer(structure(kept.body), structure(body.strip())),
    }
    return {fact: check() for fact, check in checks.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("repo", type=Path, help="a clone (bare or not) of pythonjobs/jobs")
    parser.add_argument("--every-version", action="store_true")
    args = parser.parse_args(argv)
    found = versions(args.repo, args.every_version)
    right: Counter[str] = Counter()
    unreadable = 0
    for _path, blob in found:
        source = blob_text(args.repo, blob)
        verdict = judge(source)
        unreadable += not any(verdict.values())
        right.update(fact for fact, ok in verdict.items() if ok)
    what = "file versions" if args.every_version else "paths (last version of each)"
    print(f"{len(found)} {what}; {unreadable} wrong on every fact (front matter unreadable)")
    readable = len(found) - unreadable
    print(f"{'fact':>20}  right of all          right of the {readable} readable")
    for fact in FACTS:
        share = 100 * right[fact] / len(found) if found else 0.0
        of_readable = 100 * right[fact] / readable if readable else 0.0
        print(
            f"{fact:>20}: {right[fact]:4d} / {len(found)} ({share:3.0f}%)"
            f"    {right[fact]:4d} / {readable} ({of_readable:3.0f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
