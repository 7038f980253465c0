"""Control pages, the control catalogue, the risk register and the risk & control matrix.

Layer: render (pure).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.context import Files, RenderContext
from generator.render.views import code_sort_key, spans
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import Manual
from generator.source.models import Rating, Risk


@dataclass(frozen=True)
class MatrixRow:
    """A control and, per risk column, whether it covers that risk."""

    control: Ref
    used: bool  # applied by some step
    marks: tuple[bool, ...]


@dataclass(frozen=True)
class RiskMatrix:
    """Controls × risks: risks grouped by category as the columns (label, span)."""

    risks: tuple[tuple[Risk, bool], ...]  # (risk, covered by some control)
    groups: tuple[tuple[str, int], ...]
    rows: tuple[MatrixRow, ...]


def risk_matrix(ctx: RenderContext) -> RiskMatrix:
    """The risk & control matrix, transposed: controls are the rows, risks the columns.

    52 controls across a page would hide half of them behind a scroll at 1,280 px; 17
    risks fit, and each control's row reads with its name ("◆ CP-01 客户身份识别").
    The risks are grouped by category, the categories in the order of their first code.
    """
    m = ctx.manual
    risks = sorted(m.risks, key=code_sort_key)
    first: dict[str | None, int] = {}
    for i, r in enumerate(risks):
        first.setdefault(r.category, i)
    risks.sort(key=lambda r: (first[r.category], code_sort_key(r)))
    rows = tuple(
        MatrixRow(
            ctx.views.control(c),
            c.id in m.steps_by_control,
            tuple(r.id in c.risks for r in risks),
        )
        for c in sorted(m.controls, key=code_sort_key)
    )
    covered = _covered(m)
    return RiskMatrix(
        tuple((r, r.id in covered) for r in risks),
        spans(r.category or ctx.t("uncategorised") for r in risks),
        rows,
    )


def _covered(m: Manual) -> set[str]:
    return {r for r, controls in m.controls_by_risk.items() if controls}


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
    files |= ctx.page("matrix.md.j2", links.MATRIX_PAGE, matrix=risk_matrix(ctx), high=Rating.HIGH)
    return files
