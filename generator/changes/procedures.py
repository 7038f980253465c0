"""Procedures compared: added, removed, renamed, metadata changes, and their steps.

Layer: domain (change sets); called by ``changes.diff``. Procedures are matched by id, then
a removed and an added procedure with the same title or the same steps are taken
as one renamed procedure. Steps are compared by ``steps.compare_steps``.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.changes.checkers import rerouted_checks
from generator.changes.model import Change, ProcedureDelta, Severity, Value
from generator.changes.steps import compare_steps, find_renames, staff_only
from generator.source.manual import Manual
from generator.source.models import Procedure, RoleKind, StepKind

HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW

#: metadata field → (how to read it, severity, reason). ``owner`` is rated apart.
FIELDS: tuple[tuple[str, Callable[[Procedure], Value], Severity, str], ...] = (
    ("title", lambda p: p.title, LOW, "wording"),
    ("category", lambda p: p.category, LOW, "wording"),
    ("summary", lambda p: p.summary, LOW, "wording"),
    ("owner", lambda p: p.owner, MEDIUM, "responsibility_changed"),
    ("version", lambda p: p.version, LOW, "version"),
    ("status", lambda p: p.status.value, MEDIUM, "status_changed"),
    ("effective", lambda p: p.effective.isoformat(), MEDIUM, "effective_changed"),
    ("cycle_months", lambda p: str(p.review.cycle_months), MEDIUM, "review_changed"),
    ("last_reviewed", lambda p: p.review.last_reviewed.isoformat(), LOW, "review_recorded"),
    ("approver", lambda p: p.review.approver, MEDIUM, "approver_changed"),
    ("trigger", lambda p: p.trigger, LOW, "wording"),
    ("scope", lambda p: p.scope, MEDIUM, "scope_changed"),
    ("preconditions", lambda p: p.preconditions, MEDIUM, "scope_changed"),
    ("regulations", lambda p: p.regulations, MEDIUM, "scope_changed"),
    ("exceptions", lambda p: _exceptions(p), MEDIUM, "exceptions_changed"),
    ("sources", lambda p: p.sources, LOW, "wording"),
)


def _exceptions(proc: Procedure) -> str | None:
    text = "\n\n".join(f"**{e.title}**\n{e.description.strip()}" for e in proc.exceptions)
    return text or None


def procedure_deltas(base: Manual, head: Manual) -> tuple[ProcedureDelta, ...]:
    """The changed procedures: in the new revision's order, removed ones last."""
    deltas: list[ProcedureDelta] = []
    for old, new in match_procedures(base, head):
        if old is None and new is not None:
            deltas.append(_added(head, new))
        elif new is None and old is not None:
            deltas.append(_removed(base, old))
        elif old is not None and new is not None:
            delta = _compared(base, head, old, new)
            if delta.changes:
                deltas.append(delta)
    return tuple(deltas)


def match_procedures(base: Manual, head: Manual) -> list[tuple[Procedure | None, Procedure | None]]:
    """Pairs (before, after); a rename pairs a removed and an added procedure."""
    old_by_id = base.procedure_by_id
    removed = [p for p in old_by_id.values() if p.id not in head.procedure_by_id]
    pairs: list[tuple[Procedure | None, Procedure | None]] = []
    for new in head.procedure_by_id.values():
        old = old_by_id.get(new.id)
        if old is None:
            old = next((p for p in removed if p.title == new.title or p.steps == new.steps), None)
            if old is not None:
                removed.remove(old)
        pairs.append((old, new))
    return pairs + [(old, None) for old in removed]


def _compared(base: Manual, head: Manual, old: Procedure, new: Procedure) -> ProcedureDelta:
    changes: list[Change] = []
    if old.id != new.id:
        changes.append(
            Change("procedure", "renamed", new.id, LOW, "renamed", "id", old.id, new.id, new.id)
        )
    for name, read, severity, reason in FIELDS:
        before, after = read(old), read(new)
        if before == after:
            continue
        if name == "owner":
            severity, reason = _owner_rating(old, new)
        if name == "status" and after == "retired":  # its controls leave the live manual
            severity, reason = HIGH, "procedure_retired"
        roles = staff_only((base, head), (before, after)) if name in ("owner", "approver") else ()
        changes.append(
            Change(
                "procedure", "changed", new.id, severity, reason, name, before, after, new.id, roles
            )
        )
    step_changes, before_marks, after_marks = compare_steps(base, head, old, new)
    rerouted = rerouted_checks(old, new, find_renames(old, new), step_changes)
    after_marks = {**after_marks, **{c.target: "changed" for c in rerouted}}
    return ProcedureDelta(
        new.id,
        old.id,
        "renamed" if old.id != new.id else "changed",
        new.title,
        old.version,
        new.version,
        (*changes, *step_changes, *rerouted),
        before_marks,
        after_marks,
    )


def _owner_rating(old: Procedure, new: Procedure) -> tuple[Severity, str]:
    """The owner is A of every step without its own ``accountable``: high if one is controlled."""
    inherits = any(
        s.controls and s.accountable is None and s.kind is not StepKind.END for s in new.steps
    )
    return (HIGH, "owner_changed_controlled") if inherits else (MEDIUM, "responsibility_changed")


def _performers(manual: Manual, proc: Procedure) -> tuple[str, ...]:
    ids = [proc.owner] + [r for s in proc.steps for r in (s.owner, s.accountable) if r]
    return tuple(
        sorted(
            {r for r in ids if (role := manual.role_by_id.get(r)) and role.kind is RoleKind.STAFF}
        )
    )


def _added(head: Manual, new: Procedure) -> ProcedureDelta:
    change = Change(
        "procedure", "added", new.id, MEDIUM, "procedure_added", None, None, new.title, new.id,
        _performers(head, new),
    )  # fmt: skip
    # a waiver is a step without a control: as high in a new procedure as in an old one
    waivers = tuple(
        Change(
            "step",
            "added",
            s.id,
            HIGH,
            "waiver_added",
            "control_waiver",
            None,
            s.control_waiver,
            new.id,
            _performers(head, new),
        )  # fmt: skip
        for s in new.steps
        if s.control_waiver
    )
    return ProcedureDelta(new.id, None, "added", new.title, None, new.version, (change, *waivers))


def _removed(base: Manual, old: Procedure) -> ProcedureDelta:
    change = Change(
        "procedure", "removed", old.id, HIGH, "procedure_removed", None, old.title, None, old.id,
        _performers(base, old),
    )  # fmt: skip
    return ProcedureDelta(old.id, old.id, "removed", old.title, old.version, None, (change,))
