"""Every step is owned and controlled: an owner (R), a control or a real waiver, a title.

Layer: rules. The one promise of the product: every step but an end has an owner and a
control, or says in words why it needs none.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator

from generator.source.findings import Finding
from generator.source.manual import Manual, normalise
from generator.source.models import Procedure, Step, StepKind

#: a waiver shorter than this (wide characters count twice) gives no reason
WAIVER_MIN_WIDTH = 10
#: what authors write when they have no reason
PLACEHOLDERS = frozenset({"~", "-", "null", "none", "n/a", "na", "tbd", "todo", "无", "暂无", "略"})


def _live_steps(manual: Manual) -> Iterator[tuple[Procedure, Step]]:
    for proc, step in manual.steps():
        if step.kind is not StepKind.END:
            yield proc, step


def steps_have_owner(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every step but an end names the role that performs it."""
    for _proc, step in _live_steps(manual):
        if step.owner is None:
            yield Finding(
                manual.where(step),
                "E030",
                f"step '{step.id}' has no owner (R): add `owner: <role>`",
            )


def steps_have_control(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Every step but an end applies a control or states why it needs none."""
    for _proc, step in _live_steps(manual):
        if step.controls and step.control_waiver:
            yield Finding(
                manual.where(step, "control_waiver", key=True),
                "E031",
                f"step '{step.id}' has both controls and a control_waiver: keep one",
            )
        elif not step.controls and not step.control_waiver:
            yield Finding(
                manual.where(step),
                "E031",
                f"step '{step.id}' has no control: add `controls: [...]` or a "
                "`control_waiver:` with the reason",
            )
        elif step.control_waiver and not gives_reason(step.control_waiver):
            yield Finding(
                manual.where(step, "control_waiver"),
                "E031",
                f"the control_waiver of step '{step.id}' gives no reason "
                f"('{step.control_waiver}'): say in a sentence why the step needs no "
                "control, or add `controls: [...]`",
            )


def gives_reason(waiver: str) -> bool:
    """Whether a waiver is a reason, not a placeholder or a word or two."""
    text = " ".join(waiver.split())
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text.casefold() not in PLACEHOLDERS and width >= WAIVER_MIN_WIDTH


def ends_well_formed(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A procedure has an end; an end step has no owner, controls or successors."""
    for proc in manual.procedures:
        if not any(s.kind is StepKind.END for s in proc.steps):
            yield Finding(
                manual.where(proc, "steps"),
                "E035",
                f"procedure '{proc.id}' has no end step: add one with `kind: end`",
            )
        for step in proc.steps:
            if step.kind is not StepKind.END:
                continue
            extra = [
                name
                for name in (
                    "owner",
                    "accountable",
                    "next",
                    "checks",
                    "control_waiver",
                    "branches",
                    "controls",
                    "consulted",
                    "informed",
                )  # fmt: skip
                if getattr(step, name)
            ]
            if extra:
                yield Finding(
                    manual.where(step, extra[0], key=True),
                    "E035",
                    f"end step '{step.id}' cannot have {', '.join(extra)}: remove "
                    f"{'it' if len(extra) == 1 else 'them'}",
                )


def step_titles_distinct(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """The steps of a procedure have different titles."""
    for proc in manual.procedures:
        seen: dict[str, str] = {}
        for step in proc.steps:
            first = seen.setdefault(normalise(step.title), step.id)
            if first != step.id:
                yield Finding(
                    manual.where(step, "title"),
                    "W064",
                    f"step '{step.id}' has the title of step '{first}' ('{step.title}'): "
                    "readers, the chart and the quiz cannot tell them apart; name each "
                    "for what it does",
                )
