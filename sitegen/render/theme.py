"""Themes: a chain of template folders (site overrides, theme, parent themes) and their assets.

A template can extend the one it replaces with the prefix `!<theme>/`, for example
`{% extends "!default/base.html" %}` in a site override of base.html.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.content.load import outside_link
from sitegen.errors import BuildError, SourceError

MAX_DEPTH = 5


@dataclass(frozen=True)
class Theme:
    names: tuple[str, ...]  # the chain, child first: ("compact", "default")
    template_dirs: tuple[Path, ...]  # site overrides first, then each theme's templates/
    prefixed: tuple[tuple[str, Path], ...]  # ("!default", themes/default/templates), ...
    static_dirs: tuple[Path, ...]  # child first; the first file found with a name wins


def resolve_theme(root: Path, name: str) -> Theme:
    """Follow `extends` in each theme's theme.toml, refusing loops and missing themes."""
    names: list[str] = []
    current: str | None = name
    while current is not None:
        folder = root / "themes" / current
        shown = f"themes/{current}"
        if current in names or len(names) >= MAX_DEPTH:
            raise BuildError(
                [
                    SourceError(
                        shown,
                        None,
                        "extends",
                        "themes extend each other in a loop: " + " -> ".join([*names, current]),
                    )
                ]
            )
        if not (folder / "templates").is_dir():
            raise BuildError(
                [
                    SourceError(
                        shown,
                        None,
                        None,
                        f"theme '{current}' not found: "
                        "expected a folder with templates/ (check 'theme' in "
                        "sitegen.toml)",
                    )
                ]
            )
        _refuse_outside_links(root, folder)
        names.append(current)
        current = _parent(folder, shown)
    themes = [root / "themes" / n for n in names]
    overrides = [root / "templates"] if (root / "templates").is_dir() else []
    statics = [root / "static"] if (root / "static").is_dir() else []
    for folder in overrides + statics:
        _refuse_outside_links(root, folder)
    return Theme(
        names=tuple(names),
        template_dirs=tuple(overrides + [t / "templates" for t in themes]),
        prefixed=tuple((f"!{n}", t / "templates") for n, t in zip(names, themes, strict=True)),
        static_dirs=tuple(statics + [t / "static" for t in themes if (t / "static").is_dir()]),
    )


def _parent(folder: Path, shown: str) -> str | None:
    config = folder / "theme.toml"
    if not config.is_file():
        return None
    try:
        data = tomllib.loads(config.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BuildError([SourceError(f"{shown}/theme.toml", None, None, str(exc))]) from None
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise BuildError(
            [
                SourceError(
                    f"{shown}/theme.toml", None, "extends", "must be the name of another theme"
                )
            ]
        )
    return parent


def _refuse_outside_links(root: Path, folder: Path) -> None:
    real_root = root.resolve()
    for path in [folder, *sorted(folder.rglob("*"))]:
        outside = outside_link(path, real_root, path.relative_to(root).as_posix())
        if outside:
            raise BuildError([outside])


def environment(theme: Theme) -> jinja2.Environment:
    """The theme's Jinja environment: site overrides, then the theme chain, with a
    `!name/` prefix for the template a file replaces."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
            jinja2.PrefixLoader(
                {p: jinja2.FileSystemLoader(str(d)) for p, d in theme.prefixed}, delimiter="/"
            ),
        ]
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@dataclass(frozen=True)
class Assets:
    files: tuple[
        tuple[str, bytes], ...
    ]  # output path -> bytes, e.g. ("static/style.3f2a1b.css", b"...")
    urls: tuple[
        tuple[str, str], ...
    ]  # source name -> output path, e.g. ("style.css", "static/...")

    def path(self, name: str) -> str:
        for source, target in self.urls:
            if source == name:
                return target
        raise KeyError(f"no static file named {name!r} in the theme")


_FINGERPRINTED = (".css", ".js")


def collect_assets(theme: Theme) -> Assets:
    """Every static file of the chain, child first; CSS and JS get a content hash in their name."""
    chosen: dict[str, bytes] = {}
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in chosen and not path.name.startswith("."):
                chosen[name] = path.read_bytes()
    files: list[tuple[str, bytes]] = []
    urls: list[tuple[str, str]] = []
    for name, data in sorted(chosen.items()):
        target = name
        if name.endswith(_FINGERPRINTED):
            stem, dot, ext = name.rpartition(".")
            target = f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{ext}"
        files.append(("static/" + target, data))
        urls.append((name, "static/" + target))
    return Assets(tuple(files), tuple(urls))
