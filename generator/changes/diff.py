"""Semantic diff of two manuals, for reviewing a pull request.

Layer: domain (change sets). Pure: two
validated manuals in, a :class:`ChangeSet` out. What changed is compared as the
model sees it (a step's effective successors, its effective accountable role), so
a change is reported once, in the terms a compliance reviewer uses, each with a
severity set by the policy documented in ``docs/review.md``:

- **high**: a control removed from a step, a key control or risk coverage lost, an
  SoD conflict (or any error) introduced, a waiver added, the owner or accountable
  role of a controlled step changed, a procedure deleted;
- **medium**: flow, responsibilities, records, SLA, scope and control design;
- **low**: wording, renames, bookkeeping.
"""

from __future__ import annotations

import datetime as dt

from generator.changes.catalogue import catalogue_changes, matrix_changes
from generator.changes.impact import finding_changes, quiz_impact, role_impacts
from generator.changes.model import (
    Bump,
    Change,
    ChangeSet,
    ProcedureDelta,
    QuizImpact,
    RoleImpact,
    Severity,
)
from generator.changes.procedures import procedure_deltas
from generator.source.manual import Manual

__all__ = [
    "Bump",
    "Change",
    "ChangeSet",
    "ProcedureDelta",
    "QuizImpact",
    "RoleImpact",
    "Severity",
    "diff_manuals",
]


def diff_manuals(base: Manual, head: Manual, today: dt.date | None = None) -> ChangeSet:
    """Compare ``base`` (before) with ``head`` (after).

    Args:
        base: the manual before the change.
        head: the manual after the change.
        today: date for date-dependent rules when comparing findings (default: today).
    """
    day = today or dt.date.today()
    procedures = procedure_deltas(base, head)
    catalogue = catalogue_changes(base, head)
    matrix = matrix_changes(base, head)
    findings = finding_changes(base, head, day)
    touched = [c for d in procedures for c in d.changes] + list(catalogue)
    return ChangeSet(
        procedures,
        catalogue,
        matrix,
        findings,
        role_impacts(touched),
        quiz_impact(base, head, procedures),
    )
