"""Version and approval rules for a change: ``opsmanual check --since REF``.

Layer: domain (change sets). Each rule is a small named function over one changed
procedure (its delta, the procedure before and after) and yields findings located in
the new revision; ``since_rules(base)`` makes them rules of the one engine
(``rules.engine``), so ``check --since`` runs them exactly as it runs every other rule.
E051 (effective before approval) needs no comparison and is an ordinary rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from generator.changes.model import Bump, ProcedureDelta, Severity
from generator.changes.procedures import procedure_deltas
from generator.rules.engine import Check, Rule
from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.models import Procedure

SinceRule = Callable[[Manual, ProcedureDelta, Procedure, Procedure], Iterator[Finding]]


def version_increased(
    head: Manual, delta: ProcedureDelta, old: Procedure, new: Procedure
) -> Iterator[Finding]:
    """E070: a procedure whose content changed has a higher version."""
    if delta.bump is Bump.LOWER or (delta.content_changed and delta.bump is Bump.NONE):
        what = "did not increase" if delta.bump is Bump.NONE else f"went down from {old.version}"
        needed = "MINOR" if delta.required is Bump.MINOR else "PATCH or MINOR"
        yield Finding(
            head.where(new, "version"),
            "E070",
            f"'{new.id}' changed since the base revision but its version {new.version} {what}: "
            f"bump it (at least {needed}, see docs/review.md) and add a history entry",
        )


def history_recorded(
    head: Manual, delta: ProcedureDelta, old: Procedure, new: Procedure
) -> Iterator[Finding]:
    """E071: a new version has its own history entry, matching the review, above the old ones."""
    if delta.bump in (Bump.NONE, Bump.LOWER):
        return
    top = new.history[0]
    if top.version != new.version:
        return  # E050 (a rule of every check) already asks for the entry, at `version`
    if top.approved_by != new.review.approver:
        yield Finding(
            head.where(top, "approved_by"),
            "E071",
            f"history entry {top.version} is approved by '{top.approved_by}' but the review "
            f"names '{new.review.approver}' as approver: make them the same role",
        )
    if top.date != new.review.last_reviewed or top.date < old.history[0].date:
        yield Finding(
            head.where(top, "date"),
            "E071",
            f"history entry {top.version} is dated {top.date}: the approval of a new version "
            f"is its review, so it must equal review.last_reviewed ({new.review.last_reviewed})"
            f" and not precede the previous release ({old.history[0].date})",
        )
    if not set(old.history) <= set(new.history[1:]):
        yield Finding(
            head.where(new, "history", key=True),
            "E071",
            "earlier history entries were changed or removed: past releases are audit "
            "records, keep them as they were below the new entry",
        )


def high_changes_not_patch(
    head: Manual, delta: ProcedureDelta, old: Procedure, new: Procedure
) -> Iterator[Finding]:
    """E072: a high-severity change is released as a MINOR or MAJOR version."""
    if delta.bump is Bump.PATCH and delta.severity is Severity.HIGH:
        high = sorted({c.reason for c in delta.changes if c.severity is Severity.HIGH})
        yield Finding(
            head.where(new, "version"),
            "E072",
            f"'{new.id}' {old.version} → {new.version} is a PATCH release but has high-severity "
            f"changes ({', '.join(high)}): bump MINOR or MAJOR",
        )


SINCE_RULES: tuple[tuple[str, SinceRule], ...] = (
    ("E070", version_increased),
    ("E071", history_recorded),
    ("E072", high_changes_not_patch),
)


def since_rules(base: Manual) -> tuple[Rule, ...]:
    """The version and approval rules of the changes since ``base``, as engine rules.

    Each rule compares the manual it is run on (the new revision) with ``base``; a
    procedure added or removed has nothing to bump and is left to the change report.
    """
    return tuple(Rule(code, _against(base, rule)) for code, rule in SINCE_RULES)


def _against(base: Manual, rule: SinceRule) -> Check:
    def check(head: Manual, today: dt.date) -> Iterator[Finding]:
        for delta in procedure_deltas(base, head):
            old = base.procedure_by_id.get(delta.base_id or "")
            new = head.procedure_by_id.get(delta.id)
            if old is not None and new is not None:
                yield from rule(head, delta, old, new)

    check.__name__, check.__doc__ = rule.__name__, rule.__doc__
    return check
