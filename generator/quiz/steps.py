"""Questions about the steps of a procedure: R, A, controls, next step, branch.

Layer: domain (quiz bank), pure. One builder per question type; each yields the
questions of one procedure and skips a fact when the manual offers too few plausible
distractors (see ``distractors``) or when the question would test nothing a person must
know: an end state as the answer of "what next" ("转异常情况处理" → "已转异常情况处理"),
a "next step" after a standing activity, a right answer that alone repeats the stem.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.distractors import Candidate, pick
from generator.quiz.facts import Facts, learners, single
from generator.quiz.guess import stem_giveaway
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id
from generator.source.manual import accountable, normalise
from generator.source.models import Procedure, Step, StepKind

MULTI_OPTIONS = 5  # a multi-select question shows at most this many options


def _live(proc: Procedure) -> Iterator[Step]:
    return (s for s in proc.steps if s.kind is not StepKind.END)


def _scope(
    f: Facts, proc: Procedure, step: Step
) -> tuple[Procedure, tuple[str, ...], frozenset[str]]:
    return proc, (proc.id,), frozenset(learners(f.manual, step))


def _fair(question: Question) -> Iterator[Question]:
    """The question, unless its right answer alone repeats the words of the stem."""
    if not stem_giveaway(question):
        yield question


def responsible(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Who performs the step (R)? When staff do, the wrong answers are staff too.

    A customer or an outside body among the options of a teller's step gives itself away.
    """
    for step in _live(proc):
        if step.owner:
            staff = f.is_staff(step.owner)
            yield from _role_question(
                f, proc, step, QuestionType.RESPONSIBLE, step.owner, staff=staff
            )


