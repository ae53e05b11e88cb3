"""Writing whole test projects: the repository's themes, a config and content files."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CONFIG, REPO


def write_project(root: Path, files: dict[str, str], config: str = CONFIG) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "sitegen.toml").write_text(config, encoding="utf-8")
    (root / "content" / "postings").mkdir(parents=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
