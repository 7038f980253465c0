"""Segregation of duties: a checker is not the maker; only staff are accountable.

Layer: rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.source.findings import Finding
from generator.source.manual import Manual, accountable
from generator.source.models import RoleKind, StepKind


def maker_checker_separated(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """The checker of a step is a different role from its maker."""
    for proc in manual.procedures:
        by_id = {s.id: s for s in proc.steps}
        for step in proc.steps:
            maker = by_id.get(step.checks or "")
            if maker is not None and maker.kind is StepKind.END:
                yield Finding(
                    manual.where(step, "checks"),
                    "E036",
                    f"step '{step.id}' checks '{maker.id}', an end step nobody performs: point "
                    "`checks` at the step whose work is reviewed",
                )
            elif maker is not None and maker.owner is not None and maker.owner == step.owner:
                yield Finding(
                    manual.where(step, "owner"),
                    "E036",
                    f"step '{step.id}' checks '{maker.id}' but both are owned by '{step.owner}': "
                    "segregation of duties needs a different checker role",
                )


def accountable_is_staff(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """The accountable role of a step (and a procedure's owner, approver) is staff."""
    roles = manual.role_by_id

    def bad(role_id: str | None) -> bool:
        role = roles.get(role_id or "")
        return role is not None and role.kind is not RoleKind.STAFF

    for proc in manual.procedures:
        for obj, name, value in (
            (proc, "owner", proc.owner),
            (proc.review, "approver", proc.review.approver),
        ):
            if bad(value):
                yield Finding(
                    manual.where(obj, name), "E037", f"{name} '{value}' is not a staff role"
                )
        for step in proc.steps:
            if step.kind is not StepKind.END and bad(accountable(proc, step)) and step.accountable:
                yield Finding(
                    manual.where(step, "accountable"),
                    "E037",
                    f"accountable '{step.accountable}' of step '{step.id}' is not a staff role: "
                    "the customer or an outside party can be R, never A",
                )
