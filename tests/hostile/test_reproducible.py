"""Identical bytes from builds under different time zones, hash seeds, locales and file
creation orders, each build a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.hostile.generated import generated_project
from tests.hostile.test_interrupted_builds import tree

REPO = Path(__file__).resolve().parents[2]
ENVIRONMENTS = [
    {"TZ": "UTC", "PYTHONHASHSEED": "0", "LC_ALL": "C", "LANG": "C"},
    {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"TZ": "America/St_Johns", "PYTHONHASHSEED": "random", "LC_ALL": "POSIX", "LANG": ""},
]


def build(root: Path, out: Path, changes: dict[str, str]) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TZ"))}
    env.update(changes, PYTHONPATH=str(REPO), SOURCE_DATE_EPOCH="1795000000")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--out", str(out),
         "--quiet"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    return tree(out)


def test_builds_are_byte_identical_across_environments_and_file_orders(tmp_path: Path) -> None:
    forward = generated_project(tmp_path / "forward", count=120)
    backward = generated_project(tmp_path / "backward", count=120, reverse=True)
    listing = [p.name for p in os.scandir(forward / "content" / "postings")]
    reverse_listing = [p.name for p in os.scandir(backward / "content" / "postings")]
    assert sorted(listing) == sorted(reverse_listing)
    first = build(forward, tmp_path / "out-0", ENVIRONMENTS[0])
    assert len(first) > 150
    for i, changes in enumerate(ENVIRONMENTS[1:], start=1):
        for name, root in (("forward", forward), ("backward", backward)):
            outputs = build(root, tmp_path / f"out-{i}-{name}", changes)
            differing = sorted(k for k in first.keys() | outputs.keys()
                               if first.get(k) != outputs.get(k))  # fmt: skip
            assert differing == [], (changes, name)
