"""Controls and risks covered: key controls applied, high risks mitigated, nothing unused.

Layer: rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.models import Rating


def key_controls_applied(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every key control is applied by at least one step of a live procedure."""
    live = {p.id for p in manual.published}
    applied = {c for p, s in manual.steps() if p.id in live for c in s.controls}
    for control in manual.controls:
        if control.key and control.id not in applied:
            yield Finding(
                manual.where(control, "key"),
                "E040",
                f"key control '{control.id}' is applied by no step of a live procedure: apply "
                "it or set key: false",
            )


def high_risks_covered(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every high-rated risk is mitigated by at least one control."""
    for risk in manual.risks:
        if risk.rating is Rating.HIGH and risk.id not in manual.controls_by_risk:
            yield Finding(
                manual.where(risk, "rating"),
                "E041",
                f"high-rated risk '{risk.id}' has no control: list it under a control's `risks`",
            )


def everything_used(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every control is applied somewhere and every role is used."""
    for control in manual.controls:
        if not control.key and control.id not in manual.steps_by_control:
            yield Finding(
                manual.where(control, "id"), "W061", f"control '{control.id}' is applied by no step"
            )
    used = _used_roles(manual)
    for role in manual.roles:
        if role.id not in used:
            yield Finding(manual.where(role, "id"), "W061", f"role '{role.id}' is never used")


def _used_roles(manual: Manual) -> set[str]:
    used: set[str] = set()
    for proc in manual.procedures:
        used |= {proc.owner, proc.review.approver, *(h.approved_by for h in proc.history)}
        for step in proc.steps:
            used |= {r for r in (step.owner, step.accountable) if r}
            used |= {*step.consulted, *step.informed}
    used |= {c.owner for c in manual.controls} | {r.owner for r in manual.risks if r.owner}
    used |= {r for _t, e in manual.faq_entries for r in e.roles}
    return used
