"""Safe YAML reading with line/column marks: bytes → plain data + marks, or findings.

Layer: source (the first half of loading). Every scalar is kept as the author
wrote it (a string), so YAML 1.1's traps — ``when: yes`` read as a boolean,
``version: 1.0`` read as a float — cannot silently change a value; pydantic then
converts the strings of typed fields (dates, integers, booleans) and reports the
ones it cannot. Anchors and aliases are refused from the event stream, before any
expansion, so an alias bomb costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

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


def _check_events(path: str, text: str) -> Finding | None:
    """Refuse anchors and aliases from the event stream (no expansion happens)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return _finding(
                path,
                event.start_mark,
                "E003",
                "anchors (&) and aliases (*) are not allowed: write the value out in full",
            )
    return None


def read_yaml(path: str, raw: bytes) -> tuple[Data, Marks | None, list[Finding]]:
    """Parse one file into plain data (strings, lists, dicts, None) and marks.

    Args:
        path: the file's path relative to the manual, used in findings.
        raw: the file's bytes.

    Returns:
        ``(data, marks, findings)``; data is ``None`` when the file could not be read.
    """
    text, problem = _decode(path, raw)
    if problem is not None or text is None:
        return None, None, [problem] if problem else []
    node, problem = _compose(path, text)
    if problem is not None:
        return None, None, [problem]
    if node is None:
        return None, None, [Finding(Location(path), "E004", "file is empty: add content")]
    if not isinstance(node, yaml.MappingNode):
        message = "the top level must be a mapping (key: value)"
        return None, None, [_finding(path, node.start_mark, "E004", message)]
    marks = Marks(path)
    findings: list[Finding] = []
    data = _convert(node, (), marks, findings)
    return data, marks, findings


def _compose(path: str, text: str) -> tuple[yaml.Node | None, Finding | None]:
    """The document's node tree, or the finding of why there is none."""
    try:
        alias = _check_events(path, text)
        if alias is not None:
            return None, alias
        return yaml.compose(text, Loader=_Loader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem_text = exc.problem or "invalid YAML"
        message = f"YAML syntax error: {problem_text}{_advice(problem_text)}"
        return None, _finding(path, mark, "E001", message)
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        return None, Finding(Location(path), "E001", f"YAML syntax error: {exc}")


def _convert(node: yaml.Node, loc: Path_, marks: Marks, findings: list[Finding]) -> Data:
    marks.values[loc] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL_TAG and node.style is None:
            return None
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*loc, i), marks, findings) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    result: dict[str, Data] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            findings.append(
                _finding(marks.path, key_node.start_mark, "E010", "a key must be plain text")
            )
            continue
        key = str(key_node.value)
        if key in result:
            first = marks.keys[(*loc, key)]
            findings.append(
                _finding(
                    marks.path,
                    key_node.start_mark,
                    "E002",
                    f"duplicate key '{key}' (first at line {first[0]}): keep one of them",
                )
            )
            continue
        marks.keys[(*loc, key)] = _mark(key_node)
        result[key] = _convert(value_node, (*loc, key), marks, findings)
    return result
