"""Ids → the names a reviewer knows, looked up in the new revision first, then the old.

Layer: render; used by the review report. A removed step or control exists only
in the old revision, so every lookup falls back to it, and finally to the id.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.source.manual import Manual
from generator.source.models import Procedure


class Names:
    """Display names of roles, controls, risks, procedures and steps."""

    def __init__(self, base: Manual, head: Manual, aliases: Mapping[str, str]) -> None:
        """Create the lookups; ``aliases`` maps a renamed procedure's new id to its old one."""
        self.manuals = (head, base)
        self.aliases = aliases

    def role(self, role_id: str) -> str:
        """A role's name."""
        for m in self.manuals:
            if role_id in m.role_by_id:
                return m.role_by_id[role_id].name
        return role_id

    def control(self, control_id: str) -> str:
        """``◆ CP-01 title`` (◆ key control, ◇ other)."""
        for m in self.manuals:
            if (c := m.control_by_id.get(control_id)) is not None:
                return f"{'◆' if c.key else '◇'} {c.code or c.id} {c.title}"
        return control_id

    def risk(self, risk_id: str) -> str:
        """``R-01 title``."""
        for m in self.manuals:
            if (r := m.risk_by_id.get(risk_id)) is not None:
                return f"{r.code} {r.title}" if r.code else r.title
        return risk_id

    def procedure(self, proc_id: str) -> str:
        """A procedure's title."""
        procs = self._procedures(proc_id)
        return procs[0].title if procs else proc_id

    def step(self, proc_id: str, step_id: str) -> str:
        """A step's title."""
        for proc in self._procedures(proc_id):
            for step in proc.steps:
                if step.id == step_id:
                    return step.title
        return step_id

    def flow(self, proc_id: str, value: str) -> str:
        """A successor (step id) or a branch (``when → step id``) with the step's title."""
        when, arrow, target = value.rpartition(" → ")
        if arrow:
            return f"{when} → {self.step(proc_id, target)}"
        return self.step(proc_id, value)

    def places(self, places: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
        """Places of a change as ``procedure › step``, ``procedure``, a control or a risk."""
        found = []
        for area, ref in places:
            if area == "step":
                proc_id, _, step_id = ref.partition("#")
                found.append(f"{self.procedure(proc_id)} › {self.step(proc_id, step_id)}")
            elif area == "control":
                found.append(self.control(ref))
            elif area == "risk":
                found.append(self.risk(ref))
            else:
                found.append(self.procedure(ref))
        return tuple(dict.fromkeys(found))

    def _procedures(self, proc_id: str) -> list[Procedure]:
        ids = (proc_id, self.aliases.get(proc_id, proc_id))
        return [m.procedure_by_id[i] for m in self.manuals for i in ids if i in m.procedure_by_id]
