"""Question bank: one test per question type on the kitchen-sink manual, with its tricky cases."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.quiz.bank import build_bank
from generator.quiz.distractors import Candidate, pick
from generator.quiz.model import AnswerForm, Question, QuestionType
from generator.quiz.order import main_path
from generator.source.loader import load_manual
from generator.source.manual import Manual
from generator.source.messages import translator

from .conftest import ROOT
from .quiz_manual import knowledge_sink

KITCHEN_SINK = knowledge_sink()  # the kitchen sink with facts, a case and an exam

EN = translator("en")
ZH = translator("zh")


def load(root: Path) -> Manual:
    manual, findings = load_manual(root)
    assert manual is not None, [f.as_text() for f in findings]
    return manual


@pytest.fixture(scope="module")
def bank() -> tuple[Question, ...]:
    return build_bank(load(KITCHEN_SINK), EN)


def copy_kitchen(tmp_path: Path, files: dict[str, str]) -> Manual:
    """The kitchen sink with files added or replaced (the originals stay untouched)."""
    root = tmp_path / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return load(root)


def one(bank: tuple[Question, ...], kind: QuestionType, stem_part: str) -> Question:
    found = [q for q in bank if q.type is kind and stem_part in q.stem]
    assert len(found) == 1, [q.stem for q in found]
    return found[0]


def wrong(q: Question) -> list[str]:
    return [o for i, o in enumerate(q.options) if i not in q.correct]


def test_every_type_is_generated(bank: tuple[Question, ...]) -> None:
    assert {q.type for q in bank} == set(QuestionType)


def test_no_role_taking_part_in_the_step_is_a_wrong_answer_about_it(
    bank: tuple[Question, ...],
) -> None:
    receive = one(bank, QuestionType.RESPONSIBLE, "“Receive the application”")
    assert receive.answer_texts == ("Customer",)
    # consulted at this step: "wrong" about who performs it, yet it takes part (issue 12)
    assert "Teller" not in receive.options and "Branch manager" not in receive.options
    documents = one(bank, QuestionType.RESPONSIBLE, "“Documents complete?”")
    assert documents.answer_texts == ("Teller",)
    assert "Teller" not in wrong(documents)
    assert documents.link.page == "procedures/account-opening.md"
    assert documents.link.anchor == "documents-complete"


def test_accountable_when_owner_is_also_accountable(bank: tuple[Question, ...]) -> None:
    verify = one(bank, QuestionType.ACCOUNTABLE, "“Verify identity”")
    assert verify.answer_texts == ("Teller",)
    assert "Teller" not in wrong(verify)
    # the procedure owner is the most plausible wrong answer here
    assert "Branch manager" in wrong(verify)
    # only staff can be accountable: the customer is never offered
    accountable = [q for q in bank if q.type is QuestionType.ACCOUNTABLE]
    assert accountable and all("Customer" not in q.options for q in accountable)


def test_statement_owner_is_accountable_true_only_where_r_equals_a(
    bank: tuple[Question, ...],
) -> None:
    (verify,) = [q for q in bank if q.family == "ra" and q.link.anchor == "verify-identity"]
    assert verify.form is AnswerForm.TRUE_FALSE and verify.options == ("True", "False")
    if "is also accountable" in verify.stem:  # the Teller is both R and A: true
        assert verify.correct == (0,)
    else:  # the mistake: the procedure's owner named as accountable
        assert "the Branch manager is accountable (A)" in verify.stem and verify.correct == (1,)
    documents = one(bank, QuestionType.TRUE_FALSE, "“Documents complete?”")
    assert "Branch manager is accountable" in documents.explanation
    if "is also accountable" in documents.stem:  # the mistake: R and A differ here
        assert documents.correct == (1,)
    else:  # the split as it is
        assert "the Branch manager is accountable (A)" in documents.stem
        assert documents.correct == (0,)


def test_true_false_statements_are_not_all_one_answer_per_kind() -> None:
    from collections import Counter

    manual = load(ROOT)  # the sample manual
    truth: Counter[tuple[str, bool]] = Counter()
    for q in build_bank(manual, EN):
        if q.type is QuestionType.TRUE_FALSE:
            kind = "sod" if "segregation" in q.explanation else "ra" if "(A)" in q.stem else "key"
            truth[(kind, q.correct == (0,))] += 1
    for kind in ("sod", "ra", "key"):
        assert truth[(kind, True)] and truth[(kind, False)], truth


def test_step_with_two_controls_is_a_multi_select_of_both(
    bank: tuple[Question, ...],
) -> None:
    assert not [q for q in bank if q.type is QuestionType.CONTROL and "“Verify identity”" in q.stem]
    verify = one(bank, QuestionType.MULTI, "“Verify identity”")
    assert verify.form is AnswerForm.MULTIPLE
    assert verify.answer_texts == ("Identity verification", "Watch-list screening")
    assert len(verify.options) == 5 and "Identity verification" in verify.explanation


def test_risk_question_skipped_when_too_few_risks_remain(bank: tuple[Question, ...]) -> None:
    risks = {q.stem: q for q in bank if q.type is QuestionType.RISK}
    # watch-list screening covers two of the three risks: one distractor is too few; and
    # identity verification shares its step with it, whose risks that step meets too
    assert not [s for s in risks if "Watch-list screening" in s or "Identity verif" in s]
    dual = one(bank, QuestionType.RISK, "“Dual review”")
    assert dual.answer_texts == ("Identity fraud",)
    assert sorted(wrong(dual)) == ["Money laundering", "Slow service"]
    assert dual.procedure == "" and dual.procedures == ("account-opening",)
    assert dual.link.page == "controls/dual-review.md"


def test_evidence_distractors_are_other_controls_evidence(bank: tuple[Question, ...]) -> None:
    dual = one(bank, QuestionType.EVIDENCE, "“Dual review”")
    assert dual.answer_texts == ("Two user ids in the log",)
    evidence = {"Verification result", "Screening log", "Ticked checklist", "Approval record"}
    assert set(wrong(dual)) <= evidence and len(wrong(dual)) == 3


def test_next_step_follows_the_flow_not_the_list(bank: tuple[Question, ...]) -> None:
    review = one(bank, QuestionType.NEXT, "after “Second review”")
    assert review.answer_texts == ("Approve the opening",)
    assert "Second review" not in review.options
    nexts = [q for q in bank if q.type is QuestionType.NEXT]
    assert not [q for q in nexts if "“Documents complete?”" in q.stem]
    # `next: opened` leads to an end state: "what next" has no answer to learn there
    assert not [q for q in nexts if "“Approve the opening”" in q.stem]
    ends = {"Account opened", "Application returned", "Referred to investigation"}
    assert not [q for q in nexts if ends & set(q.options)]


def test_decision_with_three_branches(bank: tuple[Question, ...]) -> None:
    branches = [q for q in bank if q.type is QuestionType.BRANCH]
    assert len(branches) == 2  # "No" ends the procedure: an end state is no step to learn
    yes = one(bank, QuestionType.BRANCH, "answer is “Yes”")
    assert yes.answer_texts == ("Verify identity",)
    # the other branches' targets (steps, not ends) are the most plausible wrong answers
    assert "Investigate" in wrong(yes) and "Application returned" not in yes.options
    assert "Documents complete?" not in yes.options


def test_order_is_the_main_path(bank: tuple[Question, ...]) -> None:
    order = one(bank, QuestionType.ORDER, "Open a personal account")
    assert order.form is AnswerForm.ORDERING
    assert order.answer_texts == (
        "Receive the application",
        "Documents complete?",
        "Verify identity",
        "Second review",
        "Approve the opening",
    )
    assert (order.link.page, order.link.anchor) == ("procedures/account-opening.md", "om-flowchart")
    manual = load(KITCHEN_SINK)
    path = main_path(manual, manual.procedure_by_id["account-opening"])
    assert [s.id for s in path][-1] == "opened"


def test_segregation_of_duties_statement_states_the_rule_or_the_mistake(
    bank: tuple[Question, ...],
) -> None:
    (sod,) = [
        q
        for q in bank
        if q.type is QuestionType.TRUE_FALSE
        and "“Second review”" in q.stem
        and "segregation" in q.explanation
    ]
    assert sod.stem.startswith("In “Open a personal account”")
    assert "Second reviewer" in sod.explanation and "segregation of duties" in sod.explanation
    if "may also do" in sod.stem:  # the mistake
        assert "the Teller who did “Verify identity”" in sod.stem and sod.correct == (1,)
    else:  # the rule
        assert "never personally by the Teller" in sod.stem and sod.correct == (0,)


def test_key_control_statements(bank: tuple[Question, ...]) -> None:
    key = one(bank, QuestionType.TRUE_FALSE, "“Dual review” is")
    assert key.correct == ((0,) if "is a key control" in key.stem else (1,))
    ordinary = one(bank, QuestionType.TRUE_FALSE, "“Document check” is")
    assert ordinary.correct == ((1,) if "is a key control" in ordinary.stem else (0,))
    family = [q for q in bank if q.family == "key"]
    assert {q.correct for q in family} == {(0,), (1,)}  # stated either way, never all one


def test_faq_authored_question_keeps_author_distractors(bank: tuple[Question, ...]) -> None:
    faq = one(bank, QuestionType.FAQ, "expired ID")
    assert faq.answer_texts == ("No, a valid ID is required",)
    assert wrong(faq) == [
        "Yes, if the customer signs a declaration",
        "Yes, with the manager's approval",
    ]
    assert faq.explanation == "No. A valid ID is required."
    assert (faq.link.page, faq.link.anchor) == ("faq/accounts.md", "expired-id")
    assert {"teller", "customer"} <= faq.roles


def test_procedure_with_only_two_roles_borrows_roles_from_the_manual(
    bank: tuple[Question, ...],
) -> None:
    analyse = one(bank, QuestionType.RESPONSIBLE, "“Analyse the case”")
    assert analyse.answer_texts == ("Compliance officer",)
    # the procedure's other role is an outside body: for a staff answer it would give
    # itself away, so the wrong answers are the manual's staff
    assert "Regulator" not in analyse.options and "Customer" not in analyse.options
    assert len(analyse.options) == 4


def test_draft_and_retired_procedures_are_left_out(tmp_path: Path) -> None:
    draft = (KITCHEN_SINK / "procedures" / "suspicious-case.yml").read_text(encoding="utf-8")
    draft = draft.replace("id: suspicious-case", "id: draft-case").replace(
        "category: Compliance", "category: Compliance\nstatus: draft"
    )
    manual = copy_kitchen(tmp_path, {"procedures/draft-case.yml": draft})
    found = build_bank(manual, EN)
    involved = {p for q in found for p in q.procedures}
    assert "old-process" not in involved and "draft-case" not in involved
    assert "suspicious-case" in involved


def test_ids_are_stable_and_change_only_with_the_fact(
    tmp_path: Path, bank: tuple[Question, ...]
) -> None:
    assert [q.id for q in build_bank(load(KITCHEN_SINK), EN)] == [q.id for q in bank]
    assert len({q.id for q in bank}) == len(bank)
    source = (KITCHEN_SINK / "procedures" / "account-opening.yml").read_text(encoding="utf-8")
    retitled = copy_kitchen(
        tmp_path / "a",
        {
            "procedures/account-opening.yml": source.replace(
                "title: Second review", "title: Check it again"
            )
        },
    )
    again = {q.id for q in build_bank(retitled, EN)}
    assert {q.id for q in bank} <= again  # a new title keeps every id
    # and "Check it again" no longer gives away "Dual review" (the control): it joins
    new = [q for q in build_bank(retitled, EN) if q.id not in {b.id for b in bank}]
    assert [q.answer_texts for q in new] == [("Dual review",)]
    reassigned = copy_kitchen(
        tmp_path / "b",
        {
            "procedures/account-opening.yml": source.replace(
                "    owner: reviewer\n", "    owner: branch-manager\n"
            )
        },
    )
    before = one(bank, QuestionType.ACCOUNTABLE, "“Documents complete?”")
    after = one(build_bank(reassigned, EN), QuestionType.RESPONSIBLE, "“Second review”")
    assert after.answer_texts == ("Branch manager",) and after.id not in {q.id for q in bank}
    kept = one(build_bank(reassigned, EN), QuestionType.ACCOUNTABLE, "“Documents complete?”")
    assert kept.id == before.id  # a fact that did not change keeps its id


def test_faq_distractor_equal_to_the_answer_is_dropped_and_the_entry_skipped(
    tmp_path: Path,
) -> None:
    faq = """topic: More
