"""Count line crossings on a laid-out chart, geometrically.

Graphviz lays the DOT text out (pygraphviz, the dot engine, as ``orgchart render`` does);
each visible edge's spline (its ``pos``: cubic Bézier control points) is flattened to a
polyline, and every point where two edges' polylines cross is counted. Two edges that share
a node are not compared: they meet at that node by design (a fan's branches at their
junction, a trunk and its branches), and counting their touching there would count the
drawing's joins as crossings. A junction carrying several lines is one edge (the trunk), so
it counts once.

Used by bench/bench_crossings.py; kept out of the package (it is a measuring tool).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygraphviz

from orgchart.write.crossings import flatten

Point = tuple[float, float]
_STEPS = 12  # line pieces per Bézier segment


@dataclass(frozen=True)
class Layout:
    """What a laid-out chart measures: its crossings, size (points) and edges."""

    crossings: int
    width: float
    height: float
    edges: int


def _polyline(pos: str) -> list[Point]:
    # "e,x,y s,x,y x,y x,y ...": the arrow end points are left out, the curve kept
    pts = [tuple(float(v) for v in tok.split(",")) for tok in pos.split()
           if not tok.startswith(("e,", "s,"))]
    return flatten([(p[0], p[1]) for p in pts], _STEPS)


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether segments pq and rs cross properly (touching at an end does not count)."""
    def side(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2, d3, d4 = side(r, s, p), side(r, s, q), side(p, q, r), side(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def _box(line: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    return min(xs), min(ys), max(xs), max(ys)


def _meets(a: list[Point], b: list[Point]) -> int:
    count = 0
    for i in range(len(a) - 1):
        ax = _box(a[i:i + 2])
        for j in range(len(b) - 1):
            bx = _box(b[j:j + 2])
            if ax[0] > bx[2] or bx[0] > ax[2] or ax[1] > bx[3] or bx[1] > ax[3]:
                continue
            count += _cross(a[i], a[i + 1], b[j], b[j + 1])
    return count


def measure(dot: str) -> Layout:
    """Lay ``dot`` out with the dot engine and return its crossings and size."""
    graph = pygraphviz.AGraph(string=dot)
    graph.layout(prog="dot")
    edges = []
    for e in graph.edges():
        if "invis" in (e.attr.get("style") or "") or not e.attr.get("pos"):
            continue
        # concentrate=true may draw an edge in pieces, separated by ";"
        edges += [((str(e[0]), str(e[1])), _polyline(piece))
                  for piece in e.attr["pos"].split(";")]
    boxes = [_box(line) for _, line in edges]
    crossings = 0
    for i, (ends, line) in enumerate(edges):
        for j in range(i + 1, len(edges)):
            other, box = edges[j], boxes[j]
            if set(ends) & set(other[0]):
                continue
            if (boxes[i][0] > box[2] or box[0] > boxes[i][2]
                    or boxes[i][1] > box[3] or box[1] > boxes[i][3]):
                continue
            crossings += _meets(line, other[1])
    x0, y0, x1, y1 = (float(v) for v in graph.graph_attr["bb"].split(","))
    return Layout(crossings, x1 - x0, y1 - y0, len({ends for ends, _ in edges}))
