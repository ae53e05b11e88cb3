"""Import the three real scraped postings kept in <repo root>/../shared/seeds.

They are read at test time, never copied into the repository. Without them these tests
fail (they are not skipped): clone the repository beside its `shared/` folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitegen.importer.model import TODO_APPLY

from .helpers import Posting, run

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DAMAGE = ("ðŸ", "â€", "‚Äô", "‚Äú", "üí", "Ã", "√")


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed folder {SEEDS} is missing: clone the repository beside shared/")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert len(matches) == 1, f"expected one {prefix}_*.txt in {SEEDS}, found {matches}"
    return matches[0]


def imported(prefix: str, tmp_path: Path) -> tuple[Posting, str]:
    result = run([str(seed(prefix))], tmp_path)
    return result.only(), result.report


EXPECTED: dict[str, dict[str, Any]] = {
    "000": {
        "title": "Senior Software Engineer, Services",
        "company": {"name": "Mozilla"},
        "salary": {"min": 137000, "max": 199000, "currency": "USD", "period": "year"},
        "location": {"arrangement": "remote", "regions": ["US"]},
        "apply": "https://www.remotewlb.com/apply/senior-software-engineer-services-131081",
        "draft": True,
    },
    "003": {
        "title": "Senior Software Engineer, Atlas Foundational Services",
        "company": {"name": "MongoDB"},
        # The badge says only "349000.0"; the body states the range with its currency.
        "salary": {"min": 118000, "max": 231000, "currency": "USD", "period": "year"},
        # The badge says "United States"; the body says "fully remote".
        "location": {"arrangement": "remote", "regions": ["US"]},
        "apply": "https://www.remotewlb.com/apply/"
        "senior-software-engineer-atlas-foundational-services-72002",
        "draft": True,
    },
    "001": {
        "title": "Backend Software Engineer, Ads",
        "company": {"name": "Mozilla"},
        "salary": None,
        "apply": TODO_APPLY,
        "draft": True,
    },
}
BODY_CONTAINS = {
    "000": ["we’re shaping the next 25 years", "**What you'll do:**"],
    "003": ["MongoDB’s fully managed multi-cloud database service"],
    "001": ["🏢 About Mozilla", "- Has 3+ years building backend systems in Go, Python, or Rust"],
}
BODY_EXCLUDES = {
    "000": [
        "equal opportunity employer",
        "hiringaccommodation",
        "#LI-REMOTE",
        "Req ID",
        "Group: D",
        "CLICK TO",
    ],
    "003": ["equal employment opportunities", "accommodation", "CLICK TO"],
    "001": ["Generate Cover Letter →", "Application Guide"],
}
REPORT_CONTAINS = {
    "000": [
        "dropped: tracking code or page button: Req ID: R2648",
        "found: salary: USD 137000-199000 per year",
    ],
    "003": [
        "dropped: accommodation notice",
        "found: location: remote; regions US",
        "warning: location: read as remote from the text 'fully remote'",
    ],
    "001": [
        "missing: salary: none stated, salary block omitted",
        "missing: apply: not found, left as placeholder",
        "missing: location: remote; regions TODO",
    ],
}


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_fields(prefix: str, tmp_path: Path) -> None:
    posting, _ = imported(prefix, tmp_path)
    for key, value in EXPECTED[prefix].items():
        assert posting.front_matter.get(key) == value, key


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_text_is_repaired_and_cleaned(prefix: str, tmp_path: Path) -> None:
    posting, report = imported(prefix, tmp_path)
    for sequence in DAMAGE:
        assert sequence not in posting.text
    for text in BODY_CONTAINS[prefix]:
        assert text in posting.body
    for text in BODY_EXCLUDES[prefix]:
        assert text not in posting.body
    for line in REPORT_CONTAINS[prefix]:
        assert line in report
