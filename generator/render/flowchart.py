"""Swimlane flowcharts: a procedure → DOT source with pinned geometry, and SVG finishing.

Pipeline position: render (pure). ``chart_dot`` lays the chart out itself — one
full-height column per owner role, rows from a longest-path layering of the flow
with room for several steps of one lane; every end drawn beside each step that leads
to it — pins every node (``pos="x,y!"``) and lets
``neato -n2`` route the edges. Graphviz clusters were rejected: their lanes come out
of uneven width and do not line up, which is not what staff used to Visio or BPMN
swimlanes expect. ``finish_svg`` then draws the lane bands behind the nodes and adds
the accessible title and description.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from generator.manual import Manual, successors
from generator.models import Procedure, RoleKind, Step, StepKind

FONT = "Noto Sans CJK SC"
FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
LANE_W = 160.0
HEADER_H = 44.0
ROW_GAP = 40.0
FONT_SIZE = 12.0
LINE_H = 15.0
START = "__start"
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

#: change review: step id → added | removed | changed recolours the node (fill, border)
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


def text_width(text: str) -> float:
    """Width of ``text`` in em: wide (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)


def wrap(text: str, max_em: float, *, balance: bool = True) -> list[str]:
    """Break a label into lines of at most ``max_em``; CJK breaks anywhere, words at spaces.

    With ``balance`` the lines are made about equally long, so a seven-character title
    wraps 4 + 3, not 6 + 1.
    """
    total = text_width(text)
    if balance and total > max_em:
        n_lines = -(-total // max_em)
        max_em = min(max_em, total / n_lines + 0.99)
    tokens = re.findall(r"[A-Za-z0-9_\-./()%:◆◇]+\s*|\s+|.", text)
    lines, current = [], ""
    for token in tokens:
        if current and text_width(current + token.rstrip()) > max_em:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _esc(text: str) -> str:
    """Escape for an HTML-like Graphviz label."""
    return html.escape(text, quote=True)


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def lane_order(manual: Manual, proc: Procedure) -> tuple[str, ...]:
    """Owner roles in order of first appearance, outside parties last."""
    owners = list(dict.fromkeys(s.owner for s in proc.steps if s.owner))
    roles = manual.role_by_id

    def outside(role_id: str) -> bool:
        role = roles.get(role_id)
        return role is not None and role.kind is RoleKind.EXTERNAL

    return tuple([r for r in owners if not outside(r)] + [r for r in owners if outside(r)])


def _edges(proc: Procedure) -> list[tuple[str, str, str]]:
    """(from, to, label) for every flow edge, start included."""
    ids = {s.id for s in proc.steps}
    edges = [(START, proc.steps[0].id, "")]
    for i, step in enumerate(proc.steps):
        if step.kind is StepKind.DECISION:
            edges += [(step.id, b.next, b.when) for b in step.branches if b.next in ids]
        else:
            edges += [(step.id, t, "") for t in successors(proc, i) if t in ids]
    return edges


def _forward_edges(edges: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """Edges that are not back edges of a depth-first walk from the start."""
    graph: dict[str, list[str]] = {}
    for a, b, _ in edges:
        graph.setdefault(a, []).append(b)
    forward: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(START, 0)]
    state[START] = 1
    while stack:
        node, i = stack.pop()
        targets = graph.get(node, [])
        if i < len(targets):
            stack.append((node, i + 1))
            nxt = targets[i]
            if state.get(nxt) == 1:
                continue  # back edge: closes a loop
            forward.add((node, nxt))
            if nxt not in state:
                state[nxt] = 1
                stack.append((nxt, 0))
        else:
            state[node] = 2
    return forward


def _rows(
    order: list[str], edges: list[tuple[str, str, str]], lanes: dict[str, int]
) -> tuple[dict[str, int], set[tuple[int, int]]]:
    """Longest-path rows over forward edges; a lane never holds two nodes on one row.

    Returns the rows and the (lane, row) slots taken.
    """
    forward = _forward_edges(edges)
    preds: dict[str, list[str]] = {}
    for a, b in sorted(forward, key=lambda e: (e[0], e[1])):
        preds.setdefault(b, []).append(a)
    rows: dict[str, int] = {START: 0}
    taken: set[tuple[int, int]] = {(lanes[START], 0)}
    pending = [n for n in order if n != START]
    while pending:
        ready = [n for n in pending if all(p in rows for p in preds.get(n, []))]
        node = ready[0] if ready else pending[0]
        pending.remove(node)
        row = max((rows[p] + 1 for p in preds.get(node, []) if p in rows), default=1)
        while (lanes[node], row) in taken:
            row += 1
        rows[node] = row
        taken.add((lanes[node], row))
    return rows, taken


def _near_slot(
    lane: int, row: int, n_lanes: int, taken: set[tuple[int, int]]
) -> tuple[int, int] | None:
    """A free slot next to (lane, row): below it, diagonally below, or beside it."""
    nearby = [(0, 1), (1, 1), (-1, 1), (1, 0), (-1, 0)]  # below first: room for a label
    for d_lane, d_row in nearby:
        slot = (lane + d_lane, row + d_row)
        if 0 <= slot[0] < n_lanes and slot not in taken:
            return slot
    return None


@dataclass(frozen=True)
class Layout:
    """Where every node of a chart sits, and the edges between them.

    An end step is drawn beside each step that leads to it (a copy named ``<step>--<n>``
    from the second on), opening a row when there is no room: one terminal at the
    bottom collecting every exception path made long edges cross the whole chart.
    """

    lanes: dict[str, int]
    rows: dict[str, int]
    edges: list[tuple[str, str, str]]
    #: node name → the step it draws
    steps: dict[str, str]


def layout(proc: Procedure, lane_ids: tuple[str, ...]) -> Layout:
    """Lanes and rows of every node of ``proc``'s chart."""
    edges = _edges(proc)
    lanes = _node_lanes(proc, lane_ids)
    sources: dict[str, list[str]] = {}
    for a, b, _label in edges:
        if a not in sources.setdefault(b, []):
            sources[b].append(a)
    # every end is placed beside what leads to it (a copy per source): ends last in the
    # flow would otherwise sink to the bottom, far from the decision that sends there
    shared = {s.id for s in proc.steps if s.kind is StepKind.END and sources.get(s.id)}
    order = [START] + [s.id for s in proc.steps if s.id not in shared]
    main = [(a, b, label) for a, b, label in edges if b not in shared]
    rows, taken = _rows(order, main, lanes)
    steps = {name: name for name in order if name != START}
    copy_of: dict[tuple[str, str], str] = {}
    for end in (s.id for s in proc.steps if s.id in shared):
        for n, source in enumerate(sources[end], start=1):
            name = end if n == 1 else f"{end}--{n}"
            slot = _near_slot(lanes[source], rows[source], len(lane_ids), taken)
            if slot is None:  # no room beside it: open a row right below it
                below = rows[source]
                rows.update({n: r + 1 for n, r in rows.items() if r > below})
                taken = {(lanes[n], r) for n, r in rows.items()}
                slot = (lanes[source], below + 1)
            lane, row = slot
            lanes[name], rows[name] = lane, row
            taken.add((lane, row))
            steps[name] = end
            copy_of[(source, end)] = name
    # two branches of one decision to the same step are one arrow with both answers:
    # drawn apart they overlap and their labels pile up
    merged: dict[tuple[str, str], list[str]] = {}
    for a, b, label in edges:
        labels = merged.setdefault((a, copy_of.get((a, b), b)), [])
        if label:
            labels.append(label)
    drawn = [(a, b, "\n".join(labels)) for (a, b), labels in merged.items()]
    return Layout(lanes, rows, drawn, steps)


def _node_lanes(proc: Procedure, lane_ids: tuple[str, ...]) -> dict[str, int]:
    index = {role: i for i, role in enumerate(lane_ids)}
    lanes: dict[str, int] = {START: index.get(proc.steps[0].owner or "", 0)}
    preds: dict[str, list[str]] = {}
    for a, b, _ in _edges(proc):
        preds.setdefault(b, []).append(a)
    for step in proc.steps:
        if step.owner in index:
            lanes[step.id] = index[step.owner]
    for step in proc.steps:  # an end sits in the lane most of its predecessors are in
        if step.id not in lanes:
            votes = [lanes[p] for p in preds.get(step.id, []) if p in lanes] or [lanes[START]]
            lanes[step.id] = max(dict.fromkeys(votes), key=votes.count)
    return lanes


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
    key = any(manual.control_by_id.get(c) and manual.control_by_id[c].key for c in step.controls)
    # Graphviz decodes entities in strings: "&" is written as "&amp;" to stay literal
    common = {"URL": href, "tooltip": tooltip.replace("&", "&amp;"), "id": f"node-{step.id}"}
    if step.kind is StepKind.DECISION:
        label, lines = _label(manual, step, 6.5)
        height = max(64.0, lines * LINE_H + 40)
        return (
            156.0,
            height,
            {
                **common,
                "shape": "diamond",
                "style": "filled",
                "fillcolor": COLOURS["decision"],
                "label": label,
                "penwidth": "2.6" if key else "1.2",
                "color": COLOURS["key"] if key else COLOURS["border"],
            },
        )
    if step.kind is StepKind.END:
        label, lines = _label(manual, step, 9.0)
        return (
            140.0,
            max(34.0, lines * LINE_H + 16),
            {
                **common,
                "shape": "box",
                "style": "rounded,filled,bold",
                "fillcolor": COLOURS["end"],
                "label": label,
                "color": COLOURS["border"],
            },
        )
    label, lines = _label(manual, step, 9.0)
    attrs = {
        **common,
        "shape": "box",
        "style": "rounded,filled" + (",dashed" if step.control_waiver else ""),
        "fillcolor": COLOURS["subprocess" if step.kind is StepKind.SUBPROCESS else "task"],
        "label": label,
        "penwidth": "2.6" if key else "1.2",
        "color": COLOURS["key"] if key else COLOURS["border"],
    }
    if step.kind is StepKind.SUBPROCESS:
        attrs.update(peripheries="2", style="filled")
    return 136.0, max(40.0, lines * LINE_H + 18), attrs


def chart_dot(
    manual: Manual,
    proc: Procedure,
    *,
    start_label: str,
    tooltips: dict[str, str],
    hrefs: dict[str, str],
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
    placed = layout(proc, lane_ids)
    lanes, rows = placed.lanes, placed.rows
    by_id = {s.id: s for s in proc.steps}
    nodes = [
        Node(
            START,
            lanes[START],
            0,
            90.0,
            30.0,
            {
                "shape": "box",
                "style": "rounded,filled,bold",
                "fillcolor": COLOURS["start"],
                "label": _quote(start_label),
                "color": COLOURS["border"],
                "id": "node--start",  # "--" never occurs in a step id: no step collides
            },
        )
    ]
    for name, step_id in placed.steps.items():
        step = by_id[step_id]
        w, h, attrs = _step_node(manual, step, tooltips.get(step.id, step.title), hrefs[step.id])
        if name != step_id:
            attrs["id"] = f"node-{name}"  # "--" never occurs in a step id
        mark = (highlight or {}).get(step.id)
        if mark in HIGHLIGHTS:
            fill, border = HIGHLIGHTS[mark]
            attrs.update(fillcolor=fill, color=border, penwidth="3")
            if mark == "removed":
                attrs["style"] = attrs["style"].replace("filled", "filled,dashed")
        nodes.append(Node(name, lanes[name], rows[name], w, h, attrs))
    n_rows = max(n.row for n in nodes) + 1
    row_h = [max((n.height for n in nodes if n.row == r), default=30.0) for r in range(n_rows)]
    width = LANE_W * len(lane_ids)
    height = HEADER_H + sum(row_h) + ROW_GAP * (n_rows + 1)
    row_y, y = [], height - HEADER_H - ROW_GAP
    for h in row_h:
        row_y.append(y - h / 2)
        y -= h + ROW_GAP
    out = [
        f"digraph {_quote(proc.id)} {{",
        f'  graph [splines=true, outputorder=edgesfirst, bgcolor="transparent", '
        f'fontname="{FONT}", pad="0"];',
        f'  node [fontname="{FONT}", fontsize={FONT_SIZE:g}, fixedsize=true, margin="0.08,0.04"];',
        f'  edge [fontname="{FONT}", fontsize=10, color="{COLOURS["border"]}", arrowsize=0.7];',
        '  "__corner0" [shape=point, style=invis, width=0.01, pos="0,0!"];',
        f'  "__corner1" [shape=point, style=invis, width=0.01, pos="{width:g},{height:g}!"];',
    ]
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
    for node in nodes:
        attrs = dict(node.attrs)
        attrs["width"] = f"{node.width / 72:.3f}"
        attrs["height"] = f"{node.height / 72:.3f}"
        attrs["pos"] = f"{LANE_W * node.lane + LANE_W / 2:g},{row_y[node.row]:g}!"
        rendered = ", ".join(
            f"{k}={v if k == 'label' else _quote(v)}" for k, v in sorted(attrs.items())
        )
        out.append(f"  {_quote(node.name)} [{rendered}];")
    for a, b, label in placed.edges:
        # decorate: an underline and a leader tie each branch label to its own edge, which
        # long edges across many rows otherwise leave ambiguous
        # one line per answer, long answers wrapped: a wide label crowds its neighbours
        lines = [x for answer in label.split("\n") for x in wrap(answer, EDGE_LABEL_EM)]
        text = "<BR/>".join(_esc(x) for x in lines)
        extra = f', label=<{text}>, fontcolor="#263238", decorate=true' if label else ""
        out.append(f"  {_quote(a)} -> {_quote(b)} [id={_quote(f'edge-{a}--{b}')}{extra}];")
    out.append("}")
    return "\n".join(out) + "\n", Geometry(tuple(lane_ids), width, height)


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
            f'<title id="chart-title">{html.escape(title)}</title>'
            f'<desc id="chart-desc">{html.escape(description)}</desc>'
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