def accountable_role(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Who is accountable for the step (A)? Only staff roles are plausible."""
    for step in _live(proc):
        yield from _role_question(
            f, proc, step, QuestionType.ACCOUNTABLE, accountable(proc, step), staff=True
        )


def _role_question(
    f: Facts, proc: Procedure, step: Step, qtype: QuestionType, role_id: str, *, staff: bool
) -> Iterator[Question]:
    """A "which role …" question on ``step``; none when distractors are too few.

    No role that takes part in the step (any RACI letter) or that its text names is a
    wrong answer: the consulted reviewer of a step is not "wrong" about who is involved.
    """
    answer = f.role(role_id)
    near, far = f.roles_in(proc, staff=staff), f.all_roles(staff=staff)
    salt = {QuestionType.RESPONSIBLE: "R", QuestionType.ACCOUNTABLE: "A"}[qtype]
    excluded = [*f.manual.participants(step), *f.mentioned_roles(f.step_text(step))]
    wrong = pick([answer], near, far, salt=f"{salt}:{proc.id}:{step.id}", excluded=excluded)
    if wrong is None:
        return
    yield from _fair(
        single(
            qtype,
            (proc.id, step.id),
            f.t(f"quiz_q_{qtype.value}", procedure=proc.title, step=step.title),
            answer,
            wrong,
            _raci_explanation(f, proc, step),
            f.step_link(proc, step),
            _scope(f, proc, step),
        )
    )


def _raci_explanation(f: Facts, proc: Procedure, step: Step) -> str:
    owner = f.role(step.owner).text if step.owner else "—"
    acc = f.role(accountable(proc, step)).text
    return f.t("quiz_x_raci", step=step.title, owner=owner, accountable=acc) + f.cite_step(
        step, owner, acc
    )


def _control_pool(
    f: Facts, proc: Procedure, step: Step
) -> tuple[list[str], list[Candidate], list[Candidate]]:
    """A step's controls, and the wrong ones: none of its own, none its text names."""
    known = [c for c in step.controls if c in f.manual.control_by_id]
    near = f.controls_in([proc])
    far = f.all_controls
    text = f.step_text(step)
    excluded = {*known, *f.mentioned_controls(text), *f.named_in(text, near + far)}
    return (
        known,
        [c for c in near if c.key not in excluded],
        [c for c in far if c.key not in excluded],
    )


def control_at_step(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Which control applies at a step with one control (several: a multi-select question)."""
    for step in _live(proc):
        known, near, far = _control_pool(f, proc, step)
        if len(known) != 1:
            continue
        answer = f.control(known[0])
        stem = f.t("quiz_q_control", procedure=proc.title, step=step.title)
        wrong = pick([answer], near, far, salt=f"C:{proc.id}:{step.id}", stem=stem)
        if wrong is None:
            continue
        yield from _fair(
            single(
                QuestionType.CONTROL,
                (proc.id, step.id),
                stem,
                answer,
                wrong,
                f.t("quiz_x_control", step=step.title, controls=answer.text)
                + f.cite_step(step, answer.text),
                f.step_link(proc, step),
                _scope(f, proc, step),
            )
        )


def controls_at_step(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Which controls apply at a step with several? Every one of them, and no other."""
    for step in _live(proc):
        known, near, far = _control_pool(f, proc, step)
        if len(known) < 2:
            continue
        answers = [f.control(c) for c in known][: MULTI_OPTIONS - 2]
        wanted = max(2, MULTI_OPTIONS - len(answers))
        wrong = pick(answers, near, far, salt=f"M:{proc.id}:{step.id}", wanted=wanted)
        if wrong is None:
            continue
        titles = f.join(a.text for a in answers)
        yield Question(
            id=question_id(QuestionType.MULTI, proc.id, step.id, *known),
            type=QuestionType.MULTI,
            form=AnswerForm.MULTIPLE,
            stem=f.t("quiz_q_multi", procedure=proc.title, step=step.title),
            options=(*(a.text for a in answers), *(w.text for w in wrong)),
            correct=tuple(range(len(answers))),
            explanation=f.t("quiz_x_control", step=step.title, controls=titles)
            + f.cite_step(step, *(a.text for a in answers)),
            link=f.step_link(proc, step),
            procedure=proc.id,
            version=proc.version,
            procedures=(proc.id,),
            roles=frozenset(learners(f.manual, step)),
        )


def _steps_as_options(proc: Procedure) -> list[Candidate]:
    """Steps a learner can be sent to: real steps, not end states."""
    return [Candidate(s.id, s.title) for s in proc.steps if s.kind is not StepKind.END]


def next_step(f: Facts, proc: Procedure) -> Iterator[Question]:
    """What comes after a task or a call, when a step (not an end) follows it in the flow.

    A standing activity (a daily briefing, drills) is not followed by anything in
    particular: no question after it, nor leading to one.
    """
    by_id = {s.id: s for s in proc.steps}
    flow = f.manual.flow(proc)
    for step in proc.steps:
        following = flow[step.id]
        if step.kind in (StepKind.END, StepKind.DECISION) or step.standing or len(following) != 1:
            continue
        target = by_id.get(following[0])
        if target is None or target.kind is StepKind.END or target.standing:
            continue
        answer = Candidate(target.id, target.title)
        stem = f.t("quiz_q_next", procedure=proc.title, step=step.title)
        wrong = pick([answer], _steps_as_options(proc), salt=f"N:{proc.id}:{step.id}",
                     excluded=[step.id], stem=stem)  # fmt: skip
        if wrong is None:
            continue
        yield from _fair(
            single(
                QuestionType.NEXT,
                (proc.id, step.id),
                stem,
                answer,
                wrong,
                f.t("quiz_x_next", step=step.title, next=target.title)
                + f.quote_step(step, target.title, strict=True)
                + f.cite(step.sources[0] if step.sources else ""),
                f.step_link(proc, step),
                _scope(f, proc, step),
            )
        )


def branch_target(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Where does a decision branch lead, when it leads to a step? Sibling targets first."""
    by_id = {s.id: s for s in proc.steps}
    for step in proc.steps:
        for branch in step.branches:
            target = by_id.get(branch.next)
            if target is None or target.kind is StepKind.END:
                continue
            answer = Candidate(target.id, target.title)
            sibling = [by_id[b.next] for b in step.branches if b.next in by_id]
            # a branch with the same answer (E032) leads somewhere that is right too
            same = [b.next for b in step.branches if normalise(b.when) == normalise(branch.when)]
            stem = f.t("quiz_q_branch", procedure=proc.title, step=step.title, when=branch.when)
            wrong = pick(
                [answer],
                [Candidate(s.id, s.title) for s in sibling if s.kind is not StepKind.END],
                _steps_as_options(proc),
                salt=f"B:{proc.id}:{step.id}:{branch.when}",
                excluded=[step.id, *same],
                stem=stem,
            )
            if wrong is None:
                continue
            yield from _fair(
                single(
                    QuestionType.BRANCH,
                    (proc.id, step.id, branch.when),
                    stem,
                    answer,
                    wrong,
                    f.t("quiz_x_branch", step=step.title, when=branch.when, next=target.title)
                    + f.cite_step(step, branch.when, target.title),
                    f.step_link(proc, step),
                    _scope(f, proc, step),
                )
            )


BUILDERS = (
    responsible,
    accountable_role,
    control_at_step,
    controls_at_step,
    next_step,
    branch_target,
)
