"""What a YAML file may not hold, found in its text and its event stream, before any node.

Layer: source (part of reading YAML, used by ``yamlfile``). The event stream is flat —
PyYAML's parser is a state machine in either build — so refusing here costs nothing
whatever the input: an alias bomb is never expanded, and a document nested a thousand
levels deep is refused before the composer (recursive in pure Python) or our own
conversion could recurse into it.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.source import characters
from generator.source.findings import Finding, Location

#: deeper than any manual needs (a decision branch is 5 levels down), far below recursion
MAX_DEPTH = 32
#: the most control-character lines reported per file (a binary file would give thousands)
MAX_REPORTED = 5
#: the tags of plain YAML data; every scalar is read as text whichever it carries
TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep: a manual file never needs this; close the "
    "brackets or un-indent"
)
PLAIN_TAGS = frozenset(
    {"!"}
    | {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
    | {f"tag:yaml.org,2002:{t}" for t in ("seq", "map", "timestamp")}
)


def text_findings(path: str, text: str) -> list[Finding]:
    """A finding at each line holding a control character (the first few lines)."""
    return [
        Finding(Location(path, line, col), "E005", message)
        for line, col, message in characters.control_problems(text, MAX_REPORTED)
    ]


def event_finding(
    path: str, text: str, loader: type[yaml.SafeLoader], *, any_tag: bool = False
) -> Finding | None:
    """The first anchor, alias, too-deep collection or foreign tag of ``text``, or None.

    Args:
        path: the file's path in findings.
        text: the file's text (already free of control characters).
        loader: the PyYAML loader class whose parser reads the events.
        any_tag: accept every tag (``mkdocs.yml``, whose ``!ENV`` and
            ``!!python/name:`` tags are MkDocs' own, read as text here).
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return _at(
                path,
                event,
                "E003",
                "anchors (&) and aliases (*) are not allowed: write the value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in PLAIN_TAGS and not any_tag:
            return _at(path, event, "E007", _tag_message(tag))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _at(path, event, "E006", TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the tag {characters.printable(shown)} is not allowed: a manual file holds plain "
        "text, lists and mappings; delete the tag (quote the value if it must start with !)"
    )


def _at(path: str, event: Any, code: str, message: str) -> Finding:
    mark = event.start_mark
    return Finding(Location(path, mark.line + 1, mark.column + 1), code, message)
