"""Report tables as an Excel workbook (openpyxl): a title row, merged two-level headers,
frozen header rows, widths that fit Chinese text, A4/A3 landscape print set-up with the
header rows repeated, number formats. The same tables give the same bytes."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..base.labels import display_width
from ..views.reports.table import Cell, Table, placed_header
from .archive import stable_zip

__all__ = ["tables_to_xlsx"]

#: a fixed time for the workbook's properties and its zip entries: output is deterministic
_EPOCH = datetime.datetime(2000, 1, 1)
_FONT = "宋体"  # the usual face of printed office tables; a viewer falls back to its own
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_MAX_WIDTH = 40  # characters (a CJK character counts two); longer text wraps
#: a count column is no wider than this: a partial total is written on two lines, its
#: bracket shortened (``≥ 48`` over ``（3 未知）``; the sheet's note says what it counts)
_COUNT_WIDTH = 10
_LINE = 14.25  # points: the height of one line of 11-point text
_TOP = 3  # the header starts below the title and subtitle rows


def tables_to_xlsx(tables: Sequence[Table]) -> bytes:
    """Return a workbook with one sheet per table."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    names: set[str] = set()
    for table in tables:
        _sheet(wb.create_sheet(_sheet_name(table.sheet, names)), table)
    wb.properties.creator = "orgchart"
    wb.properties.created = wb.properties.modified = _EPOCH
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: it stamps the time
    return stable_zip(buf.getvalue())


def _sheet_name(name: str, taken: set[str]) -> str:
    """Return a sheet name Excel accepts (31 characters, none of []:*?/\\), not taken."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:31 - len(str(n)) - 1]}_{n}"
    taken.add(candidate.lower())
    return candidate


def _sheet(ws: Worksheet, t: Table) -> None:
    last = get_column_letter(t.width)
    _banner(ws, 1, t.title, last, Font(name=_FONT, size=16, bold=True), "center")
    _banner(ws, 2, t.subtitle, last, Font(name=_FONT, size=10), "right")
    head_font = Font(name=_FONT, bold=True)
    for r, c, head in placed_header(t):
        cell = ws.cell(_TOP + r, 1 + c, head.text)
        if head.rows > 1 or head.cols > 1:
            ws.merge_cells(start_row=_TOP + r, start_column=1 + c,
                           end_row=_TOP + r + head.rows - 1, end_column=c + head.cols)
        for rr in range(head.rows):  # a merged range's border is its cells' borders
            for cc in range(head.cols):
                ws.cell(_TOP + r + rr, 1 + c + cc).border = _BOX
                ws.cell(_TOP + r + rr, 1 + c + cc).fill = _HEAD_FILL
        cell.font = head_font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first = _TOP + len(t.header)
    for i, row in enumerate(t.rows()):
        bold = i >= len(t.body)
        for j, value in enumerate(row):
            _put(ws, first + i, 1 + j, value, bold)
    notes = first + len(t.rows()) + 1
    for k, note in enumerate(t.notes):
        _banner(ws, notes + k, note, last, Font(name=_FONT, size=9), "left")
    widths = _widths(ws, t)
    for i, row in enumerate(t.rows()):  # wrapped text needs a taller row: no viewer
        lines = max(_lines(str(ws.cell(first + i, 1 + j).value or ""), widths[j])
                    for j in range(len(row)))
        if lines > 1:
            ws.row_dimensions[first + i].height = lines * _LINE
    for k, note in enumerate(t.notes):  # a note spans the table, in 9-point text
        lines = _lines(note, sum(widths) * 11 // 9)
        if lines > 1:
            ws.row_dimensions[notes + k].height = lines * _LINE * 9 / 11
    ws.freeze_panes = f"{get_column_letter(3 if t.width > 3 else 1)}{first}"
    _print_setup(ws, t, first - 1)


def _banner(ws: Worksheet, row: int, text: str, last: str, font: Font, align: str) -> None:
    ws.merge_cells(f"A{row}:{last}{row}")
    cell = ws.cell(row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)


def _put(ws: Worksheet, row: int, col: int, value: Cell, bold: bool) -> None:
    cell = ws.cell(row, col)
    if value.number is not None:
        cell.value = value.number
        cell.number_format = '"≈"0' if value.estimated else "0"
        horizontal = "right"
    else:
        count = _is_count(value)
        cell.value = _shown(value)
        cell.number_format = "@"  # text stays text (a "?" or "≥ 48（…）")
        horizontal = "right" if count else "left"
    cell.font = Font(name=_FONT, bold=bold)
    cell.border = _BOX
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def _shown(value: Cell) -> str:
    """Return a cell's text as written in a spreadsheet: its narrow form when it has one
    (a partial total on two lines, the figure first)."""
    return value.narrow or value.text


def _is_count(value: Cell) -> bool:
    """Tell whether a cell holds a figure: a number, ``?``, ``≈12`` or ``≥ 48（…）``."""
    return value.number is not None or value.text[:1] in ("?", "≥", "≈")


def _widths(ws: Worksheet, t: Table) -> list[int]:
    """Set and return the column widths: the widest header or cell, a count column at
    most :data:`_COUNT_WIDTH` and any column at most :data:`_MAX_WIDTH` (text wraps)."""
    widths = [4] * t.width
    for _r, c, head in placed_header(t):
        if head.cols == 1:
            widths[c] = max(widths[c], display_width(head.text))
    for row in t.rows():
        for j, value in enumerate(row):
            if _is_count(value):  # written as two lines when partial (see _put)
                wide = min(max(display_width(part) for part in _shown(value).split("\n")),
                           _COUNT_WIDTH)
            else:
                wide = display_width(value.text)
            widths[j] = max(widths[j], wide)
    widths = [min(w + 2, _MAX_WIDTH) for w in widths]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    return widths


def _lines(text: str, width: int) -> int:
    r"""Return how many lines ``text`` takes wrapped in a column ``width`` characters wide.

    >>> _lines("≥ 13\n（13 个单位未知）", 10), _lines("合计", 10)
    (3, 1)
    """
    room = max(width - 1, 1)
    return sum(max(1, -(-display_width(line) // room)) for line in text.split("\n"))


def _print_setup(ws: Worksheet, t: Table, last_head: int) -> None:
    wide = sum(ws.column_dimensions[get_column_letter(j)].width or 8
               for j in range(1, t.width + 1)) > 150
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if wide else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_title_rows = f"{_TOP}:{last_head}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"  # type: ignore[union-attr]
