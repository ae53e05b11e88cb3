"""Import three scraped job ads written for these tests (tests/importer/fixtures/ads/).

They carry the damage real scraped ads arrive with: a whole ad read as Mac Roman (`‚Äô`, and
`üí∞` behind U+F8FF), another read as Windows-1252 (`â€™`, `ðŸ’°`), salary badges such as
`USD $137,000~$199,000` and a bare `349000.0` beside `$118,000$231,000 USD` in the body, page
buttons and tracking codes, and an "application guide" page with no salary and no apply link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitegen.importer.model import TODO_APPLY

from .helpers import FIXTURES, Posting, run

ADS = FIXTURES / "ads"
MAC_ROMAN = ("‚Äô", "‚Äì", "\uf8ffüí∞", "üåé")
CP1252 = ("â€™", "ðŸ’°", "ðŸŒŽ")
DAMAGE = ("ðŸ", "â€", "‚Äô", "‚Äì", "üí", "üå", "\uf8ff", "Ã")


def ad(name: str) -> Path:
    path = ADS / name
    assert path.is_file(), f"fixture {path} is missing"
    return path


def imported(name: str, tmp_path: Path) -> tuple[Posting, str]:
    result = run([str(ad(name))], tmp_path)
    return result.only(), result.report


EXPECTED: dict[str, dict[str, Any]] = {
    "macroman-badges.txt": {
        "title": "Staff Engineer, Sync Services",
        "company": {"name": "Quillfeather"},
        "salary": {"min": 137000, "max": 199000, "currency": "USD", "period": "year"},
        "location": {"arrangement": "remote", "regions": ["US"]},
        "apply": "https://jobs.example.org/apply/staff-engineer-sync-services-40417",
        "draft": True,
    },
    "cp1252-salary-in-body.txt": {
        "title": "Senior Engineer, Storage Control Plane",
        "company": {"name": "Basaltic"},
        # The badge says only "349000.0"; the body states the range with its currency.
        "salary": {"min": 118000, "max": 231000, "currency": "USD", "period": "year"},
        # The badge says "United States"; the body says "fully remote".
        "location": {"arrangement": "remote", "regions": ["US"]},
        "apply": "https://jobs.example.org/apply/senior-engineer-storage-control-plane-88213",
        "draft": True,
    },
    "application-guide.txt": {
        "title": "Data Platform Engineer, Insights",
        "company": {"name": "Quillfeather"},
        "salary": None,
        "apply": TODO_APPLY,
        "draft": True,
    },
}
BODY_CONTAINS = {
    "macroman-badges.txt": [
        "We’re funded by a foundation",
        "in our app – and we mean",
        "**What you'll do:**",
        "  * Design and run the services that merge edits",
    ],
    "cp1252-salary-in-body.txt": ["behind Basaltic’s storage", "### Requirements"],
    "application-guide.txt": [
        "🏢 About Quillfeather",
        "About This Role\n\nThe Insights team turns anonymous, opt-in usage counts",
        "💡 A Day in the Life",
        "🎯 Who Quillfeather Is Looking For",
        "- Has 4+ years building data pipelines in Python, Scala or SQL",
        "- Keeps pipelines observable, tested and cheap to run",
    ],
}
BODY_EXCLUDES = {
    "macroman-badges.txt": [
        "equal opportunity employer",
        "access@quillfeather.example",
        "#LI-REMOTE",
        "Req ID",
        "Group: B",
        "CLICK TO",
        "137,000",
    ],
    "cp1252-salary-in-body.txt": ["equal employment opportunities", "accommodation", "CLICK TO"],
    "application-guide.txt": [
        "Generate Cover Letter →",
        "Practice Interview Questions →",
        "Application Guide",
        # the coaching around the role, through the steps of its sections
        "Tips for Applying",
        "Mention a pipeline you made faster",
        "What to Emphasize in Your Cover Letter",
        "Your experience with batch and streaming pipelines",
        "Prepare for These Interview Topics",
        "How would you count daily active users",
        "Common Mistakes to Avoid",
        "Application Timeline",
        "Two rounds, by video",
        "Offer",
        "Ready to Apply?",
        "Good luck with your application",
    ],
}
REPORT_CONTAINS = {
    "macroman-badges.txt": [
        "found: repaired mis-decoded characters",
        "dropped: tracking code or page button: Req ID: Q5120",
        "found: salary: USD 137000-199000 per year",
    ],
    "cp1252-salary-in-body.txt": [
        "found: repaired mis-decoded characters",
        "dropped: accommodation notice",
        "found: location: remote; regions US",
        "warning: location: read as remote from the text 'fully remote'",
    ],
    "application-guide.txt": [
        "dropped: page label above the title: Application Guide",
        "missing: salary: none stated, salary block omitted",
        "missing: apply: not found, left as placeholder",
        "missing: location: remote; regions TODO",
        "dropped: application coaching from '📝 Tips for Applying to Quillfeather' on",
    ],
}


@pytest.mark.parametrize(
    ("name", "marks"),
    [("macroman-badges.txt", MAC_ROMAN), ("cp1252-salary-in-body.txt", CP1252)],
)
def test_the_fixtures_carry_the_damage_they_stand_for(name: str, marks: tuple[str, ...]) -> None:
    raw = ad(name).read_text(encoding="utf-8")
    for mark in marks:
        assert mark in raw, mark


@pytest.mark.parametrize("name", EXPECTED)
def test_ad_fields(name: str, tmp_path: Path) -> None:
    posting, _ = imported(name, tmp_path)
    for key, value in EXPECTED[name].items():
        assert posting.front_matter.get(key) == value, key


@pytest.mark.parametrize("name", EXPECTED)
def test_ad_text_is_repaired_and_cleaned(name: str, tmp_path: Path) -> None:
    posting, report = imported(name, tmp_path)
    for sequence in DAMAGE:
        assert sequence not in posting.text, sequence
    for text in BODY_CONTAINS[name]:
        assert text in posting.body, text
    for text in BODY_EXCLUDES[name]:
        assert text not in posting.body, text
    for line in REPORT_CONTAINS[name]:
        assert line in report, line
