"""The optional `subscribe_url` of sitegen.toml: validated like the other keys, and offered
as "Get the digest by email" in every page's footer and on the editions page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.config import parse_config
from sitegen.errors import BuildError
from tests.conftest import CONFIG, MakeProject, posting_text

TODAY = dt.date(2026, 11, 22)


def test_subscribe_url_is_validated() -> None:
    base = 'title = "T"\nbase_url = "https://example.com/"\n'
    for fine in ("https://lists.example.com/join?list=jobs", "mailto:jobs-join@example.com"):
        assert parse_config(base + f'subscribe_url = "{fine}"\n', "s").subscribe_url == fine
    assert parse_config(base, "s").subscribe_url is None
    for bad in ("javascript:alert(1)", "/subscribe/", "https://", "mailto:nobody"):
        with pytest.raises(BuildError) as caught:
            parse_config(base + f'subscribe_url = "{bad}"\n', "sitegen.toml")
        assert [str(e) for e in caught.value.errors] == [
            "sitegen.toml:3: subscribe_url: must be the absolute http(s) address of the sign-up "
            "page, such as https://example.com/subscribe, or a mailto: address"
        ]


def test_the_site_offers_the_digest_by_email(make_project: MakeProject, tmp_path: Path) -> None:
    link = '<a href="https://lists.example.com/subscribe">Get the digest by email</a>'
    files = {"content/postings/job.md": posting_text("job")}
    subscribe = 'subscribe_url = "https://lists.example.com/subscribe"\n'
    with_url = make_project(files, config=CONFIG + subscribe)
    build(with_url, tmp_path / "with", today=TODAY)
    for page in ("index.html", "editions/index.html", "jobs/job/index.html", "404.html"):
        assert link in (tmp_path / "with" / page).read_text("utf-8"), page
    editions = (tmp_path / "with" / "editions" / "index.html").read_text("utf-8")
    assert editions.count(link) == 2  # under the feeds, and in the footer
    plain = with_url.parent / "plain"
    with_url.rename(plain)
    (plain / "sitegen.toml").write_text(CONFIG)
    build(plain, tmp_path / "without", today=TODAY)
    assert not [
        p for p in (tmp_path / "without").rglob("*.html") if "Get the digest" in p.read_text()
    ]
