"""View models: what templates receive, built once from the Manual.

Layer: render. Templates stay loops and cells; every derived fact
(accountable role, links, key-control flags, review status) is computed here so
that each page type shows it the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.render.citing import SourceView, cite, named
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import Manual, accountable, next_review, successors
from generator.source.models import Control, FaqEntry, Procedure, Risk, Status, Step, StepKind
from generator.source.xrefs import xref


@dataclass(frozen=True)
class StepView:
    """A step with everything a page shows about it."""

    step: Step
    number: int
    owner: Ref | None
    accountable: Ref | None
    consulted: tuple[Ref, ...]
    informed: tuple[Ref, ...]
    controls: tuple[Ref, ...]
    evidence: tuple[str, ...]
    next: tuple[tuple[str, Ref], ...]
    calls: Ref | None
    checks: Ref | None
    faq: tuple[Ref, ...]
    sources: tuple[SourceView, ...] = ()

    @property
    def is_key(self) -> bool:
        """Whether the step applies a key control."""
        return any(c.key for c in self.controls)


@dataclass(frozen=True)
class ReviewState:
    """When the next review is due and whether it is late."""

    due: dt.date
    overdue: bool
    soon: bool


@dataclass(frozen=True)
class ProcedureView:
    """A procedure ready for templates."""

    proc: Procedure
    page: str
    owner: Ref
    approver: Ref
    steps: tuple[StepView, ...]
    review: ReviewState
    lanes: tuple[Ref, ...]
    future: bool
    sources: tuple[SourceView, ...] = ()
    regulations: tuple[SourceView, ...] = ()  # its `regulations:` by short name

    @property
    def ref(self) -> Ref:
        """Link to this procedure's page."""
        return Ref(self.proc.id, self.proc.title, self.page)


