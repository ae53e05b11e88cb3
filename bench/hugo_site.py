"""Turn a generated sitegen project into the equivalent Hugo site, and find Hugo.

    python bench/hugo_site.py PROJECT DEST

DEST gets the skeleton of bench/hugo/ (hugo.toml, site.toml and layouts/) and a content/
folder: every posting under PROJECT/content/postings/ (sub-folders included) becomes
content/jobs/<slug>.md, published by Hugo at /jobs/<slug>/ as sitegen does, and
content/pages/<slug>.md becomes content/<slug>.md (kept out of listings). Hugo reads the same
YAML front matter (nested fields such as company.name are in .Params); each posting gets four
more fields, because a Hugo taxonomy is read from a top-level list: its company, its work
arrangement, its remote regions and its edition (the ISO week it was posted in), which only
the twin of sitegen's whole site (site.toml) lists pages by.

Two twins, one content folder (build_command's `whole`):
- hugo.toml: the pages the issue measured Hugo on. Posting pages, a home paginated by 20,
  tag pages paginated by 20, one RSS feed of the site.
- hugo.toml + site.toml: the pages and feeds sitegen's site has. Besides the above, company
  pages, work-arrangement and remote-region pages (paginated by 20), edition pages (a week's
  postings each), RSS, Atom and JSON feeds (50 entries, whole content) of the site, of each
  tag, of each company and of the editions, a sitemap and robots.txt. Not built: sitegen's
  search index (a few hundred small files), its submit page, and the page and empty feeds
  it gives a tag or company whose postings have all closed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

SKELETON = Path(__file__).resolve().parent / "hugo"


# Front matter of the twin's taxonomy pages. site.toml gives every term page feeds, as
# sitegen has them for tags and companies; here work arrangements, regions and editions
# are left with their pages only, and the editions' index gets the feeds of the editions.
# Without site.toml these folders are sections, which hugo.toml does not build.
PAGES_ONLY = "cascade:\n  outputs: [HTML]\n"
LISTS = {
    "arrangements": PAGES_ONLY,
    "regions": PAGES_ONLY,
    "editions": "outputs: [HTML, RSS, Atom, JSONFeed]\n" + PAGES_ONLY,
}


def twin_fields(front: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The fields the twin adds to a posting's front matter. Its edition (the ISO week of its
    date, as sitegen's site.week_of gives it for the bench's UTC site), and for an open
    posting the other lists sitegen puts it in besides its tags: its company, its work
    arrangement, its remote regions. A posting closed by today gets Hugo's
    ``_build: {list: never}`` instead: sitegen builds its page and its edition lists it,
    but no other listing or feed."""
    posted = front["date"]
    if isinstance(posted, dt.datetime):
        posted = posted.astimezone(dt.UTC) if posted.tzinfo else posted
    year, week, _ = posted.isocalendar()
    fields: dict[str, Any] = {"editions": [f"{year}-W{week:02d}"]}
    if is_closed(front, today):
        fields["_build"] = {"list": "never"}
        return fields
    location = front.get("location") or {}
    remote = location.get("arrangement") == "remote"
    # without a final dot: Hugo 0.111 gives "Acme Inc." a page at companies/acme-inc./ that
    # lists none of its postings
    fields["companies"] = [str(front["company"]["name"]).rstrip(".")]
    fields["arrangements"] = [str(location.get("arrangement", ""))]
    fields["regions"] = [str(r) for r in location.get("regions", [])] if remote else []
    return fields


def is_closed(front: dict[str, Any], today: dt.date) -> bool:
    closes = front.get("closes")
    if isinstance(closes, dt.datetime):
        closes = closes.date()
    return isinstance(closes, dt.date) and closes < today


