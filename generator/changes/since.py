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

from generator.changes.model import MAJOR_REASONS, MINOR_REASONS, Bump, ProcedureDelta, Severity
from generator.changes.procedures import procedure_deltas
from generator.rules.engine import Check, Rule
from generator.source.findings import Finding, Location
from generator.source.manual import Manual
from generator.source.models import Procedure, Status

SinceRule = Callable[[Manual, ProcedureDelta, Procedure, Procedure], Iterator[Finding]]


def version_increased(
    head: Manual, delta: ProcedureDelta, old: Procedure, new: Procedure
) -> Iterator[Finding]:
    """E070: a procedure whose content changed has a higher version."""
    if delta.bump is Bump.LOWER or (delta.content_changed and delta.bump is Bump.NONE):
        what = "did not increase" if delta.bump is Bump.NONE else f"went down from {old.version}"
        needed = {Bump.MAJOR: "MAJOR", Bump.MINOR: "MINOR"}.get(
            delta.required or Bump.PATCH, "PATCH or MINOR"
        )
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
    """E072: a high-severity change or a changed flow is released as a MINOR or MAJOR version."""
    if delta.bump is Bump.PATCH and delta.required in (Bump.MINOR, Bump.MAJOR):
        why = sorted(
            {c.reason for c in delta.changes if c.severity is Severity.HIGH}
            | {c.reason for c in delta.changes if c.reason in MINOR_REASONS}
        )
        yield Finding(
            head.where(new, "version"),
            "E072",
            f"'{new.id}' {old.version} → {new.version} is a PATCH release but has high-severity "
            f"or flow changes ({', '.join(why)}): bump MINOR or MAJOR",
        )


def rerouted_checks_major(
    head: Manual, delta: ProcedureDelta, old: Procedure, new: Procedure
) -> Iterator[Finding]:
    """E073: a flow rerouted around a maker-checker step is released as a MAJOR version."""
    if delta.required is Bump.MAJOR and delta.bump in (Bump.PATCH, Bump.MINOR):
        checkers = sorted({c.target for c in delta.changes if c.reason in MAJOR_REASONS})
        yield Finding(
            head.where(new, "version"),
            "E073",
            f"'{new.id}' {old.version} → {new.version} reroutes the flow around the "
            f"maker-checker step{'s' * (len(checkers) > 1)} {', '.join(checkers)}: that is a "
            "major revision (docs/review.md): bump MAJOR, or restore the checker's flow",
        )


SINCE_RULES: tuple[tuple[str, SinceRule], ...] = (
    ("E070", version_increased),
    ("E071", history_recorded),
    ("E072", high_changes_not_patch),
    ("E073", rerouted_checks_major),
)


def since_rules(base: Manual) -> tuple[Rule, ...]:
    """The version and approval rules of the changes since ``base``, as engine rules.

    Each rule compares the manual it is run on (the new revision) with ``base``; a
    procedure added has nothing to bump, and one deleted must have been retired (E074).
    """
    return (
        *(Rule(code, _against(base, rule)) for code, rule in SINCE_RULES),
        Rule("E074", _deletions(base)),
    )


def _deletions(base: Manual) -> Check:
    def removed_procedures_retired(head: Manual, today: dt.date) -> Iterator[Finding]:
        """E074: a procedure in use is retired (status: retired), not deleted."""
        for delta in procedure_deltas(base, head):
            old = base.procedure_by_id.get(delta.id)
            if delta.status == "removed" and old is not None and old.status is Status.ACTIVE:
                yield Finding(
                    Location(base.file_of(old)),
                    "E074",
                    f"procedure '{old.id}' ({old.title}) was deleted since the base revision: "
                    "restore the file and retire it instead (`status: retired`, a MAJOR "
                    "version and a history entry), so audit references keep resolving",
                )

    return removed_procedures_retired


def _against(base: Manual, rule: SinceRule) -> Check:
    def check(head: Manual, today: dt.date) -> Iterator[Finding]:
        for delta in procedure_deltas(base, head):
            old = base.procedure_by_id.get(delta.base_id or "")
            new = head.procedure_by_id.get(delta.id)
            if old is not None and new is not None:
                yield from rule(head, delta, old, new)

    check.__name__, check.__doc__ = rule.__name__, rule.__doc__
    return check
