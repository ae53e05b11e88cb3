"""Locations and work arrangements."""

from __future__ import annotations

import pytest

from sitegen.importer.location import complete_location, parse_location, refine_with_body
from sitegen.importer.model import TODO_ARRANGEMENT, TODO_CITY, TODO_COUNTRY, TODO_REGIONS, Location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Remote US", Location("remote", ("US",))),
        ("🌎 Remote US", Location("remote", ("US",))),
        ("Remote (EU)", Location("remote", ("EU",))),
        ("Remote - US or Canada", Location("remote", ("US", "CA"))),
        ("Remote, Europe", Location("remote", ("Europe",))),
        ("Worldwide", Location("remote", ("Worldwide",))),
        ("Remote", Location("remote", (TODO_REGIONS,))),
        ("United States", Location(TODO_ARRANGEMENT, country="US")),
        ("Berlin, Germany", Location(TODO_ARRANGEMENT, city="Berlin", country="DE")),
        ("Hybrid - London, UK", Location("hybrid", city="London", country="GB")),
        ("On-site: Paris, France", Location("on-site", city="Paris", country="FR")),
        ("New York, NY", Location(TODO_ARRANGEMENT, city="New York", region="NY", country="US")),
        ("Zürich, Switzerland", Location(TODO_ARRANGEMENT, city="Zürich", country="CH")),
        ("Hybrid", Location("hybrid")),
        # the place ends at its country: what follows is about the arrangement, not a region
        (
            "Munich, Germany — hybrid, 3 days a week",
            Location("hybrid", city="Munich", country="DE"),
        ),
        ("Cambridge, MA", Location(TODO_ARRANGEMENT, city="Cambridge", region="MA", country="US")),
        ("Berlin, DE", Location(TODO_ARRANGEMENT, city="Berlin", country="DE")),
        # a state or province named in full gives its country
        (
            "Tysons Corner, Virginia",
            Location(TODO_ARRANGEMENT, city="Tysons Corner", region="Virginia", country="US"),
        ),
        (
            "Waterloo, Ontario, Canada",
            Location(TODO_ARRANGEMENT, city="Waterloo", region="Ontario", country="CA"),
        ),
        ("Lagos", Location(TODO_ARRANGEMENT, region="Lagos", country="NG")),
        # a street address before the city goes
        (
            "12 Harbour Row, New York City, New York, USA",
            Location(TODO_ARRANGEMENT, city="New York City", region="New York", country="US"),
        ),
    ],
)
def test_parse_location(text: str, expected: Location) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize("text", ["Full Time", "Springfield", "349000.0", "3 days a week", ""])
def test_unrecognised_text_is_no_location(text: str) -> None:
    assert parse_location(text) is None


def test_a_trusted_location_field_keeps_an_unknown_city() -> None:
    assert parse_location("Springfield", trusted=True) == Location(
        TODO_ARRANGEMENT, city="Springfield", country=TODO_COUNTRY
    )
    assert parse_location("NYC", trusted=True) == Location(
        TODO_ARRANGEMENT, city="New York", country="US"
    )


def test_fully_remote_in_the_body_settles_a_country_badge() -> None:
    location = refine_with_body(
        parse_location("United States"), "This role will be based in the US, fully remote."
    )
    assert location == (Location("remote", ("US",)), "fully remote")


def test_the_body_does_not_override_a_stated_city() -> None:
    hybrid = parse_location("Hybrid - London, UK")
    assert refine_with_body(hybrid, "Our team is fully remote friendly") == (hybrid, None)


def test_complete_location_adds_placeholders_for_required_parts() -> None:
    assert complete_location(None) == Location(TODO_ARRANGEMENT)
    assert complete_location(Location("on-site")) == Location(
        "on-site", city=TODO_CITY, country=TODO_COUNTRY
    )
    assert complete_location(Location("remote")) == Location("remote", (TODO_REGIONS,))
