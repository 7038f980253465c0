"""Steps of one procedure compared: added, removed, renamed, moved and field changes.

Layer: domain (change sets); called by ``changes.procedures``. A removed and an added step
that are equal in everything but their id (and the links that follow from it)
are one renamed step, and references to the old id count as references to the
new one, so a rename alone is reported once, not as remove + add. The flow is
compared as each step's effective successors, so inserting a step shows up as
the changed ``next`` of its predecessor even when nobody wrote ``next:``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from generator.changes.model import Change, Severity, Value
from generator.source.manual import Manual, accountable, successors
from generator.source.models import Procedure, RoleKind, Step, StepKind

HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW
Marks = dict[str, str]

#: step fields in report order
FIELDS = (
    "kind", "title", "owner", "accountable", "consulted", "informed", "controls",
    "control_waiver", "checks", "records", "sla", "next", "procedure", "instructions", "sources",
)  # fmt: skip

#: severity and reason of the fields whose rating does not depend on the values
FIXED: dict[str, tuple[Severity, str]] = {
    "consulted": (MEDIUM, "responsibility_changed"),
    "informed": (MEDIUM, "responsibility_changed"),
    "kind": (MEDIUM, "flow_changed"),
    "next": (MEDIUM, "flow_changed"),
    "procedure": (MEDIUM, "flow_changed"),
    "records": (MEDIUM, "records_changed"),
    "sla": (MEDIUM, "sla_changed"),
    "title": (LOW, "wording"),
    "instructions": (LOW, "wording"),
    "sources": (LOW, "wording"),
}


def step_facts(proc: Procedure, index: int, rename: Mapping[str, str]) -> dict[str, Value]:
    """The comparable facts of a step; step ids are mapped through ``rename``."""
    step = proc.steps[index]
    if step.kind is StepKind.DECISION:
        flow = tuple(f"{b.when} → {rename.get(b.next, b.next)}" for b in step.branches)
    else:
        flow = tuple(rename.get(t, t) for t in successors(proc, index))
    return {
        "kind": step.kind.value,
        "title": step.title,
        "owner": step.owner,
        "accountable": step.accountable,
        "consulted": tuple(sorted(step.consulted)),
        "informed": tuple(sorted(step.informed)),
        "controls": tuple(sorted(step.controls)),
        "control_waiver": step.control_waiver,
        "checks": rename.get(step.checks, step.checks) if step.checks else None,
        "records": tuple(sorted(step.records)),
        "sla": step.sla,
        "next": flow,
        "procedure": step.procedure,
        "instructions": step.instructions,
        "sources": tuple(sorted(step.sources)),
    }


def rate(name: str, before: Value, after: Value, controlled: bool) -> tuple[Severity, str]:
    """Severity and reason of a change of step field ``name``."""
    if name == "controls":
        lost = set(before or ()) - set(after or ())
        return (HIGH, "control_removed") if lost else (MEDIUM, "control_added")
    if name == "control_waiver":
        if before is None:
            return HIGH, "waiver_added"
        return (MEDIUM, "waiver_removed") if after is None else (LOW, "wording")
    if name in ("owner", "accountable"):
        return (HIGH, "owner_changed_controlled") if controlled else FIXED["consulted"]
    if name == "checks":
        return (HIGH, "checker_removed") if after is None else (MEDIUM, "checker_changed")
    return FIXED[name]


def compare_steps(
    base: Manual, head: Manual, old: Procedure, new: Procedure
) -> tuple[list[Change], Marks, Marks]:
    """Changes of the steps of ``old`` → ``new``, and the chart highlights before and after."""
    rename = find_renames(old, new)
    origin = {rename.get(s.id, s.id): i for i, s in reversed(list(enumerate(old.steps)))}
    moved = _moved([rename.get(s.id, s.id) for s in old.steps], [s.id for s in new.steps])
    manuals = (base, head)
    changes: list[Change] = []
    before: Marks = {}
    after: Marks = {}
    for j, step in enumerate(new.steps):
        if step.id not in origin:
            changes.append(_added(manuals, new, step))
            after[step.id] = "added"
            continue
        i = origin[step.id]
        found = _step_changes(manuals, old, i, new, j, rename)
        if step.id in moved:
            found.insert(
                0, _change(new, step, "moved", MEDIUM, "order_changed", None, i + 1, j + 1)
            )
        if rename.get(old.steps[i].id) == step.id:
            found.insert(
                0, _change(new, step, "renamed", LOW, "renamed", "id", old.steps[i].id, step.id)
            )
        if found:
            changes += [_with_roles(c, manuals, (old, old.steps[i]), (new, step)) for c in found]
            before[old.steps[i].id] = after[step.id] = "changed"
    kept = {s.id for s in new.steps}
    for step in old.steps:
        if rename.get(step.id, step.id) not in kept:
            changes.append(_removed(manuals, old, step, new.id))
            before[step.id] = "removed"
    return changes, before, after


def find_renames(old: Procedure, new: Procedure) -> dict[str, str]:
    """Old id → new id for removed steps equal to an added step in all but id and links."""
    old_ids, new_ids = {s.id for s in old.steps}, {s.id for s in new.steps}
    fresh = [s for s in new.steps if s.id not in old_ids]
    renames: dict[str, str] = {}
    for step in (s for s in old.steps if s.id not in new_ids):
        match = next((c for c in fresh if c.id not in renames.values() and _same(step, c)), None)
        if match is not None:
            renames[step.id] = match.id
    return renames


def _same(a: Step, b: Step) -> bool:
    links = {"id", "next", "checks", "branches"}
    whens = [x.when for x in a.branches] == [x.when for x in b.branches]
    return whens and a.model_dump(exclude=links) == b.model_dump(exclude=links)


def _moved(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """Steps kept in both whose relative order changed (outside the longest common run)."""
    common = set(old_order) & set(new_order)
    a = [x for x in old_order if x in common]
    b = [x for x in new_order if x in common]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    in_place = {
        x for block in matcher.get_matching_blocks() for x in a[block.a : block.a + block.size]
    }
    return common - in_place


def _step_changes(
    manuals: tuple[Manual, Manual], old: Procedure, i: int, new: Procedure, j: int,
    rename: Mapping[str, str],
) -> list[Change]:  # fmt: skip
    was, now = step_facts(old, i, rename), step_facts(new, j, {})
    controlled = bool(was["controls"] or now["controls"])
    step = new.steps[j]
    found = []
    for name in FIELDS:
        before, after = was[name], now[name]
        if name == "accountable" and step.kind is not StepKind.END:
            if before is None and after is None:
                continue  # both inherit the procedure owner: reported on the procedure
            before, after = before or old.owner, after or new.owner
        if before != after:
            severity, reason = rate(name, before, after, controlled)
            found.append(_change(new, step, "changed", severity, reason, name, before, after))
    return found


def _change(
    proc: Procedure, step: Step, action: str, severity: Severity, reason: str,
    name: str | None = None, before: Value | int = None, after: Value | int = None,
) -> Change:  # fmt: skip
    def text(value: Value | int) -> Value:
        return str(value) if isinstance(value, int) else value

    return Change(
        "step", action, step.id, severity, reason, name, text(before), text(after), proc.id
    )


def _added(manuals: tuple[Manual, Manual], proc: Procedure, step: Step) -> Change:
    severity, reason = (HIGH, "waiver_added") if step.control_waiver else (MEDIUM, "step_added")
    change = _change(proc, step, "added", severity, reason, None, None, step.title)
    return _with_roles(change, manuals, None, (proc, step))


def _removed(manuals: tuple[Manual, Manual], proc: Procedure, step: Step, new_id: str) -> Change:
    severity, reason = (HIGH, "control_removed") if step.controls else (MEDIUM, "step_removed")
    change = Change("step", "removed", step.id, severity, reason, None, step.title, None, new_id)
    return _with_roles(change, manuals, (proc, step), None)


def _with_roles(
    change: Change,
    manuals: tuple[Manual, Manual],
    old: tuple[Procedure, Step] | None,
    new: tuple[Procedure, Step] | None,
) -> Change:
    """Attach the staff roles touched: R and A on both sides, and changed C/I."""
    ids: list[Value] = []
    for pair in (old, new):
        if pair is not None and pair[1].kind is not StepKind.END:
            ids += [pair[1].owner, accountable(*pair)]
            if change.action in ("added", "removed"):
                ids += [pair[1].consulted]
    if change.field in ("consulted", "informed"):
        ids += [tuple(set(change.before or ()) ^ set(change.after or ()))]
    roles = staff_only(manuals, ids)
    return replace(change, roles=roles)


def staff_only(manuals: Iterable[Manual], values: Iterable[Value]) -> tuple[str, ...]:
    """The staff role ids among ``values`` (ids or tuples of ids), sorted."""
    found: set[str] = set()
    manuals = tuple(manuals)
    for value in values:
        for role_id in (value,) if isinstance(value, str) else value or ():
            roles = (m.role_by_id.get(role_id) for m in manuals)
            if any(r is not None and r.kind is RoleKind.STAFF for r in roles):
                found.add(role_id)
    return tuple(sorted(found))
