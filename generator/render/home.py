"""The home page, the procedure index, the changes across the manual and the archive.

Layer: render (pure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.render.context import Files, RenderContext
from generator.render.views import ProcedureView
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.models import HistoryEntry, Status

INDEX = "index.md"
CHANGES = "changes.md"
ARCHIVE = "archive.md"


@dataclass(frozen=True)
class Change:
    """One history entry with its procedure, for the changes pages."""

    proc: Ref
    entry: HistoryEntry
    approver: Ref
    upcoming: bool
    effective: dt.date


def _by_category(ctx: RenderContext) -> list[tuple[str, list[ProcedureView]]]:
    groups: dict[str, list[ProcedureView]] = {}
    for v in ctx.views.procedures():
        groups.setdefault(v.proc.category or ctx.t("uncategorised"), []).append(v)
    return list(groups.items())


def _changes(ctx: RenderContext) -> list[Change]:
    found = [
        Change(
            ctx.views.procedure_ref(p.id),
            h,
            ctx.views.role(h.approved_by) or Ref(h.approved_by, h.approved_by, ""),
            i == 0 and p.effective > ctx.today,
            p.effective,
        )
        for p in ctx.manual.procedures
        for i, h in enumerate(p.history)
    ]
    return sorted(found, key=lambda c: (c.entry.date, c.proc.id, c.entry.version), reverse=True)


def render(ctx: RenderContext) -> Files:
    """Home page, procedure index, changes and archive."""
    m = ctx.manual
    counts = [
        (ctx.t("counts_procedures"), len(m.published)),
        (ctx.t("counts_steps"), sum(len(p.steps) for p in m.published)),
        (ctx.t("counts_roles"), len(m.roles)),
        (ctx.t("counts_controls"), len(m.controls)),
        (ctx.t("counts_risks"), len(m.risks)),
    ]
    views = ctx.views.procedures()
    due = [v for v in views if v.review.overdue or v.review.soon]
    changes = _changes(ctx)
    retired = [ctx.views.procedure(p) for p in m.procedures if p.status is Status.RETIRED]
    groups = _by_category(ctx)
    files = ctx.page(
        "home.md.j2",
        INDEX,
        counts=counts,
        groups=groups,
        due=due,
        recent=changes[:8],
        upcoming=[c for c in changes if c.upcoming],
        organisation=m.settings.organisation or "",
        changes_href=links.url(INDEX, CHANGES),
        guide=[(p.title, links.url(INDEX, p.site_path)) for p in m.pages],
    )
    files |= ctx.page("procedures_index.md.j2", "procedures/index.md", groups=groups)
    files |= ctx.page("changes.md.j2", CHANGES, changes=changes)
    files |= ctx.page("archive.md.j2", ARCHIVE, retired=retired)
    return files
