"""Source text -> located YAML values: decoding, front matter splitting and YAML with lines.

Every value keeps the file line it came from, so each later check can name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from sitegen.errors import SourceError

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_HANDLER = YAMLHandler()


@dataclass(frozen=True)
class Located:
    """A YAML value and the file line of its key (or of the value, for list items)."""

    value: Any  # a scalar, list[Located] or dict[str, Located]
    line: int


@dataclass(frozen=True)
class SplitSource:
    """A source file cut into its front matter and its Markdown body."""

    front_matter: dict[str, Located]
    start_line: int  # the line of the opening ---
    body: str
    body_line: int  # the file line where the body starts


class SourceProblem(Exception):
    """A problem that stops a file from being read at all."""

    def __init__(self, error: SourceError) -> None:
        super().__init__(str(error))
        self.error = error


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM), normalise newlines; name any other encoding."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SourceProblem(SourceError(path, None, None, "the file is UTF-32: save it as UTF-8"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise SourceProblem(SourceError(path, None, None, "the file is UTF-16: save it as UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        guess = "Windows-1252 or Latin-1" if byte >= 0x80 else "an unknown encoding"
        raise SourceProblem(
            SourceError(
                path,
                line,
                None,
                f"the file is not UTF-8 (byte 0x{byte:02X} looks like {guess}): save it as UTF-8",
            )
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceProblem(
            SourceError(path, line, None, "the file contains NUL bytes: is it a text file?")
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: ASCII text with a NUL byte beside every character."""
    head = data[:200]
    return len(head) >= 4 and (
        head[0::2].count(0) > len(head) // 4 or head[1::2].count(0) > len(head) // 4
    )


_OPENING = re.compile(r"\A---[ \t]*\n")


def split(text: str, path: str) -> SplitSource:
    """Split front matter from body, refusing anything that is not a clean header."""
    if not text.strip():
        raise SourceProblem(
            SourceError(
                path,
                1,
                None,
                "the file is empty: start it with a line '---', the fields, and another '---'",
            )
        )
    if not _OPENING.match(text):
        raise SourceProblem(
            SourceError(
                path, 1, None, "no front matter found: did you forget the opening '---' line?"
            )
        )
    parts = _HANDLER.FM_BOUNDARY.split(text, 2)
    if len(parts) < 3:
        raise SourceProblem(
            SourceError(
                path,
                1,
                None,
                "the front matter is not closed: add a line '---' after the last field",
            )
        )
    _, header, body = parts
    if body.startswith("\n"):
        body = body[1:]
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    # the header keeps the newline that ends the opening '---', so it starts on line 1
    values = parse_mapping(header, path, 1)
    return SplitSource(values, 1, body, body_line)


# YAML ends a line at each of these too: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR
_YAML_BREAK = re.compile("[\n\x85\u2028\u2029]")


class Lines:
    """File lines of YAML's lines: YAML also breaks lines at U+0085, U+2028 and U+2029,
    which editors and sitegen's messages do not, so a YAML line is mapped back to the file
    line it is on (without those characters, the two are the same)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.newlines: list[int] | None = None  # YAML line -> file newlines before it
        if "\x85" in text or "\u2028" in text or "\u2029" in text:
            newlines, table = 0, [0]
            for match in _YAML_BREAK.finditer(text):
                newlines += match.group() == "\n"
                table.append(newlines)
            self.newlines = table

    def __call__(self, yaml_line: int) -> int:
        if self.newlines is None:
            return self.first_line + yaml_line
        return self.first_line + self.newlines[min(yaml_line, len(self.newlines) - 1)]


def parse_mapping(text: str, path: str, first_line: int) -> dict[str, Located]:
    """Parse YAML text whose first line is file line ``first_line`` into located values."""
    lines = Lines(text, first_line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise SourceProblem(_yaml_error(exc, path, lines)) from None
    except yaml.YAMLError as exc:
        raise SourceProblem(SourceError(path, first_line, None, f"YAML error: {exc}")) from None
    except RecursionError:
        raise SourceProblem(
            SourceError(path, first_line, None, "values are nested too deeply: flatten them")
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise SourceProblem(
            SourceError(
                path,
                lines(node.start_mark.line),
                None,
                "the front matter must be a list of 'field: value' lines",
            )
        )
    builder = _Builder(path, lines)
    result = builder.build(node)
    assert isinstance(result, dict)
    return result


def _yaml_error(exc: yaml.MarkedYAMLError, path: str, lines: Lines) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    line = lines(mark.line if mark is not None else 0)
    problem = exc.problem or "invalid YAML"
    hint = ""
    if "tab" in problem:
        hint = ": indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = ": put quotes around a value that contains ': '"
    elif "could not find expected ':'" in problem:
        hint = ": every line needs 'field: value' (quote values that span lines)"
    return SourceError(path, line, None, f"YAML syntax error: {problem}{hint}")


MAX_NESTING = 20
_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Turns composed YAML nodes into Located values, refusing aliases, duplicate keys and
    nesting deeper than any front matter needs (which would otherwise exhaust the stack)."""

    def __init__(self, path: str, lines: Lines) -> None:
        self.path = path
        self.lines = lines
        self.seen: set[int] = set()
        self.depth = 0
        # the constructor alone: a whole SafeLoader would set up a pure-Python reader,
        # scanner and parser for every file, only to construct its values
        self.constructor = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return self.lines(int(node.start_mark.line))

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            raise SourceProblem(
                SourceError(
                    self.path,
                    self.line(node),
                    None,
                    "YAML anchors and aliases (&name, *name) are not allowed: write the value out",
                )
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise SourceProblem(
                    SourceError(
                        self.path,
                        self.line(node),
                        None,
                        f"values are nested more than {MAX_NESTING} levels deep: flatten them",
                    )
                )
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node)
                return [Located(self.build(item), self.line(item)) for item in node.value]
            finally:
                self.depth -= 1
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value  # what the constructor gives a string, a call chain sooner
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. 2025-02-29 looks like a date but is none: keep the text, and let the
            # field's own validator explain what is wrong with it
            return str(node.value)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Located]:
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SourceProblem(
                    SourceError(self.path, line, None, "YAML merge keys (<<) are not allowed")
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceProblem(
                    SourceError(self.path, line, None, "a field name must be plain text")
                )
            key = str(key_node.value)
            if key in result:
                raise SourceProblem(
                    SourceError(
                        self.path,
                        line,
                        key,
                        f"duplicate field (first given on line {result[key].line}): keep only one",
                    )
                )
            result[key] = Located(self.build(value_node), line)
        return result
