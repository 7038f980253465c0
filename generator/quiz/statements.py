"""True/false statements: segregation of duties, R versus A, key controls, authored facts.

Layer: domain (quiz bank), pure. Each builder yields *claims*: one fact with its true
and its false wording (the rule as it stands, and the common mistake). ``true_false``
then decides, per family of claims, which wording each question states, so that about
half of each family is true: a family that is mostly true (or false) can be answered
without knowing the manual. The choice is a stable hash of the fact, evened out within
the family, so a question keeps its id while its fact and its family stay the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.quiz.facts import Facts, Scope, control_learners, learners
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id, seeded_key
from generator.source.addresses import Ref
from generator.source.manual import accountable
from generator.source.models import Procedure, Step, StepKind

TRUE_SHARE = (0.45, 0.55)  # the share of true statements aimed at within a family


@dataclass(frozen=True)
class Claim:
    """One fact stated either way: the question states ``true_text`` or ``false_text``."""

    family: str
    subject: tuple[str, ...]
    true_text: str
    false_text: str
    explanation: str  # the fact as it is, shown whichever way it was stated
    link: Ref
    scope: Scope
    qtype: QuestionType = QuestionType.TRUE_FALSE


def true_false(f: Facts, claims: Iterable[Claim]) -> list[Question]:
    """The claims as true/false questions, about half of each family true."""
    families: dict[str, list[Claim]] = {}
    for claim in claims:
        families.setdefault(claim.family, []).append(claim)
    out = []
    for members in families.values():
        truth = balanced_truth([c.subject for c in members])
        out += [_question(f, c, truth[c.subject]) for c in members]
    return out


def balanced_truth(subjects: list[tuple[str, ...]]) -> dict[tuple[str, ...], bool]:
    """A stable coin per subject, then the fewest flips that bring the share into range."""
    truth = {s: int(seeded_key(0, "truth", *s), 16) % 2 == 0 for s in subjects}
    n = len(subjects)
    low, high = math.ceil(n * TRUE_SHARE[0]), math.floor(n * TRUE_SHARE[1])
    if low > high:
        low = high = n // 2 if n % 2 == 0 else (n + 1) // 2
    count = sum(truth.values())
    majority = count > high
    # the subjects whose coin landed nearest the edge flip first: a stable order
    order = sorted(subjects, key=lambda s: seeded_key(0, "flip", *s))
    for subject in order:
        if low <= count <= high:
            break
        if truth[subject] is majority:
            truth[subject] = not majority
            count += -1 if majority else 1
    return truth


def _question(f: Facts, claim: Claim, true: bool) -> Question:
    proc, procs, roles = claim.scope
    verdict = f.t("quiz_true" if true else "quiz_false")
    return Question(
        id=question_id(claim.qtype, *claim.subject, str(true)),
        type=claim.qtype,
        form=AnswerForm.TRUE_FALSE,
        stem=claim.true_text if true else claim.false_text,
        options=(f.t("quiz_true"), f.t("quiz_false")),
        correct=(0,) if true else (1,),
        explanation=f"{verdict}{f.t('quiz_full_stop')}{claim.explanation}",
        link=claim.link,
        procedure=proc.id if proc else "",
        version=proc.version if proc else "",
        procedures=procs,
        roles=frozenset(roles),
        family=claim.family,
    )


def _scope(f: Facts, proc: Procedure, *steps: Step) -> Scope:
    return proc, (proc.id,), frozenset(r for s in steps for r in learners(f.manual, s))


def segregation_of_duties(f: Facts, proc: Procedure) -> Iterator[Claim]:
    """Wherever a step ``checks`` another: the checker must not be the maker."""
    by_id = {s.id: s for s in proc.steps}
    for step in proc.steps:
        maker = by_id.get(step.checks or "")
        if maker is None or not maker.owner or not step.owner:
            continue
        names = {
            "procedure": proc.title, "maker": maker.title, "role": f.role(maker.owner).text,
            "checker": step.title, "checker_role": f.role(step.owner).text,
        }  # fmt: skip
        yield Claim(
            "sod",
            ("sod", proc.id, step.id, maker.id, maker.owner, step.owner),
            f.t("quiz_s_sod_true", **names),
            f.t("quiz_s_sod", **names),
            f.t("quiz_x_sod", **names) + f.cite_step(step, step.title),
            f.step_link(proc, step),
            _scope(f, proc, step, maker),
        )


def owner_is_accountable(f: Facts, proc: Procedure) -> Iterator[Claim]:
    """Who is R and who is A: the split as it is, or the performer wrongly made accountable.

    Where one role is both, the mistake names the procedure's owner as accountable; a step
    whose performer owns the procedure has no plausible mistake and is left out. Only staff
    performers: "the customer is accountable" would be a giveaway.
    """
    for step in proc.steps:
        if step.kind is StepKind.END or not step.owner or not f.is_staff(step.owner):
            continue
        owner, a = step.owner, accountable(proc, step)
        role, acc = f.role(owner).text, f.role(a).text
        names = {"step": step.title, "role": role, "procedure": proc.title}
        split = f.t("quiz_s_ra_split", accountable=acc, **names)
        if owner == a:
            if proc.owner == owner:
                continue
            other = f.role(proc.owner).text
            true = f.t("quiz_s_owner_accountable", **names)
            false = f.t("quiz_s_ra_split", accountable=other, **names)
        else:
            true, false = split, f.t("quiz_s_owner_accountable", **names)
        yield Claim(
            "ra",
            ("ra", proc.id, step.id, owner, a),
            true,
            false,
            f.t("quiz_x_raci", step=step.title, owner=role, accountable=acc)
            + f.cite_step(step, step.title),
            f.step_link(proc, step),
            _scope(f, proc, step),
        )


def key_control(f: Facts) -> Iterator[Claim]:
    """Control C is (or is not) a key control, from the catalogue."""
    for control in f.applied_controls:
        steps = f.steps_by_control.get(control.id, ())
        procs = tuple(dict.fromkeys(p.id for p, _s in steps))
        is_key = f.t("quiz_s_key", control=control.title)
        not_key = f.t("quiz_s_not_key", control=control.title)
        yield Claim(
            "key",
            ("key", control.id),
            is_key if control.key else not_key,
            not_key if control.key else is_key,
            f.t("quiz_x_key" if control.key else "quiz_x_not_key", control=control.title)
            + f.cite(control.sources[0] if control.sources else ""),
            f.control_link(control),
            (None, procs, frozenset(control_learners(f, control))),
        )


PROCEDURE_BUILDERS = (segregation_of_duties, owner_is_accountable)
MANUAL_BUILDERS = (key_control,)
