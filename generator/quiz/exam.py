"""Role exams drawn by the blueprint the manual states: weights by procedure and by type.

Layer: domain (quiz), pure. ``draw`` fills each procedure's share of the count (largest
remainder), and within it each type's share; a share the bank cannot fill is filled from
other types of the same procedure, then from the other procedures, so the exam always has
its count when the bank holds enough questions. ``Exam`` is what the exports carry: the
blueprint and what was actually drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.quiz.model import Question, seeded_key
from generator.source.manual import Manual
from generator.source.models import ExamBlueprint


@dataclass(frozen=True)
class Exam:
    """The blueprint of a drawn exam and how many questions each weight got."""

    role: str
    title: str
    count: int
    pass_mark: int  # points out of 100
    time_limit: int  # minutes
    procedures: tuple[tuple[str, str, int, int], ...]  # (id, title, weight, drawn)
    types: tuple[tuple[str, int, int], ...]  # (type, weight, drawn)

    @property
    def points(self) -> float:
        """Points of one question: the exam is marked out of 100."""
        return 100 / self.count if self.count else 0.0

    @property
    def cut_score(self) -> float:
        """Questions right needed to pass (the pass mark in questions)."""
        return self.pass_mark * self.count / 100


def blueprint(manual: Manual, role_id: str) -> ExamBlueprint | None:
    """The exam blueprint of a role, from whichever procedure states it."""
    found = [e for p in manual.active for e in p.exams if e.role == role_id]
    return found[0] if found else None


def pass_mark(manual: Manual, role_id: str | None = None) -> int | None:
    """The pass mark of a role's exam, else the one every blueprint shares, else none."""
    own = blueprint(manual, role_id) if role_id else None
    if own is not None:
        return own.pass_mark
    marks = {e.pass_mark for p in manual.active for e in p.exams}
    return marks.pop() if len(marks) == 1 else None


def shares(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """``total`` split by ``weights`` (largest remainder; ties by key)."""
    whole = sum(weights.values()) or 1
    exact = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))
    for k in rest[: total - sum(out.values())]:
        out[k] += 1
    return out


def _home(q: Question) -> str:
    return q.procedure or (q.procedures[0] if q.procedures else "")


def draw(
    manual: Manual,
    bank: Sequence[Question],
    plan: ExamBlueprint,
    seed: int,
    count: int | None = None,
) -> tuple[tuple[Question, ...], Exam]:
    """The questions of a role's exam, in a seeded order, and the exam they make."""
    total = count or plan.count
    pool = [q for q in bank if plan.role in q.roles and _home(q) in plan.procedures]
    pool.sort(key=lambda q: seeded_key(seed, "exam-bp", q.id))
    picked: list[Question] = []
    for proc_id, quota in shares(total, plan.procedures).items():
        mine = [q for q in pool if _home(q) == proc_id]
        wanted = shares(quota, {str(k): v for k, v in plan.types.items()}) if plan.types else {}
        for qtype, n in wanted.items():
            picked += [q for q in mine if q.type.value == qtype][:n]
        picked += [q for q in mine if q not in picked][
            : quota - sum(_home(q) == proc_id for q in picked)
        ]
    picked += [q for q in pool if q not in picked][: total - len(picked)]
    # grouped by procedure, in the blueprint's order (one LMS category, one sheet section)
    rank = {p: i for i, p in enumerate(plan.procedures)}
    picked.sort(key=lambda q: (rank.get(_home(q), len(rank)), seeded_key(seed, "exam", q.id)))
    return tuple(picked), _exam(manual, plan, picked)


def _exam(manual: Manual, plan: ExamBlueprint, picked: list[Question]) -> Exam:
    role = manual.role_by_id.get(plan.role)
    titles = {p.id: p.title for p in manual.procedures}
    return Exam(
        role=plan.role,
        title=plan.title or (role.name if role else plan.role),
        count=len(picked),
        pass_mark=plan.pass_mark,
        time_limit=plan.time_limit,
        procedures=tuple(
            (p, titles.get(p, p), w, sum(_home(q) == p for q in picked))
            for p, w in plan.procedures.items()
        ),
        types=tuple((k, w, sum(q.type.value == k for q in picked)) for k, w in plan.types.items()),
    )
