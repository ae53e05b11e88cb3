"""Extraction details not covered by the fixture files."""

from __future__ import annotations

from sitegen.importer.extract import extract
from sitegen.importer.model import TODO_APPLY, TODO_COMPANY, TODO_TITLE

from .helpers import TODAY


def test_labelled_plain_text_keeps_an_intro_paragraph_above_the_labels() -> None:
    text = (
        "We are a small co-op that builds accounting software for farms.\n\n"
        "Title: Support Engineer\nCompany: Fieldbook\n\nYou will answer tickets.\n"
    )
    draft = extract(text, today=TODAY, keep_boilerplate=False)
    assert (draft.title, draft.company) == ("Support Engineer", "Fieldbook")
    assert draft.body.startswith("We are a small co-op")
    assert "Title:" not in draft.body


def test_nothing_recognisable_gives_placeholders_and_keeps_the_text() -> None:
    draft = extract("Just some words.\n\nMore words.", today=TODAY, keep_boilerplate=False)
    assert (draft.title, draft.company, draft.apply) == (TODO_TITLE, TODO_COMPANY, TODO_APPLY)
    assert draft.salary is None
    assert draft.body == "Just some words.\n\nMore words."


def test_accommodation_email_is_never_the_apply_address() -> None:
    text = (
        "Title: Analyst\n\nTo request an accommodation, email access@example.com.\n\n"
        "Apply: jobs@example.com\n"
    )
    assert extract(text, today=TODAY, keep_boilerplate=False).apply == "jobs@example.com"


def test_prose_with_money_is_not_read_as_salary() -> None:
    text = "# Engineer\n### Acme\n\nWe raised $82 billion in 2023 and have 3,000 customers.\n"
    assert extract(text, today=TODAY, keep_boilerplate=False).salary is None


def test_keep_boilerplate_still_drops_tracking_codes() -> None:
    text = "# Engineer\n### Acme\n\nWe are an equal opportunity employer.\n\n#LI-REMOTE\n"
    draft = extract(text, today=TODAY, keep_boilerplate=True)
    assert "equal opportunity" in draft.body
    assert "#LI-REMOTE" not in draft.body


def test_step_numbers_and_python_lists_become_markdown_lists() -> None:
    text = "Title: X\n\nSteps\n\n1\n\nSend a CV\n\n2\n\nTalk to us\n\n['Go', \"Rust's traits\"]\n"
    body = extract(text, today=TODAY, keep_boilerplate=False).body
    assert "1. Send a CV\n\n2. Talk to us" in body
    assert "- Go\n- Rust's traits" in body


def test_a_line_starting_with_at_is_not_a_company_unless_it_names_one() -> None:
    text = "How to Apply for Data Engineer\n\nat least 3 years of SQL\n\nat Acme Corp\n"
    draft = extract(text, today=TODAY, keep_boilerplate=False)
    assert (draft.title, draft.company) == ("Data Engineer", "Acme Corp")
    assert "at least 3 years of SQL" in draft.body


def test_a_sentence_about_benefits_does_not_start_a_dropped_section() -> None:
    text = (
        "Title: Nurse Informaticist\n\n"
        "Benefits include a four day week and a learning budget\n\n"
        "You will run the EHR rollout.\n\n"
        "Benefits\n\n- Dental\n- Pension\n"
    )
    body = extract(text, today=TODAY, keep_boilerplate=False).body
    assert "Benefits include a four day week" in body
    assert "You will run the EHR rollout." in body
    assert "Dental" not in body
