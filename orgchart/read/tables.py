"""Read a flat unit table (CSV or .xlsx), the way staffing offices keep their lists: turn
its rows (read by :mod:`.sheets`) into a structure, each problem at file:row:column."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..base import vocab
from ..base.cells import RELATION_COLUMNS, relations_path, split_list
from ..base.errors import Location, ModelError, OrgChartError, Problem
from ..base.locations import KeyPath, SourceMap
from ..base.text import suggest
from ..model.structure import Origin, Structure
from ..schema.structure import FunctionDef, Ident, Link, OutsideBody, Staffing, Unit
from .inputs import control_character
from .sheets import read_table

__all__ = ["read_table", "table_structure", "COLUMNS"]

_LISTS = ("functions", "nameplates")
_TEXT = ("id", "parent", "name", "name_en", "short_name", "kind", "category", "public_class",
         "funding", "rank", "verified", "staffing_estimated", "outside_body", "level",
         "valid_from", "valid_to")
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
    if any(p.code == "missing-column" for p in problems):  # no row can be read: say so once
        raise ModelError(problems)
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
    missing = [need for need in ("id", "name", "kind", "category")
               if need not in header.values()]
    if missing:
        problems.append(Problem(Location(file, 1, 1), "missing-column", (
            f"the first row must name the columns; {', '.join(map(repr, missing))} "
            f"{'is' if len(missing) == 1 else 'are'} missing (a units table as "
            "'orgchart export --to csv' writes it has id, parent, name, kind, category, ...)")))
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
            if vocab.is_unknown(cell):  # written unknown: as an empty cell, not known
                continue
            try:
                number = float(cell)
            except ValueError:
                number = -1.5
            if not math.isfinite(number) or number != int(number) or number < 0:
                problems.append(Problem(Location(file, r, c), "bad-value",
                                        f"{key}: expected a whole number >= 0 (or unknown), "
                                        f"not {cell!r}"))
                continue
            staffing[key] = int(number)
        elif key in _LISTS:
            data[key] = split_list(cell)
        elif key in ("verified", "staffing_estimated"):
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
