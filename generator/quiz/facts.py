"""What the question builders read: the quiz-relevant facts of the Manual, indexed once.

Layer: domain (quiz bank), pure. Only *active* procedures take part in quizzes:
a draft is not yet the rule and a retired one no longer is. Every list here is in a
stable order so that the bank is the same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from generator.quiz import wording
from generator.quiz.distractors import Candidate
from generator.quiz.model import AnswerForm, Question, QuestionType, question_id
from generator.source import addresses as links
from generator.source.addresses import Ref
from generator.source.manual import LEARNERS, Manual
from generator.source.models import Control, Procedure, RoleKind, Step

FORM = re.compile(r"F-\d+")  # a form's code in evidence and records, e.g. F-20
#: (source procedure or None, procedures, roles) of a question
Scope = tuple[Procedure | None, tuple[str, ...], frozenset[str]]


def evidence_items(text: str) -> set[str]:
    """The records an evidence text names, without their parenthesised details."""
    plain = re.sub(r"（[^）]*）|\([^)]*\)", "", text)
    return {" ".join(x.split()) for x in re.split(r"[、；;，,。及和]", plain) if len(x.strip()) > 1}


@dataclass(frozen=True)
class Facts:
    """The manual as the question builders see it."""

    manual: Manual
    t: Callable[..., str]

    def step_text(self, step: Step) -> str:
        """What a step's page says about it: a role or control named there is involved."""
        return " ".join([step.title, step.instructions or "", *step.records])

    def named_in(self, text: str, candidates: Iterable[Candidate]) -> list[str]:
        """Keys of candidates whose text shares a term with ``text``: the step names them."""
        return [c.key for c in candidates if wording.shared_run(c.text, text)]

    def cite(self, tag: str) -> str:
        """`` （出处：本行标准）``: the source of an explanation, as readers see it."""
        if not tag:
            return ""
        return self.t("quiz_x_source", source=wording.source_label(self.manual.settings, tag))

    def quote_step(self, step: Step, *keywords: str, strict: bool = False) -> str:
        """The step's own instruction: the sentence naming a keyword, else its first."""
        said = wording.quote(step, *keywords, strict=strict)
        return self.t("quiz_x_quote", quote=said) if said else ""

    def cite_step(self, step: Step, *keywords: str) -> str:
        """The step's own instruction (the sentence naming a keyword) and its source."""
        return self.quote_step(step, *keywords) + self.cite(step.sources[0] if step.sources else "")

    def mentioned_roles(self, text: str) -> list[str]:
        """Roles named in ``text``: never offered as wrong answers about it."""
        return [r.id for r in self.manual.roles if r.name and r.name in text]

    def mentioned_controls(self, text: str) -> list[str]:
        """Controls named, coded or whose forms (F-xx) are cited in ``text``."""
        forms = set(FORM.findall(text))
        return [
            c.id
            for c in self.manual.controls
            if c.title in text
            or (c.code and re.search(rf"{re.escape(c.code)}(?!\d)", text))
            or forms & set(FORM.findall(c.evidence))
        ]

    @cached_property
    def procedures(self) -> tuple[Procedure, ...]:
        """Active procedures, by id."""
        return tuple(sorted(self.manual.active, key=lambda p: p.id))

    @cached_property
    def steps_by_control(self) -> dict[str, tuple[tuple[Procedure, Step], ...]]:
        """Control id → the active steps that apply it."""
        found: dict[str, list[tuple[Procedure, Step]]] = {}
        for proc in self.procedures:
            for step in proc.steps:
                for control in step.controls:
                    found.setdefault(control, []).append((proc, step))
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def applied_controls(self) -> tuple[Control, ...]:
        """Controls applied by at least one active step, in catalogue order."""
        return tuple(c for c in self.manual.controls if c.id in self.steps_by_control)

    # --- candidates -----------------------------------------------------------------------

    def role(self, role_id: str) -> Candidate:
        """A role as an option (its display name)."""
        role = self.manual.role_by_id.get(role_id)
        return Candidate(role_id, role.name if role else role_id)

    def roles_in(self, proc: Procedure, *, staff: bool = False) -> list[Candidate]:
        """Roles taking part in a procedure (any RACI letter), in order of appearance."""
        ids = dict.fromkeys(r for s in proc.steps for r in self.manual.participants(s))
        return [self.role(r) for r in ids if not staff or self.is_staff(r)]

    def all_roles(self, *, staff: bool = False) -> list[Candidate]:
        """Every role of the manual."""
        return [self.role(r.id) for r in self.manual.roles if not staff or self.is_staff(r.id)]

    def is_staff(self, role_id: str) -> bool:
        """Whether a role is bank staff (only staff can be accountable)."""
        role = self.manual.role_by_id.get(role_id)
        return role is not None and role.kind is RoleKind.STAFF

    def control(self, control_id: str) -> Candidate:
        """A control as an option (its title)."""
        control = self.manual.control_by_id.get(control_id)
        return Candidate(control_id, control.title if control else control_id)

    def controls_in(self, procs: Iterable[Procedure]) -> list[Candidate]:
        """Controls applied in some procedures, in order of appearance."""
        ids = dict.fromkeys(c for p in procs for s in p.steps for c in s.controls)
        return [self.control(c) for c in ids if c in self.manual.control_by_id]

    @cached_property
    def all_controls(self) -> list[Candidate]:
        """Controls applied anywhere (in order of appearance), then the whole catalogue."""
        applied = self.controls_in(self.procedures)
        return applied + [self.control(c.id) for c in self.manual.controls]

    def procedures_applying(self, control_id: str) -> list[Procedure]:
        """Active procedures that apply a control."""
        procs = dict.fromkeys(p.id for p, _s in self.steps_by_control.get(control_id, ()))
        return [self.manual.procedure_by_id[p] for p in procs]

    # --- links and joined text ------------------------------------------------------------

    def step_link(self, proc: Procedure, step: Step) -> Ref:
        """Link to a step's anchor on its procedure page."""
        return Ref(step.id, f"{proc.title} › {step.title}", links.procedure_page(proc.id), step.id)

    def control_link(self, control: Control) -> Ref:
        """Link to a control's page."""
        return Ref(control.id, control.title, links.control_page(control.id))

    def join(self, texts: Iterable[str]) -> str:
        """Texts joined with the language's list separator."""
        return self.t("list_sep").join(texts)


