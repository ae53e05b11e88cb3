"""`sitegen new`: a posting file with every field, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

from sitegen.content.names import slugify
from sitegen.errors import BuildError, SourceError

TEMPLATE = """\
---
id: {id}  # never change this: feed readers know the posting by it
title: {title}
company:
  name: {company}
  # website: https://example.com/
date: {date}
apply: "TODO: the application web address (https://...) or an email address"
location:
  arrangement: "TODO: remote, hybrid or on-site"
  # remote: where applicants may live, e.g. [US] or [EU] or [Worldwide]
  regions: [Worldwide]
  # hybrid or on-site: city and two-letter country code
  # city: Berlin
  # country: DE
employment_type: "TODO: full-time, part-time, contract, temporary or internship"
# salary:
#   min: 90000
#   max: 120000
#   currency: USD
#   period: year
tags: []
# closes: {closes}
draft: false
---
TODO: describe the role in your own words: what the team does, what the job is, what it asks for.
"""


def posting_text(title: str, company: str, day: dt.date, posting_id: str) -> str:
    """json.dumps quotes the free text so that any title is valid YAML."""
    return TEMPLATE.format(
        id=posting_id,
        title=json.dumps(title, ensure_ascii=False),
        company=json.dumps(company, ensure_ascii=False),
        date=day.isoformat(),
        closes=(day + dt.timedelta(days=30)).isoformat(),
    )


def new_posting(root: Path, title: str, company: str, day: dt.date) -> Path:
    base = slugify(f"{company} {title}")[:80].strip("-")
    if not base or not title.strip() or not company.strip():
        raise BuildError(
            [
                SourceError(
                    "sitegen new",
                    None,
                    None,
                    "give a job title and a company name with letters or digits",
                )
            ]
        )
    folder = root / "content" / "postings"
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / f"{base}.md", 1
    while os.path.lexists(path):  # a link, even to nothing, is never written through
        n += 1
        path = folder / f"{base}-{n}.md"
    text = posting_text(title.strip(), company.strip(), day, str(uuid.uuid4()))
    with path.open("x", encoding="utf-8") as handle:  # never overwrite a maintainer's file
        handle.write(text)
    return path
