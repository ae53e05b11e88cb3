"""Headless Chromium for the tests: installed with apt when missing, driven by playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.search_weight import CHROMIUM_ARGS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = CHROMIUM_ARGS  # the flags every browser test and benchmark uses


def chromium() -> Path:
    """The system Chromium, installing the Debian package first if it is missing."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(
            "these tests need Chromium at /usr/bin/chromium: "
            "install it with `apt-get install -y chromium` (as root)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=env, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "chromium"], check=True, env=env, capture_output=True
    )
    if not CHROMIUM.exists():
        raise RuntimeError("apt-get installed chromium, but /usr/bin/chromium is still missing")
    return CHROMIUM
