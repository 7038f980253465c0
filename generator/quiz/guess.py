"""How far a question bank can be answered without knowing the manual: measured.

Layer: domain (quiz), pure. Four figures a trainer can check (``opsmanual quiz --stats``),
each held to its bound by the test suite on the sample manual and a test manual:

- the correct option is the longest of a choice question at most chance + 10 points;
- the option sharing most characters with the stem is correct at most chance + 10 points;
- true/false answers are 40-60 % true within each family of statements;
- no question offers as wrong an option that the model makes right (``self_distractors``).

Ties count as a guess among the tied options (1/k), so that a bank of equal options
scores exactly chance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.quiz.model import AnswerForm, Question, QuestionType
from generator.quiz.wording import overlap, terms
from generator.source import addresses as links
from generator.source.manual import Manual, normalise
from generator.source.models import Procedure, Step

MARGIN = 0.10  # points above chance a guessing strategy may gain
TRUE_RANGE = (0.40, 0.60)
MIN_FAMILY = 5  # a family of one or two statements is all true or half: no share to hold


def _hit(question: Question, score: Callable[[str], int]) -> float:
    """Chance that picking the top-scoring option (ties at random) picks a right one."""
    scores = [score(o) for o in question.options]
    top = [i for i, s in enumerate(scores) if s == max(scores)]
    return sum(1 for i in top if i in question.correct) / len(top)


def longest_hit(question: Question) -> float:
    """Whether "pick the longest option" answers the question (1/k for k tied)."""
    return _hit(question, len)


def overlap_hit(question: Question) -> float:
    """Whether "pick the option most like the stem" answers the question."""
    return _hit(question, lambda option: overlap(option, question.stem))


def chance(question: Question) -> float:
    """Chance of a blind guess."""
    return len(question.correct) / len(question.options)


def stem_giveaway(question: Question) -> bool:
    """The correct option alone repeats a term of the stem, or shares 2+ more characters.

    "录入后二次确认" → "客户签字的信息确认单": the word 确认 gives the answer away.
    """
    ranked = sorted(((overlap(o, question.stem), i) for i, o in enumerate(question.options)))
    (second, _j), (best, i) = ranked[-2], ranked[-1]
    if i in question.correct and best - second >= 2:
        return True
    stem = terms(question.stem)
    sharing = [k for k, o in enumerate(question.options) if terms(o) & stem]
    return len(sharing) == 1 and sharing[0] in question.correct


@dataclass(frozen=True)
class Guessability:
    """The figures of one bank."""

    choice: int  # single-choice questions measured
    chance: float
    longest: float
    overlap: float
    true_share: dict[str, tuple[int, float]]  # family → (questions, share true)
    self_distractors: int

    @property
    def passes(self) -> bool:
        """Every figure within its bound."""
        low, high = TRUE_RANGE
        return (
            self.longest <= self.chance + MARGIN
            and self.overlap <= self.chance + MARGIN
            and all(
                low <= share <= high for n, share in self.true_share.values() if n >= MIN_FAMILY
            )
            and self.self_distractors == 0
        )


def measure(manual: Manual, bank: Sequence[Question]) -> Guessability:
    """The guessability figures of ``bank``."""
    choice = [q for q in bank if q.form is AnswerForm.SINGLE]
    n = len(choice) or 1
    families: dict[str, list[bool]] = {}
    for q in bank:
        if q.form is AnswerForm.TRUE_FALSE:
            families.setdefault(q.family or q.type.value, []).append(q.correct == (0,))
    return Guessability(
        choice=len(choice),
        chance=sum(chance(q) for q in choice) / n,
        longest=sum(longest_hit(q) for q in choice) / n,
        overlap=sum(overlap_hit(q) for q in choice) / n,
        true_share={k: (len(v), sum(v) / len(v)) for k, v in sorted(families.items())},
        self_distractors=len(self_distractors(manual, bank)),
    )


def self_distractors(manual: Manual, bank: Iterable[Question]) -> list[Question]:
    """Questions offering as wrong an option the model makes right, re-derived from the model.

    Roles taking part in the step (R, A, C or I) for "which role", the step's controls for
    "which control", the control's risks for "which risk", what follows the step for
    "what next"; and any option that repeats a correct one.
    """
    steps: dict[tuple[str, str | None], tuple[Procedure, Step]] = {
        (links.procedure_page(p.id), s.id): (p, s) for p, s in manual.steps()
    }
    found = []
    for q in bank:
        wrong = {normalise(o) for i, o in enumerate(q.options) if i not in q.correct}
        right = {normalise(o) for o in q.answer_texts} | _model_right(manual, q, steps)
        if wrong & right:
            found.append(q)
    return found


def _model_right(
    manual: Manual, q: Question, steps: dict[tuple[str, str | None], tuple[Procedure, Step]]
) -> set[str]:
    found = steps.get((q.link.page, q.link.anchor))
    if q.type is QuestionType.RISK:
        control = manual.control_by_id.get(q.link.id)
        risks = [
            manual.risk_by_id[r]
            for r in (control.risks if control else ())
            if r in manual.risk_by_id
        ]
        return {normalise(r.title) for r in risks}
    if found is None:
        return set()
    proc, step = found
    if q.type in (QuestionType.RESPONSIBLE, QuestionType.ACCOUNTABLE):
        roles = [manual.role_by_id[r] for r in manual.participants(step) if r in manual.role_by_id]
        return {normalise(r.name) for r in roles}
    if q.type in (QuestionType.CONTROL, QuestionType.MULTI):
        controls = [manual.control_by_id[c] for c in step.controls if c in manual.control_by_id]
        return {normalise(c.title) for c in controls}
    if q.type is QuestionType.NEXT:
        by_id = {s.id: s for s in proc.steps}
        return {normalise(by_id[n].title) for n in manual.flow(proc)[step.id] if n in by_id}
    return set()
