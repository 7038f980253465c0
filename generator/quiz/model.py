"""The question model shared by the bank, the selection, the exports and the site.

Layer: domain (quiz), pure data. A question keeps its options in a canonical
order (correct answer first for single-choice, the right sequence for ordering);
every output shuffles with ``shuffled`` under a seed, so that the same seed always
gives byte-identical files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.source.addresses import Ref


class QuestionType(StrEnum):
    """What a question asks; also the value of ``--type`` on the command line."""

    RESPONSIBLE = "responsible"
    ACCOUNTABLE = "accountable"
    CONTROL = "control"
    RISK = "risk"
    EVIDENCE = "evidence"
    NEXT = "next"
    BRANCH = "branch"
    ORDER = "order"
    TRUE_FALSE = "truefalse"
    FAQ = "faq"
    RULE = "rule"  # a fact the author states, true or false
    NUMBER = "number"  # a fact's figure among near figures
    SCENARIO = "scenario"  # a case: the right action among the wrong ones people take
    MULTI = "multi"  # every control of a step, among others


class AnswerForm(StrEnum):
    """How a question is answered; decides the interaction in every format."""

    SINGLE = "single"  # one correct option among 3-4
    TRUE_FALSE = "truefalse"  # options are (true, false)
    ORDERING = "ordering"  # put every option in its position
    MULTIPLE = "multiple"  # every correct option, and no other (multi-select)


#: how hard a type is: 1 knows a label, 2 knows a rule or figure, 3 applies it to a case
DIFFICULTY = {
    QuestionType.RESPONSIBLE: 1, QuestionType.ACCOUNTABLE: 1, QuestionType.CONTROL: 1,
    QuestionType.RISK: 2, QuestionType.EVIDENCE: 1, QuestionType.NEXT: 1,
    QuestionType.BRANCH: 2, QuestionType.ORDER: 2, QuestionType.TRUE_FALSE: 1,
    QuestionType.FAQ: 2, QuestionType.RULE: 2, QuestionType.NUMBER: 2,
    QuestionType.SCENARIO: 3, QuestionType.MULTI: 3,
}  # fmt: skip


@dataclass(frozen=True)
class Question:
    """One generated question, traceable to the fact it tests."""

    id: str
    type: QuestionType
    form: AnswerForm
    stem: str
    options: tuple[str, ...]
    #: indices into ``options``: the single answer, every answer of a MULTIPLE, or for
    #: ORDERING the full sequence
    correct: tuple[int, ...]
    explanation: str
    link: Ref
    #: the procedure the question was generated from and its version ("" for FAQ and
    #: control facts, which belong to every procedure listed in ``procedures``)
    procedure: str
    version: str
    procedures: tuple[str, ...]
    roles: frozenset[str]
    #: true/false questions: the family of statements it belongs to (sod, ra, key, rule),
    #: in which about half are true
    family: str = ""

    @property
    def difficulty(self) -> int:
        """1 (knows a label), 2 (knows a rule or a figure) or 3 (applies it to a case)."""
        return DIFFICULTY[self.type]

    def option_id(self, index: int) -> str:
        """Stable id of an option: the question id and a hash of the option's text."""
        digest = hashlib.sha256(f"{self.id}\x1f{self.options[index]}".encode()).hexdigest()
        return f"{self.id}-{digest[:8]}"

    @property
    def answer_texts(self) -> tuple[str, ...]:
        """The correct option texts, in answer order."""
        return tuple(self.options[i] for i in self.correct)


def question_id(kind: QuestionType, *subject: str) -> str:
    """Stable id: a hash of the type, the subject and the fact.

    Ids survive a re-generation and wording changes; they change only when the
    tested fact changes, so an LMS never mixes statistics of two different facts.
    """
    digest = hashlib.sha256("\x1f".join((kind.value, *subject)).encode()).hexdigest()
    return f"q{digest[:12]}"


def seeded_key(seed: int, *parts: str) -> str:
    """Sort key of a deterministic shuffle (stable across Python versions)."""
    return hashlib.sha256(("\x1f".join((str(seed), *parts))).encode()).hexdigest()


def shuffled(items: Iterable[str], seed: int, salt: str) -> list[str]:
    """``items`` in a seeded order (no ``random``: its algorithms are not a contract)."""
    return sorted(items, key=lambda item: seeded_key(seed, salt, item))


def option_order(question: Question, seed: int) -> tuple[int, ...]:
    """Seeded presentation order of a question's options (true/false stays in place)."""
    indices = [str(i) for i in range(len(question.options))]
    if question.form is AnswerForm.TRUE_FALSE:
        return tuple(range(len(question.options)))
    order = shuffled(indices, seed, question.id)
    if question.form is AnswerForm.ORDERING and order == indices:
        order = order[1:] + order[:1]  # an ordering shown in order is no question
    return tuple(int(i) for i in order)


def letter(index: int) -> str:
    """A, B, C … for option labels."""
    return chr(ord("A") + index)
