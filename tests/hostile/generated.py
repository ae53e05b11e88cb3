"""A project with many varied postings, for tests that need builds of some length."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import posting_text
from tests.hostile.project import write_project

TAGS = ["python", "rust", "go", "c++", "c#", "backend", "frontend", "data", "ml", "devops"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Ünïcode GmbH", "Hooli", "Stark & Sons"]


def posting_files(count: int) -> dict[str, str]:
    files: dict[str, str] = {}
    start = dt.date(2026, 6, 1)
    for i in range(count):
        slug = f"job-{i:04d}"
        extra = f"closes: {start + dt.timedelta(days=i % 200 + 30)}\n" if i % 3 == 0 else ""
        text = posting_text(
            slug,
            id=f"{i:08x}-2222-4333-8444-555555555555",
            title=f'"Engineer {i} <b>&amp;</b> friends"',
            company=COMPANIES[i % len(COMPANIES)],
            date=(start + dt.timedelta(days=i % 170)).isoformat() + ("T09:30:00+02:00" * (i % 2)),
            extra=extra,
            body=f"# Role {i}\n\nWe use *{TAGS[i % 10]}*. [Apply](https://example.com/{i}).\n\n"
            + "- point\n" * (i % 7)
            + "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        ).replace("tags: [python, backend]", f"tags: [{TAGS[i % 10]}, {TAGS[(i * 7) % 10]}]")
        files[f"content/postings/{slug}.md"] = text
    files["content/pages/about.md"] = "---\ntitle: About\n---\nAbout us.\n"
    files["content/editions/2026-W30.md"] = "---\ntitle: Summer\n---\nA note.\n"
    return files


CONFIG = """\
title = "Generated Digest"
base_url = "https://example.github.io/digest/"
timezone = "America/New_York"
page_size = 20
"""


def generated_project(root: Path, count: int = 300, reverse: bool = False) -> Path:
    """The project, its files created in order or in reverse (to vary directory order)."""
    files = posting_files(count)
    ordered = dict(reversed(list(files.items()))) if reverse else files
    return write_project(root, ordered, CONFIG)
