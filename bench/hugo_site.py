"""Turn a generated sitegen project into the equivalent Hugo site, and find Hugo.

    python bench/hugo_site.py PROJECT DEST

DEST gets the skeleton of bench/hugo/ (hugo.toml and layouts/) and a content/ folder:
every posting under PROJECT/content/postings/ (sub-folders included) becomes
content/jobs/<slug>.md, published by Hugo at /jobs/<slug>/ as sitegen does, and
content/pages/<slug>.md becomes content/<slug>.md (kept out of listings). Postings are
hard-linked when the two folders share a file system (no copy of the data), else copied.
Hugo reads the same YAML front matter; nested fields such as company.name are in .Params.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

SKELETON = Path(__file__).resolve().parent / "hugo"


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def prepare(project: Path, dest: Path) -> int:
    """Build the Hugo twin of `project` in `dest`; return the number of postings linked."""
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
        _link_or_copy(src, target)
        count += 1
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


def build_command(hugo: str, site: Path) -> list[str]:
    """Clean-build command line; callers delete public/, resources/ and .hugo_cache/ first."""
    return [
        hugo,
        "--source", str(site),
        "--destination", str(site / "public"),
        "--cacheDir", str(site / ".hugo_cache"),
        "--quiet",
    ]  # fmt: skip


def clean(site: Path) -> None:
    for name in ("public", "resources", ".hugo_cache", ".hugo_build.lock"):
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the Hugo twin of a generated project.")
    parser.add_argument("project", type=Path, help="generated sitegen project folder")
    parser.add_argument("dest", type=Path, help="Hugo site folder to (re)create")
    args = parser.parse_args(argv)
    count = prepare(args.project, args.dest)
    print(f"linked {count} postings into {args.dest / 'content' / 'jobs'}")
    hugo = find_hugo(install=False)
    if hugo:
        print("build with: " + " ".join(build_command(hugo, args.dest)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