class Views:
    """Builds and caches view models for one render run."""

    def __init__(self, manual: Manual, today: dt.date, t: Callable[..., str]) -> None:
        self.manual = manual
        self.today = today
        self.t = t
        self._procedures: dict[str, ProcedureView] = {}

    def role(self, role_id: str | None) -> Ref | None:
        """Link to a role page (unknown ids were rejected by the rules)."""
        if role_id is None:
            return None
        role = self.manual.role_by_id.get(role_id)
        return Ref(role_id, role.name if role else role_id, links.role_page(role_id))

    def sources(self, tags: tuple[str, ...]) -> tuple[SourceView, ...]:
        """Provenance tags by source, each once, by the short names of opsmanual.yml."""
        return cite(self.manual.settings, tags, self.t)

    def xref_href(self, target: str, from_page: str) -> str | None:
        """URL of a ``procedure:ID#step`` (role:, control:, risk:, faq:) link, or None."""
        found = xref(self.manual, target)
        if found is None:
            return None
        kind, ident, anchor = found
        if kind == "procedure":
            return links.url(from_page, links.procedure_page(ident), anchor)
        if kind == "role":
            return links.url(from_page, links.role_page(ident))
        if kind == "control":
            return links.url(from_page, links.control_page(ident))
        if kind == "risk":
            return links.url(from_page, links.RISKS_PAGE, ident)
        topic = next(t for t, e in self.manual.faq_entries if e.id == ident)
        return links.url(from_page, links.faq_page(topic.id or ""), ident)

    def roles(self, ids: tuple[str, ...]) -> tuple[Ref, ...]:
        """Links to several roles."""
        return tuple(r for r in (self.role(i) for i in ids) if r is not None)

    def control(self, control: Control) -> Ref:
        """Link to a control page, with its code and key flag."""
        return Ref(
            control.id,
            control.title,
            links.control_page(control.id),
            code=control.code or control.id,
            key=control.key,
        )

    def procedure_ref(self, proc_id: str, anchor: str | None = None) -> Ref:
        """Link to a procedure page (or one of its steps)."""
        proc = self.manual.procedure_by_id[proc_id]
        step_title = next((s.title for s in proc.steps if s.id == anchor), None)
        return Ref(proc_id, step_title or proc.title, links.procedure_page(proc_id), anchor)

    def faq_ref(self, entry: FaqEntry) -> Ref:
        """Link to a FAQ entry."""
        topic = next(t for t, e in self.manual.faq_entries if e is entry)
        return Ref(entry.id, entry.question, links.faq_page(topic.id or ""), entry.id)

    def review_state(self, proc: Procedure) -> ReviewState:
        """Review due date and status on ``today``."""
        due = next_review(proc)
        soon = (
            self.today <= due <= self.today + dt.timedelta(days=self.manual.settings.due_soon_days)
        )
        return ReviewState(due, due < self.today, soon)

    def procedure(self, proc: Procedure) -> ProcedureView:
        """The view of one procedure (cached)."""
        if proc.id not in self._procedures:
            self._procedures[proc.id] = self._build_procedure(proc)
        return self._procedures[proc.id]

    def procedures(self, *, include_retired: bool = False) -> tuple[ProcedureView, ...]:
        """Views of the procedures, sorted by category then title."""
        procs = self.manual.procedures if include_retired else self.manual.published
        return tuple(self.procedure(p) for p in sorted(procs, key=_proc_sort_key))

    def _build_procedure(self, proc: Procedure) -> ProcedureView:
        page = links.procedure_page(proc.id)
        steps = tuple(self._step(proc, i, page) for i in range(len(proc.steps)))
        owners = dict.fromkeys(s.owner for s in proc.steps if s.owner)
        owner, approver = self.role(proc.owner), self.role(proc.review.approver)
        assert owner is not None and approver is not None
        view = ProcedureView(
            proc,
            page,
            owner,
            approver,
            steps,
            self.review_state(proc),
            lanes=self.roles(tuple(owners)),
            future=proc.effective > self.today and proc.status is Status.ACTIVE,
            sources=self.sources(proc.sources),
            regulations=named(self.manual.settings, proc.regulations, self.t),
        )
        return view

    def _step(self, proc: Procedure, index: int, page: str) -> StepView:
        step = proc.steps[index]
        by_id = {s.id: s for s in proc.steps}
        controls = tuple(
            self.control(self.manual.control_by_id[c])
            for c in step.controls
            if c in self.manual.control_by_id
        )
        evidence = tuple(
            self.manual.control_by_id[c].evidence
            for c in step.controls
            if c in self.manual.control_by_id
        )
        if step.kind is StepKind.DECISION:
            nexts = tuple((b.when, self._local(b.next, by_id, page)) for b in step.branches)
        else:
            nexts = tuple(("", self._local(n, by_id, page)) for n in successors(proc, index))
        calls = self.procedure_ref(step.procedure) if step.procedure else None
        checks = self._local(step.checks, by_id, page) if step.checks else None
        faq = tuple(self.faq_ref(e) for e in self.manual.faq_by_step.get((proc.id, step.id), ()))
        live = step.kind is not StepKind.END
        return StepView(
            step=step,
            number=index + 1,
            owner=self.role(step.owner),
            accountable=self.role(accountable(proc, step)) if live else None,
            consulted=self.roles(step.consulted),
            informed=self.roles(step.informed),
            controls=controls,
            evidence=evidence,
            next=nexts,
            calls=calls,
            checks=checks,
            faq=faq,
            sources=self.sources(step.sources),
        )

    @staticmethod
    def _local(step_id: str, by_id: dict[str, Step], page: str) -> Ref:
        step = by_id.get(step_id)
        return Ref(step_id, step.title if step else step_id, page, step_id)


def _proc_sort_key(proc: Procedure) -> tuple[str, str]:
    return (proc.category or "\uffff", proc.id)


def code_sort_key(item: Control | Risk) -> tuple[str, int, str]:
    """Natural order of display codes: CP-2 before CP-10; items without a code last."""
    code = item.code or ""
    match = re.match(r"^(.*?)(\d+)$", code)
    if match is None:
        return (code or "\uffff", 0, item.id)
    return (match.group(1), int(match.group(2)), item.id)


def spans(labels: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Runs of equal labels as (label, span): the group row above a table's columns."""
    found: list[tuple[str, int]] = []
    for label in labels:
        if found and found[-1][0] == label:
            found[-1] = (label, found[-1][1] + 1)
        else:
            found.append((label, 1))
    return tuple(found)
