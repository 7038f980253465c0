"""The question bank: Manual + translator → every question the manual supports.

Layer: domain (quiz), pure. Builders run in a fixed order (procedures by id, then
question type), so the bank, and every quiz drawn from it, is the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.quiz import controls, faq, statements, steps
from generator.quiz.facts import Facts
from generator.quiz.model import Question, QuestionType
from generator.source.manual import Manual


def build_bank(manual: Manual, t: Callable[..., str]) -> tuple[Question, ...]:
    """Every question generated from the active procedures, the controls and the FAQ."""
    facts = Facts(manual, _natural(t))
    found: list[Question] = []
    for proc in facts.procedures:
        for build in (*steps.BUILDERS, *statements.PROCEDURE_BUILDERS):
            found.extend(build(facts, proc))
    for build_all in (*controls.BUILDERS, *statements.MANUAL_BUILDERS, faq.faq_questions):
        found.extend(build_all(facts))
    return _unique(found)


def _natural(t: Callable[..., str]) -> Callable[..., str]:
    """The catalogue's wording, minus a word doubled where a title ends with it.

    “应急预案与处置流程”流程中 reads “应急预案与处置流程”中.
    """

    def natural(key: str, **values: object) -> str:
        return t(key, **values).replace("流程”流程", "流程”")

    return natural


def _unique(questions: Iterable[Question]) -> tuple[Question, ...]:
    """First of each id: two facts that hash alike are one question."""
    seen: dict[str, Question] = {}
    for q in questions:
        seen.setdefault(q.id, q)
    return tuple(seen.values())


def counts(questions: Iterable[Question]) -> dict[QuestionType, int]:
    """Number of questions per type, in the order of ``QuestionType``."""
    tally = dict.fromkeys(QuestionType, 0)
    for q in questions:
        tally[q.type] += 1
    return tally
