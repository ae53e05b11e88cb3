"""Import the three real scraped postings kept in <repo root>/../shared/seeds.

They are read at test time, never copied into the repository. Without them these tests
fail (they are not skipped): clone the repository beside its `shared/` folder.
"""

# ruff: noqa: RUF001  (the assertions name damaged sequences)

from __future__ import annotations

from pathlib import Path

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


def assert_undamaged(posting: Posting) -> None:
    for sequence in DAMAGE:
        assert sequence not in posting.text


def test_seed_000_mozilla_services(tmp_path: Path) -> None:
    posting, report = imported("000", tmp_path)
    fm = posting.front_matter
    assert fm["title"] == "Senior Software Engineer, Services"
    assert fm["company"] == {"name": "Mozilla"}
    assert fm["salary"] == {"min": 137000, "max": 199000, "currency": "USD", "period": "year"}
    assert fm["location"] == {"arrangement": "remote", "regions": ["US"]}
    assert fm["apply"] == "https://www.remotewlb.com/apply/senior-software-engineer-services-131081"
    assert fm["draft"] is True
    assert_undamaged(posting)
    assert "we’re shaping the next 25 years" in posting.body
    assert "**What you'll do:**" in posting.body
    for dropped in ("equal opportunity employer", "hiringaccommodation", "#LI-REMOTE",
                    "Req ID", "Group: D", "CLICK TO"):
        assert dropped not in posting.body
    assert "dropped: tracking code: Req ID: R2648" in report


def test_seed_003_mongodb_atlas(tmp_path: Path) -> None:
    posting, report = imported("003", tmp_path)
    fm = posting.front_matter
    assert fm["title"] == "Senior Software Engineer, Atlas Foundational Services"
    assert fm["company"] == {"name": "MongoDB"}
    # The badge says only "349000.0"; the body states the range with its currency.
    assert fm["salary"] == {"min": 118000, "max": 231000, "currency": "USD", "period": "year"}
    # The badge says "United States"; the body says "fully remote".
    assert fm["location"] == {"arrangement": "remote", "regions": ["US"]}
    assert fm["apply"] == (
        "https://www.remotewlb.com/apply/senior-software-engineer-atlas-foundational-services-72002"
    )
    assert_undamaged(posting)
    assert "MongoDB’s fully managed multi-cloud database service" in posting.body
    assert "equal employment opportunities" not in posting.body
    assert "dropped: accommodation notice" in report


def test_seed_001_mozilla_ads_guide(tmp_path: Path) -> None:
    posting, report = imported("001", tmp_path)
    fm = posting.front_matter
    assert fm["title"] == "Backend Software Engineer, Ads"
    assert fm["company"] == {"name": "Mozilla"}
    assert "salary" not in fm
    assert fm["apply"] == TODO_APPLY
    assert_undamaged(posting)
    assert "🏢 About Mozilla" in posting.body
    assert "- Has 3+ years building backend systems in Go, Python, or Rust" in posting.body
    assert "Generate Cover Letter →" not in posting.body
    assert "missing: salary: none stated, salary block omitted" in report
    assert "missing: apply: not found, left as placeholder" in report
