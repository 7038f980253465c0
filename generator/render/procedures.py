"""Procedure pages: metadata, flowchart, steps, RACI, related FAQ and history.

Layer: render (pure). Retired procedures get a page too, so old links and audit
references still resolve.
"""

from __future__ import annotations

from generator.render.context import Files, RenderContext
from generator.render.raci import procedure_raci
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.models import HistoryEntry, Procedure


def history(ctx: RenderContext, proc: Procedure) -> list[tuple[HistoryEntry, Ref]]:
    """Each release of ``proc`` with a link to the role that approved it."""
    return [
        (h, ctx.views.role(h.approved_by) or Ref(h.approved_by, h.approved_by, ""))
        for h in proc.history
    ]


def render(ctx: RenderContext) -> Files:
    """One page per procedure."""
    files: Files = {}
    active = {p.id for p in ctx.manual.active}
    for v in ctx.views.procedures(include_retired=True):
        faq = sorted(
            {
                e.id: ctx.views.faq_ref(e)
                for s in v.proc.steps
                for e in ctx.manual.faq_by_step.get((v.proc.id, s.id), ())
            }.values(),
            key=lambda r: r.id,
        )
        live = v.proc.id in active  # checklists and quizzes exist for procedures in force
        files |= ctx.page(
            "procedure.md.j2",
            v.page,
            v=v,
            svg=ctx.svgs.get(v.proc.id, ""),
            raci=procedure_raci(ctx.views, v.proc, ctx.t("step")),
            faq=faq,
            history=history(ctx, v.proc),
            checklist_href=links.url(v.page, links.checklist_page("procedures", v.proc.id))
            if live
            else None,
            quiz_href=links.url(v.page, links.quiz_page("procedures", v.proc.id)) if live else None,
        )
    return files
