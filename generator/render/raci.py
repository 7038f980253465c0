"""RACI tables: per procedure (steps × roles) and for the manual (procedures × roles).

Pipeline position: render. ``procedure_raci`` and ``manual_raci`` are view models used
by the pages; ``render`` writes the manual-wide page and the CSV and XLSX downloads
that auditors ask for.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from generator.manual import Manual, accountable
from generator.models import Procedure, StepKind
from generator.render import Files, RenderContext
from generator.render.views import Ref, Views

LETTERS = ("R", "A", "C", "I")
PAGE = "raci/index.md"
CSV_PATH = "raci/raci-steps.csv"
XLSX_PATH = "raci/raci.xlsx"


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


def step_letters(proc: Procedure, index: int) -> dict[str, set[str]]:
    """Role id → letters (R, A, C, I) for one step; an end step has none."""
    step = proc.steps[index]
    found: dict[str, set[str]] = {}
    if step.kind is StepKind.END:
        return found
    if step.owner:
        found.setdefault(step.owner, set()).add("R")
    found.setdefault(accountable(proc, step), set()).add("A")
    for role in step.consulted:
        found.setdefault(role, set()).add("C")
    for role in step.informed:
        found.setdefault(role, set()).add("I")
    return found


def cell(letters: set[str]) -> str:
    """Letters in R, A, C, I order joined by '/'."""
    return "/".join(x for x in LETTERS if x in letters)


def _ordered_roles(manual: Manual, used: set[str]) -> list[str]:
    order = {
        r.id: i
        for i, r in enumerate(
            sorted(manual.roles, key=lambda r: (r.kind.value != "staff", r.kind.value, r.id))
        )
    }
    return sorted(used, key=lambda r: (order.get(r, len(order)), r))


def procedure_raci(views: Views, proc: Procedure, corner: str) -> RaciTable:
    """Steps × roles of one procedure."""
    per_step = [step_letters(proc, i) for i in range(len(proc.steps))]
    roles = list(dict.fromkeys(r for s in proc.steps if s.owner for r in [s.owner]))
    roles += _ordered_roles(views.manual, {r for d in per_step for r in d} - set(roles))
    page = views.procedure(proc).page
    rows = tuple(
        RaciRow(
            Ref(step.id, f"{i + 1}. {step.title}", page, step.id),
            tuple(cell(per_step[i].get(r, set())) for r in roles),
        )
        for i, step in enumerate(proc.steps)
        if step.kind is not StepKind.END
    )
    return RaciTable(corner, views.roles(tuple(roles)), rows)


def manual_raci(views: Views, corner: str) -> RaciTable:
    """Procedures × roles of the whole manual (letters merged over the steps)."""
    procs = [v.proc for v in views.procedures()]
    merged: list[dict[str, set[str]]] = []
    for proc in procs:
        letters: dict[str, set[str]] = {}
        for i in range(len(proc.steps)):
            for role, found in step_letters(proc, i).items():
                letters.setdefault(role, set()).update(found)
        merged.append(letters)
    roles = _ordered_roles(views.manual, {r for d in merged for r in d})
    rows = tuple(
        RaciRow(views.procedure_ref(p.id), tuple(cell(m.get(r, set())) for r in roles))
        for p, m in zip(procs, merged, strict=True)
    )
    return RaciTable(corner, views.roles(tuple(roles)), rows)


def step_records(manual: Manual) -> list[list[str]]:
    """Flat step-level RACI rows for auditors (published procedures, in order)."""
    header = [
        "procedure_id",
        "procedure",
        "version",
        "step_id",
        "step",
        "kind",
        "responsible",
        "accountable",
        "consulted",
        "informed",
        "controls",
        "control_waiver",
    ]
    rows = [header]
    names = {r.id: r.name for r in manual.roles}
    for proc in manual.published:
        for i, step in enumerate(proc.steps):
            if step.kind is StepKind.END:
                continue
            letters = step_letters(proc, i)
            by = {
                x: [names.get(r, r) for r, found in letters.items() if x in found] for x in LETTERS
            }
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


def to_csv(rows: list[list[str]]) -> str:
    """CSV with a BOM so that Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_defuse(c) for c in row])
    return "\ufeff" + out.getvalue()


def _defuse(value: str) -> str:
    """Neutralise spreadsheet formulas in author text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_xlsx(matrix: RaciTable, rows: list[list[str]], sheet_names: tuple[str, str]) -> bytes:
    """Workbook with the procedures × roles matrix and the step-level sheet."""
    book = Workbook()
    first = book.active
    first.title = sheet_names[0]
    first.append([matrix.corner, *(r.text for r in matrix.roles)])
    for row in matrix.rows:
        first.append([row.label.text, *row.cells])
    second = book.create_sheet(sheet_names[1])
    for record in rows:
        second.append(record)
    header_fill = PatternFill("solid", fgColor="37474F")
    for sheet in (first, second):
        for line in sheet.iter_rows():
            for cell in line:  # author text is never a formula: "=HYPERLINK(…)" stays text
                if cell.data_type == "f":
                    cell.data_type = "s"
        for c in sheet[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = header_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
    book.properties.creator = "opsmanual"
    out = io.BytesIO()
    book.save(out)
    return _strip_timestamps(out.getvalue())


def _strip_timestamps(data: bytes) -> bytes:
    """Re-pack the XLSX with fixed dates so that two builds are byte-identical."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def render(ctx: RenderContext) -> Files:
    """The manual-wide RACI page and its downloads."""
    matrix = manual_raci(ctx.views, ctx.t("procedure"))
    rows = step_records(ctx.manual)
    files = ctx.page(
        "raci.md.j2", PAGE, raci=matrix, csv_href="raci-steps.csv", xlsx_href="raci.xlsx"
    )
    files[PurePosixPath(CSV_PATH)] = to_csv(rows)
    files[PurePosixPath(XLSX_PATH)] = to_xlsx(
        matrix, rows, (ctx.t("raci_manual")[:31], ctx.t("steps")[:31])
    )
    return files
