"""Properties of the question bank over the real sample manual, one case per procedure."""

from __future__ import annotations

import re
from functools import cache

import pytest

from generator.quiz.bank import build_bank
from generator.quiz.model import AnswerForm, Question
from generator.render import RenderContext, controls, faq, guide, home, procedures, roles
from generator.render.templating import environment
from generator.render.views import Views
from generator.source.loader import load_manual
from generator.source.manual import Manual, normalise
from generator.source.messages import translator
from generator.source.models import Status
from generator.source.presentation import default_presentation

from .conftest import ROOT, TODAY


@cache
def manual() -> Manual:
    loaded, findings = load_manual(ROOT)
    assert loaded is not None, [f.as_text() for f in findings]
    return loaded


@cache
def bank() -> tuple[Question, ...]:
    return build_bank(manual(), translator("zh"))


@cache
def anchors() -> dict[str, set[str]]:
    """Every generated reference page and the anchors it defines."""
    t = translator("zh")
    ctx = RenderContext(
        manual(),
        environment("zh", default_presentation(), manual().pages),
        Views(manual(), TODAY, t),
        TODAY,
        t,
        {},
    )
    found = {}
    renderers = (procedures, home, roles, controls, faq, guide)
    pages = {k: v for r in renderers for k, v in r.render(ctx).items()}
    for path, text in pages.items():
        body = text if isinstance(text, str) else text.decode()
        ids = re.findall(r"\{ #([\w-]+) \}", body) + re.findall(r'\bid="([\w-]+)"', body)
        found[str(path)] = set(ids)
    return found


GROUPS = [p.id for p in manual().procedures if p.status is Status.ACTIVE] + ["(controls and faq)"]


def questions_of(group: str) -> list[Question]:
    if group.startswith("("):
        return [q for q in bank() if not q.procedure]
    return [q for q in bank() if q.procedure == group]


def test_the_bank_is_big_and_covers_every_active_procedure() -> None:
    assert len(bank()) > 500
    assert {q.procedure for q in bank() if q.procedure} == set(GROUPS[:-1])


@pytest.mark.parametrize("group", GROUPS)
def test_no_distractor_is_a_correct_answer_and_options_are_unique(group: str) -> None:
    found = questions_of(group)
    assert found
    for q in found:
        texts = [normalise(o) for o in q.options]
        assert len(set(texts)) == len(texts), (q.stem, q.options)
        minimum = 2 if q.form is AnswerForm.TRUE_FALSE else 3
        assert len(q.options) >= minimum, q.stem
        if q.form is AnswerForm.SINGLE:
            assert len(q.correct) == 1
            answer = normalise(q.options[q.correct[0]])
            assert answer not in [t for i, t in enumerate(texts) if i != q.correct[0]]


@pytest.mark.parametrize("group", GROUPS)
def test_every_question_links_to_an_existing_anchor(group: str) -> None:
    for q in questions_of(group):
        assert q.link.page in anchors(), (q.stem, q.link.page)
        if q.link.anchor:
            assert q.link.anchor in anchors()[q.link.page], (q.stem, q.link)


@pytest.mark.parametrize("group", GROUPS[:-1])
def test_questions_carry_the_procedure_version(group: str) -> None:
    version = manual().procedure_by_id[group].version
    assert {q.version for q in questions_of(group)} == {version}


def test_step_facts_match_the_model() -> None:
    """R questions name the owner the YAML gives, for every step that has one."""
    m = manual()
    for q in bank():
        if q.type.value != "responsible":
            continue
        step = next(s for s in m.procedure_by_id[q.procedure].steps if s.id == q.link.anchor)
        assert step.owner is not None
        assert q.answer_texts == (m.role_by_id[step.owner].name,)
