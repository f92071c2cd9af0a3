"""Bundled lines of the reform chart: a fan of links drawn as one trunk and short branches.

Links of one kind that share an end (an outside body's posts moved down to many units; the
units merged into one centre) are drawn through a junction point: one trunk between the
shared end and the junction, a short branch to each other end. Lines are bundled, units are
never reordered: both columns keep their declared order (see :mod:`orgchart.charts.reorg`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .markup import attrs, quote

__all__ = ["Fan", "Link", "bundle", "fan_lines", "link_line"]

#: The weight of a fan's trunk and branches (a plain line weighs 1): measured in
#: bench/bench_crossings.py, 5 crosses fewer lines than 1 or 10 (bench/RESULTS.md).
FAN_WEIGHT = "5"

#: (old id, new id, link kind, functions moved): one line of the reform chart.
Link = tuple[str, str, str, tuple[str, ...]]


@dataclass(frozen=True)
class Fan:
    """Links of one ``kind`` sharing an end: from one old unit (``out``) or into one new."""

    kind: str
    out: bool
    end: str
    links: tuple[Link, ...]

    @property
    def junction(self) -> str:
        """The DOT name of the junction point."""
        return f"{'fan-out' if self.out else 'fan-in'}:{self.kind}:{self.end}"


def bundle(links: Sequence[Link]) -> tuple[list[Fan], list[Link]]:
    """Return the fans (two or more links of a kind sharing an end) and the lone links.

    The largest fan is taken first (a fan-out before a fan-in of the same size, then by
    id), and a link belongs to one fan at most; the result follows the links' order.
    """
    left = list(links)
    fans: list[Fan] = []
    while True:
        groups: dict[tuple[bool, str, str], list[Link]] = {}
        for lk in left:
            groups.setdefault((True, lk[2], lk[0]), []).append(lk)
            groups.setdefault((False, lk[2], lk[1]), []).append(lk)
        best = min(groups.items(), key=lambda g: (-len(g[1]), not g[0][0], g[0][1:]),
                   default=None)
        if best is None or len(best[1]) < 2:
            break
        (out, kind, end), members = best
        fans.append(Fan(kind, out, end, tuple(members)))
        left = [lk for lk in left if lk not in members]
    first = {lk: i for i, lk in enumerate(links)}
    fans.sort(key=lambda f: first[f.links[0]])
    return fans, left


def link_line(src: str, dst: str, style: dict[str, Any]) -> str:
    """Return the DOT statement of one line."""
    return f"  {quote(src)} -> {quote(dst)} {attrs(style)}"


def fan_lines(fan: Fan, style: dict[str, Any], point: dict[str, Any],
              labels: dict[Link, dict[str, Any]]) -> list[str]:
    """Return the DOT statements of a fan: its junction, trunk and branches.

    ``style`` draws the fan's kind of link, ``point`` the junction, and ``labels`` gives a
    branch its label (the functions its link moved).
    """
    j = fan.junction
    out = [f"  {quote(j)} {attrs({**point, 'color': style.get('color', point['color'])})}"]
    # heavy lines: Graphviz keeps them short and straight, so fans swing less across others
    style = {**style, "weight": FAN_WEIGHT}
    bare = {**style, "arrowhead": "none"}
    if fan.out:
        out.append(link_line("b:" + fan.end, j, bare))
        out += [link_line(j, "a:" + lk[1], {**style, **labels.get(lk, {})})
                for lk in fan.links]
    else:
        out += [link_line("b:" + lk[0], j, {**bare, **labels.get(lk, {})})
                for lk in fan.links]
        out.append(link_line(j, "a:" + fan.end, style))
    return out
