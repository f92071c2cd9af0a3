"""The boxes of a group laid out as a grid that reads in declared order row by row, and the
lines from the group's leader to every box: a bus (a spine beside each column) or an edge."""

from __future__ import annotations

import math
from typing import Any

from .markup import attrs, quote

__all__ = ["grid_rows", "grid_lines", "first_of", "hub_of", "hub_lines"]


def grid_rows(ids: list[str], column: int, one_row: bool = False) -> list[list[str]]:
    """Return ``ids`` row by row: as few columns as keep each at most ``column`` boxes tall,
    filled left to right, then top to bottom; ``one_row`` puts them all side by side.

    >>> grid_rows(list("abcdefgh"), 6)
    [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]
    >>> grid_rows(list("abc"), 6)
    [['a'], ['b'], ['c']]
    """
    if one_row:
        return [ids]
    width = math.ceil(len(ids) / max(1, column))
    return [ids[i:i + width] for i in range(0, len(ids), width)]


def _bus(node: str) -> str:
    return "bus:" + node


def grid_lines(leader: str | None, rows: list[list[str]], theme: dict[str, Any],
               straight: bool = False) -> tuple[list[str], list[str]]:
    """Return the DOT lines that place and link the boxes of ``rows``: those that go inside
    the group's cluster, and those that go outside it (the lines from ``leader``).

    With one row the leader has an edge to each box; otherwise each column has a spine of
    small points, one beside each box, fed by the leader and with a short arrow into each box.
    ``straight``: the leader is a point above the group (:func:`hub_of`), kept straight above
    the group's first line.
    """
    inside: list[str] = []
    outside: list[str] = []
    bus = {**theme["bus"]}
    spine = {"arrowhead": "none", "weight": "20"}
    one_row = len(rows) == 1
    for r, row in enumerate(rows):
        order: list[str] = []
        for c, node in enumerate(row):
            if not one_row:
                point = _bus(node)
                inside.append(f"{quote(point)} {attrs(bus)}")
                inside.append(f"{quote(point)} -> {quote(node)}")
                below = rows[r + 1][c] if r + 1 < len(rows) and c < len(rows[r + 1]) else None
                if below is not None:
                    inside.append(f"{quote(point)} -> {quote(_bus(below))} {attrs(spine)}")
                order.append(point)
            order.append(node)
        if len(order) > 1:  # side by side in this order (a bus point is already linked)
            inside.append("{rank=same; " + "; ".join(quote(n) for n in order) + "}")
            inside += [f"{quote(a)} -> {quote(b)} [style=invis]"
                       for a, b in zip(order, order[1:], strict=False) if a in row]
    if leader is not None:
        for node in rows[0]:
            target, edge = (node, {}) if one_row else (_bus(node), {"arrowhead": "none"})
            if straight and node == rows[0][0]:
                edge = {**edge, "weight": "20"}
            outside.append(f"{quote(leader)} -> {quote(target)} {attrs(edge)}")
    return inside, outside


def first_of(rows: list[list[str]]) -> str:
    """Return the node that stands leftmost in the top row of a grid."""
    return rows[0][0] if len(rows) == 1 else _bus(rows[0][0])


def hub_of(leader: str, group: str) -> str:
    """Return the point above a group's frame where the line from its leader turns down."""
    return f"bus:{leader}/{group}"


def hub_lines(leader: str, hubs: dict[str, int], theme: dict[str, Any]) -> list[str]:
    """Return the DOT lines of the row of points between a leader and its groups' frames,
    one above each group in order, each fed by the leader: the row stands in a rank of its
    own, outside every frame, so the leader's lines turn along it, not across the frames.

    ``hubs``: each point and the number of columns of its group. A group pulls the leader
    as hard as it has columns, so the leader stands above the middle column of them all
    (a wide group of units does not leave it at one side).
    """
    out = [f"{quote(h)} {attrs(theme['bus'])}" for h in hubs]
    for h, columns in hubs.items():
        line = {"arrowhead": "none", **({"weight": str(columns)} if columns > 1 else {})}
        out.append(f"{quote(leader)} -> {quote(h)} {attrs(line)}")
    if len(hubs) > 1:
        out.append("{rank=same; " + " -> ".join(quote(h) for h in hubs) + " [style=invis]}")
    return out
