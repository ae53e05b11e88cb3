"""Each fixture under fixtures/imports/ is imported and compared with the expected draft
written beside it (`<name>.expected.yaml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.importer.repair import damaged_markers

from .helpers import FIXTURES, run, without_id

SOURCES = sorted(p for p in (FIXTURES / "imports").iterdir() if not p.name.endswith(".yaml"))


def expected_for(source: Path) -> dict[str, Any]:
    data = yaml.safe_load(source.with_name(source.name + ".expected.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_fixture_has_an_expectation() -> None:
    assert len(SOURCES) == 9
    for source in SOURCES:
        assert source.with_name(source.name + ".expected.yaml").is_file(), source


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_fixture_imports_to_expected_draft(source: Path, tmp_path: Path) -> None:
    expected = expected_for(source)
    result = run([str(source)], tmp_path)
    posting = result.only()

    assert without_id(posting.front_matter) == expected["front_matter"]
    for text in expected["body_contains"]:
        assert text in posting.body
    for text in expected["body_excludes"]:
        assert text not in posting.body
    for line in expected["report_contains"]:
        assert line in result.report
    assert damaged_markers(posting.text) == []
    assert f"{source} -> {result.paths[0]} (draft)" in result.report
