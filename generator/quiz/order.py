"""Ordering questions: the sequences a procedure declares, else windows of its main path.

Layer: domain (quiz bank), pure. A declared sequence (``sequences:`` of a procedure, e.g.
the five stages of account opening) is asked whole. Without one, the main path is asked
in windows of consecutive steps, so no core step is left out of the middle of a window and
a long procedure gives several questions (different seeds draw different ones). A path
through a standing activity (briefings, drills, data classification) is no sequence at all
and is not asked.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.facts import Facts, learners
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import Manual
from generator.source.models import Procedure, Step, StepKind

WINDOW = 5  # steps of one ordering question drawn from the main path
STRIDE = 3  # windows overlap: a long path gives several questions


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


def windows(path: list[Step]) -> list[list[Step]]:
    """Consecutive runs of ``WINDOW`` steps, ``STRIDE`` apart, the last one ending the path."""
    if len(path) <= WINDOW:
        return [path]
    starts = list(range(0, len(path) - WINDOW + 1, STRIDE))
    if starts[-1] != len(path) - WINDOW:
        starts.append(len(path) - WINDOW)
    return [path[k : k + WINDOW] for k in starts]


def step_order(f: Facts, proc: Procedure) -> Iterator[Question]:
    """The declared sequences, or windows of the main path when none is declared."""
    by_id = {s.id: s for s in proc.steps}
    declared = [
        ([by_id[i] for i in seq.steps if i in by_id], seq.title, seq.source or "")
        for seq in proc.sequences
    ]
    if declared:
        for steps, title, source in declared:
            yield from _ordering(f, proc, steps, title or proc.title, source)
        return
    path = [s for s in main_path(f.manual, proc) if s.kind is not StepKind.END]
    if any(s.standing for s in path):
        return
    for window in windows(path):
        yield from _ordering(f, proc, window, proc.title, "")


def _ordering(
    f: Facts, proc: Procedure, steps: list[Step], title: str, source: str
) -> Iterator[Question]:
    titles = [s.title for s in steps]
    if len(steps) < 3 or len(set(titles)) != len(titles):
        return
    roles = {r for s in steps for r in learners(f.manual, s)}
    yield Question(
        id=question_id(QuestionType.ORDER, proc.id, *(s.id for s in steps)),
        type=QuestionType.ORDER,
        form=AnswerForm.ORDERING,
        stem=f.t("quiz_q_order", procedure=proc.title),
        options=tuple(titles),
        correct=tuple(range(len(titles))),
        explanation=f.t("quiz_x_order", procedure=title, steps=" → ".join(titles))
        + f.cite(source or (proc.sources[0] if proc.sources else "")),
        link=Ref(proc.id, proc.title, links.procedure_page(proc.id), "om-flowchart"),
        procedure=proc.id,
        version=proc.version,
        procedures=(proc.id,),
        roles=frozenset(roles),
    )


BUILDERS = (step_order,)
