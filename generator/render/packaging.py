"""Files made of files: deterministic zip archives, CSV and XLSX tables.

Layer: render (pure). Every archive has sorted entries, fixed dates and permissions, and
every spreadsheet cell is text (author text is never a formula), so two builds of the
same manual are byte-identical and a download opens safely in Excel.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from generator.render.xmltext import legal

ZIP_DATE = (2000, 1, 1, 0, 0, 0)
HEADER_FILL = "37474F"


def deterministic_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip of ``files``: sorted names, fixed dates and permissions, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return out.getvalue()


def to_csv(rows: Sequence[Sequence[str]]) -> str:
    """CSV with a BOM so that Excel opens Chinese text correctly; formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_defuse(c) for c in row])
    return "\ufeff" + out.getvalue()


def _defuse(value: str) -> str:
    """Neutralise spreadsheet formulas in author text (CSV injection); no control character."""
    value = legal(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> bytes:
    """A workbook of (sheet name, rows) with a bold header row and frozen panes."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            # XLSX is XML: a control character would make openpyxl refuse the whole workbook
            sheet.append([legal(cell) for cell in row])
        for line in sheet.iter_rows():
            for cell in line:  # author text is never a formula: "=HYPERLINK(…)" stays text
                if cell.data_type == "f":
                    cell.data_type = "s"
        for c in sheet[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor=HEADER_FILL)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
    book.properties.creator = "opsmanual"
    out = io.BytesIO()
    book.save(out)
    return _repacked(out.getvalue())


def _repacked(data: bytes) -> bytes:
    """The workbook re-packed deterministically, its timestamps fixed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {}
    for name in src.namelist():
        body = src.read(name)
        if name == "docProps/core.xml":
            body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", body)
        files[name] = body
    return deterministic_zip(files)
