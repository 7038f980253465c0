"""True/false statements derived from facts: segregation of duties, R versus A, key controls.

Layer: domain (quiz bank), pure. Each statement is built from one fact and states
it either as it is (true) or as the common mistake (false); the explanation always
gives the rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.facts import Facts, control_learners, learners
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id, seeded_key
from generator.source.addresses import Ref
from generator.source.manual import accountable
from generator.source.models import Procedure, Step, StepKind


def statement(
    f: Facts,
    subject: tuple[str, ...],
    text: str,
    true: bool,
    explanation: str,
    link: Ref,
    scope: tuple[Procedure | None, tuple[str, ...], frozenset[str]],
) -> Question:
    """A true/false question; options are (true, false) in the UI language."""
    proc, procs, roles = scope
    return Question(
        id=question_id(QuestionType.TRUE_FALSE, *subject, str(true)),
        type=QuestionType.TRUE_FALSE,
        form=AnswerForm.TRUE_FALSE,
        stem=text,
        options=(f.t("quiz_true"), f.t("quiz_false")),
        correct=(0,) if true else (1,),
        explanation=explanation,
        link=link,
        procedure=proc.id if proc else "",
        version=proc.version if proc else "",
        procedures=procs,
        roles=roles,
    )


def _scope(
    f: Facts, proc: Procedure, *steps: Step
) -> tuple[Procedure, tuple[str, ...], frozenset[str]]:
    return proc, (proc.id,), frozenset(r for s in steps for r in learners(f.manual, s))


def _states_truth(subject: tuple[str, ...]) -> bool:
    """Whether a fact is stated as it is or as the common mistake: half and half, stable.

    Statements that are always false (or always true) of one kind can be answered
    without knowing the manual.
    """
    return int(seeded_key(0, "truth", *subject), 16) % 2 == 0


def segregation_of_duties(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Wherever a step ``checks`` another: the checker must not be the maker.

    Stated as the rule (true) or as the mistake "the maker may also check" (false).
    """
    by_id = {s.id: s for s in proc.steps}
    for step in proc.steps:
        maker = by_id.get(step.checks or "")
        if maker is None or not maker.owner or not step.owner:
            continue
        maker_role, checker_role = f.role(maker.owner).text, f.role(step.owner).text
        subject = ("sod", proc.id, step.id, maker.id, maker.owner, step.owner)
        true = _states_truth(subject)
        names = {
            "procedure": proc.title, "maker": maker.title, "role": maker_role,
            "checker": step.title, "checker_role": checker_role,
        }  # fmt: skip
        yield statement(
            f,
            subject,
            f.t("quiz_s_sod_true" if true else "quiz_s_sod", **names),
            true,
            f.t("quiz_x_sod_true", **names)
            if true
            else f.t("quiz_x_sod", checker=step.title, maker=maker.title, role=checker_role),
            f.step_link(proc, step),
            _scope(f, proc, step, maker),
        )


def owner_is_accountable(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Who is R and who is A, as a statement.

    "The performer is also accountable" (true only where they are one role) or, where
    they differ, half the time the split stated as it is (true).

    Only staff performers: "the customer is accountable" would be a giveaway.
    """
    for step in proc.steps:
        if step.kind is StepKind.END or not step.owner or not f.is_staff(step.owner):
            continue
        owner, a = step.owner, accountable(proc, step)
        names = {"step": step.title, "role": f.role(owner).text, "procedure": proc.title}
        subject = ("ra", proc.id, step.id, owner, a)
        split = owner != a and _states_truth(subject)
        text = (
            f.t("quiz_s_ra_split", accountable=f.role(a).text, **names)
            if split
            else f.t("quiz_s_owner_accountable", **names)
        )
        yield statement(
            f,
            subject,
            text,
            owner == a or split,
            f.t(
                "quiz_x_raci", step=step.title, owner=f.role(owner).text, accountable=f.role(a).text
            ),
            f.step_link(proc, step),
            _scope(f, proc, step),
        )


def key_control(f: Facts) -> Iterator[Question]:
    """Control C is a key control: true or false from the catalogue."""
    for control in f.applied_controls:
        steps = f.steps_by_control.get(control.id, ())
        procs = tuple(dict.fromkeys(p.id for p, _s in steps))
        roles = frozenset(control_learners(f, control))
        explain = "quiz_x_key_true" if control.key else "quiz_x_key_false"
        yield statement(
            f,
            ("key", control.id),
            f.t("quiz_s_key", control=control.title),
            control.key,
            f.t(explain, control=control.title),
            f.control_link(control),
            (None, procs, roles),
        )


PROCEDURE_BUILDERS = (segregation_of_duties, owner_is_accountable)
MANUAL_BUILDERS = (key_control,)
