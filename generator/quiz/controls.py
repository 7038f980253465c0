"""Questions about controls: which risk a control mitigates, which evidence it leaves.

Layer: domain (quiz bank), pure. A control is one fact wherever it is applied, so
each control yields one question (not one per procedure); it belongs to every active
procedure that applies it and to every role of those steps.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.distractors import Candidate, pick
from generator.quiz.facts import Facts, control_learners, evidence_items, single
from generator.quiz.guess import stem_giveaway
from generator.quiz.model import Question, QuestionType
from generator.quiz.wording import terms
from generator.source.models import Control

GENERIC_CATALOGUE = 12  # controls: below this, no risk is "covered by a third of them"


def _scope(f: Facts, control: Control) -> tuple[None, tuple[str, ...], set[str]]:
    steps = f.steps_by_control.get(control.id, ())
    procs = tuple(dict.fromkeys(p.id for p, _s in steps))
    return None, procs, control_learners(f, control)


def mitigated_risk(f: Facts) -> Iterator[Question]:
    """Which risk does a control mitigate? None of its risks is ever a distractor."""
    for control in f.applied_controls:
        risks = [f.manual.risk_by_id[r] for r in control.risks if r in f.manual.risk_by_id]
        if not risks:
            continue
        answer = Candidate(risks[0].id, risks[0].title)
        neighbours = f.controls_in(f.procedures_applying(control.id))
        near = [
            Candidate(r, f.manual.risk_by_id[r].title)
            for c in neighbours
            for r in f.manual.control_by_id[c.key].risks
            if r in f.manual.risk_by_id
        ]
        far = [Candidate(r.id, r.title) for r in f.manual.risks]
        # a risk that a control applied at the same steps covers is one this step meets:
        # "录入后二次确认" also guards against 人员操作风险, which is then no wrong answer
        beside = {c for _p, s in f.steps_by_control.get(control.id, ()) for c in s.controls}
        shared = [r for c in beside if c in f.manual.control_by_id
                  for r in f.manual.control_by_id[c].risks]  # fmt: skip
        # a risk a third of a real catalogue covers (合规风险) is right for almost any control
        many = len(f.manual.controls)
        generic = [r for r, cs in f.manual.controls_by_risk.items()
                   if many >= GENERIC_CATALOGUE and len(cs) * 3 >= many]  # fmt: skip
        excluded = [r.id for r in risks] + shared + generic
        stem = f.t("quiz_q_risk", control=control.title)
        wrong = pick([answer], near, far, salt=f"K:{control.id}", excluded=excluded, stem=stem)
        if wrong is None:
            continue
        question = single(
            QuestionType.RISK,
            (control.id,),
            stem,
            answer,
            wrong,
            f.t("quiz_x_risk", control=control.title, risks=f.join(r.title for r in risks))
            + f.cite(control.sources[0] if control.sources else ""),
            f.control_link(control),
            _scope(f, control),
        )
        if not stem_giveaway(question):
            yield question


def control_evidence(f: Facts) -> Iterator[Question]:
    """Which evidence does a control leave? Other controls' evidence are the distractors."""
    for control in f.applied_controls:
        answer = Candidate(control.id, control.evidence)
        neighbours = f.controls_in(f.procedures_applying(control.id))
        near = [Candidate(c.key, f.manual.control_by_id[c.key].evidence) for c in neighbours]
        far = [Candidate(c.id, c.evidence) for c in f.manual.controls]
        # evidence naming a record this control also leaves is not wrong
        items = evidence_items(control.evidence)
        overlapping = [c.id for c in f.manual.controls if items & evidence_items(c.evidence)]
        # nor evidence worded alike ("预警日志、预警通知记录" / "预警记录及处置记录")
        mine = terms(control.evidence)
        overlapping += [c.id for c in f.manual.controls if len(terms(c.evidence) & mine) >= 2]
        stem = f.t("quiz_q_evidence", control=control.title)
        wrong = pick([answer], near, far, salt=f"E:{control.id}", excluded=overlapping, stem=stem)
        if wrong is None:
            continue
        question = single(
            QuestionType.EVIDENCE,
            (control.id, control.evidence),
            stem,
            answer,
            wrong,
            f.t("quiz_x_evidence", control=control.title, evidence=control.evidence)
            + f.cite(control.sources[0] if control.sources else ""),
            f.control_link(control),
            _scope(f, control),
        )
        if not stem_giveaway(question):
            yield question


BUILDERS = (mitigated_risk, control_evidence)
