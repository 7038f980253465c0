"""Static assets (CSS and JavaScript for checklists, charts and quizzes) into assets/.

Layer: render (pure). The assets arrive read (``source.presentation``): a manual's own
``templates/assets/<name>`` already replaced the default file of the same name.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.render.context import Files, RenderContext


def render(ctx: RenderContext) -> Files:
    """Every asset, under assets/."""
    return {PurePosixPath("assets") / name: data for name, data in sorted(ctx.assets.items())}
