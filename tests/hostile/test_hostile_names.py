"""Hostile names: company and tag pages never merge distinct names (transliterated from any
script, with a stable hashed form when nothing is left), two different names that would
still share a page are refused naming both files, and look-alike company names and apply
hosts draw a warning from `check` that names the characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.content.lookalike import ascii_url, mixed, skeleton
from sitegen.content.names import path_segment, spelling
from tests.conftest import posting_text
from tests.hostile.project import write_project
from tests.hostile.sandbox import check_and_build, sitegen


def postings(*companies: str, apply: tuple[str, ...] = ()) -> dict[str, str]:
    files = {}
    for n, company in enumerate(companies):
        text = posting_text(f"job-{n}", id=f"{n:08d}-2222-4333-8444-555555555555", company=company)
        if n < len(apply):
            text = text.replace(f"https://example.com/apply/job-{n}", apply[n])
        files[f"content/postings/job-{n}.md"] = text
    return files


def companies(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "output/companies").iterdir() if p.is_dir())


def test_names_in_other_scripts_get_pages_of_their_own(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", postings("株式会社テスト", "Яндекс", "שלום", "Ελληνική"))
    assert sitegen("build", "--root", str(root)).code == 0
    assert companies(root) == ["elliniki", "slvm", "yandeks", "zhushihuishetesuto"]


def test_names_with_nothing_to_transliterate_get_stable_distinct_pages(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", postings('"!!!"', '"???"'))
    assert sitegen("build", "--root", str(root)).code == 0
    assert companies(root) == sorted(
        [path_segment("!!!", "company"), path_segment("???", "company")]
    )
    assert path_segment("!!!", "company") == "company-e84c538e"  # pinned: it is a URL


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Mozilla", "mozilla"),
        ("Example Co", "example-co"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("Stark & Sons", "stark-sons"),
        ("Con", "con-1"),
        ("Ünïcode GmbH", "unicode-gmbh"),
        ("Zürich Versicherung", "zurich-versicherung"),
    ],
)
def test_slugs_of_names_that_had_one_are_unchanged(name: str, slug: str) -> None:
    assert path_segment(name, "company") == slug  # published URLs stay where they were


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zürich AG", "Zurich AG"), ("Straße GmbH", "Strasse GmbH"), ("Node.js", "node js"),
     ("ЯНДЕКС", "Яндекс"), ("ACME, Inc.", "Acme Inc")],
)  # fmt: skip
def test_spellings_of_one_name_share_one_page(a: str, b: str, tmp_path: Path) -> None:
    assert spelling(a) == spelling(b)
    root = write_project(tmp_path / "p", postings(a, b))
    assert sitegen("build", "--root", str(root)).code == 0
    assert companies(root) == [path_segment(a, "company")]


def test_different_names_that_would_share_a_page_are_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", postings("Yandeks", "Яндекс"))
    checked = check_and_build(root)
    assert checked.problems == [
        "content/postings/job-1.md: company: the company 'Яндекс' would share the page "
        "/companies/yandeks/ with the company 'Yandeks' (content/postings/job-0.md): if they "
        "are one, write the name the same way in both; if not, tell them apart (e.g. add the "
        "country or the legal form)"
    ]


def test_a_look_alike_of_a_company_that_would_share_its_page_says_why(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", postings("Mozilla", "M\u043ezilla"))
    checked = check_and_build(root)
    assert len(checked.problems) == 1
    assert (
        "(one mixes scripts: 'о' (U+043E CYRILLIC SMALL LETTER O, like 'o'))"
        in (checked.problems[0])
    )


def test_check_warns_of_look_alike_companies_and_apply_hosts(tmp_path: Path) -> None:
    files = postings(
        "Pay",
        "\u0420\u0430\u0443",  # Cyrillic Рау
        "M\u043ezilla Foundation",
        apply=("https://example.com/a", "https://\u0435xample.com/b"),
    )
    root = write_project(tmp_path / "p", files)
    result = sitegen("check", "--root", str(root))
    assert result.code == 0  # warnings: a real company may write its name so
    warnings = [line for line in result.err.splitlines() if ": warning: " in line]
    assert warnings == [
        "content/postings/job-1.md: warning: apply: the host 'еxample.com' (published as "
        "xn--xample-2of.com) looks like 'example.com' (content/postings/job-0.md) but is "
        "written with other characters ('е' (U+0435 CYRILLIC SMALL LETTER IE, like 'e')): "
        "check that it is the one meant",
        "content/postings/job-1.md: warning: apply: the host 'еxample.com' (published as "
        "xn--xample-2of.com) mixes scripts: 'е' (U+0435 CYRILLIC SMALL LETTER IE, like 'e'): "
        "if it is not meant to look like another, type it again in one script",
        "content/postings/job-1.md: warning: company: the name 'Рау' looks like 'Pay' "
        "(content/postings/job-0.md) but is written with other characters ('Р' (U+0420 "
        "CYRILLIC CAPITAL LETTER ER, like 'P'), 'а' (U+0430 CYRILLIC SMALL LETTER A, like "
        "'a'), 'у' (U+0443 CYRILLIC SMALL LETTER U, like 'y')): check that it is the one meant",
        "content/postings/job-2.md: warning: company: the name 'Mоzilla Foundation' mixes "
        "scripts: 'о' (U+043E CYRILLIC SMALL LETTER O, like 'o'): if it is not meant to look "
        "like another, type it again in one script",
    ]
    assert sitegen("build", "--root", str(root)).code == 0
    page = (root / "output/jobs/job-1/index.html").read_text()
    assert 'href="https://xn--xample-2of.com/b"' in page and "еxample" not in page


def test_names_in_one_script_and_case_differences_draw_no_warning(tmp_path: Path) -> None:
    files = postings(
        "Яндекс", "Mozilla", "MOZILLA", "München Jobs", apply=("https://münchen.de/x",)
    )
    root = write_project(tmp_path / "p", files)
    result = sitegen("check", "--root", str(root))
    assert (result.code, result.err) == (0, "")


@pytest.mark.parametrize(
    ("text", "odd"),
    [
        ("M\u043ezilla", "'о' (U+043E CYRILLIC SMALL LETTER O, like 'o')"),
        ("p\u0430yp\u0430l", "'а' (U+0430 CYRILLIC SMALL LETTER A, like 'a')"),
        ("\u0391pple", "'Α' (U+0391 GREEK CAPITAL LETTER ALPHA, like 'A')"),
        ("Google", None),
        ("Яндекс", None),
        ("株式会社テスト", None),
        ("LINEヤフー", None),
        ("삼성전자 Samsung", None),
        (
            "Ян Yandex",
            "'Я' (U+042F CYRILLIC CAPITAL LETTER YA), 'н' (U+043D CYRILLIC SMALL LETTER EN)",
        ),
    ],
)
def test_mixed_scripts_are_named_character_by_character(text: str, odd: str | None) -> None:
    assert mixed(text) == odd


def test_skeletons_and_punycode() -> None:
    assert skeleton("M\u043ezilla") == skeleton("mozilla") == "mozilla"
    assert skeleton("\u0420\u0430\u0443") == "pay"
    assert (
        ascii_url("https://\u0435xample.com:8443/a?b=c") == "https://xn--xample-2of.com:8443/a?b=c"
    )
    assert ascii_url("https://example.com/ü") == "https://example.com/ü"  # paths are left
