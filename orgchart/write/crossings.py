"""Where a chart's lines run over boxes: lay the DOT text out with Graphviz (JSON output),
flatten each drawn line to a polyline and find the boxes and the frames (clusters) it passes
through without starting or ending there."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .helper import draw_contained

__all__ = ["INSET", "Crossings", "crossings", "crossings_of_layout", "flatten"]

#: a box is entered when a line comes this many points inside its border (lines start on it)
INSET = 2.0
#: points per bezier segment when flattening a line
_STEPS = 8

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]


@dataclass
class Crossings:
    """The lines (tail, head) that pass through a box they do not join (``boxes``: with the
    box's node name) and through a frame they neither start nor end in (``clusters``)."""

    boxes: list[tuple[str, str, str]] = field(default_factory=list)
    clusters: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def lines_through_boxes(self) -> int:
        """The number of lines that pass through at least one box they do not join."""
        return len({(t, h) for t, h, _ in self.boxes})

    @property
    def lines_through_clusters(self) -> int:
        """The number of lines that pass through at least one frame they do not join."""
        return len({(t, h) for t, h, _ in self.clusters})


def crossings(dot: str) -> Crossings:
    """Lay ``dot`` out with the dot engine and return the lines that run through boxes.

    Raises:
        GraphvizCrash: Graphviz aborted laying the chart out.
    """
    data, _ = draw_contained(dot, "json")
    return crossings_of_layout(json.loads(data))


def flatten(points: Sequence[Sequence[float]], steps: int = _STEPS) -> list[Point]:
    """Flatten a piecewise cubic bezier (1 + 3n control points) into a polyline."""
    out: list[Point] = [(points[0][0], points[0][1])]
    for i in range(0, len(points) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i:i + 4]
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _hits(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment a-b enters the open rectangle ``box`` (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = box
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q <= 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
        if lo >= hi:
            return False
    return True


def _through(line: list[Point], box: Box) -> bool:
    return any(_hits(a, b, box) for a, b in zip(line, line[1:], strict=False))


def _inset(box: Box, by: float) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def crossings_of_layout(layout: dict[str, Any], inset: float = INSET) -> Crossings:
    """Return the crossings of a chart laid out by Graphviz (its ``-Tjson`` output, parsed).

    A line crosses a box or frame when it comes ``inset`` points inside its border (a
    negative ``inset`` also counts the lines that pass that close outside it).
    Boxes are the nodes drawn as shapes other than points (a bus point is part of a line);
    frames are the clusters, except one around every box (a chart's title frame).
    """
    objects: list[dict[str, Any]] = layout.get("objects", [])
    names = {o["_gvid"]: o["name"] for o in objects if "pos" in o}
    boxes: dict[str, Box] = {}
    for o in objects:
        if "pos" not in o or o.get("shape") == "point" or o.get("style") == "invis":
            continue
        x, y = (float(v) for v in o["pos"].split(","))
        w, h = float(o["width"]) * 36, float(o["height"]) * 36  # inches to half points
        boxes[o["name"]] = _inset((x - w, y - h, x + w, y + h), inset)
    clusters: dict[str, tuple[Box, set[str]]] = {}
    for o in objects:
        if o["name"].startswith("cluster") and "bb" in o:
            members = {names[n] for n in o.get("nodes", []) if n in names}
            if len(members) < len(names):
                x0, y0, x1, y1 = (float(v) for v in o["bb"].split(","))
                clusters[o["name"]] = (_inset((x0, y0, x1, y1), inset), members)
    found = Crossings()
    for e in layout.get("edges", []):
        beziers = [op["points"] for op in e.get("_draw_", []) if op.get("op") == "b"]
        if not beziers:
            continue  # invisible
        tail, head = names[e["tail"]], names[e["head"]]
        line = [p for points in beziers for p in flatten(points)]
        found.boxes += [(tail, head, n) for n, box in sorted(boxes.items())
                        if n not in (tail, head) and _through(line, box)]
        found.clusters += [(tail, head, c) for c, (box, members) in sorted(clusters.items())
                           if tail not in members and head not in members
                           and _through(line, box)]
    return found
