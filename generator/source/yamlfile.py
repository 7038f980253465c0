"""Safe YAML reading with line/column marks: bytes → plain data + marks, or findings.

Layer: source (the first half of loading). Every scalar is kept as the author
wrote it (a string), so YAML 1.1's traps — ``when: yes`` read as a boolean,
``version: 1.0`` read as a float — cannot silently change a value; pydantic then
converts the strings of typed fields (dates, integers, booleans) and reports the
ones it cannot. What the reader refuses it refuses from the text and the event stream
(``yamlevents``) before any node is built: control characters at their line and column,
anchors and aliases (so an alias bomb costs nothing), nesting deeper than
``MAX_DEPTH`` (so nothing recurses deep) and tags other than YAML's plain ones. The
result is the same with PyYAML's C parser and with its pure-Python one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.source import characters, yamlevents
from generator.source.findings import Finding, Location

MAX_BYTES = 1024 * 1024
Path_ = tuple[str | int, ...]
Data = dict[str, "Data"] | list["Data"] | str | None

try:  # the C parser is several times faster; fall back to pure Python where it is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class Marks:
    """Where each value (and each mapping key) of one file sits."""

    path: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, loc: Path_, *, key: bool = False) -> Location:
        """Location of the node at ``loc``, or of its nearest existing ancestor."""
        if key and loc in self.keys:
            line, col = self.keys[loc]
            return Location(self.path, line, col)
        probe = tuple(loc)
        while probe not in self.values and probe:
            probe = probe[:-1]
        line, col = self.values.get(probe, (1, 1))
        return Location(self.path, line, col)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _finding(path: str, mark: Any, code: str, message: str) -> Finding:
    if mark is None:
        return Finding(Location(path), code, message)
    return Finding(Location(path, mark.line + 1, mark.column + 1), code, message)


def _decode(path: str, raw: bytes) -> tuple[str | None, Finding | None]:
    if len(raw) > MAX_BYTES:
        return None, Finding(
            Location(path), "E004", f"file is {len(raw)} bytes, over the 1 MiB limit: split it"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Finding(
            Location(path, line, col),
            "E004",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, Finding(Location(path), "E004", "file is empty: add content or delete it")
    return text, None


def _advice(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return " — a value containing ': ' must be quoted, e.g. title: \"办理: 开户\""
    if "found character '\\t'" in problem or "\\t" in problem:
        return " — indent with spaces, not tabs"
    if "found undefined alias" in problem or "anchor" in problem:
        return ""
    return ""


def read_yaml(
    path: str, raw: bytes, *, any_tag: bool = False
) -> tuple[Data, Marks | None, list[Finding]]:
    """Parse one file into plain data (strings, lists, dicts, None) and marks.

    Args:
        path: the file's path relative to the manual, used in findings.
        raw: the file's bytes.
        any_tag: accept every tag, its value read as text (``mkdocs.yml`` only).

    Returns:
        ``(data, marks, findings)``; data is ``None`` when the file could not be read.
    """
    text, problem = _decode(path, raw)
    if problem is not None or text is None:
        return None, None, [problem] if problem else []
    controls = yamlevents.text_findings(path, text)
    if controls:
        return None, None, controls
    node, problem = _compose(path, text, any_tag)
    if problem is not None:
        return None, None, [problem]
    if node is None:
        return None, None, [Finding(Location(path), "E004", "file is empty: add content")]
    if not isinstance(node, yaml.MappingNode):
        message = "the top level must be a mapping (key: value)"
        return None, None, [_finding(path, node.start_mark, "E004", message)]
    reader = _Reader(text, Marks(path), [])
    data = reader.convert(node, ())
    return data, reader.marks, reader.findings


def _compose(path: str, text: str, any_tag: bool) -> tuple[yaml.Node | None, Finding | None]:
    """The document's node tree, or the finding of why there is none (at a place the file has)."""
    node, problem = _parse(path, text, any_tag)
    if problem is None:
        return node, None
    line, col = characters.within(text, problem.location.line, problem.location.col)
    return None, Finding(Location(path, line, col), problem.code, problem.message)


def _parse(path: str, text: str, any_tag: bool) -> tuple[yaml.Node | None, Finding | None]:
    try:
        refused = yamlevents.event_finding(path, text, _Loader, any_tag=any_tag)
        if refused is not None:
            return None, refused
        return yaml.compose(text, Loader=_Loader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem_text = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem_text:  # libyaml's own limit, met while scanning ahead
            return None, _finding(path, mark, "E006", yamlevents.TOO_DEEP)
        message = f"YAML syntax error: {problem_text}{_advice(problem_text)}"
        return None, _finding(path, mark, "E001", message)
    except yaml.reader.ReaderError as exc:  # the text scan refuses these first
        line, col = characters.position(text, exc.position)
        return None, Finding(Location(path, line, col), "E005", f"unreadable: {exc.reason}")
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        first = str(exc).partition("\n")[0]
        return None, Finding(Location(path), "E001", f"YAML syntax error: {first}")


# a YAML escape in a double-quoted scalar: how a control character gets past the text scan
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtvnfreNLP_\\])")
_ESCAPES = {
    **{"\\": "\\", "0": "\0", "a": "\a", "b": "\b", "t": "\t", "v": "\v", "n": "\n"},
    **{"f": "\f", "r": "\r", "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029", "_": "\xa0"},
}


@dataclass
class _Reader:
    """Nodes → plain data, recording marks and refusing forbidden characters in values."""

    text: str
    marks: Marks
    findings: list[Finding]

    def convert(self, node: yaml.Node, loc: Path_) -> Data:
        self.marks.values[loc] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            # plain style is None in pure Python, '' in the C parser: `~` is null in both
            if node.tag == _NULL_TAG and not node.style:
                return None
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Data] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.refuse(key_node, "E010", "a key must be plain text")
                continue
            key = self.scalar(key_node)
            if key in result:
                first = self.marks.keys[(*loc, key)]
                message = f"duplicate key '{key}' (first at line {first[0]}): keep one of them"
                self.refuse(key_node, "E002", message)
                continue
            self.marks.keys[(*loc, key)] = _mark(key_node)
            result[key] = self.convert(value_node, (*loc, key))
        return result

    def scalar(self, node: yaml.ScalarNode) -> str:
        """The scalar's text; a finding at the escape that wrote a forbidden character."""
        value = str(node.value)
        bad = characters.first_forbidden(value)
        if bad is not None:
            line, col = self.escape_position(node)
            self.findings.append(
                Finding(
                    Location(self.marks.path, line, col),
                    "E005",
                    f"control character {characters.name(bad[1])} (written as an escape): "
                    "delete it; only tab and newline are allowed in text",
                )
            )
        return value

    def escape_position(self, node: yaml.ScalarNode) -> tuple[int, int]:
        """Where, in the file, the first escape of ``node`` that writes a forbidden character is."""
        start, end = node.start_mark.index, node.end_mark.index
        for found in _ESCAPE.finditer(self.text, start, end):
            code = found[1]
            char = _ESCAPES.get(code) or chr(int(code[1:], 16))
            if characters.first_forbidden(char):
                return characters.position(self.text, found.start())
        return _mark(node)

    def refuse(self, node: yaml.Node, code: str, message: str) -> None:
        self.findings.append(_finding(self.marks.path, node.start_mark, code, message))
