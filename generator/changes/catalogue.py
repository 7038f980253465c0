"""Controls, risks and the risk & control matrix compared.

Layer: domain (change sets); called by ``changes.diff``. Catalogue changes are what an
author edited in ``controls/``; matrix changes are their consequence together with
the steps: which controls actually operate (are applied by a step of a procedure
that is not retired) against each risk, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from generator.changes.model import Change, Severity, Value
from generator.changes.steps import staff_only
from generator.source.manual import Manual
from generator.source.models import Control, Risk

HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW
_T = TypeVar("_T", Control, Risk)
Rating = Callable[[Value, Value], tuple[Severity, str]]


def _fixed(severity: Severity, reason: str) -> Rating:
    return lambda _before, _after: (severity, reason)


def _key_rating(before: Value, after: Value) -> tuple[Severity, str]:
    return (HIGH, "key_control_lost") if before == "true" else (MEDIUM, "key_control_added")


def _risks_rating(before: Value, after: Value) -> tuple[Severity, str]:
    lost = set(before or ()) - set(after or ())
    return (HIGH, "risk_coverage_lost") if lost else (MEDIUM, "risk_coverage_added")


WORDING = _fixed(LOW, "wording")
CONTROL_FIELDS: tuple[tuple[str, Callable[[Control], Value], Rating], ...] = (
    ("code", lambda c: c.code, WORDING),
    ("title", lambda c: c.title, WORDING),
    ("objective", lambda c: c.objective, WORDING),
    ("type", lambda c: c.type.value, _fixed(MEDIUM, "control_design_changed")),
    ("automation", lambda c: c.automation.value, _fixed(MEDIUM, "control_design_changed")),
    ("key", lambda c: "true" if c.key else "false", _key_rating),
    ("owner", lambda c: c.owner, _fixed(MEDIUM, "responsibility_changed")),
    ("risks", lambda c: tuple(sorted(c.risks)), _risks_rating),
    ("evidence", lambda c: c.evidence, _fixed(MEDIUM, "records_changed")),
    ("design_evidence", lambda c: c.design_evidence, _fixed(MEDIUM, "records_changed")),
    ("frequency", lambda c: c.frequency, _fixed(MEDIUM, "control_design_changed")),
    ("sources", lambda c: tuple(sorted(c.sources)), WORDING),
)
RISK_FIELDS: tuple[tuple[str, Callable[[Risk], Value], Rating], ...] = (
    ("code", lambda r: r.code, WORDING),
    ("title", lambda r: r.title, WORDING),
    ("category", lambda r: r.category, WORDING),
    ("rating", lambda r: r.rating.value, _fixed(MEDIUM, "rating_changed")),
    (
        "residual",
        lambda r: r.residual.value if r.residual else None,
        _fixed(MEDIUM, "rating_changed"),
    ),
    ("owner", lambda r: r.owner, _fixed(MEDIUM, "responsibility_changed")),
    ("description", lambda r: r.description, WORDING),
    ("response", lambda r: r.response, _fixed(MEDIUM, "response_changed")),
    (
        "indicators",
        lambda r: tuple(f"{i.name}: {i.threshold}" for i in r.indicators),
        _fixed(MEDIUM, "indicators_changed"),
    ),
    ("sources", lambda r: tuple(sorted(r.sources)), WORDING),
)


def catalogue_changes(base: Manual, head: Manual) -> tuple[Change, ...]:
    """Controls then risks: added, removed, and changed field by field."""
    controls = _compare(
        base.control_by_id, head.control_by_id, "control", CONTROL_FIELDS,
        lambda c: _control_roles(base, head, c),
    )  # fmt: skip
    risks = _compare(base.risk_by_id, head.risk_by_id, "risk", RISK_FIELDS, lambda r: ())
    return (*controls, *risks)


def _compare(
    old: Mapping[str, _T],
    new: Mapping[str, _T],
    area: str,
    fields: tuple[tuple[str, Callable[[_T], Value], Rating], ...],
    roles: Callable[[_T], tuple[str, ...]],
) -> list[Change]:
    changes: list[Change] = []
    for item_id, item in new.items():
        was = old.get(item_id)
        if was is None:
            changes.append(
                Change(area, "added", item_id, MEDIUM, f"{area}_added", after=item.title,
                       roles=roles(item))
            )  # fmt: skip
            continue
        for name, read, rating in fields:
            before, after = read(was), read(item)
            if before != after:
                severity, reason = rating(before, after)
                changes.append(
                    Change(area, "changed", item_id, severity, reason, name, before, after,
                           roles=roles(item))
                )  # fmt: skip
    for item_id, was in old.items():
        if item_id not in new:
            severity = HIGH if area == "control" else MEDIUM
            changes.append(
                Change(area, "removed", item_id, severity, f"{area}_removed", before=was.title,
                       roles=roles(was))
            )  # fmt: skip
    return changes


def _control_roles(base: Manual, head: Manual, control: Control) -> tuple[str, ...]:
    """The control's owner and the performers of the steps that apply it, on both sides."""
    owners: list[Value] = [control.owner]
    for manual in (base, head):
        owners += [s.owner for _p, s in manual.steps_by_control.get(control.id, ())]
        if (was := manual.control_by_id.get(control.id)) is not None:
            owners.append(was.owner)
    return staff_only((base, head), owners)


def operating(manual: Manual) -> frozenset[str]:
    """Ids of the controls applied by a step of a procedure that is not retired."""
    return frozenset(c for p in manual.published for s in p.steps for c in s.controls)


def coverage(manual: Manual) -> dict[str, frozenset[str]]:
    """Risk id → the controls that mitigate it and operate."""
    applied = operating(manual)
    return {
        risk_id: frozenset(c.id for c in controls if c.id in applied)
        for risk_id, controls in manual.controls_by_risk.items()
    }


def matrix_changes(base: Manual, head: Manual) -> tuple[Change, ...]:
    """Risks whose operating controls changed, and key controls that stopped operating."""
    before, after = coverage(base), coverage(head)
    changes: list[Change] = []
    for risk_id in head.risk_by_id:
        was, now = before.get(risk_id, frozenset()), after.get(risk_id, frozenset())
        if was == now:
            continue
        if was and not now:
            severity, reason = HIGH, "risk_uncovered"
        else:
            severity, reason = (
                (MEDIUM, "coverage_reduced") if was - now else (LOW, "coverage_added")
            )
        changes.append(
            Change("matrix", "changed", risk_id, severity, reason, "controls",
                   tuple(sorted(was)), tuple(sorted(now)))
        )  # fmt: skip
    stopped = operating(base) - operating(head)
    for control in head.control_by_id.values():
        if control.key and control.id in stopped:
            changes.append(
                Change("matrix", "changed", control.id, HIGH, "key_control_unapplied", "applied",
                       "true", "false")
            )  # fmt: skip
    return tuple(changes)
