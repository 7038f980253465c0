"""Chart DOT source: laid-out nodes pinned in place for ``neato -n2``, which routes edges.

Layer: render (pure). Graphviz clusters were rejected: their lanes come out of uneven
width and do not line up, which is not what staff used to Visio or BPMN swimlanes
expect; the layout (``layout``) places every node itself.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from generator.render.flowchart.layout import START, Layout, lane_order, layout
from generator.render.flowchart.text import FONT, wrap
from generator.render.xmltext import legal
from generator.source.manual import Manual
from generator.source.models import Procedure, Step, StepKind

LANE_W = 160.0

HEADER_H = 44.0

ROW_GAP = 40.0

FONT_SIZE = 12.0

LINE_H = 15.0

EDGE_LABEL_EM = 10.0  # branch labels wrap at this width

COLOURS = {
    "task": "#e8f0fe",
    "decision": "#fff4e0",
    "subprocess": "#e8f5e9",
    "end": "#eceff1",
    "start": "#c8e6c9",
    "key": "#b71c1c",
    "border": "#455a64",
    "lane_a": "#fafafa",
    "lane_b": "#f1f4f8",
    "header": "#37474f",
}

HIGHLIGHTS = {
    "added": ("#c8e6c9", "#2e7d32"),
    "removed": ("#ffcdd2", "#c62828"),
    "changed": ("#ffcc80", "#ef6c00"),
}


@dataclass(frozen=True)
class Node:
    """One laid-out node of the chart."""

    name: str
    lane: int
    row: int
    width: float
    height: float
    attrs: dict[str, str]


@dataclass(frozen=True)
class Geometry:
    """Lane and size facts the SVG finishing needs."""

    lanes: tuple[str, ...]
    width: float
    height: float


def _esc(text: str) -> str:
    """Escape for an HTML-like Graphviz label (XML inside: no character XML forbids)."""
    return html.escape(legal(text), quote=True)


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return (
        '"'
        + legal(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("\r", " ")
        + '"'
    )


def _label(manual: Manual, step: Step, max_em: float) -> tuple[str, int]:
    lines = wrap(step.title, max_em)
    parts = "<BR/>".join(_esc(line) for line in lines)
    codes = []
    for ref in step.controls:
        control = manual.control_by_id.get(ref)
        code = (control.code if control and control.code else ref) if control else ref
        codes.append(("◆ " if control and control.key else "◇ ") + code)
    extra = 0
    if codes:
        code_lines = wrap(" ".join(c.replace(" ", "") for c in codes), max_em * 1.25)
        text = "<BR/>".join(_esc(c) for c in code_lines)
        parts += f'<BR/><FONT POINT-SIZE="9" COLOR="{COLOURS["key"]}">{text}</FONT>'
        extra = len(code_lines)
    return f"<{parts}>", len(lines) + extra


def _step_node(
    manual: Manual, step: Step, tooltip: str, href: str
) -> tuple[float, float, dict[str, str]]:
    """Width, height and attributes of a step's node, by its kind."""
    key = any(manual.control_by_id.get(c) and manual.control_by_id[c].key for c in step.controls)
    # Graphviz decodes entities in strings: "&" is written as "&amp;" to stay literal
    common = {"URL": href, "tooltip": tooltip.replace("&", "&amp;"), "id": f"node-{step.id}"}
    outline = {
        "penwidth": "2.6" if key else "1.2",
        "color": COLOURS["key"] if key else COLOURS["border"],
    }
    if step.kind is StepKind.DECISION:
        label, lines = _label(manual, step, 6.5)
        shape = {"shape": "diamond", "style": "filled", "fillcolor": COLOURS["decision"]}
        return 156.0, max(64.0, lines * LINE_H + 40), {**common, **shape, "label": label, **outline}
    label, lines = _label(manual, step, 9.0)
    if step.kind is StepKind.END:
        shape = {"shape": "box", "style": "rounded,filled,bold", "fillcolor": COLOURS["end"]}
        attrs = {**common, **shape, "label": label, "color": COLOURS["border"]}
        return 140.0, max(34.0, lines * LINE_H + 16), attrs
    attrs = {
        **common,
        "shape": "box",
        "style": "rounded,filled" + (",dashed" if step.control_waiver else ""),
        "fillcolor": COLOURS["subprocess" if step.kind is StepKind.SUBPROCESS else "task"],
        "label": label,
        **outline,
    }
    if step.kind is StepKind.SUBPROCESS:
        attrs.update(peripheries="2", style="filled")
    return 136.0, max(40.0, lines * LINE_H + 18), attrs


