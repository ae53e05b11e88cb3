"""An internal bug says so, where, and how to report it: exit 2 and no traceback."""

from __future__ import annotations

import io

import pytest

from sitegen import cli
from tests.conftest import MakeProject, posting_text


def boom(*_: object, **__: object) -> None:
    raise RuntimeError("the renderer fell over")


def test_internal_error_is_one_paragraph_with_exit_2(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"content/postings/job.md": posting_text("job")})
    monkeypatch.setattr(cli, "build", boom)
    monkeypatch.delenv("SITEGEN_DEBUG", raising=False)
    err = io.StringIO()
    assert cli.main(["build", "--root", str(root)], stdout=io.StringIO(), stderr=err) == 2
    text = err.getvalue()
    assert "Traceback" not in text
    assert text.startswith(
        "sitegen 0.1.0 hit an internal error: RuntimeError: the renderer fell over (in cli.py:"
    )
    assert "This is a bug in sitegen, not in your files" in text
    assert "SITEGEN_DEBUG=1" in text
    monkeypatch.setenv("SITEGEN_DEBUG", "1")
    err = io.StringIO()
    assert cli.main(["build", "--root", str(root)], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("Traceback (most recent call last)")