entries:
  - id: duplicate
    question: Who signs?
    answer: The customer.
    quiz:
      correct: The customer
      distractors: [the  CUSTOMER, The teller]
  - id: fine
    question: Who approves?
    answer: The manager.
    quiz:
      correct: The manager
      distractors: [The customer, The teller, the teller]
"""
    manual = copy_kitchen(tmp_path, {"faq/more.yml": faq})
    found = {q.stem: q for q in build_bank(manual, EN) if q.type is QuestionType.FAQ}
    assert "Who signs?" not in found  # one distractor left: skipped, not padded
    assert found["Who approves?"].options == ("The manager", "The customer", "The teller")


def test_pick_refuses_correct_answers_duplicates_and_pads_nothing() -> None:
    answer = Candidate("a", "Teller")
    near = [Candidate("b", " teller "), Candidate("c", "Reviewer"), Candidate("a", "Teller again")]
    assert pick([answer], near, salt="x") is None
    far = [Candidate("d", "Manager"), Candidate("e", "Reviewer")]
    chosen = pick([answer], near, far, salt="x", excluded=["e"])
    assert chosen is not None and sorted(c.text for c in chosen) == ["Manager", "Reviewer"]


def test_chinese_wording(tmp_path: Path) -> None:
    found = build_bank(load(KITCHEN_SINK), ZH)
    receive = one(found, QuestionType.RESPONSIBLE, "“Receive the application”")
    assert (
        receive.stem
        == "在“Open a personal account”流程中，“Receive the application”这一步由哪个岗位执行（R）？"
    )
    tf = one(found, QuestionType.TRUE_FALSE, "“Dual review”是")
    assert tf.options == ("正确", "错误")
    branch = one(found, QuestionType.BRANCH, "“Yes”")
    assert branch.stem.endswith("如果判断结果为“Yes”，接下来应当进入哪一步？")
    rule = one(found, QuestionType.NUMBER, "at least （＿＿＿） after")
    assert (
        rule.stem.startswith("选出括号中应填的内容：")
        and "（出处：Bank standard）" in rule.explanation
    )


def test_learners_are_r_a_c_even_when_also_informed() -> None:
    from generator.quiz.facts import learners

    manual = load(KITCHEN_SINK)
    proc = manual.procedure_by_id["account-opening"]
    step = next(s for s in proc.steps if s.accountable == "branch-manager")
    both = step.model_copy(update={"informed": (*step.informed, "branch-manager", "regulator")})
    steps = tuple(both if s is step else s for s in proc.steps)
    edited = dataclasses.replace(
        manual,
        procedures=tuple(
            p.model_copy(update={"steps": steps}) if p is proc else p for p in manual.procedures
        ),
    )
    again = next(s for s in edited.procedure_by_id["account-opening"].steps if s.id == step.id)
    assert "branch-manager" in learners(edited, again) and "regulator" not in learners(
        edited, again
    )
    assert learners(edited, again) == learners(manual, step)


def test_a_branch_sharing_its_answer_never_gives_a_wrong_option_that_is_right(
    tmp_path: Path,
) -> None:
    rel = "procedures/account-opening.yml"
    text = (KITCHEN_SINK / rel).read_text(encoding="utf-8")
    twice = text.replace('      - when: "No"\n', '      - when: "Yes"\n', 1)
    manual = copy_kitchen(tmp_path, {rel: twice})  # E032, but the bank must stay right
    branch = [q for q in build_bank(manual, EN) if q.type is QuestionType.BRANCH]
    yes = [q for q in branch if "“Yes”" in q.stem and "Documents complete" in q.stem]
    assert len(yes) == 1  # the other "Yes" leads to an end state: not asked
    right = {q.answer_texts[0] for q in yes}
    assert right == {"Verify identity"}
    for q in yes:
        assert not right & set(wrong(q)), (q.answer_texts, wrong(q))


def test_a_quiz_block_may_ask_its_own_question(tmp_path: Path) -> None:
    faq = """topic: More
