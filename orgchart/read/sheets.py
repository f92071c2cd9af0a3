"""Read the cells of a unit table: a .csv (UTF-8) file or the first sheet of an .xlsx
workbook, as rows of text, within caps; what the rows mean is :mod:`.tables`' job."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from ..base.cells import csv_value
from ..base.errors import Location, ModelError, Problem
from .inputs import MAX_INPUT_BYTES, control_character, read_text

__all__ = ["read_table", "MAX_TABLE_ROWS", "MAX_TABLE_COLUMNS", "MAX_XLSX_UNPACKED",
           "MAX_XLSX_STRINGS"]

#: Rows a table may have below its header, and columns (of a workbook, only the header's
#: columns are read); the CSV text itself is capped at MAX_INPUT_BYTES.
MAX_TABLE_ROWS = 100_000
MAX_TABLE_COLUMNS = 200
#: What an .xlsx workbook may unpack to (its parts are zip-compressed XML), and its shared
#: strings, which are read whole (a 580 KB workbook held 238 MB of them: 1.5 GB, 4 minutes).
MAX_XLSX_UNPACKED = 128 * 1024 * 1024
MAX_XLSX_STRINGS = 16 * 1024 * 1024


def read_table(path: str | os.PathLike[str]) -> list[list[str]]:
    """Return the rows of a .csv (UTF-8) or .xlsx file (first sheet) as text cells.

    A cell's leading ``'``, which the CSV export puts before text a spreadsheet would run
    as a formula (and before a leading ``'``), is taken away. A table has at most
    :data:`MAX_TABLE_ROWS` rows below its header and :data:`MAX_TABLE_COLUMNS` columns; of a
    workbook only the header's columns are read.

    Raises:
        ModelError: the file cannot be read, is too large, or (xlsx) holds a formula with
            no computed value; located at the file, row and column.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise ModelError([Problem(Location(name), "file", f"{suffix} workbooks cannot be read; "
                                  "save the sheet as .xlsx or .csv (UTF-8)")])
    if suffix == ".xlsx":
        sheet = _read_xlsx(name)
        _refuse_controls(name, sheet)
        return sheet
    text = read_text(path, what="table")
    lines = _Lines(text)
    reader = csv.reader(lines)
    rows: list[list[str]] = []
    try:
        for row in reader:
            used = len(row)
            while used and not row[used - 1].strip():
                used -= 1  # a spreadsheet may save many empty cells at the end of a row
            _within_caps(name, len(rows) + 1, used)
            rows.append([csv_value(cell.replace("\r\n", "\n").strip()) for cell in row])
            lines.record_start = lines.read
    except csv.Error as err:
        raise ModelError([_csv_problem(name, len(rows) + 1, text[lines.record_start:lines.read],
                                       err)]) from None
    _refuse_controls(name, rows)
    return rows


def _refuse_controls(name: str, rows: list[list[str]]) -> None:
    """Refuse cells holding control characters, each located at its row and column."""
    problems = [Problem(Location(name, r, c), "control-character", why)
                for r, row in enumerate(rows, start=1) for c, cell in enumerate(row, start=1)
                for why in (control_character(cell),) if why]
    if problems:
        raise ModelError(problems)




def _within_caps(file: str, row: int, columns: int) -> None:
    """Refuse row ``row`` of a table if it is beyond :data:`MAX_TABLE_ROWS` (below the
    header) or fills more than :data:`MAX_TABLE_COLUMNS` columns."""
    if row > MAX_TABLE_ROWS + 1:
        raise ModelError([Problem(Location(file, row), "too-many-rows",
                                  f"the table has more than {MAX_TABLE_ROWS:,} rows below its "
                                  "header; split it, e.g. one table per town")])
    if columns > MAX_TABLE_COLUMNS:
        raise ModelError([Problem(Location(file, row, MAX_TABLE_COLUMNS + 1), "too-many-columns",
                                  f"the row has {columns:,} columns, over the limit of "
                                  f"{MAX_TABLE_COLUMNS}; a unit table has one column per field "
                                  "(id, parent, name, ...): delete the others")])


def _read_xlsx(name: str) -> list[list[str]]:
    """Return the rows of a workbook's first sheet, read as a stream: the header row, then
    at most :data:`MAX_TABLE_ROWS` rows of the header's columns.

    The sheet's declared size (``<dimension>``) is ignored, as a sheet can claim a million
    rows of 16,384 columns; a formula cell with no computed value is refused, located.
    """
    import stat
    import zipfile

    def fail(message: str, code: str = "file") -> ModelError:
        return ModelError([Problem(Location(name), code, message)])

    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            raise fail("not a regular file; name an .xlsx workbook")
        if info.st_size > MAX_INPUT_BYTES:
            raise fail(f"file is {info.st_size} bytes, over the {MAX_INPUT_BYTES} byte limit; "
                       "split the table, or save it as .csv")
        with zipfile.ZipFile(name) as archive:
            parts = archive.infolist()
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as err:
        raise fail(f"cannot read the file: {err.strerror}") from None
    except zipfile.BadZipFile as err:
        raise fail(f"not a readable .xlsx workbook: {err}") from None
    unpacked = sum(i.file_size for i in parts)
    strings = sum(i.file_size for i in parts if i.filename.lower().endswith("sharedstrings.xml"))
    if unpacked > MAX_XLSX_UNPACKED or strings > MAX_XLSX_STRINGS:
        what, size, limit = (("its shared strings unpack", strings, MAX_XLSX_STRINGS)
                             if strings > MAX_XLSX_STRINGS else
                             ("the workbook unpacks", unpacked, MAX_XLSX_UNPACKED))
        raise fail(f"{what} to {size:,} bytes, over the {limit:,} byte limit; split the "
                   "table, or save it as .csv")
    import openpyxl

    rows: list[list[str]] = []
    problems: list[Problem] = []
    books: list[Any] = []
    streams: list[Any] = []  # closed at the end, as a stream left open keeps its file open
    try:
        # values as last computed; the formulas themselves come from a second reading
        books = [openpyxl.load_workbook(name, read_only=True, data_only=only)
                 for only in (True, False)]
        values, formulas = (book.worksheets[0] for book in books)
        for sheet in (values, formulas):
            sheet.reset_dimensions()  # read what is there, not what <dimension> claims
        streams.append(values.iter_rows(max_row=1, values_only=True))
        header = list(next(streams[0], ()))
        while header and header[-1] in (None, ""):
            header.pop()
        _within_caps(name, 1, len(header))
        rows.append([_text(v) for v in header])
        width = max(len(header), 1)
        streams += [values.iter_rows(min_row=2, max_col=width, values_only=True),
                    formulas.iter_rows(min_row=2, max_col=width)]
        for r, (row, source) in enumerate(zip(*streams[1:], strict=True), start=2):
            _within_caps(name, r, 0)
            for c, (value, cell) in enumerate(zip(row, source, strict=True), start=1):
                if value is None and getattr(cell, "data_type", None) == "f":
                    problems.append(Problem(Location(name, r, c), "formula",
                                            f"{values.title}!{cell.coordinate} holds the formula "
                                            f"{cell.value} but no computed value (the program "
                                            "that wrote the workbook did not calculate it); open "
                                            "and save it in Excel or LibreOffice, or type the "
                                            "value"))
            rows.append([_text(v) for v in row])
    except ModelError:
        raise
    except Exception as err:  # openpyxl raises many types for a broken workbook
        raise fail(f"not a readable .xlsx workbook: {err}") from None
    finally:
        for stream in streams:
            stream.close()
        for book in books:
            book.close()
    if problems:
        raise ModelError(problems)
    return rows


def _text(value: object) -> str:
    return "" if value is None else csv_value(str(value).strip())

class _Lines:
    """The lines of a CSV text (ended by LF, CR or CRLF, as a file opened with
    ``newline=""``), counting the characters read, so that an error can be located."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.read = 0  # characters handed to the reader
        self.record_start = 0  # where the record being read starts

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.read += len(line)
        return line


def _csv_problem(file: str, row: int, record: str, err: csv.Error) -> Problem:
    """Return the problem of a record the csv module refused: a cell over its size limit is
    located at its column (found by walking the record as the csv module does)."""
    limit = csv.field_size_limit()
    col, size, quoted, i = 1, 0, False, 0
    while i < len(record):
        ch = record[i]
        if quoted and ch == '"' and record[i + 1:i + 2] == '"':
            size, i = size + 1, i + 1  # a doubled quote is one character of the cell
        elif ch == '"' and (quoted or size == 0):
            quoted = not quoted
        elif ch == "," and not quoted:
            col, size = col + 1, 0
        else:
            size += 1
        if size > limit:
            return Problem(Location(file, row, col), "cell-too-long",
                           f"the cell is longer than {limit:,} characters; a cell holds a "
                           "name, a number or a list: shorten it")
        i += 1
    return Problem(Location(file, row), "csv", f"not a readable CSV table: {err}")
