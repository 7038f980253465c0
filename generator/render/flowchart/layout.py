"""Chart layout: lanes, rows and the edges between them, from the procedure's flow.

Layer: render (pure). One full-height column per owner role (outside parties last);
rows from a longest-path layering of the flow over forward edges, with room for several
steps of one lane; every end drawn beside each step that leads to it. The flow is the
manual's own (``Manual.flow``).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.source.manual import Manual
from generator.source.models import Procedure, RoleKind, StepKind

START = "__start"


def lane_order(manual: Manual, proc: Procedure) -> tuple[str, ...]:
    """Owner roles in order of first appearance, outside parties last."""
    owners = list(dict.fromkeys(s.owner for s in proc.steps if s.owner))
    roles = manual.role_by_id

    def outside(role_id: str) -> bool:
        role = roles.get(role_id)
        return role is not None and role.kind is RoleKind.EXTERNAL

    return tuple([r for r in owners if not outside(r)] + [r for r in owners if outside(r)])


def _edges(manual: Manual, proc: Procedure) -> list[tuple[str, str, str]]:
    """(from, to, label) for every flow edge, start included."""
    ids = {s.id for s in proc.steps}
    flow = manual.flow(proc)
    edges = [(START, proc.steps[0].id, "")]
    for step in proc.steps:
        if step.kind is StepKind.DECISION:
            edges += [(step.id, b.next, b.when) for b in step.branches if b.next in ids]
        else:
            edges += [(step.id, t, "") for t in flow[step.id]]
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


def layout(manual: Manual, proc: Procedure, lane_ids: tuple[str, ...]) -> Layout:
    """Lanes and rows of every node of ``proc``'s chart."""
    edges = _edges(manual, proc)
    lanes = _node_lanes(proc, lane_ids, edges)
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


def _node_lanes(
    proc: Procedure, lane_ids: tuple[str, ...], edges: list[tuple[str, str, str]]
) -> dict[str, int]:
    index = {role: i for i, role in enumerate(lane_ids)}
    lanes: dict[str, int] = {START: index.get(proc.steps[0].owner or "", 0)}
    preds: dict[str, list[str]] = {}
    for a, b, _ in edges:
        preds.setdefault(b, []).append(a)
    for step in proc.steps:
        if step.owner in index:
            lanes[step.id] = index[step.owner]
    for step in proc.steps:  # an end sits in the lane most of its predecessors are in
        if step.id not in lanes:
            votes = [lanes[p] for p in preds.get(step.id, []) if p in lanes] or [lanes[START]]
            lanes[step.id] = max(dict.fromkeys(votes), key=votes.count)
    return lanes
