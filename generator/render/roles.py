"""Role pages: responsibilities, involvement by procedure, controls and risks owned.

Layer: render (pure). A role's letters at each step are the manual's own RACI
(``Manual.letters``), the same the RACI tables show.
"""

from __future__ import annotations

from generator.render.checklist import role_sheets
from generator.render.context import Files, RenderContext
from generator.render.views import ProcedureView, StepView
from generator.source import addresses as links
from generator.source.manual import RACI
from generator.source.models import Role

Involvement = list[tuple[ProcedureView, list[tuple[StepView, list[str]]]]]


def involvement(ctx: RenderContext, role: Role) -> Involvement:
    """Each published procedure in which ``role`` holds a letter, with those steps."""
    found: Involvement = []
    for v in ctx.views.procedures():
        rows = []
        for s in v.steps:
            held = ctx.manual.letters(s.step).get(role.id, frozenset())
            if held:
                rows.append((s, [x for x in RACI if x in held]))
        if rows:
            found.append((v, rows))
    return found


def render(ctx: RenderContext) -> Files:
    """One page per role, and the index of roles."""
    files: Files = {}
    roles = ctx.manual.role_order
    sheets = role_sheets(ctx)
    for role in roles:
        page = links.role_page(role.id)
        rows = involvement(ctx, role)
        files |= ctx.page(
            "role.md.j2",
            page,
            role=role,
            involvement=rows,
            controls=[ctx.views.control(c) for c in ctx.manual.controls if c.owner == role.id],
            risks=[r for r in ctx.manual.risks if r.owner == role.id],
            checklist_href=links.url(page, links.checklist_page("roles", role.id)),
            performs=role.id in sheets,
            quiz_href=links.url(page, links.quiz_page("roles", role.id))
            if role.id in ctx.manual.learner_roles
            else None,
        )
    files |= ctx.page(
        "roles_index.md.j2", "roles/index.md", roles=[(r, ctx.views.role(r.id)) for r in roles]
    )
    return files
