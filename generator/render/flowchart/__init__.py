"""Swimlane flowcharts: a procedure → DOT source (pure), and the drawn SVG → inline SVG.

Layer: render. The chart is made in three steps, each a module: ``layout`` places every
node in its lane and row, ``dot`` writes the placed nodes as DOT for ``neato -n2`` (which
only routes the edges), and ``svg`` finishes what Graphviz drew. Graphviz itself runs
in the output layer (``output.graphviz``), so everything here is testable without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.flowchart.dot import Geometry, chart_dot
from generator.render.flowchart.svg import finish_svg
from generator.render.flowchart.text import FONT
from generator.source import addresses
from generator.source.manual import Manual
from generator.source.models import Procedure

#: the Graphviz program and options that draw a chart's DOT source
COMMAND = ("neato", "-n2")

__all__ = ["COMMAND", "FONT", "Chart", "StepLinks", "chart_dot", "finish_svg", "site_chart"]


@dataclass(frozen=True)
class StepLinks:
    """What each node of a chart links to and says on hover."""

    hrefs: dict[str, str]
    tooltips: dict[str, str]


@dataclass(frozen=True)
class Chart:
    """A chart ready for Graphviz: its DOT source and the geometry its finishing needs."""

    dot: str
    geometry: Geometry


def step_links(manual: Manual, proc: Procedure, page: str | None) -> StepLinks:
    """Links and tooltips of every step's node.

    On a procedure ``page`` a subprocess links to the procedure it calls; without a page
    (a change report) every node links to its step's anchor. A tooltip names the step,
    its owner and the codes of its controls.
    """
    hrefs, tips = {}, {}
    for step in proc.steps:
        if step.procedure and page is not None:
            hrefs[step.id] = addresses.url(page, addresses.procedure_page(step.procedure))
        else:
            hrefs[step.id] = f"#{step.id}"
        owner = manual.role_by_id.get(step.owner or "")
        codes = [
            manual.control_by_id[c].code or c for c in step.controls if c in manual.control_by_id
        ]
        tips[step.id] = " · ".join(
            x for x in (step.title, owner.name if owner else "", " ".join(codes)) if x
        )
    return StepLinks(hrefs, tips)


def site_chart(manual: Manual, proc: Procedure, start_label: str) -> Chart:
    """The chart of a procedure's page."""
    links = step_links(manual, proc, addresses.procedure_page(proc.id))
    dot, geometry = chart_dot(
        manual, proc, start_label=start_label, tooltips=links.tooltips, hrefs=links.hrefs
    )
    return Chart(dot, geometry)
