"""Applying the fuzzer's mutations (``tests/fuzz.py``) to a copy of the base manual.

Each ``m_<kind>`` edits files in place; a mutation that finds nothing to edit (a file
already deleted by an earlier one) does nothing. Text edits work on bytes, so a file an
earlier mutation broke is edited as it is.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .fuzz import Mutation

SECRET = "FUZZ_SECRET=do-not-publish\n"


def apply(root: Path, outside: Path, plan: list[tuple[str, Mutation]]) -> None:
    """Apply every mutation of ``plan`` to the manual in ``root`` (``outside``: a folder beside)."""
    for kind, args in plan:
        if kind == "file":
            m_file(root, outside, *args)
        else:
            MUTATORS[kind](root, *args)


def _lines(root: Path, rel: str) -> list[bytes] | None:
    path = root / rel
    if not path.is_file() or path.is_symlink():
        return None
    return path.read_bytes().splitlines(keepends=True) or None


def _write(root: Path, rel: str, lines: list[bytes]) -> None:
    (root / rel).write_bytes(b"".join(lines))


def _valued(lines: list[bytes], keys: tuple[bytes, ...] = ()) -> list[int]:
    """Indices of the lines holding ``key: value`` (with one of ``keys``, when given)."""
    found = []
    for i, line in enumerate(lines):
        key, sep, _rest = line.partition(b": ")
        if sep and not line.lstrip().startswith(b"#") and (not keys or key.strip(b" -") in keys):
            found.append(i)
    return found


def _replace_value(
    root: Path, rel: str, spots: list[int], index: int, value: Callable[[int], str]
) -> None:
    lines = _lines(root, rel)
    if not lines or not spots:
        return
    i = spots[index % len(spots)]
    key = lines[i].decode("utf-8", "replace").partition(": ")[0]
    indent = len(key) - len(key.lstrip(" -"))
    lines[i] = f"{key}: {value(indent)}\n".encode("utf-8", "surrogatepass")
    _write(root, rel, lines)


def _render(value: str, style: str, indent: int) -> str:
    if style == "double":
        return json.dumps(value)  # a JSON string is a YAML double-quoted one
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "block":
        pad = " " * (indent + 2)
        return "|\n" + "\n".join(pad + ln for ln in value.split("\n"))
    return value


def m_value(root: Path, rel: str, index: int, value: str, style: str) -> None:
    spots = _valued(_lines(root, rel) or [])
    _replace_value(root, rel, spots, index, lambda indent: _render(value, style, indent))


_TEXT_KEYS = tuple(
    k.encode()
    for k in [
        "title",
        "name",
        "summary",
        "trigger",
        "when",
        "instructions",
        "question",
        "answer",
        "correct",
        "description",
        "objective",
        "evidence",
        "topic",
        "category",
        "sla",
        "control_waiver",
        "department",
        "frequency",
        "code",
        "label",
        "organisation",
        "details",
        "threshold",
        "scope",
        "response",
    ]
)


def m_text(root: Path, rel: str, index: int, value: str, style: str) -> None:
    """Hostile text in a text field or a list item: it should load, and come out inert."""
    lines = _lines(root, rel) or []
    items = [i for i, ln in enumerate(lines) if re.match(rb"^\s+- [^:#]+$", ln.rstrip(b"\r\n"))]
    spots = sorted(_valued(lines, _TEXT_KEYS) + items)
    if not spots:
        return
    i = spots[index % len(spots)]
    if i in items:
        head = lines[i].split(b"- ", 1)[0] + b"- "
        lines[i] = head + json.dumps(value).encode() + b"\n"
        _write(root, rel, lines)
    else:
        _replace_value(root, rel, spots, index, lambda indent: _render(value, style, indent))


_REFERENCES = (b"next", b"owner", b"checks", b"procedure", b"accountable", b"id", b"approver")


def m_reference(root: Path, rel: str, index: int, ident: str) -> None:
    spots = _valued(_lines(root, rel) or [], _REFERENCES)
    _replace_value(root, rel, spots, index, lambda _indent: ident)


def m_tag(root: Path, rel: str, index: int, tag: str) -> None:
    lines = _lines(root, rel) or []
    spots = _valued(lines)
    if spots:
        old = lines[spots[index % len(spots)]].decode("utf-8", "replace").partition(": ")[2]
        _replace_value(root, rel, spots, index, lambda _i: f"{tag} {old.rstrip()}")


def m_anchor(root: Path, rel: str, index: int, alias: bool) -> None:
    spots = _valued(_lines(root, rel) or [])
    _replace_value(root, rel, spots, index, lambda _i: "*a" if alias else "&a x")


def m_nest(root: Path, rel: str, index: int, depth: int, bracket: str) -> None:
    def nested(indent: int) -> str:
        if bracket == "[":
            return "[" * depth + "]" * depth
        if bracket == "{":
            return "{a: " * depth + "x" + "}" * depth
        return "".join("\n" + " " * (indent + 2 + 2 * i) + "- " for i in range(depth)) + "x"

    _replace_value(root, rel, _valued(_lines(root, rel) or []), index, nested)


def m_line(root: Path, rel: str, index: int, op: str) -> None:
    lines = _lines(root, rel)
    if not lines:
        return
    i = index % len(lines)
    j = (i + 1) % len(lines)
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = b"  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith(b"  ") else lines[i].lstrip()
    else:  # join with the next line
        lines[i] = lines[i].rstrip(b"\r\n") + b" "
    _write(root, rel, lines)


def m_bytes(root: Path, rel: str, index: int, data: bytes) -> None:
    path = root / rel
    if path.is_file() and not path.is_symlink():
        raw = path.read_bytes()
        at = index % (len(raw) + 1)
        path.write_bytes(raw[:at] + data + raw[at:])


def m_truncate(root: Path, rel: str, index: int) -> None:
    path = root / rel
    if path.is_file() and not path.is_symlink():
        raw = path.read_bytes()
        path.write_bytes(raw[: index % (len(raw) + 1)])


def m_tree(root: Path, rel: str, index: int, op: str, other: int) -> None:
    """A YAML-aware edit: load, change one node of the data, dump."""
    path = root / rel
    try:
        raw = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        data = yaml.load(raw, Loader=yaml.CSafeLoader)  # a file an earlier mutation broke,
    except (yaml.YAMLError, RecursionError, ValueError):  # or nested deep: left as it is
        return
    if not isinstance(data, dict):
        return
    spots = list(_nodes(data))
    if not spots:
        return
    parent, key = spots[index % len(spots)]
    _edit(parent, key, op, spots[other % len(spots)])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _nodes(data: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every node below the top."""
    found: list[tuple[Any, Any]] = []
    todo = [data]
    while todo:
        node = todo.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            found.append((node, key))
            if isinstance(value, dict | list):
                todo.append(value)
    return found


