"""Version and approval rules for a change: ``opsmanual check --since REF``.

Pipeline position: checks, with a second revision. Each rule is a small named
function over one changed procedure (its delta, the procedure before and after)
and yields findings located in the new revision, like the rules of ``checks``.
E051 (effective before approval) needs no comparison and is a rule of ``checks``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from generator.findings import Finding
from generator.manual import Manual
from generator.models import Procedure
from generator.review.changes import Bump, ProcedureDelta, Severity
from generator.review.procedures import procedure_deltas
from generator.review.source import load_side

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


SINCE_RULES: tuple[SinceRule, ...] = (version_increased, history_recorded, high_changes_not_patch)


def since_findings(root: Path, ref: str, head: Manual) -> list[Finding]:
    """Findings of the version and approval rules for the changes since revision ``ref``.

    Args:
        root: the manual folder (inside the git repository that has ``ref``).
        ref: a git revision (branch, tag, commit) or a folder holding the old manual.
        head: the manual as it is now, loaded from ``root``.

    Raises:
        ReviewError: ``ref`` cannot be read, or its manual does not load.
    """
    base = load_side(root, ref).manual
    found: set[Finding] = set()
    for delta in procedure_deltas(base, head):
        old = base.procedure_by_id.get(delta.base_id or "")
        new = head.procedure_by_id.get(delta.id)
        if old is None or new is None:
            continue  # added or removed: nothing to bump
        for rule in SINCE_RULES:
            found.update(rule(head, delta, old, new))
    return sorted(found)
