"""Run the importer in-process and read back what it wrote."""

from __future__ import annotations

import datetime
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.importer.command import run_import

TODAY = datetime.date(2026, 11, 22)
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Imported:
    status: int
    report: str
    paths: list[Path]

    def only(self) -> Posting:
        assert self.status == 0, self.report
        assert len(self.paths) == 1, self.paths
        return read_posting(self.paths[0])


@dataclass(frozen=True)
class Posting:
    front_matter: dict[str, Any]
    body: str
    text: str


def run(
    sources: list[str],
    out_dir: Path,
    *,
    stdin: str = "",
    keep_boilerplate: bool = False,
) -> Imported:
    before = set(out_dir.glob("*.md")) if out_dir.exists() else set()
    stdout = io.StringIO()
    status = run_import(
        sources,
        out_dir,
        keep_boilerplate=keep_boilerplate,
        today=TODAY,
        stdin=io.StringIO(stdin),
        stdout=stdout,
    )
    after = set(out_dir.glob("*.md")) if out_dir.exists() else set()
    return Imported(status, stdout.getvalue(), sorted(after - before))


def read_posting(path: Path) -> Posting:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text[:80]
    header, _, body = text[4:].partition("\n---\n")
    data = yaml.safe_load(header)
    assert isinstance(data, dict)
    return Posting(front_matter=data, body=body, text=text)


def without_id(front_matter: dict[str, Any]) -> dict[str, Any]:
    """The front matter minus `id`, after checking the id is a fresh UUID4."""
    assert uuid.UUID(front_matter["id"]).version == 4
    return {k: v for k, v in front_matter.items() if k != "id"}
