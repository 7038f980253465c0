"""Expert decisions in the sample manual that a later edit must not silently undo.

Which controls are key (关键控制点), and which function owns the anti-money-laundering
work (反洗钱岗 / 合规部 rather than 风险管理部 or 监控岗). Each assertion names the
control or step, so a failure says which decision was reversed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changes.catalogue import RISK_FIELDS
from generator.source.loader import load_manual
from generator.source.manual import Manual, accountable
from generator.source.models import Rating, Step

ROOT = Path(__file__).resolve().parent.parent
AML = {"aml-officer", "compliance-dept"}

KEY = {
    "online-id-verification": True,
    "watchlist-screening": True,
    "large-suspicious-reporting": True,
    "beneficial-owner-identification": True,
    "segregation-of-duties": True,
    "opening-intent-verification": True,
    "account-count-check": True,
    "enhanced-due-diligence": True,
    "record-retention": True,
    "data-backup": False,
    "pre-operation-check": False,
    "periodic-staff-assessment": False,
}


@pytest.fixture(scope="module")
def manual() -> Manual:
    loaded, findings = load_manual(ROOT)
    assert loaded is not None, [f.as_text() for f in findings]
    return loaded


def _step(manual: Manual, procedure: str, step: str) -> Step:
    return next(s for s in manual.procedure_by_id[procedure].steps if s.id == step)


@pytest.mark.parametrize(("control", "key"), sorted(KEY.items()))
def test_key_flag_as_rated(manual: Manual, control: str, key: bool) -> None:
    assert manual.control_by_id[control].key is key, f"{control}: key should be {key}"


def test_every_key_control_operates_in_a_live_procedure(manual: Manual) -> None:
    applied = {c for p in manual.published for s in p.steps for c in s.controls}
    assert {c for c, key in KEY.items() if key} <= applied


def test_customer_risk_rating_is_owned_by_the_aml_function(manual: Manual) -> None:
    assert manual.control_by_id["customer-risk-rating"].owner in AML
    assert manual.control_by_id["large-suspicious-reporting"].owner in AML


@pytest.mark.parametrize(
    "step", ["initial-verification", "interim-controls", "follow-up-controls", "close-and-learn"]
)
def test_abnormal_case_work_belongs_to_aml(manual: Manual, step: str) -> None:
    proc = manual.procedure_by_id["abnormal-info-handling"]
    found = _step(manual, proc.id, step)
    assert found.owner == "aml-officer", f"{step}: performed by {found.owner}"
    assert accountable(proc, found) in AML, f"{step}: accountable {accountable(proc, found)}"


def test_corporate_risk_rating_is_not_risk_management_alone(manual: Manual) -> None:
    proc = manual.procedure_by_id["corporate-account-opening"]
    found = _step(manual, proc.id, "risk-rating-and-limits")
    assert found.owner != "risk-management-dept"
    assert accountable(proc, found) != "risk-management-dept"
    assert "aml-officer" in found.consulted
    assert {found.owner, accountable(proc, found), *found.consulted} <= set(manual.role_by_id)


def test_false_positives_are_cleared_by_aml_in_both_procedures(manual: Manual) -> None:
    screening = _step(manual, "individual-account-opening", "screen-and-count-check")
    triage = _step(manual, "abnormal-info-handling", "initial-verification")
    assert "aml-officer" in screening.consulted
    assert triage.owner == "aml-officer"


def test_over_limit_monitoring_does_not_file_large_value_reports(manual: Manual) -> None:
    proc = manual.procedure_by_id["over-limit-approval"]
    found = _step(manual, proc.id, "log-and-monitor")
    assert "large-suspicious-reporting" not in found.controls
    assert accountable(proc, found) != "risk-management-dept"
    reporting = [
        (p.id, s.id) for p, s in manual.steps() if "large-suspicious-reporting" in s.controls
    ]
    assert reporting, "large-value and suspicious reporting must operate somewhere"
    for pid, sid in reporting:
        assert _step(manual, pid, sid).owner == "aml-officer", (pid, sid)


def test_important_information_changes_have_a_checker(manual: Manual) -> None:
    proc = manual.procedure_by_id["customer-info-change"]
    checker = next(s for s in proc.steps if s.checks == "update-system")
    assert checker.owner == "second-reviewer"
    assert "dual-post-review" in checker.controls
    assert any(b.next == "update-system" for b in checker.branches), "mismatch goes back"


def test_information_change_keeps_the_update_then_notify_link(manual: Manual) -> None:
    proc = manual.procedure_by_id["customer-info-change"]
    ids = [s.id for s in proc.steps]
    assert ids.index("re-rate-risk") > ids.index("notify-customer")


def test_every_risk_has_its_own_response_residual_and_thresholds(manual: Manual) -> None:
    responses = [r.response for r in manual.risks]
    assert all(responses), [r.id for r in manual.risks if not r.response]
    assert len(set(responses)) == len(responses), "a response is copied between risks"
    for risk in manual.risks:
        assert risk.residual is not None, risk.id
        assert risk.indicators and all(i.threshold for i in risk.indicators), risk.id
        assert "优化流程并加强培训" not in (risk.response or ""), risk.id
    assert "over-refusal" in manual.risk_by_id
    assert manual.controls_by_risk.get("over-refusal"), "over-refusal needs a control"


def test_review_compares_the_new_risk_fields(manual: Manual) -> None:
    risk = manual.risk_by_id["identity-fraud"]
    changed = risk.model_copy(update={"residual": Rating.HIGH, "indicators": ()})
    differing = {name for name, read, _rate in RISK_FIELDS if read(risk) != read(changed)}
    assert differing == {"residual", "indicators"}
