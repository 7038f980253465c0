"""The validated manual: the models of every file plus derived, read-only facts.

Layer: source (the lowest). Produced by the loader, read by the rules, the domain views
and every renderer. It is frozen; derived facts ("which steps apply control C", "who
is accountable for step S", "which roles take part in a step", the flow graph, the
role order) are computed once here, so no later layer re-derives them differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from pydantic import BaseModel

from generator.source.findings import Location
from generator.source.models import (
    Control,
    FaqEntry,
    FaqTopic,
    Procedure,
    Risk,
    Role,
    RoleKind,
    Settings,
    Status,
    Step,
    StepKind,
)
from generator.source.pages import Page
from generator.source.siteconfig import SiteConfig
from generator.source.yamlfile import Marks, Path_

_T = TypeVar("_T", Role, Control, Risk, Procedure)
RACI = "RACI"
#: the letters of the roles trained on a step: informed roles only hear of the outcome
LEARNERS = "RAC"


@dataclass(frozen=True)
class Manual:
    """Everything the generator knows about one manual, validated and indexed."""

    settings: Settings
    procedures: tuple[Procedure, ...] = ()
    roles: tuple[Role, ...] = ()
    risks: tuple[Risk, ...] = ()
    controls: tuple[Control, ...] = ()
    faq: tuple[FaqTopic, ...] = ()
    #: the hand-written pages of templates/pages, published under guide/
    pages: tuple[Page, ...] = ()
    #: what the pages need from mkdocs.yml (None: there is no mkdocs.yml)
    site: SiteConfig | None = None
    #: id() of every model object → (file marks, path inside the file); see ``where``.
    origins: Mapping[int, tuple[Marks, Path_]] = field(default_factory=dict, repr=False)

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
        """Procedures in the navigation and the site's lists: not retired (drafts included)."""
        return tuple(p for p in self.procedures if p.status is not Status.RETIRED)

    @cached_property
    def active(self) -> tuple[Procedure, ...]:
        """Procedures in force: the ones with checklists and quizzes (not drafts, not retired)."""
        return tuple(p for p in self.procedures if p.status is Status.ACTIVE)

    # --- derived facts of steps -------------------------------------------------------------

    @cached_property
    def _flows(self) -> dict[int, dict[str, tuple[str, ...]]]:
        flows = {}
        for proc in self.procedures:
            ids = {s.id for s in proc.steps}
            flows[id(proc)] = {
                step.id: tuple(n for n in successors(proc, i) if n in ids)
                for i, step in enumerate(proc.steps)
            }
        return flows

    def flow(self, proc: Procedure) -> Mapping[str, tuple[str, ...]]:
        """The flow graph of ``proc``: step id → the ids of the steps that follow it.

        Targets that name no step of the procedure (E020) are left out.
        """
        return self._flows[id(proc)]

    @cached_property
    def _letters(self) -> dict[int, dict[str, frozenset[str]]]:
        return {id(s): _step_letters(p, s) for p, s in self.steps()}

    def letters(self, step: Step) -> Mapping[str, frozenset[str]]:
        """RACI of a step: role id → its letters (R, A, C, I); an end step has none.

        ``step`` must be a step of this manual (the facts are computed once for all).
        """
        return self._letters[id(step)]

    def participants(self, step: Step, letters: str = RACI) -> tuple[str, ...]:
        """Roles holding any of ``letters`` at a step, in R, A, C, I order.

        ``"RACI"``: everyone named (a distractor pool must avoid them all); ``"RAC"``: the
        roles whose training covers the step (informed roles only hear of the outcome).
        """
        wanted = set(letters)
        # insertion order of the letters is owner, accountable, consulted, informed
        return tuple(r for r, held in self._letters[id(step)].items() if held & wanted)

    @cached_property
    def learner_roles(self) -> frozenset[str]:
        """Roles that take part (R, A or C) in a step of a procedure in force: they have quizzes."""
        return frozenset(
            r for p in self.active for s in p.steps for r in self.participants(s, LEARNERS)
        )

    @cached_property
    def role_order(self) -> tuple[Role, ...]:
        """Every role in display order: staff, then the customer side, then outside parties."""
        return tuple(sorted(self.roles, key=role_sort_key))

    @cached_property
    def role_rank(self) -> dict[str, int]:
        """Role id → position in ``role_order`` (unknown ids sort last)."""
        return {r.id: i for i, r in enumerate(self.role_order)}

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


_KIND_ORDER = {RoleKind.STAFF: 0, RoleKind.CUSTOMER: 1, RoleKind.EXTERNAL: 2}


def role_sort_key(role: Role) -> tuple[int, str]:
    """Staff first, then customer side, then outside parties; by id within each."""
    return (_KIND_ORDER[role.kind], role.id)


def _step_letters(proc: Procedure, step: Step) -> dict[str, frozenset[str]]:
    if step.kind is StepKind.END:
        return {}
    found: dict[str, set[str]] = {}
    if step.owner:
        found.setdefault(step.owner, set()).add("R")
    found.setdefault(accountable(proc, step), set()).add("A")
    for role in step.consulted:
        found.setdefault(role, set()).add("C")
    for role in step.informed:
        found.setdefault(role, set()).add("I")
    return {role: frozenset(held) for role, held in found.items()}


def _first_by_id(items: tuple[_T, ...]) -> dict[str, _T]:
    result: dict[str, _T] = {}
    for item in items:
        result.setdefault(item.id, item)
    return result
