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

from . import vocab
from .check import check
from .errors import Location, ModelError, OrgChartError, Problem
from .model import Structure
from .schema import FunctionDef, Ident, Staffing, Unit
from .validation import suggest
from .yamlsource import read_text

__all__ = ["read_table", "table_to_structure", "COLUMNS"]

_LISTS = ("functions", "nameplates")
_TEXT = ("id", "parent", "name", "name_en", "short_name", "kind", "category", "public_class",
         "funding", "rank", "verified")
#: Accepted column names: the English key, or the Chinese label of a staffing type.
COLUMNS: dict[str, str] = {c: c for c in (*_TEXT, *_LISTS, *Staffing.model_fields)}
COLUMNS.update({zh: key for key, (zh, _en) in vocab.STAFF_TYPES.items()})
COLUMNS.update({"名称": "name", "上级": "parent", "类别": "category", "类型": "kind",
                "规格": "rank", "职能": "functions", "挂牌": "nameplates"})


def read_table(path: str | os.PathLike[str]) -> list[list[str]]:
    """Return the rows of a .csv (UTF-8) or .xlsx file (first sheet) as text cells.

    Raises:
        ModelError: the file cannot be read.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise ModelError([Problem(Location(name), "file", f"{suffix} workbooks cannot be read; "
                                  "save the sheet as .xlsx or .csv (UTF-8)")])
    if suffix == ".xlsx":
        try:
            import openpyxl

            book = openpyxl.load_workbook(name, read_only=True, data_only=True)
        except FileNotFoundError:
            raise ModelError([Problem(Location(name), "file", "no such file")]) from None
        except Exception as err:  # openpyxl raises many types for a broken workbook
            raise ModelError([Problem(Location(name), "file",
                                      f"not a readable .xlsx workbook: {err}")]) from None
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in row]
                for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    text = read_text(path)
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def table_to_structure(path: str | os.PathLike[str], structure_id: str | None = None,
                       name: str | None = None) -> Structure:
    """Read a unit table into a structure; every bad cell is a problem at file:row:column.

    The first row names the columns (see :data:`COLUMNS`; Chinese staffing labels such as
    行政编制 are accepted). Lists are separated with ``;``. Function ids that are used get
    catalogue entries named after them.

    Raises:
        ModelError: unknown columns, bad cells, no units at all, or a structure that fails
            its checks.
        OrgChartError: ``structure_id`` is not a valid id (without one, the file name gives
            one, with spaces and commas made dashes).
    """
    file = os.fspath(path)
    rows = [r for r in read_table(path)]
    if not rows or not any(rows[0]):
        raise ModelError([Problem(Location(file), "empty-file", "the table is empty; the "
                                  "first row must name the columns (id, parent, name, ...)")])
    header, problems = _header(file, rows[0])
    units: list[Unit] = []
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        unit = _unit(file, r, header, row, problems)
        if unit is not None:
            units.append(unit)
    if not units and not problems:
        problems.append(Problem(Location(file, 2), "empty-file", "the table has no units, only "
                                "its header row; add one row per unit below it"))
    if problems:
        raise ModelError(problems)
    used = sorted({f for u in units for f in u.functions})
    stem = Path(file).stem
    s = Structure(_structure_id(structure_id, stem), name or stem, units=tuple(units), path=file,
                  functions={f: FunctionDef(name=f) for f in used},
                  where=Location(file))
    errors = [p for p in check(s) if p.severity == "error"]
    if errors:
        raise ModelError(errors)
    return s


def _structure_id(given: str | None, stem: str) -> str:
    """Return ``given`` if it is a valid id, else refuse; without one, an id made of ``stem``."""
    adapter: TypeAdapter[str] = TypeAdapter(Ident)
    if given:
        try:
            return adapter.validate_python(given)
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
        header[c] = key
    for need in ("id", "name", "kind", "category"):
        if need not in header.values():
            problems.append(Problem(Location(file, 1, 1), "missing-column",
                                    f"the table needs a column {need!r}"))
    return header, problems


def _unit(file: str, r: int, header: dict[int, str], row: list[str],
          problems: list[Problem]) -> Unit | None:
    data: dict[str, Any] = {}
    staffing: dict[str, Any] = {}
    where: dict[str, int] = {}
    for c, key in header.items():
        cell = row[c - 1] if c - 1 < len(row) else ""
        where[key] = c
        if cell == "":
            continue
        if key in Staffing.model_fields:
            try:
                number = float(cell)
            except ValueError:
                number = -1.5
            if not math.isfinite(number) or number != int(number) or number < 0:
                problems.append(Problem(Location(file, r, c), "type",
                                        f"{key}: expected a whole number >= 0, not {cell!r}"))
                continue
            staffing[key] = int(number)
        elif key in _LISTS:
            data[key] = [x.strip() for x in cell.replace("；", ";").split(";") if x.strip()]
        elif key == "verified":
            data[key] = cell.lower() in ("true", "yes", "1", "是")
        else:
            data[key] = cell
    if staffing:
        data["staffing"] = staffing
    try:
        return Unit.model_validate(data)
    except ValueError as err:
        for e in getattr(err, "errors", lambda: [])():
            field = str(e["loc"][0]) if e["loc"] else "id"
            col = where.get(field, 1)
            message = e["msg"] if e["type"] != "missing" else f"the {field!r} cell is empty"
            problems.append(Problem(Location(file, r, col), "type", f"{field}: {message}"))
        return None
