"""RACI tables: per procedure (steps × roles) and for the manual (procedures × roles).

Layer: render (pure). ``procedure_raci`` and ``manual_raci`` are view models used by the
pages; ``render`` writes the manual-wide page and the CSV and XLSX downloads that
auditors ask for. The letters are the manual's own (``Manual.letters``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.render.context import Files, RenderContext
from generator.render.packaging import to_csv, to_xlsx
from generator.render.views import Views
from generator.source.addresses import Ref
from generator.source.manual import RACI, Manual
from generator.source.models import Procedure, StepKind

PAGE = "raci/index.md"
CSV_PATH = "raci/raci-steps.csv"
XLSX_PATH = "raci/raci.xlsx"
STEP_COLUMNS = (
    "procedure_id", "procedure", "version", "step_id", "step", "kind", "responsible",
    "accountable", "consulted", "informed", "controls", "control_waiver",
)  # fmt: skip


@dataclass(frozen=True)
class RaciRow:
    """One row: a step (or procedure) and its cell per role."""

    label: Ref
    cells: tuple[str, ...]


@dataclass(frozen=True)
class RaciTable:
    """A RACI matrix ready for a template."""

    corner: str
    roles: tuple[Ref, ...]
    rows: tuple[RaciRow, ...]


def cell(letters: Iterable[str]) -> str:
    """Letters in R, A, C, I order joined by '/'."""
    held = set(letters)
    return "/".join(x for x in RACI if x in held)


def _ordered_roles(manual: Manual, used: set[str]) -> list[str]:
    rank = manual.role_rank
    return sorted(used, key=lambda r: (rank.get(r, len(rank)), r))


def procedure_raci(views: Views, proc: Procedure, corner: str) -> RaciTable:
    """Steps × roles of one procedure: the lanes' roles first, then the others."""
    manual = views.manual
    per_step = [manual.letters(s) for s in proc.steps]
    roles = list(dict.fromkeys(s.owner for s in proc.steps if s.owner))
    roles += _ordered_roles(manual, {r for d in per_step for r in d} - set(roles))
    page = views.procedure(proc).page
    rows = tuple(
        RaciRow(
            Ref(step.id, f"{i + 1}. {step.title}", page, step.id),
            tuple(cell(per_step[i].get(r, ())) for r in roles),
        )
        for i, step in enumerate(proc.steps)
        if step.kind is not StepKind.END
    )
    return RaciTable(corner, views.roles(tuple(roles)), rows)


def manual_raci(views: Views, corner: str) -> RaciTable:
    """Procedures × roles of the whole manual (letters merged over the steps)."""
    manual = views.manual
    procs = [v.proc for v in views.procedures()]
    merged: list[dict[str, set[str]]] = []
    for proc in procs:
        letters: dict[str, set[str]] = {}
        for step in proc.steps:
            for role, found in manual.letters(step).items():
                letters.setdefault(role, set()).update(found)
        merged.append(letters)
    roles = _ordered_roles(manual, {r for d in merged for r in d})
    rows = tuple(
        RaciRow(views.procedure_ref(p.id), tuple(cell(m.get(r, ())) for r in roles))
        for p, m in zip(procs, merged, strict=True)
    )
    return RaciTable(corner, views.roles(tuple(roles)), rows)


def step_records(manual: Manual) -> list[list[str]]:
    """Flat step-level RACI rows for auditors (published procedures, in order)."""
    rows = [list(STEP_COLUMNS)]
    names = {r.id: r.name for r in manual.roles}
    for proc in manual.published:
        for step in proc.steps:
            if step.kind is StepKind.END:
                continue
            letters = manual.letters(step)
            by = {x: [names.get(r, r) for r, found in letters.items() if x in found] for x in RACI}
            rows.append(
                [
                    proc.id,
                    proc.title,
                    proc.version,
                    step.id,
                    step.title,
                    step.kind.value,
                    "; ".join(by["R"]),
                    "; ".join(by["A"]),
                    "; ".join(sorted(by["C"])),
                    "; ".join(sorted(by["I"])),
                    "; ".join(step.controls),
                    step.control_waiver or "",
                ]
            )
    return rows


def render(ctx: RenderContext) -> Files:
    """The manual-wide RACI page and its downloads."""
    matrix = manual_raci(ctx.views, ctx.t("procedure"))
    rows = step_records(ctx.manual)
    files = ctx.page(
        "raci.md.j2", PAGE, raci=matrix, csv_href="raci-steps.csv", xlsx_href="raci.xlsx"
    )
    files[PurePosixPath(CSV_PATH)] = to_csv(rows)
    table = [[matrix.corner, *(r.text for r in matrix.roles)]]
    table += [[row.label.text, *row.cells] for row in matrix.rows]
    files[PurePosixPath(XLSX_PATH)] = to_xlsx(
        [(ctx.t("raci_manual"), table), (ctx.t("steps"), rows)]
    )
    return files
