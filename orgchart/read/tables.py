"""Read a flat unit table (CSV or .xlsx), the way staffing offices keep their lists."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..base import vocab
from ..base.cells import RELATION_COLUMNS, csv_value, relations_path, split_list
from ..base.errors import Location, ModelError, OrgChartError, Problem
from ..base.locations import KeyPath, SourceMap
from ..base.text import suggest
from ..model.structure import Origin, Structure
from ..schema.structure import FunctionDef, Ident, Link, OutsideBody, Staffing, Unit
from .inputs import control_character
from .yamlsource import MAX_FILE_BYTES, read_text

__all__ = ["read_table", "table_structure", "COLUMNS"]

_LISTS = ("functions", "nameplates")
_TEXT = ("id", "parent", "name", "name_en", "short_name", "kind", "category", "public_class",
         "funding", "rank", "verified", "outside_body", "level")
#: Accepted column names: the English key, or the Chinese label of a staffing type.
COLUMNS: dict[str, str] = {c: c for c in (*_TEXT, *_LISTS, *Staffing.model_fields)}
COLUMNS.update({zh: key for key, (zh, _en) in vocab.STAFF_TYPES.items()})
COLUMNS.update({"名称": "name", "上级": "parent", "类别": "category", "类型": "kind",
                "规格": "rank", "职能": "functions", "挂牌": "nameplates",
                "外部机构": "outside_body"})
#: The cells an outside body row may fill.
_BODY_KEYS = ("id", "name", "name_en", "kind", "level")
_TRUE = ("true", "yes", "1", "是")
_FALSE = ("", "false", "no", "0", "否")
#: Rows a table may have below its header, and columns (of a workbook, only the header's
#: columns are read); the CSV text itself is capped at MAX_FILE_BYTES.
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
        if info.st_size > MAX_FILE_BYTES:
            raise fail(f"file is {info.st_size} bytes, over the {MAX_FILE_BYTES} byte limit; "
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


def table_structure(path: str | os.PathLike[str], structure_id: str | None = None,
                    name: str | None = None, relations: str | os.PathLike[str] | None = None
                    ) -> tuple[Structure, list[Problem]]:
    """Read a unit table into a structure, not checked yet (see ``import_table``), and
    return it with the table's own problems (bad cells, repeated ids), each at
    file:row:column, so that the checks' findings can be reported with them.

    The first row names the columns (see :data:`COLUMNS`; Chinese staffing labels such as
    行政编制 are accepted). Lists are separated with ``;`` (``\\;`` is a ``;`` inside an
    item). Function ids that are used get
    catalogue entries named after them. A row whose ``outside_body`` cell is true (yes, 1,
    是) is an outside body: it takes only id, name, name_en, kind and level.

    Links come from the relations table (columns source, target, type, note), as
    ``orgchart export --to csv`` writes it: ``relations``, or else ``NAME-relations.csv``
    beside the table if there is one. A leadership row that repeats a unit's ``parent``
    is that edge; any other row becomes a link of the target unit.

    Raises:
        ModelError: unknown columns, bad cells, repeated ids or no units at all; every
            problem is located at the table's row and column.
        OrgChartError: ``structure_id`` is not a valid id (without one, the file name gives
            one, with spaces and commas made dashes).
    """
    file = os.fspath(path)
    rows = [r for r in read_table(path)]
    if not rows or not any(rows[0]):
        raise ModelError([Problem(Location(file), "empty-file", "the table is empty; the "
                                  "first row must name the columns (id, parent, name, ...)")])
    header, problems = _header(file, rows[0])
    smap = SourceMap(file)
    units: list[Unit] = []
    outside: list[OutsideBody] = []
    first_row: dict[str, int] = {}
    duplicates: list[Problem] = []
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        cells: dict[KeyPath, Location] = {}
        item = _unit(file, r, header, row, problems, cells)
        if item is None:
            continue
        if item.id in first_row:
            duplicates.append(Problem(cells[("id",)], "duplicate-id",
                                      f"duplicate id {item.id!r} (first on row "
                                      f"{first_row[item.id]}); give every row its own id"))
            continue
        first_row[item.id] = r
        if isinstance(item, OutsideBody):
            outside.append(item)
            continue
        cells[()] = cells[("id",)]  # the row itself: its id cell
        for k, v in cells.items():
            smap.put(("units", len(units), *k), v)
        units.append(item)
    if not units and not outside and not problems and not duplicates:
        problems.append(Problem(Location(file, 2), "empty-file", "the table has no units, only "
                                "its header row; add one row per unit below it"))
    if problems:
        raise ModelError([*problems, *duplicates])
    origins: dict[str, tuple[Origin, ...]] = {u.id: (Origin(smap, ("units", i)),)
                                              for i, u in enumerate(units)}
    if relations is None and relations_path(file).is_file():
        relations = relations_path(file)
    if relations is not None:
        units = _links(os.fspath(relations), file, units, origins, problems)
    used = sorted({f for u in units for f in u.functions})
    stem = Path(file).stem
    for option, text in (("--id", structure_id or stem), ("--name", name or stem)):
        why = control_character(text)
        if why:
            raise OrgChartError(f"{option} {text!r}: {why}; give one with {option}")
    s = Structure(_structure_id(structure_id, stem), name or stem, units=tuple(units), path=file,
                  functions={f: FunctionDef(name=f) for f in used}, outside=tuple(outside),
                  origins=origins, where=Location(file))
    return s, [*problems, *duplicates]


def _links(file: str, units_file: str, units: list[Unit],
           origins: dict[str, tuple[Origin, ...]], problems: list[Problem]) -> list[Unit]:
    """Add the relations table's links to ``units``; bad rows go to ``problems``.

    Each unit gets a second origin in the relations table, so that check problems about
    its links are located at their row.
    """
    rows = read_table(file)
    if not rows or not any(rows[0]):
        problems.append(Problem(Location(file), "empty-file", "the relations table is empty; "
                                "its first row must be: source,target,type,note"))
        return units
    cols: dict[str, int] = {}
    for c, title in enumerate(rows[0], start=1):
        if title.strip() in RELATION_COLUMNS:
            cols[title.strip()] = c
        elif title.strip():
            problems.append(Problem(Location(file, 1, c), "unknown-column",
                                    f"unknown column {title!r}"
                                    f"{suggest(title.strip(), RELATION_COLUMNS)}; the "
                                    "relations table has: source, target, type, note"))
    missing = [k for k in RELATION_COLUMNS[:3] if k not in cols]
    for key in missing:
        problems.append(Problem(Location(file, 1, 1), "missing-column",
                                f"the relations table needs a column {key!r}"))
    if missing:
        return units
    index = {u.id: i for i, u in enumerate(units)}
    links: dict[str, list[Link]] = {u.id: [] for u in units}
    parent_seen: set[str] = set()
    rsmap = SourceMap(file)
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        cell = {k: (row[c - 1] if c - 1 < len(row) else "") for k, c in cols.items()}
        at = {k: Location(file, r, c) for k, c in cols.items()}
        target = cell["target"]
        if target not in index:
            problems.append(Problem(at["target"], "unknown-unit",
                                    f"target {target!r} is not a unit in {units_file}"
                                    f"{suggest(target, index)}; a relation runs from a unit "
                                    "or outside body (source) to a unit (target)"))
            continue
        unit = units[index[target]]
        kind = vocab.normalise(vocab.RELATIONS, cell["type"])
        if kind == "leadership" and target not in parent_seen and cell["source"] == unit.parent:
            parent_seen.add(target)  # the parent column's edge, written again
            continue
        try:
            link = Link.model_validate({"type": cell["type"], "with": cell["source"],
                                        "note": cell.get("note") or None})
        except ValueError as err:
            for e in getattr(err, "errors", lambda: [])():
                field = {"with": "source"}.get(str(e["loc"][0]) if e["loc"] else "", "type")
                problems.append(Problem(at.get(field, at["type"]), "bad-value",
                                        f"{field}: {e['msg']}"))
            continue
        path = ("units", index[target], "links", len(links[target]))
        for where, spot_at in ((path, "source"), ((*path, "with"), "source"),
                               ((*path, "type"), "type")):
            rsmap.put(where, at[spot_at])
        links[target].append(link)
    for uid, i in index.items():
        origins[uid] = (*origins[uid], Origin(rsmap, ("units", i)))
    return [u.model_copy(update={"links": tuple(links[u.id])}) if links[u.id] else u
            for u in units]


def _flag(file: str, r: int, c: int, key: str, cell: str, problems: list[Problem]
          ) -> bool | None:
    """Read a yes/no cell (true, yes, 1, 是 / false, no, 0, 否, empty); None if it is neither."""
    if cell.lower() in _TRUE:
        return True
    if cell.lower() in _FALSE:
        return False
    problems.append(Problem(Location(file, r, c), "bad-value",
                            f"{key}: expected true or false (or 是/否), not {cell!r}"))
    return None


_IDENT: TypeAdapter[str] = TypeAdapter(Ident)  # built once: building it is the slow part


def _structure_id(given: str | None, stem: str) -> str:
    """Return ``given`` if it is a valid id, else refuse; without one, an id made of ``stem``."""
    if given:
        try:
            return _IDENT.validate_python(given)
        except ValidationError:
            raise OrgChartError(f"--id {given!r} is not a valid structure id: ids have no "
                                "spaces, quotes, brackets, commas or '#'; e.g. "
                                f"{_made_id(given)!r}") from None
    return _made_id(stem)


def _made_id(text: str) -> str:
    return re.sub(r"[\s\"'<>&{}\[\],#]+", "-", text).strip("-")[:200] or "structure"


def _header(file: str, first: list[str]) -> tuple[dict[int, str], list[Problem]]:
    header: dict[int, str] = {}
    problems = []
    for c, title in enumerate(first, start=1):
        key = COLUMNS.get(title.strip())
        if key is None:
            if title.strip():
                problems.append(Problem(Location(file, 1, c), "unknown-column",
                                        f"unknown column {title!r}{suggest(title, COLUMNS)}; "
                                        "columns: id, parent, name, kind, category, admin, "
                                        "institution, ..., functions"))
            continue
        if key in header.values():
            twin = next(i for i, k in header.items() if k == key)
            problems.append(Problem(Location(file, 1, c), "repeated-column",
                                    f"column {title!r} means {key!r}, as column {twin} "
                                    "already does; keep one of them"))
            continue
        header[c] = key
    for need in ("id", "name", "kind", "category"):
        if need not in header.values():
            problems.append(Problem(Location(file, 1, 1), "missing-column",
                                    f"the table needs a column {need!r}"))
    return header, problems


def _unit(file: str, r: int, header: dict[int, str], row: list[str],
          problems: list[Problem], cells: dict[KeyPath, Location]
          ) -> Unit | OutsideBody | None:
    """Read one row; ``cells`` gets where each written value stands (key path -> cell)."""
    data: dict[str, Any] = {}
    staffing: dict[str, Any] = {}
    where: dict[str, int] = {}
    body = False
    for c, key in header.items():
        cell = row[c - 1] if c - 1 < len(row) else ""
        if key == "outside_body":
            flag = _flag(file, r, c, key, cell, problems)
            if flag is None:
                return None
            body = flag
    for c, key in header.items():
        cell = row[c - 1] if c - 1 < len(row) else ""
        where[key] = c
        if key == "id" or cell != "":
            cells[(key,)] = Location(file, r, c)
        if cell == "" or key == "outside_body":
            continue
        if body and key not in _BODY_KEYS:
            problems.append(Problem(Location(file, r, c), "misplaced-cell",
                                    f"{key}: an outside body row takes only "
                                    f"{', '.join(_BODY_KEYS)}; leave this cell empty, or make "
                                    "the row a unit (outside_body empty)"))
            continue
        if not body and key == "level":
            problems.append(Problem(Location(file, r, c), "misplaced-cell",
                                    "level: only outside bodies have a level; leave this cell "
                                    "empty, or mark the row outside_body = true"))
            continue
        if key in Staffing.model_fields:
            cells[("staffing", key)] = cells.pop((key,))
            # a staffing problem (leaders over quota) points at the heads cell, else the first
            if key == "heads" or ("staffing",) not in cells:
                cells[("staffing",)] = Location(file, r, c)
            try:
                number = float(cell)
            except ValueError:
                number = -1.5
            if not math.isfinite(number) or number != int(number) or number < 0:
                problems.append(Problem(Location(file, r, c), "bad-value",
                                        f"{key}: expected a whole number >= 0, not {cell!r}"))
                continue
            staffing[key] = int(number)
        elif key in _LISTS:
            data[key] = split_list(cell)
        elif key == "verified":
            flag = _flag(file, r, c, key, cell, problems)
            if flag is not None:
                data[key] = flag
        else:
            data[key] = cell
    if staffing:
        data["staffing"] = staffing
    try:
        return (OutsideBody if body else Unit).model_validate(data)
    except ValueError as err:
        for e in getattr(err, "errors", lambda: [])():
            field = str(e["loc"][0]) if e["loc"] else "id"
            col = where.get(field, 1)
            message = e["msg"] if e["type"] != "missing" else f"the {field!r} cell is empty"
            problems.append(Problem(Location(file, r, col), "bad-value", f"{field}: {message}"))
        return None
