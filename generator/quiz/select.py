"""Drawing a quiz from the bank: by procedure, role and type; a count, a seed, an exam.

Layer: domain (quiz), pure. Criteria of different kinds combine with AND, values of
one kind with OR (``--procedure a --procedure b --role teller``: teller's questions in
a or b). The same bank and selection always give the same questions in the same order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.quiz.model import Question, QuestionType, seeded_key
from generator.source.manual import Manual
from generator.source.models import Status

EXAM_COUNT = 20  # an exam without --count


class SelectionError(Exception):
    """A selection names something the bank cannot serve (unknown or inactive id)."""


@dataclass(frozen=True)
class Selection:
    """What a trainer asked for."""

    procedures: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    types: tuple[QuestionType, ...] = ()
    count: int | None = None
    seed: int = 0
    exam: bool = False


def check_selection(manual: Manual, selection: Selection) -> None:
    """Raise ``SelectionError`` for an unknown role or an unknown or inactive procedure."""
    for proc_id in selection.procedures:
        proc = manual.procedure_by_id.get(proc_id)
        if proc is None:
            raise SelectionError(_unknown("procedure", proc_id, manual.procedure_by_id))
        if proc.status is not Status.ACTIVE:
            raise SelectionError(
                f"procedure '{proc_id}' is {proc.status.value}: only active procedures have quizzes"
            )
    for role_id in selection.roles:
        if role_id not in manual.role_by_id:
            raise SelectionError(_unknown("role", role_id, manual.role_by_id))
    if selection.count is not None and selection.count < 1:
        raise SelectionError("--count must be at least 1")


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {kind} '{value}'{hint}"


def matches(question: Question, selection: Selection) -> bool:
    """Whether a question meets every criterion of the selection."""
    if selection.procedures and not set(question.procedures) & set(selection.procedures):
        return False
    if selection.roles and not question.roles & set(selection.roles):
        return False
    return not selection.types or question.type in selection.types


def select(bank: Sequence[Question], selection: Selection) -> tuple[Question, ...]:
    """The questions of a quiz.

    Without a count: every matching question in bank order (grouped, as a trainer
    reviews them). With a count: a seeded sample in seeded order. An exam: a sample
    balanced across procedures and types, then shuffled.
    """
    pool = [q for q in bank if matches(q, selection)]
    if selection.exam:
        picked = balanced(pool, selection.count or EXAM_COUNT, selection.seed)
        return tuple(sorted(picked, key=lambda q: seeded_key(selection.seed, "exam", q.id)))
    if selection.count is None:
        return tuple(pool)
    ordered = sorted(pool, key=lambda q: seeded_key(selection.seed, "pick", q.id))
    return tuple(ordered[: selection.count])


def balanced(pool: Sequence[Question], count: int, seed: int) -> list[Question]:
    """Round-robin over procedures, and within each over question types.

    Each round takes one question from every procedure, so procedures differ by one
    question at most. Within a procedure a fact already tested (a question linking to
    the same step) is passed over while others remain, so that one question does not
    give another away.
    """
    groups: dict[str, dict[QuestionType, list[Question]]] = {}
    for q in sorted(pool, key=lambda q: seeded_key(seed, "bal", q.id)):
        home = q.procedure or (q.procedures[0] if q.procedures else "")
        groups.setdefault(home, {}).setdefault(q.type, []).append(q)
    lanes = [_interleave(list(by_type.values())) for _k, by_type in sorted(groups.items())]
    lanes.sort(key=lambda lane: seeded_key(seed, "lane", lane[0].id))
    seen: set[tuple[str, str | None]] = set()
    picked: list[Question] = []
    while len(picked) < count and any(lanes):
        for lane in lanes:
            if not lane or len(picked) == count:
                continue
            fresh = next(
                (i for i, q in enumerate(lane) if (q.link.page, q.link.anchor) not in seen), 0
            )
            q = lane.pop(fresh)
            seen.add((q.link.page, q.link.anchor))
            picked.append(q)
    return picked


def _interleave(lists: list[list[Question]]) -> list[Question]:
    """a1 b1 c1 a2 b2 … : one from each list in turn."""
    out: list[Question] = []
    for depth in range(max((len(x) for x in lists), default=0)):
        out.extend(x[depth] for x in lists if depth < len(x))
    return out