def learners(manual: Manual, step: Step) -> tuple[str, ...]:
    """Roles whose quiz asks about a step: R, A and C.

    Informed roles only hear of the outcome; counting them put every control of the
    manual into the bank of a role informed of a few steps (600+ questions).
    """
    return manual.participants(step, LEARNERS)


def control_learners(f: Facts, control: Control) -> set[str]:
    """Roles whose quiz asks about a control: who performs a step applying it, its owner."""
    steps = f.steps_by_control.get(control.id, ())
    return {s.owner for _p, s in steps if s.owner} | {control.owner}


def single(
    qtype: QuestionType,
    subject: tuple[str, ...],
    stem: str,
    answer: Candidate,
    distractors: list[Candidate],
    explanation: str,
    link: Ref,
    scope: tuple[Procedure | None, tuple[str, ...], Iterable[str]],
) -> Question:
    """A single-choice question; ``scope`` is (source procedure, procedures, roles)."""
    proc, procs, roles = scope
    return Question(
        id=question_id(qtype, *subject, answer.key),
        type=qtype,
        form=AnswerForm.SINGLE,
        stem=stem,
        options=(answer.text, *(d.text for d in distractors)),
        correct=(0,),
        explanation=explanation,
        link=link,
        procedure=proc.id if proc else "",
        version=proc.version if proc else "",
        procedures=procs,
        roles=frozenset(roles),
    )
