"""The validated manual: the models of every file plus derived, read-only indexes.

Pipeline position: produced by *load*, read by *checks* and every renderer. It is
frozen; derived facts ("which steps apply control C", "who is accountable for step
S") are computed once here, so renderers never re-derive them differently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from pydantic import BaseModel

from generator.findings import Location
from generator.models import (
    Control,
    FaqEntry,
    FaqTopic,
    Procedure,
    Risk,
    Role,
    Settings,
    Status,
    Step,
    StepKind,
)
from generator.yamlsource import Marks, Path_

_T = TypeVar("_T", Role, Control, Risk, Procedure)


@dataclass(frozen=True)
class Manual:
    """Everything the generator knows about one manual, validated and indexed."""

    settings: Settings
    procedures: tuple[Procedure, ...] = ()
    roles: tuple[Role, ...] = ()
    risks: tuple[Risk, ...] = ()
    controls: tuple[Control, ...] = ()
    faq: tuple[FaqTopic, ...] = ()
    #: id() of every model object → (file marks, path inside the file); see ``where``.
    origins: Mapping[int, tuple[Marks, Path_]] = field(default_factory=dict, repr=False)
    #: relative path of the file each procedure, role and FAQ topic was read from
    files: Mapping[int, str] = field(default_factory=dict, repr=False)

    # --- locations ------------------------------------------------------------------------

    def where(self, obj: BaseModel, *sub: str | int, key: bool = False) -> Location:
        """Source location of ``obj`` (or of its field ``sub``) for findings."""
        origin = self.origins.get(id(obj))
        if origin is None:
            return Location("<unknown>")
        marks, base = origin
        return marks.at((*base, *sub), key=key)

    def file_of(self, obj: BaseModel) -> str:
        """Relative path of the file that defined ``obj``."""
        origin = self.origins.get(id(obj))
        return origin[0].path if origin else "<unknown>"

    # --- indexes --------------------------------------------------------------------------

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        """Roles by id (the first wins if duplicated; E012 reports duplicates)."""
        return _first_by_id(self.roles)

    @cached_property
    def control_by_id(self) -> dict[str, Control]:
        """Controls by id."""
        return _first_by_id(self.controls)

    @cached_property
    def risk_by_id(self) -> dict[str, Risk]:
        """Risks by id."""
        return _first_by_id(self.risks)

    @cached_property
    def procedure_by_id(self) -> dict[str, Procedure]:
        """Procedures by id."""
        return _first_by_id(self.procedures)

    @cached_property
    def faq_entries(self) -> tuple[tuple[FaqTopic, FaqEntry], ...]:
        """Every FAQ entry with its topic, in file order."""
        return tuple((topic, entry) for topic in self.faq for entry in topic.entries)

    @cached_property
    def published(self) -> tuple[Procedure, ...]:
        """Procedures in the navigation, quizzes and checklists: not retired."""
        return tuple(p for p in self.procedures if p.status is not Status.RETIRED)

    def steps(self) -> Iterator[tuple[Procedure, Step]]:
        """Every step of every procedure, in order."""
        for proc in self.procedures:
            for step in proc.steps:
                yield proc, step

    @cached_property
    def steps_by_control(self) -> dict[str, tuple[tuple[Procedure, Step], ...]]:
        """Control id → the steps that apply it."""
        found: dict[str, list[tuple[Procedure, Step]]] = {}
        for proc, step in self.steps():
            for control in step.controls:
                found.setdefault(control, []).append((proc, step))
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def controls_by_risk(self) -> dict[str, tuple[Control, ...]]:
        """Risk id → the controls that mitigate it."""
        found: dict[str, list[Control]] = {}
        for control in self.controls:
            for risk in control.risks:
                found.setdefault(risk, []).append(control)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def faq_by_step(self) -> dict[tuple[str, str], tuple[FaqEntry, ...]]:
        """(procedure id, step id) → FAQ entries that refer to it."""
        found: dict[tuple[str, str], list[FaqEntry]] = {}
        for _topic, entry in self.faq_entries:
            for ref in entry.refs:
                proc_id, _, step_id = ref.partition("#")
                found.setdefault((proc_id, step_id), []).append(entry)
        return {k: tuple(v) for k, v in found.items()}


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


def normalise(text: str) -> str:
    """Comparison form of an answer: case and spacing do not make two answers differ."""
    return " ".join(text.split()).casefold()


def accountable(proc: Procedure, step: Step) -> str:
    """A of a step: its own ``accountable`` or the procedure's owner."""
    return step.accountable or proc.owner


def successors(proc: Procedure, index: int) -> tuple[str, ...]:
    """Ids of the steps that follow ``proc.steps[index]`` in the flow."""
    step = proc.steps[index]
    if step.kind is StepKind.END:
        return ()
    if step.kind is StepKind.DECISION:
        return tuple(b.next for b in step.branches)
    if step.next:
        return (step.next,)
    if index + 1 < len(proc.steps):
        return (proc.steps[index + 1].id,)
    return ()


def next_review(proc: Procedure) -> dt.date:
    """Date the next review is due: last review plus the cycle (day clamped to the month)."""
    last = proc.review.last_reviewed
    months = last.month - 1 + proc.review.cycle_months
    year, month = last.year + months // 12, months % 12 + 1
    if year > dt.MAXYEAR:  # "reviewed 9999-12-31": never due, and no crash
        return dt.date.max
    for day in (last.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")  # pragma: no cover


def _first_by_id(items: tuple[_T, ...]) -> dict[str, _T]:
    result: dict[str, _T] = {}
    for item in items:
        result.setdefault(item.id, item)
    return result
