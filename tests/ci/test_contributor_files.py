"""The contributor path: CONTRIBUTING.md, the pull request template and the issue form agree with
the posting format and the code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sitegen.content.model import ARRANGEMENTS, EMPLOYMENT_TYPES
from sitegen.content.parse import parse_posting
from tests.conftest import REPO

GITHUB = REPO / ".github"
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def front_matter_example(markdown: str) -> str:
    """The first ```yaml block of a document, which holds an example posting."""
    match = re.search(r"```yaml\n(---\n.*?\n---\n.*?)```", markdown, re.DOTALL)
    assert match, "no example posting"
    return match.group(1)


def test_the_contributing_example_is_a_valid_posting() -> None:
    text = front_matter_example((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    posting = parse_posting(text, "content/postings/example.md")
    assert posting.title == "Senior Software Engineer, Services"


def test_contributing_explains_every_field_of_the_format() -> None:
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    reference = front_matter_example((REPO / "docs" / "posting-format.md").read_text("utf-8"))
    fields = re.findall(r"^\s*([a-z_]+):", reference.split("---")[1], re.MULTILINE)
    assert len(fields) > 15
    for name in fields:
        assert re.search(rf"`(\w+\.)?{name}(\.\w+)?`", contributing), name
    for command in ("sitegen new", "sitegen check", "sitegen build", "sitegen linkcheck"):
        assert command in contributing


def test_issue_form_is_well_formed_and_matches_the_format() -> None:
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "suggest-a-posting.yml")
    assert {"name", "description", "body"} <= set(form)
    body = form["body"]
    assert {item["type"] for item in body} <= FORM_TYPES
    ids = [item["id"] for item in body if "id" in item]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)
    for item in body:
        assert item["attributes"].get("label") or item["type"] == "markdown"
    by_id = {item["id"]: item for item in body if "id" in item}
    assert by_id["arrangement"]["attributes"]["options"] == list(ARRANGEMENTS)
    assert by_id["employment-type"]["attributes"]["options"] == list(EMPLOYMENT_TYPES)
    required = {i for i, item in by_id.items() if item.get("validations", {}).get("required")}
    assert required == {
        "title",
        "company",
        "apply",
        "arrangement",
        "location",
        "employment-type",
        "description",
    }


def test_nothing_in_github_files_names_one_digest() -> None:
    """A fork's issue forms, workflows and templates must not send people to this digest: the
    address and repository come from the fork's own Pages settings and run."""
    config = tomllib.loads((REPO / "sitegen.toml").read_text("utf-8"))
    host = urlsplit(config["base_url"]).netloc
    owner = config["repository"].split("/")[0]
    issue_config = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert issue_config == {"blank_issues_enabled": True}
    files = [path for path in GITHUB.rglob("*") if path.is_file()]
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert host not in text, path
        assert config["repository"] not in text and f"{owner}/" not in text, path


def test_pull_request_template_is_a_checklist() -> None:
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", template, re.MULTILINE)
    assert len(items) >= 8
    assert any("sitegen check" in item for item in items)
    assert any("`id`" in item for item in items)
