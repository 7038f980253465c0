"""References resolve: every role, control, risk, procedure and step named exists.

Layer: rules. One rule, E020, walked per kind of thing that refers to others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.models import Procedure, Step
from generator.source.schema_errors import did_you_mean


def unknown(kind: str, ref: str, known: Iterable[str]) -> str:
    """``unknown role 'x' (did you mean 'y'?)``."""
    return f"unknown {kind} '{ref}'{did_you_mean(ref, sorted(known))}"


def references_resolve(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every role, control, risk, procedure and step reference exists."""
    for proc in manual.procedures:
        yield from _procedure_refs(manual, proc)
        for step in proc.steps:
            yield from _step_refs(manual, proc, step)
    for control in manual.controls:
        yield from _role_refs(manual, control, "owner", [control.owner])
        for i, ref in enumerate(control.risks):
            if ref not in manual.risk_by_id:
                yield Finding(
                    manual.where(control, "risks", i),
                    "E020",
                    unknown("risk", ref, manual.risk_by_id),
                )
    for risk in manual.risks:
        yield from _role_refs(manual, risk, "owner", [risk.owner])
    for _topic, entry in manual.faq_entries:
        yield from _role_refs(manual, entry, "roles", entry.roles)
        for i, ref in enumerate(entry.refs):
            problem = _step_ref_problem(manual, ref)
            if problem:
                yield Finding(manual.where(entry, "refs", i), "E020", problem)


def _procedure_refs(manual: Manual, proc: Procedure) -> Iterator[Finding]:
    yield from _role_refs(manual, proc, "owner", [proc.owner])
    yield from _role_refs(manual, proc.review, "approver", [proc.review.approver])
    for release in proc.history:
        yield from _role_refs(manual, release, "approved_by", [release.approved_by])


def _step_refs(manual: Manual, proc: Procedure, step: Step) -> Iterator[Finding]:
    for name in ("owner", "accountable", "consulted", "informed"):
        value = getattr(step, name)
        yield from _role_refs(manual, step, name, value if isinstance(value, tuple) else [value])
    for i, ref in enumerate(step.controls):
        if ref not in manual.control_by_id:
            yield Finding(
                manual.where(step, "controls", i),
                "E020",
                unknown("control", ref, manual.control_by_id),
            )
    step_ids = [s.id for s in proc.steps]
    targets: list[tuple[BaseModel, str, str | None]]
    targets = [(step, "next", step.next), (step, "checks", step.checks)]
    targets += [(b, "next", b.next) for b in step.branches]
    for obj, name, target in targets:
        if target is not None and target not in step_ids:
            yield Finding(manual.where(obj, name), "E020", unknown("step", target, step_ids))
    if step.procedure and step.procedure not in manual.procedure_by_id:
        yield Finding(
            manual.where(step, "procedure"),
            "E020",
            unknown("procedure", step.procedure, manual.procedure_by_id),
        )


def _role_refs(
    manual: Manual, obj: BaseModel, name: str, refs: Iterable[str | None]
) -> Iterator[Finding]:
    known = manual.role_by_id
    for i, ref in enumerate(refs):
        if ref is not None and ref not in known:
            sub: tuple[str | int, ...] = (
                (name, i) if name in ("consulted", "informed", "roles") else (name,)
            )
            yield Finding(manual.where(obj, *sub), "E020", unknown("role", ref, known))


def _step_ref_problem(manual: Manual, ref: str) -> str | None:
    proc_id, _, step_id = ref.partition("#")
    proc = manual.procedure_by_id.get(proc_id)
    if proc is None:
        return unknown("procedure", proc_id, manual.procedure_by_id)
    ids = [s.id for s in proc.steps]
    return None if step_id in ids else unknown(f"step of '{proc_id}'", step_id, ids)
