"""Questions on what the author states at a step: rules and figures, and cases.

Layer: domain (quiz bank), pure.

- a **fact** is a rule: stated true (its statement) or false (the author's
  ``false_statement``, else the statement with a wrong figure), in the family ``rule``;
  a fact with a ``value`` is also a **number** question: the statement with the figure
  left blank, the figure among near figures (the author's ``wrong_values``, else derived);
- a **case** is a **scenario** question: the situation at the step, the right action among
  the wrong actions people take.

Explanations give the rule (or the right action and why), quote the step's instruction and
cite the source as readers see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.quiz.distractors import Candidate, pick
from generator.quiz.facts import Facts, learners, single
from generator.quiz.model import Question, QuestionType, seeded_key
from generator.quiz.statements import Claim
from generator.source.models import Case, Fact, Procedure, Step

NUMBER = re.compile(r"\d+(?:\.\d+)?")
BLANK = "（＿＿＿）"  # not whitespace: exports collapse spaces


def _scope(
    f: Facts, proc: Procedure, step: Step
) -> tuple[Procedure, tuple[str, ...], frozenset[str]]:
    return proc, (proc.id,), frozenset(learners(f.manual, step))


def near_figures(value: str) -> list[str]:
    """Wrong figures near the first number of ``value``: halves, doubles, a step either side.

    The set has figures below and above the right one, so that the right one is not
    always the smallest or the middle of the options.
    """
    found = NUMBER.search(value)
    if found is None:
        return []
    x = float(found.group())
    unit = 1 if x < 10 else 5 if x < 50 else 10 ** (len(str(int(x))) - 1)
    raw = [x / 3, x / 2, x - unit, x + unit, x * 2, x * 3, x + 2 * unit]
    capped = "%" in value or "分" in value or "percent" in value
    out = []
    for y in raw:
        nice = _nice(y)
        if nice <= 0 or nice == x or (capped and nice > 100):
            continue
        text = value[: found.start()] + _figure(nice) + value[found.end() :]
        if text not in out:
            out.append(text)
    return out


def _nice(y: float) -> float:
    """A figure a person would write: whole, and above 20 rounded to its first digit or two."""
    if y >= 20:
        digits = len(str(int(y))) - (1 if y >= 100 else 2) + 1
        return float(round(y, -max(digits - 1, 0)))
    return float(round(y)) if y >= 1 else round(y, 1)


def _figure(y: float) -> str:
    return str(int(y)) if y == int(y) else str(y)


def wrong_figures(fact: Fact) -> list[str]:
    """The fact's wrong figures: the author's, else derived, in a stable order."""
    if fact.wrong_values:
        return list(fact.wrong_values)
    derived = near_figures(fact.value or "")
    return sorted(derived, key=lambda v: seeded_key(0, "fig", fact.statement, v))


def false_variant(fact: Fact) -> str | None:
    """The author's false statement, else the statement with a wrong figure, else none."""
    if fact.false_statement:
        return fact.false_statement
    wrong = wrong_figures(fact)
    if not fact.value or not wrong or fact.value not in fact.statement:
        return None
    return fact.statement.replace(fact.value, wrong[0], 1)


def rule_claims(f: Facts, proc: Procedure) -> Iterator[Claim]:
    """Every fact with a false variant, as a claim of the family ``rule``."""
    for step in proc.steps:
        for fact in step.facts:
            false = false_variant(fact)
            if false is None:
                continue
            yield Claim(
                "rule",
                ("rule", proc.id, step.id, fact.statement),
                fact.statement,
                false,
                f.t("quiz_x_rule", statement=fact.statement) + f.cite(fact.source),
                f.step_link(proc, step),
                _scope(f, proc, step),
                QuestionType.RULE,
            )


def number_questions(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Every fact with a value: the statement with the figure blank, the figure to choose."""
    for step in proc.steps:
        for fact in step.facts:
            if not fact.value or fact.value not in fact.statement:
                continue
            answer = Candidate("value", fact.value)
            wrong = pick(
                [answer],
                [Candidate(f"w{i}", w) for i, w in enumerate(wrong_figures(fact))],
                salt=f"V:{proc.id}:{step.id}:{fact.statement}",
            )
            if wrong is None:
                continue
            blanked = fact.statement.replace(fact.value, BLANK, 1)
            yield single(
                QuestionType.NUMBER,
                (proc.id, step.id, fact.statement),
                f.t("quiz_q_number", statement=blanked),
                answer,
                wrong,
                f.t("quiz_x_rule", statement=fact.statement) + f.cite(fact.source),
                f.step_link(proc, step),
                _scope(f, proc, step),
            )


def scenario_questions(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Every case of a step: what to do, among the wrong actions people take."""
    for step in proc.steps:
        for case in step.cases:
            answer = Candidate("right", case.right)
            authored = [Candidate(f"w{i}", w) for i, w in enumerate(case.wrong)]
            wrong = pick([answer], authored, salt=f"S:{proc.id}:{step.id}:{case.situation}")
            if wrong is None:
                continue
            wrong.sort(key=lambda c: int(c.key[1:]))  # canonical order: the author's
            yield single(
                QuestionType.SCENARIO,
                (proc.id, step.id, case.situation),
                f.t(
                    "quiz_q_scenario",
                    procedure=proc.title,
                    step=step.title,
                    situation=case.situation,
                ),  # fmt: skip
                answer,
                wrong,
                _case_explanation(f, step, case),
                f.step_link(proc, step),
                _scope(f, proc, step),
            )


def _keywords(text: str) -> list[str]:
    """The terms of an action that its step's instruction would use (four characters)."""
    plain = [part for part in re.split(r"[，、；。,;\s]", text) if len(part) >= 4]
    return [part[i : i + 4] for part in plain for i in range(0, len(part) - 3, 2)]


def _case_explanation(f: Facts, step: Step, case: Case) -> str:
    why = f.t("quiz_x_why", why=case.why) if case.why else ""
    return (
        f.t("quiz_x_scenario", right=case.right)
        + why
        + (f.quote_step(step, *_keywords(case.right), strict=True) if not case.why else "")
        + f.cite(case.source)
    )


BUILDERS = (number_questions, scenario_questions)
CLAIMS = (rule_claims,)
