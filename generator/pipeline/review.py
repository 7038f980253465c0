"""Review orchestration: load both sides, compare, render the report and its charts.

Layer: pipeline. Wires source (revisions) → change set → report and charts (render) →
Graphviz and files (output); each stage stays pure and testable on its own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator.changes.diff import diff_manuals
from generator.changes.model import ChangeSet
from generator.output.graphviz import render_svgs
from generator.render import flowchart
from generator.render.review.charts import chart_sources, finish_charts
from generator.render.review.report import render_report, report_view
from generator.render.templating import environment
from generator.source.messages import translator
from generator.source.presentation import default_presentation
from generator.source.revisions import WORKING_TREE, Side, load_side


@dataclass(frozen=True)
class Comparison:
    """Both sides of a review and what changed between them."""

    base: Side
    head: Side
    changes: ChangeSet

    @property
    def language(self) -> str:
        """UI language of the report: the new revision's."""
        return self.head.manual.settings.language.value


def compare(root: Path, base: str, head: str | None, today: dt.date | None = None) -> Comparison:
    """Load ``base`` and ``head`` (None: the working tree of ``root``) and diff them.

    Raises:
        ReviewError: a side cannot be read or does not load.
    """
    old, new = load_side(root, base), load_side(root, head)
    return Comparison(old, new, diff_manuals(old.manual, new.manual, today))


def markdown(cmp: Comparison, charts_dir: str | None) -> str:
    """The Markdown report; image links point into ``charts_dir`` (None: no charts)."""
    t = translator(cmp.language)
    head = t("review_working_tree") if cmp.head.label == WORKING_TREE else cmp.head.label
    labels = (cmp.base.label, head)
    view = report_view(cmp.base.manual, cmp.head.manual, cmp.changes, labels, t, charts_dir)
    return render_report(view, environment(cmp.language, default_presentation()))


def as_json(cmp: Comparison) -> str:
    """The change set as stable JSON."""
    data = {"base": cmp.base.label, "head": cmp.head.label, **cmp.changes.as_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_report(cmp: Comparison, output: Path, cache_dir: Path) -> list[Path]:
    """Write the report to ``output`` and its charts to ``<stem>-charts/`` beside it.

    Raises:
        GraphvizError: Graphviz is missing or failed (nothing is written then).
    """
    t = translator(cmp.language)
    charts_dir = f"{output.stem}-charts"
    sources = chart_sources(cmp.base.manual, cmp.head.manual, cmp.changes, t)
    drawn = render_svgs(
        {name: (c[0], flowchart.COMMAND) for name, c in sources.items()}, cache_dir, flowchart.FONT
    )
    svgs = finish_charts(sources, drawn) if sources else {}
    written = []
    folder = output.parent / charts_dir
    for name, svg in svgs.items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(svg, encoding="utf-8")
        written.append(folder / name)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(cmp, charts_dir), encoding="utf-8")
    return [output, *written]
