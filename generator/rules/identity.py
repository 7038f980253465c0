"""Identity rules: every id is unique of its kind and named after its file.

Layer: rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.models import Control, FaqEntry, Procedure, Risk, Role, Step


def ids_match_files(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A procedure or role file is named after the id it holds."""
    named: tuple[Procedure | Role, ...] = (*manual.procedures, *manual.roles)
    for obj in named:
        stem = PurePosixPath(manual.file_of(obj)).stem
        if stem != obj.id:
            yield Finding(
                manual.where(obj, "id"),
                "E011",
                f"id '{obj.id}' differs from the file name '{stem}': rename one to match",
            )


def ids_unique(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Ids are unique per kind across the manual, step ids within their procedure."""
    groups: tuple[tuple[str, Sequence[Procedure | Role | Control | Risk | FaqEntry | Step]], ...]
    groups = (
        ("procedure", manual.procedures),
        ("role", manual.roles),
        ("control", manual.controls),
        ("risk", manual.risks),
        ("FAQ entry", tuple(e for _t, e in manual.faq_entries)),
        *((f"step of '{p.id}'", p.steps) for p in manual.procedures),
    )
    for kind, items in groups:
        seen: dict[str, str] = {}
        for item in items:
            loc = manual.where(item, "id")
            if item.id in seen:
                yield Finding(
                    loc, "E012", f"duplicate {kind} id '{item.id}' (also at {seen[item.id]})"
                )
            else:
                seen[item.id] = f"{loc.path}:{loc.line}"
