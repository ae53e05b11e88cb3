"""Generate a deterministic sitegen project with N realistic job postings.

    python bench/generate.py N DIR [--seed S]

Writes DIR/sitegen.toml, DIR/content/postings/*.md (schema: docs/posting-format.md),
a few editor's notes under DIR/content/editions/, DIR/content/pages/about.md, and a copy
of the repository's themes/ under DIR/themes/ (so that the project stands alone, and an edit
of it never touches the repository).

The output depends only on N and the seed: one seeded random.Random, a fixed end date
(2026-11-20), no clock, no iteration over sets or hashes. Two runs give byte-identical trees.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
END_DATE = dt.date(2026, 11, 20)
SPAN_DAYS = 730  # two years of postings, ending at END_DATE
DEFAULT_SEED = 20261120
N_COMPANIES = 400

SITE_TOML = """\
title = "Job Digest"
description = "Hand-picked software jobs, every week."
base_url = "https://example.github.io/digest/"
language = "en"
timezone = "UTC"
theme = "default"
page_size = 20
feed_limit = 50
repository = "example/digest"
# two years of postings, each listed until it closes: the workload the benchmark measures
max_age_days = 3650
"""

# 40 tags: lowercase words or hyphenated phrases.
TAGS: tuple[str, ...] = (
    "python", "rust", "go", "java", "kotlin", "typescript", "javascript", "ruby",
    "elixir", "scala", "cpp", "csharp", "php", "swift", "haskell", "backend",
    "frontend", "full-stack", "devops", "sre", "data-engineering", "machine-learning",
    "security", "mobile", "embedded", "databases", "postgresql", "kubernetes", "aws",
    "gcp", "distributed-systems", "compilers", "open-source", "developer-tools",
    "accessibility", "design-systems", "payments", "healthcare", "climate", "education",
)  # fmt: skip

ROLES: tuple[str, ...] = (
    "Software Engineer", "Backend Engineer", "Frontend Engineer", "Full-Stack Developer",
    "Site Reliability Engineer", "Data Engineer", "Machine Learning Engineer",
    "Platform Engineer", "Security Engineer", "Mobile Developer", "Embedded Software Engineer",
    "Developer Advocate", "Engineering Manager", "QA Automation Engineer", "Database Engineer",
    "Infrastructure Engineer", "Compiler Engineer", "Product Engineer", "Staff Engineer",
    "Technical Writer",
)  # fmt: skip
SENIORITY: tuple[str, ...] = ("", "", "Junior ", "Senior ", "Senior ", "Lead ", "Principal ")
TEAMS: tuple[str, ...] = (
    "Payments", "Search", "Identity", "Billing", "Observability", "Core Platform", "Growth",
    "Developer Experience", "Data Platform", "Mobile Apps", "Storage", "Networking",
)  # fmt: skip

NAME_HEADS: tuple[str, ...] = (
    "Blue", "North", "Bright", "Open", "Quiet", "Swift", "Iron", "Silver", "Green", "Red",
    "Clear", "Deep", "High", "True", "Wild", "Cloud", "Stone", "River", "Sun", "Pixel",
)  # fmt: skip
NAME_TAILS: tuple[str, ...] = (
    "harbor", "field", "stack", "forge", "works", "leaf", "wave", "gate", "mint", "path",
    "loop", "byte", "grid", "light", "spring", "yard", "base", "craft", "line", "point",
)  # fmt: skip
NAME_SUFFIXES: tuple[str, ...] = (
    "", "", "", " Labs", " Inc.", " GmbH", " Ltd", " Technologies", " Systems", " & Co",
)  # fmt: skip

# (city, region or "", country, currency)
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("New York", "NY", "US", "USD"), ("San Francisco", "CA", "US", "USD"),
    ("Seattle", "WA", "US", "USD"), ("Austin", "TX", "US", "USD"),
    ("Boston", "MA", "US", "USD"), ("Toronto", "ON", "CA", "CAD"),
    ("Vancouver", "BC", "CA", "CAD"), ("London", "", "GB", "GBP"),
    ("Manchester", "", "GB", "GBP"), ("Berlin", "", "DE", "EUR"),
    ("Munich", "BY", "DE", "EUR"), ("Amsterdam", "", "NL", "EUR"),
    ("Paris", "", "FR", "EUR"), ("Barcelona", "", "ES", "EUR"),
    ("Dublin", "", "IE", "EUR"), ("Stockholm", "", "SE", "SEK"),
    ("Oslo", "", "NO", "NOK"), ("Zurich", "", "CH", "CHF"),
    ("Warsaw", "", "PL", "PLN"), ("Lisbon", "", "PT", "EUR"),
    ("Bangalore", "KA", "IN", "INR"), ("Tokyo", "", "JP", "JPY"),
    ("Sydney", "NSW", "AU", "AUD"), ("São Paulo", "SP", "BR", "BRL"),
    ("Montréal", "QC", "CA", "CAD"), ("Zürich", "", "CH", "CHF"),
)  # fmt: skip

REGION_CHOICES: tuple[tuple[str, ...], ...] = (
    ("US",), ("US", "CA"), ("EU",), ("EEA",), ("Europe",), ("EMEA",), ("Americas",),
    ("North America",), ("LATAM",), ("APAC",), ("Worldwide",), ("GB",), ("DE",),
    ("GB", "IE"), ("DE", "AT", "CH"), ("EU", "GB"), ("NO", "SE", "DK", "FI"),
)  # fmt: skip
REGION_CURRENCY: dict[str, str] = {
    "US": "USD", "CA": "CAD", "GB": "GBP", "DE": "EUR", "EU": "EUR", "EEA": "EUR",
    "Europe": "EUR", "EMEA": "EUR", "NO": "NOK", "APAC": "AUD", "LATAM": "BRL",
}  # fmt: skip

# Yearly base salary (low end) per currency; other periods are derived from it.
YEARLY_BASE: dict[str, int] = {
    "USD": 110_000, "CAD": 100_000, "GBP": 65_000, "EUR": 60_000, "SEK": 600_000,
    "NOK": 650_000, "CHF": 110_000, "PLN": 180_000, "INR": 2_400_000, "JPY": 8_000_000,
    "AUD": 120_000, "BRL": 180_000,
}  # fmt: skip
PERIOD_DIVISOR: dict[str, int] = {"year": 1, "month": 12, "week": 52, "day": 230, "hour": 1840}

EMPLOYMENT_TYPES: tuple[tuple[str, int], ...] = (
    ("full-time", 70), ("part-time", 7), ("contract", 12), ("temporary", 2),
    ("internship", 4), ("volunteer", 1), ("per-diem", 1), ("other", 3),
)  # fmt: skip

WORDS: tuple[str, ...] = (
    "we", "build", "tools", "that", "help", "teams", "ship", "reliable", "software", "for",
    "millions", "of", "people", "our", "platform", "handles", "requests", "across", "regions",
    "with", "care", "and", "you", "will", "work", "closely", "alongside", "engineers",
    "designers", "product", "managers", "to", "improve", "performance", "latency", "quality",
    "the", "service", "is", "written", "in", "a", "small", "codebase", "well", "tested",
    "documented", "open", "source", "customers", "data", "pipelines", "every", "day",
    "clear", "writing", "matters", "here", "as", "much", "code", "review", "mentoring",
    "on-call", "rotation", "shared", "fairly", "budget", "learning", "conferences",
)  # fmt: skip
DUTIES: tuple[str, ...] = (
    "Design, build and operate services used by our customers every day",
    "Review code and mentor other engineers on the team",
    "Improve the reliability and observability of production systems",
    "Write clear design documents and share them for feedback",
    "Work with product and design to scope new features",
    "Take part in a fair, well-compensated on-call rotation",
    "Profile and remove performance bottlenecks",
    "Maintain our open source libraries and answer community questions",
    "Migrate legacy components to the new platform",
    "Help hire and onboard new colleagues",
)  # fmt: skip
REQUIREMENTS: tuple[str, ...] = (
    "Several years of experience building production software",
    "Comfort with at least one of **Python**, **Go** or **Rust**",
    "Experience with relational databases such as PostgreSQL",
    "Good written communication in English",
    "Familiarity with containers and `kubernetes`",
    "An interest in accessibility and inclusive design",
    "Experience operating services on AWS or GCP",
    "Curiosity and a habit of leaving code better than you found it",
)  # fmt: skip
BENEFITS: tuple[str, ...] = (
    "Flexible working hours",
    "Four-day work week in summer",
    "Generous parental leave",
    "Yearly learning budget",
    "Home office allowance",
    "Private health insurance",
    "Pension contributions",
    "Equity for every employee",
)  # fmt: skip

_PLAIN_RE = re.compile(r"[A-Za-z0-9À-ÿ][A-Za-z0-9À-ÿ .,&'()/+-]*")
_FOLD = str.maketrans("àáâãäåçèéêëìíîïñòóôõöùúûüý", "aaaaaaceeeeiiiinooooouuuuy")
# Words YAML 1.1 reads as booleans or null (`country: NO` would be False).
_YAML_SPECIAL = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"])


@dataclass(frozen=True)
class Company:
    name: str
    slug: str
    website: str | None


def slugify(text: str) -> str:
    """Lowercase letters, digits and hyphens, as the posting format requires."""
    ascii_text = text.lower().replace("&", "and")
    ascii_text = ascii_text.translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def yaml_str(value: str, *, flow: bool = False) -> str:
    """A YAML scalar for a string: plain when safe, else a JSON (double-quoted) string."""
    plain = _PLAIN_RE.fullmatch(value) is not None and value.lower() not in _YAML_SPECIAL
    if plain and value[0].isdigit():
        plain = False  # could read as a number or a date
    if plain and flow and "," in value:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def make_companies(rng: random.Random, count: int) -> list[Company]:
    companies: list[Company] = []
    seen: set[str] = set()  # membership only, never iterated
    while len(companies) < count:
        base = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        if rng.random() < 0.3:
            base += " " + rng.choice(NAME_HEADS)
        name = base + rng.choice(NAME_SUFFIXES)
        slug = slugify(base)
        if slug in seen:
            continue
        seen.add(slug)
        website = f"https://www.{slug.replace('-', '')}.example/" if rng.random() < 0.8 else None
        companies.append(Company(name=name, slug=slug, website=website))
    return companies


def sentence(rng: random.Random, lo: int = 8, hi: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, company: Company) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        url = company.website or f"https://blog.example.org/{company.slug}/"
        parts.insert(rng.randrange(len(parts) + 1), f"Read more on [our blog]({url}).")
    return " ".join(parts)


def bullets(rng: random.Random, items: Sequence[str], lo: int, hi: int) -> str:
    picked = rng.sample(list(items), k=min(len(items), rng.randint(lo, hi)))
    return "\n".join(f"- {item}" for item in picked)


def body(rng: random.Random, title: str, company: Company, tags: Sequence[str]) -> str:
    sections = [
        paragraph(rng, company),
        f"## About the role\n\n{paragraph(rng, company)}\n\n{paragraph(rng, company)}",
        "## What you will do\n\n" + bullets(rng, DUTIES, 4, 7),
        "## What we are looking for\n\n" + bullets(rng, REQUIREMENTS, 3, 6),
    ]
    if tags:
        stack = ", ".join(f"`{t}`" for t in tags)
        sections.append(f"### Our stack\n\nDay to day you will touch {stack}. {sentence(rng)}")
    sections.append("## Benefits\n\n" + bullets(rng, BENEFITS, 3, 6))
    sections.append(
        f"## How to apply\n\n{paragraph(rng, company)} Questions about the {title} role? "
        f"See the [hiring FAQ](https://jobs.example.com/{company.slug}/faq) or "
        f"[our handbook](https://handbook.example.com/{company.slug}/)."
    )
    return "\n\n".join(sections) + "\n"


def iso_date(day: dt.date) -> str:
    return day.isoformat()


def posting_date(rng: random.Random, day: dt.date) -> str:
    """Mostly plain dates; about 5% are timestamps with a zone, which the schema allows."""
    if rng.random() < 0.05:
        offset = rng.choice(("Z", "+01:00", "-05:00", "+05:30"))
        hour, minute = rng.randrange(7, 19), rng.choice((0, 15, 30, 45))
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00{offset}"
    return day.isoformat()


def location_lines(rng: random.Random) -> tuple[list[str], str]:
    """YAML lines for `location:` and the currency a salary would use."""
    roll = rng.random()
    if roll < 0.45:
        regions = rng.choice(REGION_CHOICES)
        flow = ", ".join(yaml_str(r, flow=True) for r in regions)
        currency = REGION_CURRENCY.get(regions[0], "USD")
        return ["  arrangement: remote", f"  regions: [{flow}]"], currency
    arrangement = "hybrid" if roll < 0.7 else "on-site"
    city, region, country, currency = rng.choice(CITIES)
    lines = [f"  arrangement: {arrangement}", f"  city: {yaml_str(city)}"]
    if region:
        lines.append(f"  region: {yaml_str(region)}")
    lines.append(f"  country: {yaml_str(country)}")
    return lines, currency


def salary_lines(rng: random.Random, currency: str, employment: str) -> list[str]:
    if employment == "volunteer" or rng.random() < 0.45:
        return []
    if employment in ("contract", "per-diem", "temporary"):
        period = rng.choice(("hour", "day", "day", "month"))
    elif employment == "internship":
        period = rng.choice(("month", "hour"))
    elif employment == "part-time":
        period = rng.choice(("hour", "year"))
    else:
        period = rng.choice(("year", "year", "year", "year", "month", "week"))
    base = YEARLY_BASE[currency] * rng.uniform(0.7, 1.6) / PERIOD_DIVISOR[period]
    step = 1 if base < 1000 else 1000
    low = max(step, round(base / step) * step)
    lines = ["salary:", f"  min: {low}"]
    if rng.random() < 0.8:
        high = round(low * rng.uniform(1.1, 1.5) / step) * step
        lines.append(f"  max: {max(high, low)}")
    lines += [f"  currency: {currency}", f"  period: {period}"]
    return lines


def posting(rng: random.Random, company: Company) -> tuple[str, str]:
    """(slug stem, file text) of one posting."""
    role = rng.choice(ROLES)
    title = rng.choice(SENIORITY) + role
    if rng.random() < 0.4:
        title += ", " + rng.choice(TEAMS)
    posted = END_DATE - dt.timedelta(days=rng.randrange(SPAN_DAYS))
    tags = sorted(rng.sample(TAGS, k=rng.randint(0, 6)))
    employment = weighted(rng, EMPLOYMENT_TYPES)
    loc, currency = location_lines(rng)

    lines = [
        "---",
        f"id: {uuid.UUID(int=rng.getrandbits(128), version=4)}",
        f"title: {yaml_str(title)}",
        "company:",
        f"  name: {yaml_str(company.name)}",
    ]
    if company.website:
        lines.append(f"  website: {company.website}")
    lines.append(f"date: {posting_date(rng, posted)}")
    if rng.random() < 0.2 and posted < END_DATE:
        # At least a day later, so a timestamped `date` never compares above it.
        updated = min(END_DATE, posted + dt.timedelta(days=rng.randint(1, 30)))
        lines.append(f"updated: {iso_date(updated)}")
    if rng.random() < 0.75:
        lines.append(f"apply: https://jobs.example.com/{company.slug}/{rng.randrange(10**6)}")
    else:
        lines.append(f"apply: jobs+{rng.randrange(1000)}@{company.slug.replace('-', '')}.example")
    lines += ["location:", *loc]
    lines.append(f"employment_type: {employment}")
    lines += salary_lines(rng, currency, employment)
    if tags or rng.random() < 0.5:
        lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.3:
        closes = posted + dt.timedelta(days=rng.randint(7, 120))
        lines.append(f"closes: {iso_date(closes)}")
    draft_roll = rng.random()
    if draft_roll < 0.01:
        lines.append("draft: true")
    elif draft_roll < 0.1:
        lines.append("draft: false")
    lines.append("---")
    text = "\n".join(lines) + "\n" + body(rng, title, company, tags)
    return slugify(f"{title} {company.slug}"), text


def edition_notes(rng: random.Random, weeks: int = 6) -> list[tuple[str, str]]:
    """(file stem, text) for the editor's notes of the last `weeks` ISO weeks."""
    notes: list[tuple[str, str]] = []
    for back in range(weeks):
        year, week, _ = (END_DATE - dt.timedelta(weeks=back)).isocalendar()
        stem = f"{year}-W{week:02d}"
        head = f"---\ntitle: Week {week}, {year}\n---\n" if back % 2 == 0 else "---\n---\n"
        note = f"{paragraph(rng, Company('Digest', 'digest', None))}\n\n"
        note += "This week's highlights:\n\n" + bullets(rng, DUTIES, 2, 4) + "\n"
        notes.append((stem, head + note))
    return notes


