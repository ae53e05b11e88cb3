"""The parts of a listing card made from a posting's facts: the company's monogram and the
location cut into phrases a line may break between."""

from __future__ import annotations

from sitegen.content.parse import parse_posting
from sitegen.render.views import MONOGRAM_COLOURS, location_phrases, location_text, monogram
from tests.conftest import posting_text


def test_a_monogram_is_the_initials_of_two_words_in_a_colour_of_the_name() -> None:
    assert monogram("Hybrid Example").initials == "HE"
    assert monogram("MongoDB").initials == "M"
    assert monogram("the Guardian Media Group").initials == "TG"
    assert monogram("Ärzte ohne Grenzen").initials == "ÄO"
    assert monogram("42 Labs").initials == "4L"
    assert monogram("???").initials == "?"
    assert monogram("(+)").initials == "("
    names = ("Mozilla", "MongoDB", "Hybrid Example", "GitLab", "Stripe", "Acme", "Zed")
    colours = {monogram(name).colour for name in names}
    assert colours <= set(range(MONOGRAM_COLOURS)) and len(colours) > 2
    assert monogram("Mozilla") == monogram("Mozilla")  # the same name, the same monogram
    assert monogram("Mozilla").colour == 0  # the hash is fixed: search.js draws the same


def location(extra: str) -> tuple[str, tuple[str, ...]]:
    text = posting_text().replace("  arrangement: remote\n  regions: [US]\n", extra)
    posting = parse_posting(text, "content/postings/example-job.md")
    return location_text(posting), location_phrases(posting)


def test_location_phrases_break_between_regions_and_never_inside_a_place() -> None:
    cases = {
        "  arrangement: remote\n  regions: [US]\n": ("Remote (United States)",),
        "  arrangement: remote\n  regions: [US, CA]\n  timezones: UTC-8 to UTC-5\n": (
            "Remote (United States,", "Canada),", "UTC\u22128 to UTC\u22125"),
        "  arrangement: hybrid\n  city: Berlin\n  country: DE\n": ("Hybrid:", "Berlin, Germany"),
        "  arrangement: on-site\n  city: Austin\n  region: Texas\n  country: US\n": (
            "On-site:", "Austin, Texas, United States"),
    }  # fmt: skip
    for extra, expected in cases.items():
        text, phrases = location(extra)
        assert phrases == expected
        assert " ".join(phrases) == text  # the same words as everywhere else
