"""Checklists: per procedure and per role ("my checklist"), printable and tickable.

Layer: render (pure). A sheet lists the steps of the main path, numbered in the order
they are done (from the first step: the default ``next``, the first branch of each
decision), each step a header row followed by the checks a person ticks
(``checkitems``); every other step comes after, unnumbered, under "only in these
cases" with the ``when`` that leads to it. A procedure whose first step sorts the
cases into kinds (a decision none of whose branches ends the procedure) gets one
section per kind, each numbered from 1. The sign-off names the authorising role where
the procedure has an approval.

The tick state lives in the reader's browser (localStorage) under a key of procedure id
and version, so a new version starts clean; the page carries that key in
``data-om-checklist``, each box ``data-om-item="<step>#<n>"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.render.checkitems import Check, Words, step_checks, step_evidence
from generator.render.context import Files, RenderContext
from generator.render.views import ProcedureView, StepView
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import successors
from generator.source.models import Procedure, Step, StepKind


@dataclass(frozen=True)
class SheetStep:
    """A step on a sheet: its header row and its checks."""

    view: StepView
    number: int | None  # on a main path; None: conditional, or the step that sorts cases
    checks: tuple[Check, ...]
    evidence: tuple[str, ...]
    via: tuple[str, ...] = ()  # conditional: the `when` of the branches that lead here
    same_as: tuple[str | None, int] | None = None  # already listed: (section, number)


@dataclass(frozen=True)
class Section:
    """The main path of one kind of case (``title``: its ``when``; None: the only kind)."""

    title: str | None
    steps: tuple[SheetStep, ...]


@dataclass(frozen=True)
class ChecklistGroup:
    """The sheet of one procedure."""

    view: ProcedureView
    lead: SheetStep | None  # the step that sorts the cases into sections
    sections: tuple[Section, ...]
    conditional: tuple[SheetStep, ...]
    storage_key: str
    authorisers: tuple[Ref, ...]  # roles that approve: a sign-off line each

    def for_role(self, role_id: str) -> ChecklistGroup | None:
        """The part of the sheet that ``role_id`` ticks, or None when it ticks nothing."""

        def mine(s: SheetStep) -> SheetStep | None:
            # on the role's own sheet a line needs no "（事后监督员办理）": all are its own
            checks = tuple(replace(c, by=None) for c in s.checks if c.role == role_id)
            return replace(s, checks=checks) if checks else None

        def kept(steps: tuple[SheetStep, ...]) -> tuple[SheetStep, ...]:
            return tuple(m for m in (mine(s) for s in steps) if m is not None)

        sections = tuple(Section(x.title, kept(x.steps)) for x in self.sections)
        lead = mine(self.lead) if self.lead else None
        group = replace(
            self,
            lead=lead,
            sections=tuple(x for x in sections if x.steps),
            conditional=kept(self.conditional),
        )
        return group if group.lead or group.sections or group.conditional else None


def main_path(proc: Procedure, start: str, stop: frozenset[str] = frozenset()) -> list[Step]:
    """Steps from ``start`` by the default ``next`` and first branches, up to an end."""
    by_id = {s.id: (i, s) for i, s in enumerate(proc.steps)}
    path: list[Step] = []
    seen = set(stop)
    current: str | None = start
    while current in by_id and current not in seen:
        index, step = by_id[current]
        if step.kind is StepKind.END:
            break
        seen.add(current)
        path.append(step)
        current = next(iter(successors(proc, index)), None)
    return path


def entry_kinds(proc: Procedure) -> tuple[tuple[str, str], ...]:
    """(when, next) of a first step that sorts cases into kinds: no branch of it ends."""
    first = proc.steps[0]
    ends = {s.id for s in proc.steps if s.kind is StepKind.END}
    if first.kind is not StepKind.DECISION or any(b.next in ends for b in first.branches):
        return ()
    return tuple((b.when, b.next) for b in first.branches)


def conditional_steps(proc: Procedure) -> tuple[str, ...]:
    """Ids of the steps that are not on a main path (nor the step that sorts cases)."""
    kinds = entry_kinds(proc)
    starts = [n for _w, n in kinds] if kinds else [proc.steps[0].id]
    stop = frozenset({proc.steps[0].id}) if kinds else frozenset()
    listed = {s.id for start in starts for s in main_path(proc, start, stop)} | set(stop)
    return tuple(s.id for s in proc.steps if s.kind is not StepKind.END and s.id not in listed)


def _group(ctx: RenderContext, view: ProcedureView) -> ChecklistGroup:
    proc = view.proc
    make = _maker(ctx, view)
    kinds = entry_kinds(proc)
    lead = make(proc.steps[0], None) if kinds else None
    stop = frozenset({proc.steps[0].id}) if kinds else frozenset()
    seen: dict[str, tuple[str | None, int]] = {}
    sections = []
    for title, start in kinds or ((None, proc.steps[0].id),):
        rows = []
        for n, step in enumerate(main_path(proc, start, stop), 1):
            row = make(step, n)
            rows.append(replace(row, same_as=seen[step.id]) if step.id in seen else row)
            seen.setdefault(step.id, (title, n))
        sections.append(Section(title, tuple(rows)))
    by_id = {s.id: s for s in proc.steps}
    conditional = tuple(
        replace(make(by_id[i], None), via=_whens_to(proc, i)) for i in conditional_steps(proc)
    )
    key = f"opsmanual:{proc.id}@{proc.version}"
    return ChecklistGroup(view, lead, tuple(sections), conditional, key, _authorisers(ctx, view))


def _maker(ctx: RenderContext, view: ProcedureView) -> Callable[[Step, int | None], SheetStep]:
    m = ctx.manual
    words = Words(
        ctx.t("checklist_outcomes_heading"),
        ctx.t("checklist_decision"),
        lambda outcomes: ctx.t("checklist_decided", outcomes=outcomes),
    )
    views = {s.step.id: s for s in view.steps}

    def make(step: Step, number: int | None) -> SheetStep:
        controls = [m.control_by_id[c] for c in step.controls if c in m.control_by_id]
        checks = step_checks(step, m.roles, words)
        return SheetStep(views[step.id], number, checks, step_evidence(step, controls))

    return make


def _whens_to(proc: Procedure, step_id: str) -> tuple[str, ...]:
    """The ``when`` of every branch that leads to ``step_id``, once each."""
    found = [b.when for s in proc.steps for b in s.branches if b.next == step_id]
    return tuple(dict.fromkeys(found))


def _authorisers(ctx: RenderContext, view: ProcedureView) -> tuple[Ref, ...]:
    """Owners of the tasks and decisions whose title names an approval.

    The words are ``approval_words`` of the catalogue: 审批, not 授权 alone, which also
    names a customer's consent (授权同意).
    """
    words = [w for w in ctx.t("approval_words").split("|") if w]
    found: dict[str, Ref] = {}
    for s in view.steps:
        approves = any(w in s.step.title.casefold() for w in words)
        if s.step.kind in (StepKind.TASK, StepKind.DECISION) and s.owner and approves:
            found.setdefault(s.owner.id, s.owner)
    return tuple(found.values())


def checklist_groups(ctx: RenderContext) -> tuple[ChecklistGroup, ...]:
    """The sheet of every procedure in force, in the order of the navigation."""
    active = {p.id for p in ctx.manual.active}
    return tuple(_group(ctx, v) for v in ctx.views.procedures() if v.proc.id in active)


def design_evidence(ctx: RenderContext, role_id: str) -> list[tuple[Ref, str]]:
    """The controls ``role_id`` owns with what it keeps to prove their design."""
    return [
        (ctx.views.control(c), c.design_evidence)
        for c in ctx.manual.controls
        if c.owner == role_id and c.design_evidence is not None
    ]


RoleSheet = tuple[list[ChecklistGroup], list[tuple[Ref, str]]]


def role_sheets(
    ctx: RenderContext, groups: tuple[ChecklistGroup, ...] | None = None
) -> dict[str, RoleSheet]:
    """Role id → its part of every sheet and its design evidence, for roles that have one."""
    groups = checklist_groups(ctx) if groups is None else groups
    found: dict[str, RoleSheet] = {}
    for role in ctx.manual.role_order:
        mine = [g for g in (x.for_role(role.id) for x in groups) if g is not None]
        design = design_evidence(ctx, role.id)
        if mine or design:
            found[role.id] = (mine, design)
    return found


def render(ctx: RenderContext) -> Files:
    """Checklist pages of every active procedure and of every role that ticks something."""
    files: Files = {}
    groups = checklist_groups(ctx)
    for g in groups:
        files |= ctx.page(
            "checklist.md.j2",
            links.checklist_page("procedures", g.view.proc.id),
            title=g.view.proc.title,
            groups=[g],
            back=g.view.ref,
            intro="",
            design=[],
        )
    for role_id, (mine, design) in role_sheets(ctx, groups).items():
        ref = ctx.views.role(role_id)
        assert ref is not None
        files |= ctx.page(
            "checklist.md.j2",
            links.checklist_page("roles", role_id),
            title=ctx.t("checklist_for_role", role=ref.text),
            groups=mine,
            back=ref,
            intro=ctx.t("role_checklist_intro"),
            design=design,
        )
    return files