ABOUT_PAGE = """\
---
title: About this digest
description: Who picks the jobs, and how to submit one.
---
Job Digest is a hand-picked list of software jobs, published every week.

## How postings are chosen

- Every posting names a real salary range when the employer publishes one.
- Remote postings say where applicants may live.
- Closed postings stay online, marked as closed, so links keep working.

Want to add a job? [Open a pull request](https://github.com/example/digest) with one
Markdown file under `content/postings/`.
"""


def copy_themes(dest: Path, source: Path = REPO_ROOT / "themes") -> bool:
    """Copy the repository's theme folders into dest/themes; False if there are none."""
    if not source.is_dir() or not any(source.iterdir()):
        return False
    shutil.copytree(source, dest / "themes", dirs_exist_ok=True)
    return True


def generate(n: int, root: Path, *, seed: int = DEFAULT_SEED, themes: bool = True) -> list[Path]:
    """Write a project with n postings under root; return the posting paths in order."""
    rng = random.Random(seed)
    companies = make_companies(rng, N_COMPANIES)
    postings_dir = root / "content" / "postings"
    postings_dir.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(SITE_TOML, encoding="utf-8")

    paths: list[Path] = []
    used: set[str] = set()  # membership only, never iterated
    for _ in range(n):
        stem, text = posting(rng, rng.choice(companies))
        slug, k = stem, 2
        while slug in used:
            slug, k = f"{stem}-{k}", k + 1
        used.add(slug)
        path = postings_dir / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)

    editions = root / "content" / "editions"
    editions.mkdir(parents=True, exist_ok=True)
    for stem, text in edition_notes(rng):
        (editions / f"{stem}.md").write_text(text, encoding="utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "about.md").write_text(ABOUT_PAGE, encoding="utf-8")

    if themes and not copy_themes(root):
        print(f"warning: no themes under {REPO_ROOT / 'themes'}; none copied", file=sys.stderr)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of postings")
    parser.add_argument("dir", type=Path, help="project folder to write (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    paths = generate(args.n, args.dir, seed=args.seed)
    print(f"wrote {len(paths)} postings to {args.dir / 'content' / 'postings'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