def _edit(parent: Any, key: Any, op: str, other: tuple[Any, Any]) -> None:
    value = parent[key]
    if op == "delete":
        del parent[key]
    elif op in ("null", "empty", "number"):
        parent[key] = {"null": None, "empty": "", "number": 12}[op]
    elif op == "list":
        parent[key] = [value]
    elif op == "mapping":
        parent[key] = {"x": value}
    elif op == "copy":
        source, skey = other
        if skey in source:
            parent[key] = (
                source[skey] if not isinstance(source, list) or skey < len(source) else value
            )
    elif isinstance(parent, list):
        if op == "duplicate":
            parent.insert(key, value)
        elif op == "drop":
            del parent[key]
        elif op == "swap" and len(parent) > 1:
            j = (key + 1) % len(parent)
            parent[key], parent[j] = parent[j], parent[key]


def m_page(root: Path, snippets: list[str], index: int) -> None:
    names = ["guide.md", "glossary.md", "new-page.md"]
    path = root / "templates/pages" / names[index % len(names)]
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text("utf-8", "replace") if path.is_file() and not path.is_symlink() else ""
    at = index % (len(old) + 1)
    path.write_text(
        old[:at] + "".join(snippets) + old[at:], encoding="utf-8", errors="surrogatepass"
    )


def m_file(root: Path, outside: Path, folder: str, op: str, index: int) -> None:
    """A change of the folder itself: a file deleted, added, linked, a pipe, a folder."""
    base = root / folder
    base.mkdir(parents=True, exist_ok=True)
    present = sorted(p for p in base.iterdir() if p.is_file() and not p.is_symlink())
    new = base / ("extra.md" if folder.endswith("pages") else f"extra-{index % 7}.yml")
    if op == "delete" and present:
        present[index % len(present)].unlink()
    elif op == "copy" and present:
        new.write_bytes(present[index % len(present)].read_bytes())
    elif not os.path.lexists(new):
        _add(new, outside, op, present)


def _add(new: Path, outside: Path, op: str, present: list[Path]) -> None:
    secret = outside / "secret.txt"
    secret.write_text(SECRET)
    if op == "empty":
        new.write_bytes(b"")
    elif op == "folder":
        new.mkdir()
    elif op == "fifo":
        os.mkfifo(new)
    elif op == "dangling":
        new.symlink_to(new.with_name("nothing-here"))
    elif op == "link-out":
        new.symlink_to(secret)
    elif op == "link-in" and present:
        new.symlink_to(present[0])
    elif op == "not-yaml":
        new.with_suffix(".txt").write_text("notes\n")
    elif op == "bad-utf8":
        new.write_bytes(b"id: x\nname: \xff\xfe\n")
    elif op == "huge":
        new.write_bytes(b"id: x\nname: " + b"x" * (1024 * 1024) + b"\n")


MUTATORS: dict[str, Callable[..., None]] = {
    "text": m_text,
    "value": m_value,
    "reference": m_reference,
    "tree": m_tree,
    "line": m_line,
    "bytes": m_bytes,
    "truncate": m_truncate,
    "nest": m_nest,
    "tag": m_tag,
    "anchor": m_anchor,
    "page": m_page,
}
