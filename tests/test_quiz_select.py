"""Selection: by procedure, role and type; seeded counts; balanced exams; helpful errors."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.quiz.bank import build_bank
from generator.quiz.model import Question, QuestionType
from generator.quiz.select import Selection, SelectionError, check_selection, select
from generator.source.loader import load_manual
from generator.source.manual import Manual
from generator.source.messages import translator

from .conftest import KITCHEN_SINK, ROOT


@pytest.fixture(scope="module")
def kitchen() -> tuple[Manual, tuple[Question, ...]]:
    manual, _ = load_manual(KITCHEN_SINK)
    assert manual is not None
    return manual, build_bank(manual, translator("en"))


@pytest.fixture(scope="module")
def sample() -> tuple[Manual, tuple[Question, ...]]:
    manual, _ = load_manual(ROOT)
    assert manual is not None
    return manual, build_bank(manual, translator("zh"))


def test_by_procedure_role_and_type(kitchen: tuple[Manual, tuple[Question, ...]]) -> None:
    _manual, bank = kitchen
    case = select(bank, Selection(procedures=("suspicious-case",)))
    assert case and all("suspicious-case" in q.procedures for q in case)
    reviewer = select(bank, Selection(roles=("reviewer",)))
    assert reviewer and all("reviewer" in q.roles for q in reviewer)
    assert any("“Second review”" in q.stem for q in reviewer)
    both = select(bank, Selection(("account-opening",), ("teller",), (QuestionType.RESPONSIBLE,)))
    assert {q.stem.split("“")[2].split("”")[0] for q in both} == {
        "Receive the application",  # teller consulted
        "Documents complete?",
        "Verify identity",
    }  # not "Second review": the teller is consulted there, and only two roles remain
    assert select(bank, Selection(roles=("regulator",))) == ()  # only informed: no questions


def test_count_and_seed_are_deterministic(kitchen: tuple[Manual, tuple[Question, ...]]) -> None:
    _manual, bank = kitchen
    first = select(bank, Selection(count=10, seed=3))
    assert len(first) == 10
    assert first == select(bank, Selection(count=10, seed=3))
    assert [q.id for q in first] != [q.id for q in select(bank, Selection(count=10, seed=4))]
    assert select(bank, Selection()) == bank  # no count: every question, in bank order


def test_exam_is_balanced_across_procedures_and_types(
    sample: tuple[Manual, tuple[Question, ...]],
) -> None:
    manual, bank = sample
    exam = select(bank, Selection(count=30, seed=1, exam=True))
    assert len(exam) == 30 == len({q.id for q in exam})
    homes = Counter(q.procedure or q.procedures[0] for q in exam if q.procedures)
    assert len(homes) == 15 and max(homes.values()) - min(homes.values()) <= 1
    types = Counter(q.type for q in exam)
    assert len(types) >= 6 and max(types.values()) <= 8
    # no step is asked about twice while others are left out
    targets = [(q.link.page, q.link.anchor) for q in exam]
    assert len(set(targets)) == len(targets)
    assert exam == select(bank, Selection(count=30, seed=1, exam=True))
    assert len(select(bank, Selection(exam=True))) == 20


def test_selection_errors_say_what_to_do(kitchen: tuple[Manual, tuple[Question, ...]]) -> None:
    manual, _bank = kitchen
    with pytest.raises(
        SelectionError,
        match=r"unknown procedure 'acount-opening' \(did you mean 'account-opening'\?\)",
    ):
        check_selection(manual, Selection(procedures=("acount-opening",)))
    with pytest.raises(SelectionError, match="procedure 'old-process' is retired"):
        check_selection(manual, Selection(procedures=("old-process",)))
    with pytest.raises(SelectionError, match=r"unknown role 'tellr' \(did you mean 'teller'\?\)"):
        check_selection(manual, Selection(roles=("tellr",)))
    check_selection(manual, Selection(("account-opening",), ("teller",)))
