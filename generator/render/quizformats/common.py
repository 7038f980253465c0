"""What every quiz format shares: the drawn quiz, the tools, the seeded presentation.

Layer: render (quiz exports). Every format presents the options in the same
seeded order, so a printed sheet, its answer key and the LMS files agree.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

import jinja2

from generator.quiz.exam import Exam
from generator.quiz.model import AnswerForm, Question, letter, option_order
from generator.source.manual import Manual


@dataclass(frozen=True)
class Quiz:
    """A drawn quiz, ready for any format."""

    title: str
    questions: tuple[Question, ...]
    seed: int
    language: str
    #: procedure id → title, for LMS categories and references
    procedure_titles: Mapping[str, str]
    #: procedure id → version: what the quiz was generated from
    procedure_versions: Mapping[str, str]
    #: a role exam drawn by its blueprint: pass mark, time limit, weights (None: a quiz)
    exam: Exam | None = None
    #: the pass mark out of 100 a quiz is marked against (an exam's, or the manual's)
    pass_mark: int | None = None

    @cached_property
    def shown(self) -> tuple[Presented, ...]:
        """The questions as every format presents them (computed once per quiz)."""
        return _present(self)

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(procedure title, version) of every procedure a question comes from, by title."""
        ids = {p for q in self.questions for p in q.procedures}
        return sorted((self.procedure_titles[i], self.procedure_versions[i]) for i in ids)


@dataclass(frozen=True)
class Kit:
    """What a format may use besides the quiz: the translator, Jinja, the assets."""

    t: Callable[..., str]
    env: jinja2.Environment
    #: assets/<name> → bytes (quiz.js and quiz.css for a SCORM package)
    assets: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Presented:
    """A question with its options in the quiz's seeded order."""

    number: int
    question: Question
    options: tuple[str, ...]
    #: positions in ``options`` of the answer (for ordering: in the right sequence)
    answer: tuple[int, ...]

    @property
    def answer_letters(self) -> str:
        """Letters of the answer: ``B``, or for an ordering ``C, A, B``."""
        return ", ".join(letter(i) for i in self.answer)


@dataclass(frozen=True)
class Item:
    """A question on a page: its options in the quiz's order, each with its correct rank."""

    shown: Presented
    ranks: tuple[int, ...]  # ordering: the right position (1-based) of each shown option

    @property
    def question(self) -> Question:
        """The question."""
        return self.shown.question


def items_of(quiz: Quiz) -> list[Item]:
    """The quiz's questions as a page shows them (quiz pages, SCORM packages)."""
    out = []
    for p in presented(quiz):
        ordering = p.question.form is AnswerForm.ORDERING
        ranks = tuple(p.answer.index(i) + 1 for i in range(len(p.options))) if ordering else ()
        out.append(Item(p, ranks))
    return out


def presented(quiz: Quiz) -> list[Presented]:
    """Every question of the quiz with its options shuffled under the quiz's seed."""
    return list(quiz.shown)


def _present(quiz: Quiz) -> tuple[Presented, ...]:
    out = []
    for number, q in enumerate(quiz.questions, start=1):
        order = option_order(q, quiz.seed)
        position = {original: shown for shown, original in enumerate(order)}
        options = tuple(q.options[i] for i in order)
        out.append(Presented(number, q, options, tuple(position[i] for i in q.correct)))
    return tuple(out)


def category(quiz: Quiz, question: Question, t: Callable[..., str]) -> str:
    """LMS category of a question: its procedure, else controls or FAQ."""
    if question.procedure:
        return quiz.procedure_titles.get(question.procedure, question.procedure)
    return t("quiz_category_faq" if question.type == "faq" else "quiz_category_controls")


def make_quiz(
    manual: Manual,
    questions: tuple[Question, ...],
    title: str,
    seed: int,
    exam: Exam | None = None,
    pass_mark: int | None = None,
) -> Quiz:
    """A quiz of ``questions`` with the titles and versions of the manual's procedures."""
    procs = manual.procedures
    return Quiz(
        title=title,
        questions=questions,
        seed=seed,
        language=manual.settings.language.value,
        procedure_titles={p.id: p.title for p in procs},
        procedure_versions={p.id: p.version for p in procs},
        exam=exam,
        pass_mark=exam.pass_mark if exam else pass_mark,
    )


def quiz_digest(quiz: Quiz) -> str:
    """A hash of everything an export of ``quiz`` shows: equal digests, equal files."""
    return hashlib.sha256(json.dumps(_canonical(quiz), ensure_ascii=False).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """Plain, ordered data of a value: dataclass fields, sorted sets and mappings, enums."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)},
        ]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return sorted((str(k), _canonical(v)) for k, v in value.items())
    if isinstance(value, set | frozenset):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value
