"""Salary notations seen on job boards."""

from __future__ import annotations

import pytest

from sitegen.importer.model import TODO_CURRENCY, TODO_PERIOD
from sitegen.importer.salary import best_salary, parse_salary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$118,000$231,000 USD", (118000, 231000, "USD", "year")),
        ("USD $137,000~$199,000", (137000, 199000, "USD", "year")),
        ("💰 USD $137,000~$199,000", (137000, 199000, "USD", "year")),
        ("£50k–£60k", (50000, 60000, "GBP", "year")),
        ("$3-5k/monthly", (3000, 5000, "USD", "month")),
        ("€70.000 - €85.000", (70000, 85000, "EUR", "year")),
        ("Salary: 45 EUR per hour", (45, None, "EUR", "hour")),
        ("CA$90,000 - CA$110,000 a year", (90000, 110000, "CAD", "year")),
        ("60 000 € p.a.", (60000, None, "EUR", "year")),
        ("118 000 - 140 000 SEK", (118000, 140000, "SEK", "year")),
        ("£40,000 up to £45,000", (40000, 45000, "GBP", "year")),
        ("$55/hr", (55, None, "USD", "hour")),
        ("€600 - €750 per day", (600, 750, "EUR", "day")),
        ("Compensation: USD 140,000 - 165,000 per year", (140000, 165000, "USD", "year")),
        ("¥8,000,000 - ¥12,000,000", (8_000_000, 12_000_000, "JPY", "year")),
        ("$120K - $150K", (120000, 150000, "USD", "year")),
        ("120k-150k USD", (120000, 150000, "USD", "year")),
        ("€60-70k", (60000, 70000, "EUR", "year")),
        ("$150,000.00 - $180,000.00", (150000, 180000, "USD", "year")),
        ("£400-£500/day", (400, 500, "GBP", "day")),
        ("Pay: $25 – $30 per hour", (25, 30, "USD", "hour")),
        ("$120,000 to $140,000 annually", (120000, 140000, "USD", "year")),
        ("INR 12,00,000 - 18,00,000", (1_200_000, 1_800_000, "INR", "year")),
        ("CHF 120’000 – 140’000", (120000, 140000, "CHF", "year")),
        ("1.200.000 - 1.500.000 JPY", (1_200_000, 1_500_000, "JPY", "year")),
    ],
)
def test_notations(text: str, expected: tuple[float, float | None, str, str]) -> None:
    salary = parse_salary(text)
    assert salary is not None
    assert (salary.min, salary.max, salary.currency, salary.period) == expected


def test_a_bare_number_is_a_minimum_with_the_currency_marked() -> None:
    salary = parse_salary("349000.0", bare_ok=True)
    assert salary is not None
    assert (salary.min, salary.max, salary.currency, salary.period) == (
        349000,
        None,
        TODO_CURRENCY,
        "year",
    )
    assert "no currency given" in salary.assumptions


def test_a_bare_number_is_not_a_salary_outside_a_salary_badge() -> None:
    assert parse_salary("349000.0") is None
    assert parse_salary("2023") is None


def test_a_small_amount_without_a_period_leaves_the_period_to_fill_in() -> None:
    salary = parse_salary("$3-5k")
    assert salary is not None
    assert salary.period == TODO_PERIOD


@pytest.mark.parametrize(
    "text",
    [
        "$82 billion in 2023",
        "growing to approximately $137 billion in 2027",
        "Up to £45,000",  # no minimum
        "$100,000 - $80,000",  # max below min
        "10-20 people on the team",
        "USD 100,000 - EUR 120,000",  # two currencies
        "£1 £2 £3",
        "Salary: Competitive",
        "",
    ],
)
def test_prose_and_nonsense_are_not_salaries(text: str) -> None:
    assert parse_salary(text) is None


def test_dollar_sign_alone_is_read_as_usd_and_says_so() -> None:
    salary = parse_salary("$100k + equity")
    assert salary is not None
    assert salary.currency == "USD"
    assert "'$' read as US dollars" in salary.assumptions


def test_best_salary_prefers_a_known_currency_and_a_range() -> None:
    bare = parse_salary("349000.0", bare_ok=True)
    single = parse_salary("$150,000")
    ranged = parse_salary("$118,000$231,000 USD")
    assert bare and single and ranged
    assert best_salary([bare, single, ranged]) == ranged
    assert best_salary([bare, single]) == single
    assert best_salary([]) is None
