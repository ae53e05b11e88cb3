"""Themes: a chain of template folders (site overrides, theme, parent themes) and their assets.

A template can extend the one it replaces with the prefix `!<theme>/`, for example
`{% extends "!default/base.html" %}` in a site override of base.html.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.config import NESTED_TOML
from sitegen.content.source import SourceProblem, decode
from sitegen.errors import BuildError, SourceError
from sitegen.files import MEGABYTE, Found, outside, read_regular, relative, walk

MAX_DEPTH = 5
MAX_TEMPLATE_BYTES = MEGABYTE  # a theme file (template or theme.toml)
MAX_STATIC_BYTES = 10 * MEGABYTE  # one static file: a font, an image, a script


@dataclass(frozen=True)
class Theme:
    names: tuple[str, ...]  # the chain, child first: ("compact", "default")
    template_dirs: tuple[Path, ...]  # site overrides first, then each theme's templates/
    prefixed: tuple[tuple[str, Path], ...]  # ("!default", themes/default/templates), ...
    static_dirs: tuple[Path, ...]  # child first; the first file found with a name wins
    static_files: tuple[tuple[str, Found], ...] = ()  # (name in its folder, file), chosen


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
        problem = outside(folder, root, shown)
        if problem:
            raise BuildError([problem])
        names.append(current)
        current = _parent(root, folder, shown)
    themes = [root / "themes" / n for n in names]
    overrides = [root / "templates"] if os.path.lexists(root / "templates") else []
    statics = [root / "static"] if os.path.lexists(root / "static") else []
    template_dirs = tuple(overrides + [t / "templates" for t in themes])
    static_dirs = tuple(statics + [t / "static" for t in themes if os.path.lexists(t / "static")])
    errors: list[SourceError] = []
    for folder in template_dirs:
        found, problems = walk(folder, root, None, "the theme")
        errors.extend(problems)
        errors.extend(_template_problems(found))
    static_files: dict[str, Found] = {}
    for folder in static_dirs:
        found, problems = walk(folder, root, None, "the theme")
        errors.extend(problems)
        shown = relative(folder, root)
        for file in found:
            static_files.setdefault(file.shown.removeprefix(shown + "/"), file)
    if errors:
        raise BuildError(errors)
    return Theme(
        names=tuple(names),
        template_dirs=template_dirs,
        prefixed=tuple((f"!{n}", t / "templates") for n, t in zip(names, themes, strict=True)),
        static_dirs=static_dirs,
        static_files=tuple(sorted(static_files.items())),
    )


def _template_problems(found: list[Found]) -> list[SourceError]:
    """Every template is read once here, so that one that is too large or not UTF-8 is
    named (with its line) before any page is rendered, by `check` as by `build`."""
    errors: list[SourceError] = []
    for file in found:
        try:
            decode(read_regular(file.path, file.shown, MAX_TEMPLATE_BYTES), file.shown)
        except BuildError as exc:
            errors.extend(exc.errors)
        except SourceProblem as problem:
            errors.append(problem.error)
    return errors


def _parent(root: Path, folder: Path, shown: str) -> str | None:
    config = folder / "theme.toml"
    if not os.path.lexists(config):
        return None
    where = f"{shown}/theme.toml"
    link = outside(config, root, where)
    if link:
        raise BuildError([link])
    try:
        text = decode(read_regular(config, where, MAX_TEMPLATE_BYTES), where)
        data = tomllib.loads(text)
    except SourceProblem as problem:
        raise BuildError([problem.error]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError([SourceError(where, None, None, f"TOML syntax error: {exc}")]) from None
    except RecursionError:
        raise BuildError([SourceError(where, None, None, NESTED_TOML)]) from None
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
    chosen = {
        name: read_regular(file.path, file.shown, MAX_STATIC_BYTES)
        for name, file in theme.static_files
    }
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
