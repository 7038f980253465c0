"""Generation: a checked Manual → every file of site/ and the navigation.

Layer: pipeline. The only program it runs is Graphviz (through ``output.graphviz``, cached
by content); everything else is the renderers, pure, over one render context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.output.graphviz import render_svgs
from generator.render import RENDERERS, Files, RenderContext, flowchart, training
from generator.render.nav import build_nav
from generator.render.templating import environment
from generator.render.views import Views
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.presentation import Presentation

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    """Output of ``generate``: the files of site/ and the navigation."""

    files: Files
    nav: list[Any]
    charts: int


def draw_charts(
    manual: Manual, t: Callable[..., str], cache_dir: Path, progress: Progress = lambda _m: None
) -> dict[str, str]:
    """Procedure id → its finished flowchart SVG (Graphviz draws, cached by content)."""
    charts = {p.id: flowchart.site_chart(manual, p, t("start")) for p in manual.procedures}
    drawn = render_svgs(
        {k: (c.dot, flowchart.COMMAND) for k, c in charts.items()},
        cache_dir,
        flowchart.FONT,
        progress=lambda done, total: (
            progress(f"diagrams rendered: {done}/{total}") if done == total else None
        ),
    )
    svgs = {}
    for proc in manual.procedures:
        geometry = charts[proc.id].geometry
        desc = t("chart_desc", title=proc.title, steps=len(proc.steps), lanes=len(geometry.lanes))
        svgs[proc.id] = flowchart.finish_svg(drawn[proc.id], geometry, proc.title, desc)
    return svgs


def generate(
    root: Path,
    manual: Manual,
    presentation: Presentation,
    today: dt.date,
    progress: Progress = lambda _m: None,
) -> Generated:
    """Draw the charts (cached in ``root/.cache/svg``) and render every page of the manual."""
    t = translator(manual.settings.language.value)
    svgs = draw_charts(manual, t, root / ".cache" / "svg", progress)
    return render_site(manual, presentation, today, svgs)


def render_site(
    manual: Manual, presentation: Presentation, today: dt.date, svgs: Mapping[str, str]
) -> Generated:
    """Every page and file of the site from the charts already drawn (pure)."""
    language = manual.settings.language.value
    t = translator(language)
    ctx = RenderContext(
        manual,
        environment(language, presentation, manual.pages),
        Views(manual, today, t),
        today,
        t,
        svgs,
        presentation.assets,
    )
    files: Files = {}
    for renderer in RENDERERS:
        files |= renderer(ctx)
    guide = [(p.title, p.site_path) for p in manual.pages]
    nav = build_nav(ctx.views, t, guide_pages=guide, extra=training.nav_entries(ctx.views, t))
    return Generated(files, nav, len(svgs))
