"""Maker-checker pairs rerouted: a flow change on the way from a maker to its checker.

Layer: domain (change sets); called by ``changes.procedures``. The policy (docs/review.md)
calls a rerouted flow a MAJOR revision; the tools hold every flow change to at least
MINOR and one that touches a maker-checker pair to MAJOR: a branch of the checker sent
somewhere else (复核有误 straight to release), a step inserted, removed or rerouted
between the maker and the checker, or a new path from the maker to an end that never
meets the checker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.changes.model import MINOR_REASONS, Change, Severity
from generator.source.manual import successors
from generator.source.models import Procedure, StepKind

Flow = Mapping[str, tuple[str, ...]]


def rerouted_checks(
    old: Procedure, new: Procedure, rename: Mapping[str, str], changes: Sequence[Change]
) -> list[Change]:
    """A high change ``checker_rerouted`` at each checker whose maker-checker flow changed.

    Args:
        old: the procedure before; its step ids are mapped through ``rename``.
        new: the procedure after.
        rename: old step id → new step id of the renamed steps.
        changes: the step changes already found (flow changes among them).
    """
    before = _flow(old, rename)
    after = _flow(new, {})
    moved = {c.target for c in changes if c.reason in MINOR_REASONS}
    moved |= {rename.get(c.target, c.target) for c in changes if c.action == "removed"}
    found = []
    pairs = {
        (rename.get(s.id, s.id), rename.get(s.checks, s.checks)) for s in old.steps if s.checks
    }
    for step in new.steps:
        if step.checks is None or (step.id, step.checks) not in pairs:
            continue  # a pair added or removed is rated as such (checker_changed / _removed)
        checker, maker = step.id, step.checks
        on_the_way = _between(before, maker, checker) | _between(after, maker, checker)
        bypass = _bypassed(after, _ends(new, {}), maker, checker) and not _bypassed(
            before, _ends(old, rename), maker, checker
        )
        if bypass or moved & (on_the_way | {checker}):
            # the route changed is told by the flow changes beside it: this one names the pair
            found.append(
                Change(
                    "step",
                    "rerouted",
                    checker,
                    Severity.HIGH,
                    "checker_rerouted",
                    None,
                    maker,
                    None,
                    new.id,
                )  # fmt: skip
            )
    return found


def _flow(proc: Procedure, rename: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    return {
        rename.get(s.id, s.id): tuple(rename.get(t, t) for t in successors(proc, i))
        for i, s in enumerate(proc.steps)
    }


def _reachable(flow: Flow, start: str, avoid: str | None = None) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in flow.get(todo.pop(), ()):
            if nxt not in seen and nxt != avoid:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _between(flow: Flow, maker: str, checker: str) -> set[str]:
    """Steps on some path from the maker to the checker (both included when it exists)."""
    reverse: dict[str, list[str]] = {}
    for source, targets in flow.items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    back, todo = {checker}, [checker]
    while todo:
        for prev in reverse.get(todo.pop(), ()):
            if prev not in back:
                back.add(prev)
                todo.append(prev)
    return _reachable(flow, maker) & back


def _ends(proc: Procedure, rename: Mapping[str, str]) -> set[str]:
    return {rename.get(s.id, s.id) for s in proc.steps if s.kind is StepKind.END}


def _bypassed(flow: Flow, ends: set[str], maker: str, checker: str) -> bool:
    """Whether an end can be reached from the maker without passing the checker."""
    return bool(_reachable(flow, maker, avoid=checker) & ends)
