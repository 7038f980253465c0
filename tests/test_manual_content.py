"""Content tests over the real sample manual: one test per step, so that the test report
itself lists every step of every procedure with its owner and its control."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.rules import check
from generator.source.loader import load_manual
from generator.source.manual import Manual, accountable
from generator.source.models import RoleKind, Step, StepKind

ROOT = Path(__file__).resolve().parent.parent
MANUAL, LOAD_FINDINGS = load_manual(ROOT)
TODAY = dt.date(2026, 11, 23)


def _steps() -> list[tuple[str, str]]:
    assert MANUAL is not None, [f.as_text() for f in LOAD_FINDINGS]
    return [(p.id, s.id) for p, s in MANUAL.steps()]


def _manual() -> Manual:
    assert MANUAL is not None
    return MANUAL


def test_sample_manual_has_no_findings() -> None:
    assert LOAD_FINDINGS == []
    assert [f.as_text() for f in check(_manual(), TODAY)] == []


def test_sample_manual_size() -> None:
    manual = _manual()
    assert len(manual.procedures) == 15
    assert len(manual.controls) == 52 and len(manual.risks) == 17
    assert len(manual.faq_entries) == 40


@pytest.mark.parametrize(("procedure", "step"), _steps(), ids=[f"{p}::{s}" for p, s in _steps()])
def test_step_has_owner_and_control(procedure: str, step: str) -> None:
    manual = _manual()
    proc = manual.procedure_by_id[procedure]
    found: Step = next(s for s in proc.steps if s.id == step)
    if found.kind is StepKind.END:
        assert found.owner is None and not found.controls
        return
    assert found.owner in manual.role_by_id, "owner (R) must be a defined role"
    a_role = manual.role_by_id[accountable(proc, found)]
    assert a_role.kind is RoleKind.STAFF, "accountable (A) must be bank staff"
    if found.control_waiver:
        assert not found.controls and len(found.control_waiver) >= 10, (
            "a waiver needs a real reason"
        )
    else:
        assert found.controls, "a step needs a control or a waiver"
        for control in found.controls:
            assert control in manual.control_by_id
