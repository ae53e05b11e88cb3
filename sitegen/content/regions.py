"""Where a remote applicant may live: countries, and the named regions that hold them.

A posting's `regions` name ISO 3166-1 alpha-2 countries or the named regions below. Each named
region is the set of its member countries, and one region includes another when it holds all
of its countries: Worldwide holds every country, Europe holds the EU, a reader in Germany may
apply to postings open to DE, EU, EEA, Europe, EMEA or Worldwide. This module is the one place
that knows the members.

The continents follow the UN's M49 geographic regions; the blocs their treaties:
- EU: the 27 member states; EEA: the EU, Iceland, Liechtenstein and Norway.
- Europe: M49 Europe, and Cyprus (an EU member that M49 counts in Western Asia).
- EMEA: Europe, Africa and the Middle East (M49 Western Asia, and Iran).
- Americas: M49 Americas; North America: M49 Northern America and Mexico;
  LATAM: M49 Latin America and the Caribbean.
- APAC: M49 Eastern, South-eastern, Southern (Iran aside) and Central Asia, and Oceania.
"""

from __future__ import annotations

from functools import cache

import pycountry

NAMED_REGIONS = (
    "EU",
    "EEA",
    "Europe",
    "EMEA",
    "Americas",
    "North America",
    "LATAM",
    "APAC",
    "Worldwide",
)


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EU = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
_EEA = _EU | _codes("IS LI NO")
_EUROPE = _codes(
    "BY BG CZ HU PL MD RO RU SK UA"  # Eastern Europe
    " AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"  # Northern Europe
    " AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES"  # Southern Europe
    " AT BE FR DE LI LU MC NL CH"  # Western Europe
    " CY"
)
_AFRICA = _codes(
    "DZ EG LY MA SD TN EH"  # Northern Africa
    " IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW"  # Eastern Africa
    " AO CM CF TD CG CD GQ GA ST"  # Middle Africa
    " BW SZ LS NA ZA"  # Southern Africa
    " BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"  # Western Africa
)
_MIDDLE_EAST = _codes("AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE IR")
_NORTHERN_AMERICA = _codes("BM CA GL PM US")
_LATAM = _codes(
    "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI"
    " BZ CR SV GT HN MX NI PA"  # Central America
    " AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"  # South America
)
_APAC = _codes(
    "KZ KG TJ TM UZ"  # Central Asia
    " CN HK MO KP JP MN KR TW"  # Eastern Asia
    " BN KH ID LA MY MM PH SG TH TL VN"  # South-eastern Asia
    " AF BD BT IN MV NP PK LK"  # Southern Asia, Iran aside
    " AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF CX CC HM"
)


@cache
def countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def members(region: str) -> frozenset[str]:
    """The countries a region holds: a named region's members, a country itself."""
    named = {
        "EU": _EU,
        "EEA": _EEA,
        "Europe": _EUROPE,
        "EMEA": _EUROPE | _AFRICA | _MIDDLE_EAST,
        "Americas": _NORTHERN_AMERICA | _LATAM,
        "North America": _NORTHERN_AMERICA | {"MX"},
        "LATAM": _LATAM,
        "APAC": _APAC,
        "Worldwide": countries(),
    }
    return named.get(region, frozenset({region}))


def includes(region: str, area: str) -> bool:
    """Whether a posting open to `region` is open to every applicant living in `area`
    (a country or a named region): EU includes DE and the EU, but DE does not include EU."""
    return members(area) <= members(region)
