"""Renderers: pure functions from the render context to ``{path: content}``.

Layer: render (above the domain views). Each renderer module exposes
``render(ctx) -> Files`` and ``RENDERERS`` lists them: no base class, no plugin
registry, one way to write a renderer. Nothing here reads the disk or runs a program:
the flowcharts arrive drawn (``output.graphviz``) and the templates and assets read
(``source.presentation``).
"""

from __future__ import annotations

from generator.render import (
    assets,
    checklist,
    controls,
    faq,
    guide,
    home,
    procedures,
    raci,
    roles,
    training,
)
from generator.render.context import Files, RenderContext

RENDERERS = (
    procedures.render,
    home.render,
    roles.render,
    controls.render,
    faq.render,
    guide.render,
    raci.render,
    checklist.render,
    training.render,
    assets.render,
)

__all__ = ["RENDERERS", "Files", "RenderContext"]