def twin_posting(text: str, today: dt.date) -> str:
    """A posting's text with the twin's fields added to the top of its front matter (as
    JSON: flow collections that YAML reads as they are). A closed posting's tags become
    closed_tags: Hugo lists a page under its taxonomy terms even when it lists it nowhere
    else, and sitegen's tag pages and feeds leave closed postings out."""
    _, header, body = text.split("---\n", 2)
    front = yaml.load(header, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    added = "".join(f"{k}: {json.dumps(v)}\n" for k, v in twin_fields(front, today).items())
    if is_closed(front, today):
        header = ("\n" + header).replace("\ntags:", "\nclosed_tags:", 1)[1:]
    return f"---\n{added}{header}---\n{body}"


def prepare(project: Path, dest: Path, today: dt.date) -> int:
    """Build the Hugo twin of `project` in `dest`; return the number of postings written."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(SKELETON, dest)
    jobs = dest / "content" / "jobs"
    jobs.mkdir(parents=True)
    count = 0
    for src in sorted((project / "content" / "postings").rglob("*.md")):
        target = jobs / src.name
        if target.exists():
            raise ValueError(f"two postings share the slug {src.stem!r}: {src}")
        text = twin_posting(src.read_text(encoding="utf-8"), today)
        target.write_text(text, encoding="utf-8")
        count += 1
    for taxonomy, front in LISTS.items():
        (dest / "content" / taxonomy).mkdir()
        (dest / "content" / taxonomy / "_index.md").write_text(f"---\n{front}---\n")
    for src in sorted((project / "content" / "editions").glob("*.md")):
        # an editor's note: the text of its edition's page, which it makes even for a
        # week without postings, as in sitegen
        term = dest / "content" / "editions" / src.stem.lower()
        term.mkdir()
        (term / "_index.md").write_text(
            f"---\ntitle: {src.stem}\n" + src.read_text(encoding="utf-8").removeprefix("---\n"),
            encoding="utf-8",
        )
    for src in sorted((project / "content" / "pages").glob("*.md")):
        text = unlisted(src.read_text(encoding="utf-8"))
        (dest / "content" / src.name).write_text(text, encoding="utf-8")
    return count


def unlisted(page: str) -> str:
    """A site page's text with Hugo's `_build: {list: never}` added to its front matter.

    Site pages are rendered but kept out of site.RegularPages, so the home, the feed and
    the tag pages list exactly the postings, and filtering them is not needed per page
    (a `where` over all pages on each of the home's pages made Hugo quadratic).
    """
    if not page.startswith("---\n"):
        return "---\n_build:\n  list: never\n---\n" + page
    return "---\n_build:\n  list: never\n" + page.removeprefix("---\n")


def find_hugo(*, install: bool = True) -> str | None:
    """Path of the hugo binary; install Debian's `hugo` package first if root and missing."""
    found = shutil.which("hugo")
    if found or not install:
        return found
    if os.geteuid() != 0:
        print("hugo not found; install it with: sudo apt-get install -y hugo", file=sys.stderr)
        return None
    print("hugo not found; installing Debian's hugo package", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install_cmd = ["apt-get", "install", "-y", "-q", "hugo"]
    if subprocess.run(install_cmd, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
        subprocess.run(install_cmd, env=env, check=False)
    return shutil.which("hugo")


def hugo_version(hugo: str) -> str:
    result = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return result.stdout.strip().split(" BuildDate")[0]


def build_command(hugo: str, site: Path, *, whole: bool = False) -> list[str]:
    """Clean-build command line of the issue's pages, or with whole of sitegen's whole site;
    callers move public/, resources/ and .hugo_cache/ away first."""
    config = ["hugo.toml", "site.toml"] if whole else ["hugo.toml"]
    return [
        hugo,
        "--source", str(site),
        "--config", ",".join(str(site / name) for name in config),
        "--destination", str(site / "public"),
        "--cacheDir", str(site / ".hugo_cache"),
        "--quiet",
    ]  # fmt: skip


def built(site: Path) -> list[Path]:
    """What a Hugo build leaves in site: the folders and files to remove before a clean one."""
    names = ("public", "resources", ".hugo_cache", ".hugo_build.lock")
    return [site / name for name in names if (site / name).exists()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the Hugo twin of a generated project.")
    parser.add_argument("project", type=Path, help="generated sitegen project folder")
    parser.add_argument("dest", type=Path, help="Hugo site folder to (re)create")
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=dt.date(2026, 11, 20),
        help="the build day, before which a posting's closes date closes it",
    )
    args = parser.parse_args(argv)
    count = prepare(args.project, args.dest, args.date)
    print(f"wrote {count} postings into {args.dest / 'content' / 'jobs'}")
    hugo = find_hugo(install=False)
    if hugo:
        print("the issue's pages: " + " ".join(build_command(hugo, args.dest)))
        print("sitegen's site: " + " ".join(build_command(hugo, args.dest, whole=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
