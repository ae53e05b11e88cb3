"""Read a salary from the short notations job boards use.

`parse_salary` accepts a string that is *only* a salary, possibly with a label and a
period ("USD $137,000~$199,000", "$118,000$231,000 USD", "£50k–£60k", "$3-5k/monthly",
"€70.000 - €85.000", "Salary: 45 EUR per hour", a bare "349000.0" when `bare_ok`). Any
other word makes it return None, so prose such as "$82 billion in 2023" is never read
as pay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pycountry

from .model import TODO_CURRENCY, TODO_PERIOD, Salary

_TOKEN = re.compile(
    r"""
     (?P<symbol>US\$|CA\$|C\$|AU\$|A\$|NZ\$|HK\$|S\$|R\$|[$£€¥₹₩₽])
    |(?P<number>\d(?:[\d,.'’\u00a0\u202f]*\d)?)(?P<mult>[kKmM](?![A-Za-z]))?
    |(?P<sep>[-–—~]|\bto\b)
    |(?P<word>[A-Za-z][A-Za-z']*)
    |(?P<skip>\s|[^\w\s])
    """,
    re.VERBOSE,
)

_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "CA$": "CAD",
    "C$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
}
_CURRENCY_WORDS = {"dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP"}
_PERIOD_WORDS = {
    **dict.fromkeys(("hour", "hours", "hourly", "hr", "hrs", "ph"), "hour"),
    **dict.fromkeys(("day", "days", "daily"), "day"),
    **dict.fromkeys(("week", "weeks", "weekly", "wk"), "week"),
    **dict.fromkeys(("month", "months", "monthly", "mo", "mth", "pcm"), "month"),
    **dict.fromkeys(("year", "years", "yearly", "annual", "annually", "annum", "yr", "pa"), "year"),
}
_LABELS = frozenset(["salary", "salaries", "pay", "compensation", "comp", "wage", "wages", "rate"])
_FILLER = _LABELS | frozenset(
    [
        "range",
        "base",
        "gross",
        "total",
        "ote",
        "estimated",
        "expected",
        "starting",
        "from",
        "up",
        "upto",
        "between",
        "and",
        "or",
        "plus",
        "equity",
        "bonus",
        "benefits",
        "doe",
        "negotiable",
        "approx",
        "approximately",
        "ca",
        "about",
        "around",
        "the",
        "is",
        "of",
        "a",
        "an",
        "per",
        "in",
        "depending",
        "on",
        "experience",
        "target",
    ]
)
_THOUSANDS_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")
_MULTIPLIERS = {"k": 1_000.0, "m": 1_000_000.0}
_BARE_MINIMUM = 1_000.0
_YEARLY_MINIMUM = 10_000.0


def parse_salary(text: str, *, bare_ok: bool = False) -> Salary | None:
    """The salary `text` states, or None when it is not purely a salary."""
    amounts: list[tuple[float, float]] = []
    symbols: list[str] = []
    codes: list[str] = []
    periods: list[str] = []
    labelled = False
    only_maximum = False
    text = _THOUSANDS_SPACE.sub("", text.replace("p.a.", "pa").replace("P.A.", "pa"))
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "mult":
            kind = "number"
        if kind == "symbol":
            symbols.append(match.group("symbol"))
        elif kind == "number":
            value = _number(match.group("number"))
            if value is None:
                return None
            amounts.append((value, _MULTIPLIERS.get((match.group("mult") or "").lower(), 1.0)))
        elif kind == "word":
            word = match.group("word")
            if not _read_word(word, codes, periods):
                return None
            labelled = labelled or word.lower() in _LABELS
            only_maximum = only_maximum or word.lower() == "up"
    if only_maximum and len(amounts) == 1:
        return None  # "up to £45,000" gives no minimum
    return _build(amounts, symbols, codes, periods, labelled=labelled, bare_ok=bare_ok)


def _read_word(word: str, codes: list[str], periods: list[str]) -> bool:
    lower = word.lower()
    if lower in _PERIOD_WORDS:
        periods.append(_PERIOD_WORDS[lower])
    elif lower in _CURRENCY_WORDS:
        codes.append(_CURRENCY_WORDS[lower])
    elif len(word) == 3 and word.isalpha() and _is_currency(word.upper()):
        codes.append(word.upper())
    else:
        return lower in _FILLER
    return True


def _is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def _number(raw: str) -> float | None:
    text = re.sub(r"[\u00a0\u202f'’]", "", raw)  # Swiss 120’000, narrow spaces
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}", text):  # Indian 12,00,000
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:[.,]\d{1,2})?", text):
        return float(text.replace(",", "."))
    return None


def _build(
    amounts: list[tuple[float, float]],
    symbols: list[str],
    codes: list[str],
    periods: list[str],
    *,
    labelled: bool,
    bare_ok: bool,
) -> Salary | None:
    if not 1 <= len(amounts) <= 2 or len(set(periods)) > 1:
        return None
    values = _apply_multipliers(amounts)
    if min(values) <= 0 or (len(values) == 2 and values[1] < values[0]):
        return None
    currency, assumptions = _currency(symbols, codes)
    has_marker = currency is not None or labelled
    if not has_marker and not (bare_ok and values[0] >= _BARE_MINIMUM):
        return None
    period = periods[0] if periods else None
    if period is None and values[0] >= _YEARLY_MINIMUM:
        period = "year"
        assumptions += ("no period given; read as per year",)
    if currency is None:
        assumptions += ("no currency given",)
    return Salary(
        min=values[0],
        max=values[1] if len(values) == 2 else None,
        currency=currency or TODO_CURRENCY,
        period=period or TODO_PERIOD,
        assumptions=assumptions,
    )


def _apply_multipliers(amounts: list[tuple[float, float]]) -> list[float]:
    if len(amounts) == 2 and amounts[0][1] == 1.0 and amounts[1][1] > 1.0:
        first, (second, mult) = amounts[0][0], amounts[1]
        if first * mult <= second * mult and first < _BARE_MINIMUM:
            return [first * mult, second * mult]
    return [value * mult for value, mult in amounts]


def _currency(symbols: Iterable[str], codes: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    found_codes = set(codes)
    if len(found_codes) == 1:
        return found_codes.pop(), ()
    if found_codes:
        return None, ("several currencies: " + ", ".join(sorted(found_codes)),)
    from_symbols = {_SYMBOLS[s] for s in symbols}
    if len(from_symbols) != 1:
        return None, ()
    currency = from_symbols.pop()
    if set(symbols) == {"$"}:
        return currency, ("'$' read as US dollars",)
    return currency, ()


def best_salary(candidates: Iterable[Salary]) -> Salary | None:
    """The most certain candidate: a known currency first, then a range, then the earliest."""
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (
            item[1].currency.startswith("TODO"),
            item[1].max is None,
            item[1].period.startswith("TODO"),
            item[0],
        ),
    )
    return ranked[0][1] if ranked else None
