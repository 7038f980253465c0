"""Who and what a change affects: findings introduced and resolved, roles, quiz questions.

Layer: domain (change sets; may use the quiz bank). Called by ``changes.diff`` after
the procedures and the catalogue are compared. Findings are matched by code and
message, not location, because an edit shifts the lines of everything below it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from generator.changes.model import (
    Change,
    ProcedureDelta,
    QuizImpact,
    QuizQuestion,
    RoleImpact,
    Severity,
)
from generator.quiz.bank import build_bank
from generator.rules import check
from generator.source.findings import Finding
from generator.source.findings import Severity as FindingSeverity
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.models import StepKind

#: step facts that questions generated from a step ask about (who does it, who is
#: accountable, which controls apply, what comes next)
QUIZ_FACTS = frozenset({"owner", "accountable", "controls", "next", "kind"})


def finding_changes(base: Manual, head: Manual, today: dt.date) -> tuple[Change, ...]:
    """Findings of the new revision that the old one did not have, then those resolved."""
    old, new = check(base, today), check(head, today)
    introduced = [_introduced(f) for f in _missing_from(new, old)]
    resolved = [
        Change("finding", "removed", f.code, Severity.LOW, "finding_resolved", None, f.message,
               None, where=str(f.location))
        for f in _missing_from(old, new)
    ]  # fmt: skip
    return (*introduced, *resolved)


def _missing_from(found: list[Finding], other: list[Finding]) -> list[Finding]:
    """Findings of ``found`` without a counterpart (same code and message) in ``other``."""
    left = Counter((f.code, f.message) for f in other)
    result = []
    for finding in found:
        key = (finding.code, finding.message)
        if left[key]:
            left[key] -= 1
        else:
            result.append(finding)
    return result


def _introduced(finding: Finding) -> Change:
    if finding.severity is FindingSeverity.ERROR:
        severity = Severity.HIGH
        reason = "sod_conflict" if finding.code == "E036" else "finding_introduced"
    else:
        severity, reason = Severity.MEDIUM, "finding_introduced"
    return Change(
        "finding", "added", finding.code, severity, reason, None, None, finding.message,
        where=str(finding.location),
    )  # fmt: skip


def role_impacts(changes: Iterable[Change]) -> tuple[RoleImpact, ...]:
    """Roles whose duties changed, the most affected first, with where they changed."""
    severity: dict[str, Severity] = {}
    places: dict[str, set[tuple[str, str]]] = {}
    for change in changes:
        place = _place(change)
        for role in change.roles:
            if role not in severity or change.severity.rank < severity[role].rank:
                severity[role] = change.severity
            places.setdefault(role, set()).add(place)
    return tuple(
        RoleImpact(role, severity[role], tuple(sorted(places[role])))
        for role in sorted(severity, key=lambda r: (severity[r].rank, r))
    )


def _place(change: Change) -> tuple[str, str]:
    if change.area == "step":
        return "step", f"{change.procedure}#{change.target}"
    if change.area == "procedure":
        return "procedure", change.procedure or change.target
    return change.area, change.target


def quiz_impact(base: Manual, head: Manual, deltas: Iterable[ProcedureDelta]) -> QuizImpact:
    """Quiz questions changed or gone, and the steps whose quiz-relevant facts changed."""
    steps: set[str] = set()
    for delta in deltas:
        for change in delta.changes:
            if change.area == "step" and (
                change.field in QUIZ_FACTS or change.action in ("removed", "renamed")
            ):
                steps.add(f"{delta.id}#{change.target}")
        if delta.status == "removed" and delta.id in base.procedure_by_id:
            proc = base.procedure_by_id[delta.id]
            steps |= {f"{proc.id}#{s.id}" for s in proc.steps if s.kind is not StepKind.END}
    return QuizImpact(_bank_questions(base, head), tuple(sorted(steps)))


def _bank_questions(base: Manual, head: Manual) -> tuple[QuizQuestion, ...]:
    """Bank questions of the old revision that are gone or reworded in the new one."""
    t = translator(head.settings.language.value)
    new = {q.id: q for q in build_bank(head, t)}
    found = []
    for question in build_bank(base, t):
        now = new.get(question.id)
        if now is None:
            found.append(QuizQuestion(question.id, "removed", question.stem, question.procedure))
        elif (now.stem, now.options, now.correct) != (
            question.stem,
            question.options,
            question.correct,
        ):
            found.append(QuizQuestion(question.id, "changed", now.stem, now.procedure))
    return tuple(sorted(found, key=lambda q: (q.procedure, q.status, q.id)))
