"""Checklists: per procedure and per role ("my checklist"), printable and tickable.

Layer: render (pure). One line per step with its owner, controls and the
evidence to keep; sign-off lines for paper use. The tick state lives in the reader's
browser (localStorage) under a key of procedure id and version, so a new version
starts clean; the page carries that key in ``data-om-checklist``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.context import Files, RenderContext
from generator.render.views import ProcedureView, StepView
from generator.source import addresses as links
from generator.source.models import StepKind


@dataclass(frozen=True)
class ChecklistGroup:
    """The checklist lines of one procedure."""

    view: ProcedureView
    steps: tuple[StepView, ...]
    storage_key: str


def _group(view: ProcedureView, role_id: str | None = None) -> ChecklistGroup:
    steps = tuple(
        s
        for s in view.steps
        if s.step.kind is not StepKind.END
        and (role_id is None or (s.owner and s.owner.id == role_id))
    )
    return ChecklistGroup(view, steps, f"opsmanual:{view.proc.id}@{view.proc.version}")


def render(ctx: RenderContext) -> Files:
    """Checklist pages of every active procedure and of every role that performs steps."""
    files: Files = {}
    active = {p.id for p in ctx.manual.active}
    views = [v for v in ctx.views.procedures() if v.proc.id in active]
    for v in views:
        page = links.checklist_page("procedures", v.proc.id)
        files |= ctx.page(
            "checklist.md.j2",
            page,
            title=f"{v.proc.title}",
            groups=[_group(v)],
            back=v.ref,
            intro="",
        )
    for role in ctx.manual.role_order:
        groups = [g for g in (_group(v, role.id) for v in views) if g.steps]
        if not groups:
            continue
        ref = ctx.views.role(role.id)
        assert ref is not None
        files |= ctx.page(
            "checklist.md.j2",
            links.checklist_page("roles", role.id),
            title=ctx.t("checklist_for_role", role=role.name),
            groups=groups,
            back=ref,
            intro=ctx.t("role_checklist_intro"),
        )
    return files
