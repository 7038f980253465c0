"""Control pages, the control catalogue, the risk register and the risk & control matrix.

Layer: render (pure).
"""

from __future__ import annotations

from generator.render.context import Files, RenderContext
from generator.render.views import code_sort_key
from generator.source import addresses as links
from generator.source.models import Rating


def render_control_pages(ctx: RenderContext) -> Files:
    """One page per control: which steps apply it, which risks it covers."""
    files: Files = {}
    m = ctx.manual
    for control in m.controls:
        steps = [
            (ctx.views.procedure_ref(p.id), ctx.views.procedure_ref(p.id, s.id))
            for p, s in m.steps_by_control.get(control.id, ())
        ]
        files |= ctx.page(
            "control.md.j2",
            links.control_page(control.id),
            control=control,
            owner=ctx.views.role(control.owner),
            steps=steps,
            risks=[m.risk_by_id[r] for r in control.risks if r in m.risk_by_id],
            sources_shown=ctx.views.sources(control.sources),
        )
    return files


def render(ctx: RenderContext) -> Files:
    """Every control page, the catalogue, the risk register and the matrix."""
    files = render_control_pages(ctx)
    m = ctx.manual
    controls = sorted(m.controls, key=code_sort_key)
    refs = [ctx.views.control(c) for c in controls]
    used = set(m.steps_by_control)
    risks = sorted(m.risks, key=code_sort_key)
    files |= ctx.page(
        "controls_index.md.j2",
        "controls/index.md",
        controls=list(zip(controls, refs, strict=True)),
        used=used,
    )
    files |= ctx.page(
        "risks.md.j2",
        links.RISKS_PAGE,
        risks=[
            (
                r,
                ctx.views.role(r.owner),
                [ctx.views.control(c) for c in m.controls_by_risk.get(r.id, ())],
            )
            for r in risks
        ],
    )
    files |= ctx.page(
        "matrix.md.j2",
        links.MATRIX_PAGE,
        risks=[(r, {c.id for c in m.controls_by_risk.get(r.id, ())}) for r in risks],
        controls=refs,
        used=used,
        high=Rating.HIGH,
    )
    return files
