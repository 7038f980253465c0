"""What every renderer receives, and how it turns a template into a page.

Layer: render. A renderer is ``render(ctx) -> Files``: pure, reading only the context
(the manual, the Jinja environment over the loaded templates, the views, the date,
the flowcharts already drawn and the assets already read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Protocol

import jinja2

from generator.render.views import Views
from generator.source.manual import Manual

Files = dict[PurePosixPath, str | bytes]
Blobs = dict[str, bytes]


class Memo(Protocol):
    """Where a renderer may keep what is costly to make, under a key of all it depends on."""

    def fetch(self, key: str, make: Callable[[], Blobs]) -> Blobs:
        """The blobs stored under ``key``, made (and stored) when there are none."""
        ...


class NoMemo:
    """Nothing kept: everything is made each time (tests, one-off renders)."""

    def fetch(self, key: str, make: Callable[[], Blobs]) -> Blobs:
        """Make the blobs."""
        return make()


@dataclass(frozen=True)
class RenderContext:
    """Everything a renderer may read."""

    manual: Manual
    env: jinja2.Environment
    views: Views
    today: dt.date
    t: Callable[..., str]
    #: procedure id → its finished flowchart SVG
    svgs: Mapping[str, str]
    #: assets/<name> → bytes (the defaults overlaid with the manual's own)
    assets: Mapping[str, bytes] = field(default_factory=dict)
    #: a store for costly outputs, keyed by their inputs (the pipeline keeps it on disk)
    memo: Memo = field(default_factory=NoMemo)

    def page(self, template: str, path: str, **context: object) -> Files:
        """Render one template to one page."""
        xref = self.views.xref_href  # resolves procedure:/role:/… links of the |md filter
        text = self.env.get_template(template).render(page=path, xref=xref, **context)
        return {PurePosixPath(path): text}