def chart_dot(
    manual: Manual,
    proc: Procedure,
    *,
    start_label: str,
    tooltips: Mapping[str, str],
    hrefs: Mapping[str, str],
    highlight: Mapping[str, str] | None = None,
) -> tuple[str, Geometry]:
    """DOT source (for ``neato -n2``) and geometry of a procedure's swimlane chart.

    Args:
        manual: the manual (role names, control codes).
        proc: the procedure to draw.
        start_label: text of the start terminal (from the UI catalogue).
        tooltips: step id → tooltip text.
        hrefs: step id → link target (step anchor, or the called procedure).
        highlight: step id → added | removed | changed, for change reviews: the node is
            filled and outlined in that change's colour (a dashed outline if removed).
    """
    lane_ids = lane_order(manual, proc) or ("",)
    placed = layout(manual, proc, lane_ids)
    nodes = [_start_node(placed, start_label)]
    nodes += _step_nodes(manual, proc, placed, tooltips, hrefs, highlight or {})
    width = LANE_W * len(lane_ids)
    row_y, height = _row_positions(nodes)
    out = [
        f"digraph {_quote(proc.id)} {{",
        f'  graph [splines=true, outputorder=edgesfirst, bgcolor="transparent", '
        f'fontname="{FONT}", pad="0"];',
        f'  node [fontname="{FONT}", fontsize={FONT_SIZE:g}, fixedsize=true, margin="0.08,0.04"];',
        f'  edge [fontname="{FONT}", fontsize=10, color="{COLOURS["border"]}", arrowsize=0.7];',
        '  "__corner0" [shape=point, style=invis, width=0.01, pos="0,0!"];',
        f'  "__corner1" [shape=point, style=invis, width=0.01, pos="{width:g},{height:g}!"];',
        *_lane_headers(manual, lane_ids, height),
        *(_node_line(node, row_y) for node in nodes),
        *(_edge_line(a, b, label) for a, b, label in placed.edges),
        "}",
    ]
    return "\n".join(out) + "\n", Geometry(tuple(lane_ids), width, height)


def _row_positions(nodes: list[Node]) -> tuple[list[float], float]:
    """The y of each row's centre (Graphviz's y grows upwards) and the chart's height."""
    n_rows = max(n.row for n in nodes) + 1
    row_h = [max((n.height for n in nodes if n.row == r), default=30.0) for r in range(n_rows)]
    height = HEADER_H + sum(row_h) + ROW_GAP * (n_rows + 1)
    row_y, y = [], height - HEADER_H - ROW_GAP
    for h in row_h:
        row_y.append(y - h / 2)
        y -= h + ROW_GAP
    return row_y, height


def _start_node(placed: Layout, start_label: str) -> Node:
    attrs = {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": COLOURS["start"],
        "label": _quote(start_label),
        "color": COLOURS["border"],
        "id": "node--start",  # "--" never occurs in a step id: no step collides
    }
    return Node(START, placed.lanes[START], 0, 90.0, 30.0, attrs)


def _step_nodes(
    manual: Manual,
    proc: Procedure,
    placed: Layout,
    tooltips: Mapping[str, str],
    hrefs: Mapping[str, str],
    highlight: Mapping[str, str],
) -> list[Node]:
    by_id = {s.id: s for s in proc.steps}
    nodes = []
    for name, step_id in placed.steps.items():
        step = by_id[step_id]
        w, h, attrs = _step_node(manual, step, tooltips.get(step.id, step.title), hrefs[step.id])
        if name != step_id:
            attrs["id"] = f"node-{name}"  # "--" never occurs in a step id
        mark = highlight.get(step.id)
        if mark in HIGHLIGHTS:
            fill, border = HIGHLIGHTS[mark]
            attrs.update(fillcolor=fill, color=border, penwidth="3")
            if mark == "removed":
                attrs["style"] = attrs["style"].replace("filled", "filled,dashed")
        nodes.append(Node(name, placed.lanes[name], placed.rows[name], w, h, attrs))
    return nodes


def _lane_headers(manual: Manual, lane_ids: tuple[str, ...], height: float) -> list[str]:
    out = []
    for i, role_id in enumerate(lane_ids):
        role = manual.role_by_id.get(role_id)
        name = role.name if role else role_id
        label = "<" + "<BR/>".join(_esc(x) for x in wrap(name, 10)) + ">"
        out.append(
            f'  "__lane{i}" [shape=box, style=filled, fillcolor="{COLOURS["header"]}", '
            f'fontcolor="white", color="white", label={label}, width={(LANE_W - 24) / 72:.3f}, '
            f'height={(HEADER_H - 6) / 72:.3f}, pos="{LANE_W * i + LANE_W / 2:g},'
            f'{height - HEADER_H / 2:g}!", id="lane-{i}"];'
        )
    return out


def _node_line(node: Node, row_y: list[float]) -> str:
    attrs = dict(node.attrs)
    attrs["width"] = f"{node.width / 72:.3f}"
    attrs["height"] = f"{node.height / 72:.3f}"
    attrs["pos"] = f"{LANE_W * node.lane + LANE_W / 2:g},{row_y[node.row]:g}!"
    rendered = ", ".join(
        f"{k}={v if k == 'label' else _quote(v)}" for k, v in sorted(attrs.items())
    )
    return f"  {_quote(node.name)} [{rendered}];"


def _edge_line(a: str, b: str, label: str) -> str:
    # decorate: an underline and a leader tie each branch label to its own edge, which
    # long edges across many rows otherwise leave ambiguous
    # one line per answer, long answers wrapped: a wide label crowds its neighbours
    lines = [x for answer in label.split("\n") for x in wrap(answer, EDGE_LABEL_EM)]
    text = "<BR/>".join(_esc(x) for x in lines)
    extra = f', label=<{text}>, fontcolor="#263238", decorate=true' if label else ""
    return f"  {_quote(a)} -> {_quote(b)} [id={_quote(f'edge-{a}--{b}')}{extra}];"
