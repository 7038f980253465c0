"""Review orchestration: load both sides, compare, render the report and its charts.

Pipeline position: like ``generator.api`` for the review commands: wires source →
diff → report/charts → files; each stage stays pure and testable on its own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator.diff import diff_manuals
from generator.review.changes import ChangeSet
from generator.review.charts import chart_sources, render_charts
from generator.review.report import render_report, report_view
from generator.review.source import WORKING_TREE, Side, load_side
from generator.templating import translator


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
    return render_report(view, cmp.language)


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
    svgs = render_charts(sources, cache_dir) if sources else {}
    written = []
    folder = output.parent / charts_dir
    for name, svg in svgs.items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(svg, encoding="utf-8")
        written.append(folder / name)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(cmp, charts_dir), encoding="utf-8")
    return [output, *written]