entries:
  - id: how-many
    question: Why may a customer hold only one type I account per bank?
    answer: The rules allow one type I account per bank.
    quiz:
      question: How many type I accounts may a customer hold at one bank?
      correct: One
      distractors: [Two, Three, As many as needed]
"""
    manual = copy_kitchen(tmp_path, {"faq/more.yml": faq})
    found = [q for q in build_bank(manual, EN) if q.type is QuestionType.FAQ and "type I" in q.stem]
    assert [q.stem for q in found] == ["How many type I accounts may a customer hold at one bank?"]
    assert found[0].link.text == "Why may a customer hold only one type I account per bank?"


def test_what_a_step_names_is_never_a_wrong_answer_about_it(tmp_path: Path) -> None:
    rel = "procedures/account-opening.yml"
    text = (KITCHEN_SINK / rel).read_text(encoding="utf-8")
    text = text.replace(
        "      2. Check it is complete and signed.\n",
        "      2. Check it is complete and signed; the Teller helps.\n",
        1,
    )
    text = text.replace(
        "    title: Verify identity\n",
        "    title: Verify identity\n    instructions: Keep the CP-05 sign-off.\n",
        1,
    )
    manual = copy_kitchen(tmp_path, {rel: text})
    bank = build_bank(manual, EN)
    receive = one(bank, QuestionType.RESPONSIBLE, "“Receive the application”")
    assert "Teller" not in receive.options  # named in the step: it takes part
    verify = one(bank, QuestionType.MULTI, "“Verify identity”")
    assert "Approval" not in verify.options and len(verify.options) >= 4  # CP-05 is named


def test_chinese_stems_do_not_double_a_title_s_last_word() -> None:
    manual = load(ROOT)  # the sample manual
    stems = [q.stem for q in build_bank(manual, translator("zh"))]
    assert not [s for s in stems if "流程”流程" in s]
    assert any("“应急预案与处置流程”中" in s for s in stems)


def test_evidence_naming_the_same_record_is_not_a_distractor() -> None:
    from generator.quiz.facts import evidence_items

    answer = evidence_items("《超限额交易特别审批单》（F-43）、授权日志")
    other = evidence_items("授权日志（授权人工号、时间、事由）；审批单据")
    assert answer & other == {"授权日志"}
    manual = load(ROOT)  # the sample manual
    for q in build_bank(manual, translator("zh")):
        if q.type is QuestionType.EVIDENCE:
            right = evidence_items(q.answer_texts[0])
            assert not [w for w in wrong(q) if right & evidence_items(w)], q.stem
