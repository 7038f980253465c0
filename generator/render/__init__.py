"""Renderers: pure functions from the Manual to ``{path: content}``.

Each module of this package exposes ``render(ctx) -> dict[PurePosixPath, str | bytes]``
and ``RENDERERS`` lists them. No base class, no plugin registry: one way to write a
renderer. The only input that is not the Manual is ``ctx.svgs``, the flowcharts
already rendered by ``write.render_svgs`` (the single I/O step of rendering).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

import jinja2

from generator.manual import Manual
from generator.render.views import Views

Files = dict[PurePosixPath, str | bytes]


@dataclass(frozen=True)
class RenderContext:
    """Everything a renderer may read."""

    manual: Manual
    env: jinja2.Environment
    views: Views
    today: dt.date
    t: Callable[..., str]
    svgs: Mapping[str, str]
    pages_dir: str | None = None  # the manual's templates/pages (hand-written pages)

    def page(self, template: str, path: str, **context: object) -> Files:
        """Render one template to one page."""
        xref = self.views.xref_href  # resolves procedure:/role:/… links of the |md filter
        text = self.env.get_template(template).render(page=path, xref=xref, **context)
        return {PurePosixPath(path): text}
