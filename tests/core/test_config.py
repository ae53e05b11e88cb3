"""Site configuration: validated like content, every problem located."""

from __future__ import annotations

import pytest

from sitegen.config import parse_config
from sitegen.errors import BuildError


def problems(text: str) -> list[str]:
    with pytest.raises(BuildError) as caught:
        parse_config(text, "sitegen.toml")
    return [str(e) for e in caught.value.errors]


def test_defaults_and_base_url_slash() -> None:
    config = parse_config('title = "T"\nbase_url = "https://example.github.io/digest"\n', "s")
    assert config.base_url == "https://example.github.io/digest/"
    assert config.base_path == "/digest/"
    assert (
        config.language,
        config.timezone,
        config.theme,
        config.page_size,
        config.feed_limit,
        config.repository,
    ) == ("en", "UTC", "default", 20, 50, None)


def test_every_problem_is_reported_with_its_line() -> None:
    text = (
        'title = ""\n'
        'base_url = "/digest/"\n'
        'timezone = "Mars/Olympus"\n'
        "page_size = 0\n"
        'thme = "compact"\n'
        'repository = "not a repo"\n'
    )
    assert problems(text) == [
        "sitegen.toml:1: title: must be non-empty text",
        "sitegen.toml:2: base_url: must be an absolute http(s) URL such as "
        "https://example.github.io/digest/",
        "sitegen.toml:3: timezone: unknown time zone 'Mars/Olympus': use an IANA name such as "
        "'UTC' or 'America/New_York'",
        "sitegen.toml:4: page_size: must be a whole number from 1 to 500",
        "sitegen.toml:5: thme: unknown field: did you mean 'theme'?",
        "sitegen.toml:6: repository: must be a GitHub repository as 'owner/name'",
    ]


def test_missing_required_and_syntax_error() -> None:
    assert problems('description = "x"\n') == [
        "sitegen.toml: base_url: missing: this field is required",
        "sitegen.toml: title: missing: this field is required",
    ]
    [message] = problems('title = "x\n')
    assert message.startswith("sitegen.toml:1: TOML syntax error")


def test_base_url_override_is_validated() -> None:
    config = parse_config('title = "T"\nbase_url = "https://a.example/"\n', "s")
    assert config.with_base_url("http://127.0.0.1:8000/x").base_url == "http://127.0.0.1:8000/x/"
    with pytest.raises(BuildError):
        config.with_base_url("ftp://nope/")
