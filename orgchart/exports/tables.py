"""Flat CSV tables: one row per unit (and per outside body), and one row per relation."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..model import Structure
from ..schema import FunctionDef, Staffing
from .canonical import STRUCTURE_SCALARS

__all__ = ["UNIT_COLUMNS", "RELATION_COLUMNS", "units_csv", "relations_csv", "relations_path",
           "csv_warning", "write_csv", "csv_cell", "csv_value", "join_list", "split_list"]

STAFF_COLUMNS: tuple[str, ...] = tuple(Staffing.model_fields)
UNIT_COLUMNS: tuple[str, ...] = ("id", "parent", "name", "name_en", "short_name", "kind",
                                 "category", "public_class", "funding", "rank",
                                 *STAFF_COLUMNS, "functions", "nameplates", "verified",
                                 "outside_body", "level")
RELATION_COLUMNS: tuple[str, ...] = ("source", "target", "type", "note")


#: A cell starting with one of these is a formula to Excel or LibreOffice (OWASP, CSV
#: injection), or starts with the quote that :func:`csv_cell` puts before them.
_QUOTE_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a leading + is read as a formula


def csv_cell(value: str) -> str:
    """Return ``value`` as a cell that no spreadsheet runs as a formula.

    A text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``, and
    so does a text that starts with ``'`` itself, so that :func:`csv_value` can take exactly
    one away. Plain numbers (``-3``) stay numbers.

    >>> csv_cell("=1+1"), csv_cell("'a"), csv_cell("-3"), csv_cell("镇")
    ("'=1+1", "''a", '-3', '镇')
    """
    if value.startswith(_QUOTE_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """Return the text of a cell written by :func:`csv_cell`: without one leading ``'``."""
    return cell[1:] if cell.startswith("'") else cell


def join_list(items: Iterable[str]) -> str:
    r"""Join ``items`` with ``;``, putting a ``\`` before ``\``, ``;`` and ``；`` in them.

    >>> print(join_list(["a;b", "c"]))
    a\;b;c
    """
    return ";".join(re.sub(r"([\\;；])", r"\\\1", x) for x in items)


_LIST_TOKEN = re.compile(r"\\[\\;；]|[;；]|[^\\;；]+|\\")


def split_list(cell: str) -> list[str]:
    r"""Split a list cell on ``;`` or ``；``, as :func:`join_list` wrote it.

    ``\;``, ``\；`` and ``\\`` stand for the character itself, any other ``\`` for
    itself; items are stripped and empty ones left out.

    >>> split_list(r"a\;b；c;;d\\")
    ['a;b', 'c', 'd\\']
    """
    items, item = [], ""
    for token in _LIST_TOKEN.findall(cell):
        if token in (";", "；"):
            items.append(item)
            item = ""
        else:
            item += token[1] if len(token) == 2 and token[0] == "\\" else token
    return [x.strip() for x in (*items, item) if x.strip()]


def write_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Return a CSV table, every cell made safe with :func:`csv_cell`."""
    # each row is written ending in CRLF, so that a cell holding a lone CR is quoted too
    # (the csv module quotes only the line ending's characters), then ends in LF
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([csv_cell(c) for c in row])
        buf.seek(buf.tell() - 2)
        buf.write("\n")
        buf.truncate()
    return buf.getvalue()


_write = write_csv


def units_csv(s: Structure) -> str:
    """Return the units table: id, parent, names, kind, category, rank, staffing, functions.

    Lists (functions, nameplates) are joined with ``;`` (see :func:`join_list`); a cell
    that a spreadsheet would run as a formula starts with ``'`` (see :func:`csv_cell`); an
    empty staffing cell is 0 (or, for ``actual``, unknown). Outside bodies follow the
    units, marked ``outside_body`` = ``true``; they fill only id, name, name_en, kind and
    level.
    """
    rows = []
    for u in s.units:
        st = u.staffing
        rows.append([u.id, u.parent or "", u.name, u.name_en or "", u.short_name or "", u.kind,
                     u.category, u.public_class or "", u.funding or "", u.rank or "",
                     *("" if getattr(st, k) is None else str(getattr(st, k))
                       for k in STAFF_COLUMNS),
                     join_list(u.functions), join_list(u.nameplates),
                     "true" if s.is_verified(u) else "false", "", ""])
    for b in s.outside:
        row = dict.fromkeys(UNIT_COLUMNS, "")
        row.update(id=b.id, name=b.name, name_en=b.name_en or "", kind=b.kind,
                   outside_body="true", level=b.level or "")
        rows.append(list(row.values()))
    return _write(UNIT_COLUMNS, rows)


def relations_csv(s: Structure) -> str:
    """Return the relations table: leadership (parent) edges and typed links."""
    rows = []
    for u in s.units:
        if u.parent:
            rows.append([u.parent, u.id, "leadership", ""])
        for link in u.links:
            rows.append([link.with_, u.id, link.type, link.note or ""])
    return _write(RELATION_COLUMNS, rows)


def relations_path(units_table: str | os.PathLike[str]) -> Path:
    """Return where the relations table of a units table goes: ``NAME-relations.csv`` beside it.

    >>> relations_path("out/town.csv").as_posix()
    'out/town-relations.csv'
    """
    path = Path(units_table)
    return path.with_name(path.stem + "-relations.csv")


def csv_warning(s: Structure) -> str:
    """Return a one-line warning naming what of ``s`` the CSV tables leave out.

    The tables carry units (with their links, in the relations table) and outside bodies;
    the structure's own fields (at least its id and name), notes, sources and dates are in
    the YAML form only.
    """
    fields = ["id", "name", *(k for k in STRUCTURE_SCALARS if getattr(s, k) is not None)]
    fields += [k for k in ("template", "staffing_estimated", "sources") if getattr(s, k)]
    lost = [f"the structure's {', '.join(fields)} (give import --id and --name)"]
    if s.members:
        lost.append(f"{len(s.members)} member structure(s) (export each one)")
    used = {f for u in s.units for f in u.functions}
    if any(fid not in used or f != FunctionDef(name=fid) for fid, f in s.functions.items()):
        lost.append("the function catalogue (the table keeps only the ids units use)")
    if s.kinds:
        lost.append("declared kinds")
    if s.caps:
        lost.append(f"{len(s.caps)} cap(s)")
    for what, items, keys in (
            ("unit", s.units, ("note", "sources", "valid_from", "valid_to",
                               "staffing_estimated")),
            ("outside-body", s.outside, ("note", "sources"))):
        for key in keys:
            n = sum(getattr(x, key) not in (None, ()) for x in items)
            if n:
                lost.append(f"{what} {'notes' if key == 'note' else key} ({n})")
    return ("warning: the CSV tables leave out " + "; ".join(lost)
            + "; export --to yaml keeps everything")
