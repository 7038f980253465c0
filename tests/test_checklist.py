"""Checklists staff would tick (issue 13 §9): what a step's instructions become, and the
sample manual's sheets pinned, so that an edit of a procedure that moves a step off the
main path, or a renderer change that prints design evidence to tellers, fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render import checklist
from generator.render.checkitems import Words, step_checks, step_evidence
from generator.render.context import RenderContext
from generator.render.templating import environment
from generator.render.views import Views
from generator.source.loader import load_manual
from generator.source.messages import translator
from generator.source.models import Control, Procedure, Role, Step
from generator.source.presentation import default_presentation

from .conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
WORDS = Words("判断与处理", "判断", lambda outcomes: f"判断：{outcomes}")
ROLES = (Role(id="teller", name="柜员"), Role(id="post-review-officer", name="事后监督员"))


def checks(instructions: str, **step: object) -> list[tuple[str, str | None, bool]]:
    fields: dict[str, object] = {"id": "s", "title": "步骤", "owner": "teller"} | step
    made = step_checks(Step.model_validate({**fields, "instructions": instructions}), ROLES, WORDS)
    return [(c.label, c.role, c.detail is not None) for c in made]


def test_each_top_level_ordered_item_is_a_check_labelled_up_to_its_colon() -> None:
    text = (
        "核对以下事项：\n\n"
        "1. **名单筛查**：以客户姓名、证件号码比对制裁名单、恐怖活动组织及人员名单和本行内部高风险名单。\n"
        "2. 证件为原件，且在有效期内。\n"
        "3. 按授权权限审批：\n   - 低风险：营业主管；\n   - 高风险：分管行长。\n"
    )
    assert checks(text) == [
        ("名单筛查", "teller", True),  # a bold lead-in is the label; the rest on expand
        ("证件为原件，且在有效期内", "teller", False),  # short: the whole item
        ("按授权权限审批", "teller", True),  # its sub-items are in the detail
    ]


def test_a_short_plain_lead_in_keeps_its_first_clause() -> None:
    text = "1. 向客户告知：银行账户仅限本人使用，出租、出借、出售、购买账户均属违法行为，将承担相应法律后果。"
    assert checks(text) == [("向客户告知：银行账户仅限本人使用", "teller", True)]


def test_a_colon_inside_brackets_does_not_cut_the_label() -> None:
    text = "1. 通过该系统报送变更信息（本行标准：变更生效当日报送），并留存报送回执，报送失败的当日重新报送并报告营业主管。"
    assert checks(text)[0][0].startswith("通过该系统报送变更信息（本行标准：变更生效当日报送）")


def test_outcomes_are_one_decision_row_and_role_headings_give_checks_away() -> None:
    text = (
        "**柜员（当日）**\n\n1. 归档。\n\n"
        "**事后监督员（T+1）**\n\n1. 逐项核对凭证。\n2. 发出整改通知。\n\n"
        "**新开户监测**\n\n1. 监测三个月。\n\n"
        "**判断与处理**\n\n1. 齐全 → 继续。\n"
    )
    decision = {
        "kind": "decision",
        "branches": [{"when": "齐全", "next": "a"}, {"when": "不齐全", "next": "b"}],
    }
    assert checks(text, **decision) == [
        ("归档", "teller", False),
        ("逐项核对凭证", "post-review-officer", False),
        ("发出整改通知", "post-review-officer", False),
        ("监测三个月", "teller", False),  # a heading that names no role stays with the owner
        ("判断：齐全 / 不齐全", "teller", False),
    ]


def test_a_step_without_an_ordered_list_is_one_check_its_title() -> None:
    assert checks("- 只有要点\n- 没有编号") == [("步骤", "teller", False)]


def test_evidence_keeps_each_form_once_and_the_steps_own_wording() -> None:
    step = Step(
        id="s", title="t", owner="teller", records=("《客户信息登记表》（个人）（F-01）", "影像")
    )
    controls = [
        _control("《客户信息登记表》（F-01）；联网核查结果"),
        _control("联网核查结果、影像、系统日志"),
    ]
    assert step_evidence(step, controls) == (
        "《客户信息登记表》（个人）（F-01）",
        "影像",
        "联网核查结果",
        "系统日志",
    )


def _control(evidence: str) -> Control:
    return Control.model_validate(
        {
            "id": "c", "title": "c", "objective": "o", "type": "preventive",
            "automation": "manual", "owner": "teller", "risks": ["r"], "evidence": evidence,
        }
    )  # fmt: skip


def test_main_path_follows_first_branches_and_the_rest_is_conditional() -> None:
    proc = Procedure.model_validate(
        {
            "id": "p", "title": "p", "summary": "s", "owner": "teller", "version": "1.0.0",
            "effective": "2026-01-01", "trigger": "t",
            "review": {"cycle_months": 6, "last_reviewed": "2026-01-01", "approver": "teller"},
            "history": [{"version": "1.0.0", "date": "2026-01-01", "summary": "s", "approved_by": "teller"}],
            "steps": [
                {"id": "a", "title": "a", "owner": "teller", "controls": ["c"]},
                {"id": "b", "kind": "decision", "title": "b", "owner": "teller", "controls": ["c"],
                 "branches": [{"when": "ok", "next": "d"}, {"when": "no", "next": "c"}]},
                {"id": "c", "title": "c", "owner": "teller", "controls": ["c"], "next": "end"},
                {"id": "d", "title": "d", "owner": "teller", "controls": ["c"]},
                {"id": "end", "kind": "end", "title": "end"},
            ],
        }
    )  # fmt: skip
    assert [s.id for s in checklist.main_path(proc, "a")] == ["a", "b", "d"]
    assert checklist.conditional_steps(proc) == ("c",)
    assert checklist.entry_kinds(proc) == ()  # a first task sorts nothing


# --- the sample manual's sheets ---------------------------------------------------------

#: steps listed under "仅在以下情形办理": not on the main path of any kind of case
CONDITIONAL = {
    "abnormal-info-handling": ("correct-via-info-change",),
    "corporate-account-opening": ("refer-to-abnormal-handling", "refuse-and-refer"),
    "customer-feedback-complaint": (
        "internal-re-review", "refer-to-incident-response", "refer-to-procedure-change",
    ),
    "customer-info-change": ("authorize-change", "refer-to-abnormal-handling", "refuse-and-refer"),
    "customer-info-security": ("refer-to-incident-response",),
    "incident-emergency-response": ("refer-to-procedure-change",),
    "individual-account-opening": (
        "verify-agent-authority", "refer-to-abnormal-handling", "refuse-and-refer",
    ),
    "operator-permission-management": (),
    "over-limit-approval": ("refer-to-abnormal-handling",),
    "periodic-customer-review": ("refer-to-info-change", "refer-to-abnormal-handling"),
    "post-operation-audit": (
        "refer-to-abnormal-handling", "refer-to-incident-response", "remediate-errors",
    ),
    "pre-operation-readiness": ("refer-to-incident-response",),
    "procedure-change-management": ("escalate",),
    "process-monitoring-reporting": (
        "refer-to-post-operation-audit", "refer-to-abnormal-handling",
        "refer-to-incident-response", "refer-to-procedure-change",
    ),
    "staff-training-certification": ("remedial-training",),
}  # fmt: skip
#: procedures whose first step sorts the cases into kinds: one section each
SECTIONS = {
    "operator-permission-management": ("新增或调整权限", "季度定期检查", "离职、调离或收回权限"),
    "post-operation-audit": ("T+1 逐笔事后监督", "抽查、自查或审计", "定期效果评估"),
    "procedure-change-management": ("需要修订或改进", "对条款有疑问"),
}
#: the sign-off names who authorises
AUTHORISERS = {
    "corporate-account-opening": ("营业主管",),
    "customer-info-change": ("营业主管",),
    "individual-account-opening": ("营业主管",),
    "operator-permission-management": ("流程管理部门",),
    "over-limit-approval": ("营业主管",),
    "procedure-change-management": ("流程管理部门",),
}
DESIGN_EVIDENCE = {
    "permission-management": "岗位权限矩阵",
    "segregation-of-duties": "不相容岗位矩阵",
    "record-retention": "档案保管期限表",
    "data-masking": "脱敏配置记录",
    "real-time-review-monitoring": "监控看板",
}


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    manual, findings = load_manual(ROOT)
    assert manual is not None, [f.as_text() for f in findings]
    t = translator(manual.settings.language.value)
    env = environment(manual.settings.language.value, default_presentation(), manual.pages)
    return RenderContext(manual, env, Views(manual, TODAY, t), TODAY, t, {})


@pytest.fixture(scope="module")
def groups(ctx: RenderContext) -> dict[str, checklist.ChecklistGroup]:
    return {g.view.proc.id: g for g in checklist.checklist_groups(ctx)}


@pytest.fixture(scope="module")
def pages(ctx: RenderContext) -> dict[str, str]:
    return {str(p): str(text) for p, text in checklist.render(ctx).items()}


def test_every_procedure_in_force_has_its_conditional_steps_pinned(
    groups: dict[str, checklist.ChecklistGroup],
) -> None:
    assert sorted(groups) == sorted(CONDITIONAL)


@pytest.mark.parametrize("proc", sorted(CONDITIONAL))
def test_conditional_steps(groups: dict[str, checklist.ChecklistGroup], proc: str) -> None:
    group = groups[proc]
    assert tuple(s.view.step.id for s in group.conditional) == CONDITIONAL[proc]
    assert all(s.number is None and s.via for s in group.conditional)  # unnumbered, with `when`
    numbered = [s.number for x in group.sections for s in x.steps]
    assert numbered and all(n is not None for n in numbered)


@pytest.mark.parametrize("proc", sorted(CONDITIONAL))
def test_sections_and_sign_off(groups: dict[str, checklist.ChecklistGroup], proc: str) -> None:
    group = groups[proc]
    titles = tuple(x.title for x in group.sections)
    assert titles == SECTIONS.get(proc, (None,))
    assert (group.lead is not None) == (proc in SECTIONS)
    assert all([s.number for s in x.steps][:1] == [1] for x in group.sections)
    assert tuple(a.text for a in group.authorisers) == AUTHORISERS.get(proc, ())


@pytest.mark.parametrize("proc", sorted(CONDITIONAL))
def test_a_steps_evidence_names_each_form_once(
    groups: dict[str, checklist.ChecklistGroup], proc: str
) -> None:
    group = groups[proc]
    steps = [s for x in group.sections for s in x.steps] + list(group.conditional)
    for s in steps:
        seen: set[str] = set()
        for item in s.evidence:
            codes = set(re.findall(r"F-\d+", item))
            assert not codes or not codes <= seen, (s.view.step.id, item)
            seen |= codes
        assert len(set(s.evidence)) == len(s.evidence), s.view.step.id


def test_design_evidence_is_the_control_owners_not_the_tellers(
    ctx: RenderContext, pages: dict[str, str]
) -> None:
    for control_id, words in DESIGN_EVIDENCE.items():
        control = ctx.manual.control_by_id[control_id]
        assert control.design_evidence and words in control.design_evidence
        assert "设计证据" not in control.objective
        owner_sheet = pages[f"checklists/roles/{control.owner}.md"]
        assert control.design_evidence in owner_sheet, control_id
        for path, text in pages.items():
            if path.startswith("checklists/procedures/"):
                assert control.design_evidence not in text, (control_id, path)


def test_a_role_heading_moves_checks_to_that_roles_sheet(pages: dict[str, str]) -> None:
    box = (
        'data-om-item="archive-and-post-review#4"'  # 事后监督员（T+1） 1. 按《操作后的审核与评估》…
    )
    assert box in pages["checklists/procedures/individual-account-opening.md"]
    assert box in pages["checklists/roles/post-review-officer.md"]
    assert box not in pages["checklists/roles/teller.md"]
    assert 'data-om-item="archive-and-post-review#1"' in pages["checklists/roles/teller.md"]


def test_decision_outcomes_are_not_numbered_items(
    groups: dict[str, checklist.ChecklistGroup],
) -> None:
    step = next(
        s for s in groups["individual-account-opening"].sections[0].steps
        if s.view.step.id == "precheck-documents"
    )  # fmt: skip
    labels = [c.label for c in step.checks]
    assert labels[-1] == "判断：资料齐全，本人办理 / 代理人或监护人办理 / 资料不全或证件过期"
    assert len(labels) == 5 and not any("→" in c.text for c in step.checks)


def test_a_step_on_two_paths_is_ticked_once(groups: dict[str, checklist.ChecklistGroup]) -> None:
    second = groups["post-operation-audit"].sections[1].steps
    assert [(s.view.step.id, s.same_as) for s in second] == [
        ("spot-check-and-thematic-review", None),
        ("assess-operation-risk", ("T+1 逐笔事后监督", 3)),
    ]


def test_sheet_ids_and_storage(pages: dict[str, str]) -> None:
    page = pages["checklists/procedures/customer-info-change.md"]
    assert 'data-om-checklist="opsmanual:customer-info-change@' in page
    ids = re.findall(r'id="(ck-[^"]+)"', page)
    assert ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"ck-customer-info-change-[a-z0-9-]+-\d+", i) for i in ids)
    assert "授权人（营业主管）" in page
