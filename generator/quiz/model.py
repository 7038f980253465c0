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


class AnswerForm(StrEnum):
    """How a question is answered; decides the interaction in every format."""

    SINGLE = "single"  # one correct option among 3-4
    TRUE_FALSE = "truefalse"  # options are (true, false)
    ORDERING = "ordering"  # put every option in its position


@dataclass(frozen=True)
class Question:
    """One generated question, traceable to the fact it tests."""

    id: str
    type: QuestionType
    form: AnswerForm
    stem: str
    options: tuple[str, ...]
    #: indices into ``options``: the single answer, or for ORDERING the full sequence
    correct: tuple[int, ...]
    explanation: str
    link: Ref
    #: the procedure the question was generated from and its version ("" for FAQ and
    #: control facts, which belong to every procedure listed in ``procedures``)
    procedure: str
    version: str
    procedures: tuple[str, ...]
    roles: frozenset[str]

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
