"""Questions about the steps of a procedure: R, A, control, next step, branch, order.

Layer: domain (quiz bank), pure. One builder per question type; each yields the
questions of one procedure and skips a fact when the manual offers too few plausible
distractors (see ``distractors``).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.distractors import Candidate, pick
from generator.quiz.facts import Facts, learners, single
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import Manual, accountable, normalise
from generator.source.models import Procedure, Step, StepKind

ORDER_ITEMS = 6  # more steps than this make an ordering question a chore


def _live(proc: Procedure) -> Iterator[Step]:
    return (s for s in proc.steps if s.kind is not StepKind.END)


def _scope(
    f: Facts, proc: Procedure, step: Step
) -> tuple[Procedure, tuple[str, ...], tuple[str, ...]]:
    return proc, (proc.id,), learners(f.manual, step)


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
    """A "which role …" question on ``step``; none when distractors are too few."""
    answer = f.role(role_id)
    near, far = f.roles_in(proc, staff=staff), f.all_roles(staff=staff)
    salt = {QuestionType.RESPONSIBLE: "R", QuestionType.ACCOUNTABLE: "A"}[qtype]
    # a role the step's own text names is involved in it: not a fair wrong answer
    mentioned = f.mentioned_roles(f.step_text(step))
    wrong = pick([answer], near, far, salt=f"{salt}:{proc.id}:{step.id}", excluded=mentioned)
    if wrong is None:
        return
    yield single(
        qtype,
        (proc.id, step.id),
        f.t(f"quiz_q_{qtype.value}", procedure=proc.title, step=step.title),
        answer,
        wrong,
        _raci_explanation(f, proc, step),
        f.step_link(proc, step),
        _scope(f, proc, step),
    )


def _raci_explanation(f: Facts, proc: Procedure, step: Step) -> str:
    owner = f.role(step.owner).text if step.owner else "—"
    return f.t(
        "quiz_x_raci",
        step=step.title,
        owner=owner,
        accountable=f.role(accountable(proc, step)).text,
    )


def control_at_step(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Which control applies at the step? No control of the step is ever a distractor."""
    for step in _live(proc):
        known = [c for c in step.controls if c in f.manual.control_by_id]
        if not known:
            continue
        key = [c for c in known if f.manual.control_by_id[c].key]
        answer = f.control((key or known)[0])
        wrong = pick(
            [answer],
            f.controls_in([proc]),
            f.controls_in(f.procedures) + [f.control(c.id) for c in f.manual.controls],
            salt=f"C:{proc.id}:{step.id}",
            excluded=[*known, *f.mentioned_controls(f.step_text(step))],
        )
        if wrong is None:
            continue
        titles = f.join(f.control(c).text for c in known)
        yield single(
            QuestionType.CONTROL,
            (proc.id, step.id),
            f.t("quiz_q_control", procedure=proc.title, step=step.title),
            answer,
            wrong,
            f.t("quiz_x_control", step=step.title, controls=titles),
            f.step_link(proc, step),
            _scope(f, proc, step),
        )


def next_step(f: Facts, proc: Procedure) -> Iterator[Question]:
    """What comes after a task or a call? Distractors are other steps of the procedure."""
    by_id = {s.id: s for s in proc.steps}
    flow = f.manual.flow(proc)
    for step in proc.steps:
        following = flow[step.id]
        if step.kind in (StepKind.END, StepKind.DECISION) or len(following) != 1:
            continue
        target = by_id.get(following[0])
        if target is None:
            continue
        answer = Candidate(target.id, target.title)
        others = [Candidate(s.id, s.title) for s in proc.steps]
        wrong = pick([answer], others, salt=f"N:{proc.id}:{step.id}", excluded=[step.id])
        if wrong is None:
            continue
        yield single(
            QuestionType.NEXT,
            (proc.id, step.id),
            f.t("quiz_q_next", procedure=proc.title, step=step.title),
            answer,
            wrong,
            f.t("quiz_x_next", step=step.title, next=target.title),
            f.step_link(proc, step),
            _scope(f, proc, step),
        )


def branch_target(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Where does a decision branch lead? The other branches' targets come first."""
    by_id = {s.id: s for s in proc.steps}
    for step in proc.steps:
        for branch in step.branches:
            target = by_id.get(branch.next)
            if target is None:
                continue
            answer = Candidate(target.id, target.title)
            sibling = [by_id[b.next] for b in step.branches if b.next in by_id]
            # a branch with the same answer (E032) leads somewhere that is right too
            same = [b.next for b in step.branches if normalise(b.when) == normalise(branch.when)]
            wrong = pick(
                [answer],
                [Candidate(s.id, s.title) for s in sibling],
                [Candidate(s.id, s.title) for s in proc.steps],
                salt=f"B:{proc.id}:{step.id}:{branch.when}",
                excluded=[step.id, *same],
            )
            if wrong is None:
                continue
            yield single(
                QuestionType.BRANCH,
                (proc.id, step.id, branch.when),
                f.t("quiz_q_branch", procedure=proc.title, step=step.title, when=branch.when),
                answer,
                wrong,
                f.t("quiz_x_branch", step=step.title, when=branch.when, next=target.title),
                f.step_link(proc, step),
                _scope(f, proc, step),
            )


def main_path(manual: Manual, proc: Procedure) -> list[Step]:
    """The steps from the start to an end, taking the first new branch at each decision."""
    index = {s.id: i for i, s in enumerate(proc.steps)}
    path: list[Step] = []
    position: int | None = 0
    while position is not None:
        step = proc.steps[position]
        path.append(step)
        seen = {s.id for s in path}
        ahead = [n for n in manual.flow(proc)[step.id] if n not in seen]
        position = index[ahead[0]] if ahead else None
    return path


def step_order(f: Facts, proc: Procedure) -> Iterator[Question]:
    """Put the main path's steps in order (at most ``ORDER_ITEMS``, evenly spread)."""
    path = [s for s in main_path(f.manual, proc) if s.kind is not StepKind.END]
    if len(path) > ORDER_ITEMS:
        last = len(path) - 1
        path = [path[round(k * last / (ORDER_ITEMS - 1))] for k in range(ORDER_ITEMS)]
    titles = [s.title for s in path]
    if len(path) < 3 or len(set(titles)) != len(titles):
        return
    roles = {r for s in path for r in learners(f.manual, s)}
    yield Question(
        id=question_id(QuestionType.ORDER, proc.id, *(s.id for s in path)),
        type=QuestionType.ORDER,
        form=AnswerForm.ORDERING,
        stem=f.t("quiz_q_order", procedure=proc.title),
        options=tuple(titles),
        correct=tuple(range(len(titles))),
        explanation=f.t("quiz_x_order", procedure=proc.title, steps=" → ".join(titles)),
        link=Ref(proc.id, proc.title, links.procedure_page(proc.id), "om-flowchart"),
        procedure=proc.id,
        version=proc.version,
        procedures=(proc.id,),
        roles=frozenset(roles),
    )


BUILDERS = (
    responsible,
    accountable_role,
    control_at_step,
    next_step,
    branch_target,
    step_order,
)
