"""Generation: a checked Manual → every file of site/ and the navigation.

Layer: pipeline. The only program it runs is Graphviz (through ``output.graphviz``, cached
by content); everything else is the renderers, pure, over one render context.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.output.graphviz import render_svgs
from generator.output.memo import DiskMemo
from generator.render import RENDERERS, Files, RenderContext, flowchart, training
from generator.render.context import Memo, NoMemo
from generator.render.nav import build_nav
from generator.render.search import with_search_weights
from generator.render.templating import environment
from generator.render.views import Views
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.presentation import Presentation

Progress = Callable[[str], None]
TOOL = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Generated:
    """Output of ``generate``: the files of site/ and the navigation."""

    files: Files
    nav: list[Any]
    charts: int


@cache
def tool_stamp() -> str:
    """A hash of the generator's own code and messages: a new version makes new outputs."""
    digest = hashlib.sha256()
    for path in sorted(TOOL.rglob("*")):
        if path.suffix in (".py", ".yml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(TOOL).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _namespace(presentation: Presentation) -> str:
    digest = hashlib.sha256(tool_stamp().encode())
    for name, template in sorted(presentation.templates.items()):
        digest.update(f"{name}\0{template.text}\0".encode())
    return digest.hexdigest()


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
    memo = DiskMemo(root / ".cache" / "render", _namespace(presentation))
    generated = render_site(manual, presentation, today, svgs, memo)
    memo.prune()
    return generated


def render_site(
    manual: Manual,
    presentation: Presentation,
    today: dt.date,
    svgs: Mapping[str, str],
    memo: Memo | None = None,
) -> Generated:
    """Every page and file of the site from the charts already drawn (pure but the memo)."""
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
        memo or NoMemo(),
    )
    files: Files = {}
    for renderer in RENDERERS:
        files |= renderer(ctx)
    files = with_search_weights(files)
    guide = [(p.title, p.site_path) for p in manual.pages]
    nav = build_nav(ctx.views, t, guide_pages=guide, extra=training.nav_entries(ctx.views, t))
    return Generated(files, nav, len(svgs))
