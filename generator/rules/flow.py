"""The flow holds together: decisions branch, every step is reached and reaches an end.

Layer: rules. The flow graph is the manual's own (``Manual.flow``): the same successors
the chart draws and the quiz asks about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from generator.source.findings import Finding
from generator.source.manual import Manual, normalise, successors
from generator.source.models import Status, StepKind


def decisions_branch(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A decision has at least two branches, each its own answer; others have none."""
    for _proc, step in manual.steps():
        if step.kind is StepKind.DECISION and len(step.branches) < 2:
            yield Finding(
                manual.where(step), "E032", f"decision '{step.id}' needs at least two branches"
            )
        seen: set[str] = set()
        for i, branch in enumerate(step.branches):
            label = normalise(branch.when)
            if label in seen:
                yield Finding(
                    manual.where(step, "branches", i, "when"),
                    "E032",
                    f"decision '{step.id}' has two branches for '{branch.when}': a reader "
                    "cannot tell which to take; merge them or word each answer differently",
                )
            seen.add(label)
        if step.kind is not StepKind.DECISION and step.branches:
            yield Finding(
                manual.where(step, "branches", key=True),
                "E032",
                f"step '{step.id}' has branches but is not a decision: add `kind: decision`",
            )
        if step.kind is StepKind.DECISION and step.next:
            yield Finding(
                manual.where(step, "next", key=True),
                "E032",
                f"decision '{step.id}' uses branches, not `next`: remove `next`",
            )


def subprocess_fields(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A subprocess names the procedure it calls; other steps do not."""
    for _proc, step in manual.steps():
        if step.kind is StepKind.SUBPROCESS and not step.procedure:
            yield Finding(
                manual.where(step),
                "E038",
                f"subprocess '{step.id}' must name the procedure it calls: add `procedure: <id>`",
            )
        if step.kind is not StepKind.SUBPROCESS and step.procedure:
            yield Finding(
                manual.where(step, "procedure", key=True),
                "E038",
                f"step '{step.id}' names a procedure but is not a subprocess: "
                "add `kind: subprocess`",
            )
    for proc in manual.published:
        for step in proc.steps:
            called = manual.procedure_by_id.get(step.procedure or "")
            if called is not None and called.status is Status.RETIRED:
                yield Finding(
                    manual.where(step, "procedure"),
                    "E038",
                    f"step '{step.id}' hands over to '{called.id}', which is retired: name "
                    "the procedure that replaced it",
                )


def _reach(graph: Mapping[str, tuple[str, ...]], start: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def steps_reachable(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every step can be reached from the first step."""
    for proc in manual.procedures:
        reached = _reach(manual.flow(proc), [proc.steps[0].id])
        for step in proc.steps:
            if step.id not in reached:
                yield Finding(
                    manual.where(step, "id"),
                    "E033",
                    f"step '{step.id}' cannot be reached from the start '{proc.steps[0].id}': "
                    "point a `next` or branch at it, or remove it",
                )


def ends_reachable(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """From every step some end can be reached."""
    for proc in manual.procedures:
        graph = manual.flow(proc)
        ends = {s.id for s in proc.steps if s.kind is StepKind.END}
        for i, step in enumerate(proc.steps):
            if step.kind is StepKind.END:
                continue
            if not successors(proc, i):
                yield Finding(
                    manual.where(step),
                    "E034",
                    f"step '{step.id}' is the last step but not an end: add `next:` or an end step",
                )
            elif ends and not (_reach(graph, [step.id]) & ends):
                yield Finding(
                    manual.where(step), "E034", f"no end step can be reached from '{step.id}'"
                )


def no_self_calls(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A subprocess step does not call its own procedure.

    Procedures may hand off to each other both ways (an information change may refer a
    suspicion to abnormal-case handling, which may ask for a data correction): those are
    hand-offs, not recursion, so only a procedure calling itself is an error.
    """
    for proc in manual.procedures:
        for step in proc.steps:
            if step.procedure == proc.id:
                yield Finding(
                    manual.where(step, "procedure"),
                    "E039",
                    f"step '{step.id}' calls its own procedure '{proc.id}': link another "
                    "procedure or use `next`",
                )
