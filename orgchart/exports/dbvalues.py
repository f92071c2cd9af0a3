"""Values as the SQLite export stores them: dates as written with their first and last
days, and the posts an event moves (shared by :mod:`orgchart.exports.database` and
:mod:`orgchart.exports.dbhistory`)."""

from __future__ import annotations

from typing import Any

from ..base.when import When

__all__ = ["dated", "moves"]


def dated(when: When | None) -> tuple[str | None, str | None, str | None]:
    """Return a date as written, and the first and last day it may mean (None: unknown).

    >>> dated(When.parse("about 2021"))
    ('about 2021', '2020-01-01', '2022-12-31')
    """
    if when is None or not when.known:
        return (None if when is None else str(when)), None, None
    return str(when), when.earliest().isoformat(), when.latest().isoformat()


def moves(data: dict[str, Any]) -> list[tuple[str | None, str | None, str, int]]:
    """Return the posts an event (as JSON data) moves: (from, to, staffing type, posts);
    None: nowhere (ended)."""
    out: list[tuple[str | None, str | None, str, int]] = []
    kind = data["type"]
    if kind == "transfer-staffing":
        out += [(data["from"], data["to"], k, n) for k, n in data["staffing"].items()]
    elif kind == "abolish":
        out += [(data["unit"], dst, k, n) for dst, d in data.get("staffing_to", {}).items()
                for k, n in d.items()]
    elif kind == "split":
        out += [(data["unit"], part["unit"], k, n) for part in data["into"]
                for k, n in part.get("staffing", {}).items()]
    if kind in ("abolish", "split"):
        out += [(data["unit"], None, k, n) for k, n in data.get("end_staffing", {}).items()]
    elif kind == "merge":
        out += [(data["into"], None, k, n) for k, n in data.get("end_staffing", {}).items()]
    return out
