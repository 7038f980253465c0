"""The question bank: Manual + translator → every question the manual supports.

Layer: domain (quiz), pure. Builders run in a fixed order (procedures by id, then
question type), so the bank, and every quiz drawn from it, is the same on every run.
True/false statements are gathered as claims first and stated true or false per family
(``statements.true_false``), about half and half.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.quiz import controls, faq, knowledge, order, statements, steps
from generator.quiz.facts import Facts
from generator.quiz.model import Question, QuestionType
from generator.quiz.statements import Claim
from generator.source.manual import Manual


def build_bank(manual: Manual, t: Callable[..., str]) -> tuple[Question, ...]:
    """Every question generated from the active procedures, the controls and the FAQ."""
    facts = Facts(manual, _natural(t))
    found: list[Question] = []
    claims: list[Claim] = []
    for proc in facts.procedures:
        for build in (*steps.BUILDERS, *order.BUILDERS, *knowledge.BUILDERS):
            found.extend(build(facts, proc))
        for claim in (*statements.PROCEDURE_BUILDERS, *knowledge.CLAIMS):
            claims.extend(claim(facts, proc))
    for build_all in (*controls.BUILDERS, faq.faq_questions):
        found.extend(build_all(facts))
    for claim_all in statements.MANUAL_BUILDERS:
        claims.extend(claim_all(facts))
    found.extend(statements.true_false(facts, claims))
    return _unique(sorted(found, key=_bank_order))


def _bank_order(q: Question) -> tuple[str, int]:
    """Procedure by procedure (controls and FAQ last), in the order of ``QuestionType``."""
    return (q.procedure or "\uffff", list(QuestionType).index(q.type))


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
