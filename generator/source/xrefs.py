"""Links by id in author Markdown: ``procedure:ID#step``, ``role:ID``, ``control:ID`` ….

Layer: source. The forms a link by id may take, the Markdown fields they may appear in,
what they resolve to in a manual, and what to tell an author whose link points at nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from generator.source.manual import Manual

# What a link in author Markdown may point at by id: procedure:ID#step, role:ID, …
XREF_KINDS = "procedure|role|control|risk|faq"
XREF = re.compile(rf"^(?P<kind>{XREF_KINDS}):(?P<id>[\w-]+)(?:#(?P<anchor>[\w-]+))?$")
# a link meant as a cross-reference, well-formed or not
XREF_SCHEME = re.compile(rf"^({XREF_KINDS}):")


def unresolved(target: str, field: str | None = None) -> str:
    """What to tell an author whose link by id points at nothing."""
    where = f" in '{field}'" if field else ""
    return (
        f"link '{target}'{where} points at nothing: check the id "
        "(procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)"
    )


def xref(manual: Manual, target: str) -> tuple[str, str, str | None] | None:
    """(kind, id, anchor) of a cross-reference when the thing exists, else None.

    Targets: ``procedure:ID``, ``procedure:ID#step``, ``role:ID``, ``control:ID``,
    ``risk:ID``, ``faq:ENTRY``.
    """
    found = XREF.match(target)
    if found is None:
        return None
    kind, ident, anchor = found["kind"], found["id"], found["anchor"]
    if kind == "procedure":
        proc = manual.procedure_by_id.get(ident)
        ok = proc is not None and (anchor is None or any(s.id == anchor for s in proc.steps))
    elif kind == "role":
        ok = ident in manual.role_by_id and anchor is None
    elif kind == "control":
        ok = ident in manual.control_by_id and anchor is None
    elif kind == "risk":
        ok = ident in manual.risk_by_id and anchor is None
    else:
        ok = anchor is None and any(e.id == ident for _t, e in manual.faq_entries)
    return (kind, ident, anchor) if ok else None


def markdown_texts(manual: Manual) -> Iterator[tuple[BaseModel, str, str]]:
    """Every Markdown field of the manual: (object, field name, text)."""
    for proc in manual.procedures:
        yield from _texts(proc, "summary", "scope")
        for case in proc.exceptions:
            yield from _texts(case, "description")
        for release in proc.history:
            yield from _texts(release, "details")
        for step in proc.steps:
            yield from _texts(step, "instructions")
    for role in manual.roles:
        yield from _texts(role, "summary")
    for risk in manual.risks:
        yield from _texts(risk, "description")
    for control in manual.controls:
        yield from _texts(control, "objective")
    for _topic, entry in manual.faq_entries:
        yield from _texts(entry, "answer")


def _texts(obj: BaseModel, *names: str) -> Iterator[tuple[BaseModel, str, str]]:
    for name in names:
        text = getattr(obj, name)
        if text:
            yield obj, name, text
