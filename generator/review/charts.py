"""Before/after flowcharts of the changed procedures, with the changed steps highlighted.

Pipeline position: render for the review report. The DOT comes from the site's
``chart_dot`` (same lanes and shapes the staff know, plus the ``highlight``
colours); SVG rendering reuses the site's cached Graphviz call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from generator.manual import Manual
from generator.models import Procedure
from generator.render.flowchart import FONT, Geometry, chart_dot, finish_svg
from generator.review.changes import ChangeSet, ProcedureDelta
from generator.write import render_svgs

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
    tips = {
        s.id: s.title + (f" · {t('review_action_' + marks[s.id])}" if s.id in marks else "")
        for s in proc.steps
    }
    hrefs = {s.id: f"#{s.id}" for s in proc.steps}
    dot, geometry = chart_dot(
        manual, proc, start_label=t("start"), tooltips=tips, hrefs=hrefs, highlight=marks
    )
    return dot, geometry, f"{proc.title} · {t(side)}"


def render_charts(charts: Mapping[str, Chart], cache_dir: Path) -> dict[str, str]:
    """File name → finished SVG (Graphviz runs here; raises GraphvizError)."""
    raw = render_svgs(
        {name: (c[0], ("neato", "-n2")) for name, c in charts.items()}, cache_dir, FONT
    )
    return {
        name: finish_svg(raw[name], geometry, title, title)
        for name, (_dot, geometry, title) in sorted(charts.items())
    }
