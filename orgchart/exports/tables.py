"""Flat CSV tables: one row per unit (and per outside body), and one row per relation."""

from __future__ import annotations

from ..base.cells import (
    RELATION_COLUMNS,
    csv_cell,
    csv_value,
    join_list,
    relations_path,
    split_list,
    write_csv,
)
from ..base.when import When
from ..model.structure import Structure
from ..schema.structure import FunctionDef, Staffing
from .canonical import STRUCTURE_SCALARS

__all__ = ["UNIT_COLUMNS", "RELATION_COLUMNS", "units_csv", "relations_csv", "relations_path",
           "csv_warning", "write_csv", "csv_cell", "csv_value", "join_list", "split_list"]

STAFF_COLUMNS: tuple[str, ...] = tuple(Staffing.model_fields)
UNIT_COLUMNS: tuple[str, ...] = ("id", "parent", "name", "name_en", "short_name", "kind",
                                 "category", "public_class", "funding", "rank",
                                 *STAFF_COLUMNS, "functions", "nameplates", "verified",
                                 "staffing_estimated", "outside_body", "level", "valid_from",
                                 "valid_to")


def units_csv(s: Structure) -> str:
    """Return the units table: id, parent, names, kind, category, rank, staffing, functions,
    dates (as written: ``2019``, ``about 2019-06``, ``?``).

    Lists (functions, nameplates) are joined with ``;`` (see :func:`join_list`); a cell
    that a spreadsheet would run as a formula starts with ``'`` (see :func:`csv_cell`); an
    empty staffing cell is not known (0 is written 0); ``verified`` and
    ``staffing_estimated`` are each unit's own, or else its structure's. Outside bodies follow the
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
                     "true" if s.is_verified(u) else "false",
                     "true" if s.is_estimated(u) else "false", "", "",
                     _date(u.valid_from), _date(u.valid_to)])
    for b in s.outside:
        row = dict.fromkeys(UNIT_COLUMNS, "")
        row.update(id=b.id, name=b.name, name_en=b.name_en or "", kind=b.kind,
                   outside_body="true", level=b.level or "")
        rows.append(list(row.values()))
    return write_csv(UNIT_COLUMNS, rows)


def _date(when: When | None) -> str:
    return "" if when is None else str(when)


def relations_csv(s: Structure) -> str:
    """Return the relations table: leadership (parent) edges and typed links."""
    rows = []
    for u in s.units:
        if u.parent:
            rows.append([u.parent, u.id, "leadership", ""])
        for link in u.links:
            rows.append([link.with_, u.id, link.type, link.note or ""])
    return write_csv(RELATION_COLUMNS, rows)


def csv_warning(s: Structure) -> str:
    """Return a one-line warning naming what of ``s`` the CSV tables leave out.

    The tables carry units (with their links, in the relations table) and outside bodies;
    the structure's own fields (at least its id and name and dates), notes and sources are in
    the YAML form only.
    """
    fields = ["id", "name", *(k for k in STRUCTURE_SCALARS if getattr(s, k) is not None)]
    fields += [k for k in ("template", "staffing_estimated", "sources") if getattr(s, k)]
    fields += ["evidence"] if s.default_evidence else []
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
            ("unit", s.units, ("note", "sources")),
            ("outside-body", s.outside, ("note", "sources"))):
        for key in keys:
            n = sum(getattr(x, key) not in (None, ()) for x in items)
            if n:
                lost.append(f"{what} {'notes' if key == 'note' else key} ({n})")
    graded = sum(bool(u.facts) or u.evidence not in (None, "verified", "inferred")
                 for u in s.units)
    if graded:  # the table says only verified true/false and staffing_estimated
        lost.append(f"unit evidence levels per fact ({graded}; the table keeps verified and "
                    "staffing_estimated)")
    return ("warning: the CSV tables leave out " + "; ".join(lost)
            + "; export --to yaml keeps everything")
