"""SVG finishing: the drawn chart made ready to inline in a page.

Layer: render (pure). Graphviz draws nodes and edges (``output.graphviz``); this adds
the lane bands behind them, the accessible title and description, and the font stack.
"""

from __future__ import annotations

import html
import re

from generator.render.flowchart.dot import COLOURS, LANE_W, Geometry
from generator.render.flowchart.text import FONT, FONT_STACK
from generator.render.xmltext import legal

_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.DOTALL)

_BACKGROUND = re.compile(r'(<g id="graph0" class="graph"[^>]*>\s*<title>[^<]*</title>)')


def finish_svg(svg: str, geometry: Geometry, title: str, description: str) -> str:
    """Inline-ready SVG: no XML prolog, lane bands behind the nodes, title and desc."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    body = re.sub(r"<!--.*?-->\s*", "", body, flags=re.DOTALL)
    # 1pt of the layout becomes 1px on screen: 12pt labels read as 12px text, and a
    # five-lane chart fits the widened content column without scrolling.
    body = re.sub(r'(<svg\b[^>]*?\b(?:width|height)="[\d.]+)pt"', r'\1px"', body, count=1)
    body = re.sub(r'(<svg\b[^>]*?\b(?:width|height)="[\d.]+)pt"', r'\1px"', body, count=1)
    body = _SVG_OPEN.sub(
        lambda m: (
            m.group(0)[:-1].replace(
                "<svg",
                '<svg class="om-chart" role="img" aria-labelledby="chart-title chart-desc"',
                1,
            )
            + ">"
            f'<title id="chart-title">{html.escape(legal(title))}</title>'
            f'<desc id="chart-desc">{html.escape(legal(description))}</desc>'
        ),
        body,
        count=1,
    )
    bands = []
    for i in range(len(geometry.lanes)):
        fill = COLOURS["lane_a"] if i % 2 == 0 else COLOURS["lane_b"]
        bands.append(
            f'<rect class="om-lane" x="{LANE_W * i:g}" y="{-geometry.height:g}" '
            f'width="{LANE_W:g}" height="{geometry.height:g}" fill="{fill}" '
            f'stroke="#cfd8dc" stroke-width="1"/>'
        )
    body = _BACKGROUND.sub(
        lambda m: m.group(1) + '<g class="om-lanes">' + "".join(bands) + "</g>", body, count=1
    )
    body = body.replace(f'font-family="{FONT}"', f'font-family="{FONT_STACK}"')
    body = body.replace("&#45;", "-")  # Graphviz escapes hyphens needlessly; keep ids readable
    return body.strip() + "\n"
