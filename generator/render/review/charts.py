"""Before/after flowcharts of the changed procedures, with the changed steps highlighted.

Layer: render (pure). The DOT comes from the site's ``chart_dot`` (same lanes and shapes
the staff know, plus the ``highlight`` colours); the pipeline has Graphviz draw it,
through the site's cached call, and ``finish_charts`` finishes the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.changes.model import ChangeSet, ProcedureDelta
from generator.render.flowchart import chart_dot, finish_svg, step_links
from generator.render.flowchart.dot import Geometry
from generator.source.manual import Manual
from generator.source.models import Procedure

Chart = tuple[str, Geometry, str]


def chart_names(delta: ProcedureDelta) -> tuple[str | None, str | None]:
    """File names of the before and after charts of a procedure (None: not drawn).

    Charts are drawn when steps changed, or a procedure was added or removed;
    a change of metadata alone leaves the chart as it was.
    """
    if not (delta.highlight_before or delta.highlight_after or delta.status != "changed"):
        return None, None
    before = f"{delta.id}-before.svg" if delta.status != "added" else None
    after = f"{delta.id}-after.svg" if delta.status != "removed" else None
    return before, after


def chart_sources(
    base: Manual, head: Manual, changes: ChangeSet, t: Callable[..., str]
) -> dict[str, Chart]:
    """File name → (DOT source, geometry, title) of every chart the report shows."""
    charts: dict[str, Chart] = {}
    for delta in changes.procedures:
        before, after = chart_names(delta)
        old = base.procedure_by_id.get(delta.base_id or "")
        new = head.procedure_by_id.get(delta.id)
        if before and old is not None:
            charts[before] = _dot(base, old, delta.highlight_before, t, "review_chart_before")
        if after and new is not None:
            charts[after] = _dot(head, new, delta.highlight_after, t, "review_chart_after")
    return charts


def _dot(
    manual: Manual, proc: Procedure, marks: Mapping[str, str], t: Callable[..., str], side: str
) -> Chart:
    links = step_links(manual, proc, None)
    tips = {
        step_id: tip + (f" · {t('review_action_' + marks[step_id])}" if step_id in marks else "")
        for step_id, tip in links.tooltips.items()
    }
    dot, geometry = chart_dot(
        manual, proc, start_label=t("start"), tooltips=tips, hrefs=links.hrefs, highlight=marks
    )
    return dot, geometry, f"{proc.title} · {t(side)}"


def finish_charts(charts: Mapping[str, Chart], drawn: Mapping[str, str]) -> dict[str, str]:
    """File name → finished SVG, from what Graphviz drew of each chart's DOT."""
    return {
        name: finish_svg(drawn[name], geometry, title, title)
        for name, (_dot, geometry, title) in sorted(charts.items())
    }
