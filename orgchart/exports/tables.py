"""Flat CSV tables: one row per unit, and one row per relation."""

from __future__ import annotations

import csv
import io

from ..model import Structure
from ..schema import Staffing

__all__ = ["UNIT_COLUMNS", "RELATION_COLUMNS", "units_csv", "relations_csv"]

STAFF_COLUMNS: tuple[str, ...] = tuple(Staffing.model_fields)
UNIT_COLUMNS: tuple[str, ...] = ("id", "parent", "name", "name_en", "short_name", "kind",
                                 "category", "public_class", "funding", "rank",
                                 *STAFF_COLUMNS, "functions", "nameplates", "verified")
RELATION_COLUMNS: tuple[str, ...] = ("source", "target", "type", "note")


def _write(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def units_csv(s: Structure) -> str:
    """Return the units table: id, parent, names, kind, category, rank, staffing, functions.

    Lists (functions, nameplates) are joined with ``;``; an empty staffing cell is 0 (or,
    for ``actual``, unknown).
    """
    rows = []
    for u in s.units:
        st = u.staffing
        rows.append([u.id, u.parent or "", u.name, u.name_en or "", u.short_name or "", u.kind,
                     u.category, u.public_class or "", u.funding or "", u.rank or "",
                     *("" if getattr(st, k) is None else str(getattr(st, k))
                       for k in STAFF_COLUMNS),
                     ";".join(u.functions), ";".join(u.nameplates),
                     "true" if s.is_verified(u) else "false"])
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
