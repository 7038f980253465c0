"""RACI tables: per procedure (steps × roles) and for the manual (roles × procedures).

Layer: render (pure). ``procedure_raci`` and ``manual_raci`` are view models used by the
pages; ``render`` writes the manual-wide page and the CSV and XLSX downloads that
auditors ask for, headed and filled in the manual's language (role names, control codes
and titles, not ids first). The letters are the manual's own (``Manual.letters``).

The manual-wide table has the roles as rows and the procedures, grouped by category, as
columns: 30 roles across a page would hide a third of them behind a scroll at 1,280 px,
15 procedures fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.render.context import Files, RenderContext
from generator.render.packaging import to_csv, to_xlsx
from generator.render.views import Views, spans
from generator.source.addresses import Ref
from generator.source.manual import RACI, Manual
from generator.source.models import Procedure, StepKind

PAGE = "raci/index.md"
CSV_PATH = "raci/raci-steps.csv"
XLSX_PATH = "raci/raci.xlsx"
#: the columns of the steps export, as message keys (the header row is in the manual's language)
STEP_COLUMNS = (
    "procedure", "version", "step_number", "step", "step_kind", "responsible", "accountable",
    "consulted", "informed", "controls", "waiver", "procedure_id", "step_id",
)  # fmt: skip
#: the strongest letter of a cell decides its shade: A, then R, C, I
STRENGTH = "ARCI"


def strongest(cell: str) -> str:
    """The strongest letter of a cell ("R/A/C" → "A"), or "" for an empty cell."""
    held = set(cell.split("/"))
    return next((x for x in STRENGTH if x in held), "")


@dataclass(frozen=True)
class RaciRow:
    """One row: a step, procedure or role, and its cell per column."""

    label: Ref
    cells: tuple[str, ...]

    @property
    def shaded(self) -> tuple[tuple[str, str], ...]:
        """(cell, its strongest letter) per column, for the cell's shade."""
        return tuple((c, strongest(c)) for c in self.cells)


@dataclass(frozen=True)
class RaciTable:
    """A RACI matrix ready for a template; ``groups`` head the columns (label, span)."""

    corner: str
    columns: tuple[Ref, ...]
    rows: tuple[RaciRow, ...]
    groups: tuple[tuple[str, int], ...] = ()


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


def _merged(manual: Manual, proc: Procedure) -> dict[str, set[str]]:
    """Role → every letter it holds at some step of ``proc``."""
    letters: dict[str, set[str]] = {}
    for step in proc.steps:
        for role, found in manual.letters(step).items():
            letters.setdefault(role, set()).update(found)
    return letters


def manual_raci(views: Views, corner: str) -> RaciTable:
    """Roles × procedures of the whole manual (letters merged over the steps).

    The procedures are the columns, in the navigation's order, grouped by category.
    """
    manual = views.manual
    procs = views.procedures()
    merged = [_merged(manual, v.proc) for v in procs]
    roles = _ordered_roles(manual, {r for d in merged for r in d})
    rows = tuple(
        RaciRow(ref, tuple(cell(m.get(ref.id, ())) for m in merged))
        for ref in views.roles(tuple(roles))
    )
    groups = spans(v.proc.category or views.t("uncategorised") for v in procs)
    return RaciTable(corner, tuple(v.ref for v in procs), rows, groups)


def step_records(manual: Manual, t: Callable[..., str]) -> list[list[str]]:
    """Flat step-level RACI rows for auditors (published procedures, in order).

    Roles by name, controls by code and title, the step's kind in words; the ids come
    last, for whoever joins the sheet with the sources.
    """
    rows = [[t(f"export_{c}") for c in STEP_COLUMNS]]
    names = {r.id: r.name for r in manual.roles}
    sep = t("list_sep")
    for proc in manual.published:
        for i, step in enumerate(proc.steps):
            if step.kind is StepKind.END:
                continue
            letters = manual.letters(step)
            by = {x: [names.get(r, r) for r, found in letters.items() if x in found] for x in RACI}
            rows.append(
                [
                    proc.title,
                    proc.version,
                    str(i + 1),
                    step.title,
                    t(f"export_kind_{step.kind.value}"),
                    sep.join(by["R"]),
                    sep.join(by["A"]),
                    sep.join(sorted(by["C"])),
                    sep.join(sorted(by["I"])),
                    sep.join(_control_names(manual, step.controls)),
                    step.control_waiver or "",
                    proc.id,
                    step.id,
                ]
            )
    return rows


def _control_names(manual: Manual, ids: Iterable[str]) -> list[str]:
    found = [manual.control_by_id.get(c) for c in ids]
    return [
        (f"{c.code} {c.title}" if c.code else c.title) if c else ident
        for c, ident in zip(found, ids, strict=True)
    ]


def render(ctx: RenderContext) -> Files:
    """The manual-wide RACI page and its downloads."""
    matrix = manual_raci(ctx.views, ctx.t("role"))
    rows = step_records(ctx.manual, ctx.t)
    files = ctx.page(
        "raci.md.j2", PAGE, raci=matrix, csv_href="raci-steps.csv", xlsx_href="raci.xlsx"
    )
    files[PurePosixPath(CSV_PATH)] = to_csv(rows)
    table = [[matrix.corner, *(c.text for c in matrix.columns)]]
    table += [[row.label.text, *row.cells] for row in matrix.rows]
    files[PurePosixPath(XLSX_PATH)] = to_xlsx(
        [(ctx.t("raci_manual"), table), (ctx.t("steps"), rows)]
    )
    return files
