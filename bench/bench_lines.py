"""Count the lines that run through boxes in every chart `orgchart build` draws.

Run from the repository root:  .venv/bin/python bench/bench_lines.py [--record LABEL]

For each model file under models/ that has a chart (as `orgchart build models` finds them),
the chart is laid out by Graphviz (JSON output), each line is flattened to a polyline, and
the script prints, per chart, how many lines pass through a box they do not start or end at
and through a frame (category box, outside bodies) they neither start nor end in (a line
enters a box when it comes 2 pt inside its border), then the same for lines that brush
one (pass within 3 pt outside it), the width in pixels of the PNG (96 dpi), and how far
off centre a leader stands above its groups (the largest, over the leaders with more than
one group: the leader's centre against the middle of its groups' frames, in % of their span;
"-" when no leader has two groups).
`--record LABEL` appends the charts with a line counted, and the totals, to
bench/RESULTS.md under LABEL.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from orgchart.tasks.modelfile import read_model
from orgchart.tasks.validate import models_folder
from orgchart.write.crossings import crossings_of_layout
from orgchart.write.helper import draw_contained

ROOT = Path(__file__).resolve().parent.parent


Row = tuple[str, int, int, int, int, int, str]

#: lines that pass within this many points outside a box or frame brush it
NEAR = -3.0


def off_centre(layout: dict[str, Any]) -> str:
    """The largest distance of a leader from the middle of its groups, in % of their span:
    a leader's groups are the frames its lines (or those of its row of points) end in."""
    objects = layout.get("objects", [])
    names = {o["_gvid"]: o["name"] for o in objects if "pos" in o}
    at = {o["name"]: float(o["pos"].split(",")[0]) for o in objects if "pos" in o}
    ends: dict[str, set[str]] = {}
    for e in layout.get("edges", []):
        tail = names[e["tail"]]
        leader = tail[4:].split("/")[0] if tail.startswith("bus:") and "/" in tail else tail
        ends.setdefault(leader, set()).add(names[e["head"]])
    worst: float | None = None
    for leader in sorted(set(ends) & set(at)):
        frames = [[float(v) for v in o["bb"].split(",")] for o in objects
                  if o["name"].startswith("cluster") and "bb" in o
                  and {names.get(n) for n in o.get("nodes", [])} & ends.get(leader, set())
                  and leader not in {names.get(n) for n in o.get("nodes", [])}]
        if len(frames) < 2:
            continue
        left, right = min(f[0] for f in frames), max(f[2] for f in frames)
        off = abs(at[leader] - (left + right) / 2) / (right - left) * 100
        worst = off if worst is None else max(worst, off)
    return "-" if worst is None else f"{worst:.0f}"


def measure() -> list[Row]:
    """Return per chart: model, lines through boxes, through frames, lines that brush a box,
    that brush a frame (pass within 3 pt of it), width px, leader off centre %."""
    rows = []
    for path in models_folder(ROOT / "models"):
        file = read_model(path)
        if not file.has_chart or file.failure is not None:
            continue
        data, _ = draw_contained(file.to_dot(), "json")
        layout = json.loads(data)
        found, near = crossings_of_layout(layout), crossings_of_layout(layout, NEAR)
        pad = float(layout.get("pad", "0")) * 72  # inches to points, each side
        width = round((float(layout["bb"].split(",")[2]) + 2 * pad) * 96 / 72)
        rows.append((str(path.relative_to(ROOT)), found.lines_through_boxes,
                     found.lines_through_clusters, near.lines_through_boxes,
                     near.lines_through_clusters, width, off_centre(layout)))
    return rows


def table(rows: list[Row], every: bool = True) -> str:
    """The rows as a Markdown table (``every=False``: only charts with a line counted)."""
    lines = ["| chart | through boxes | through frames | brushing boxes | brushing frames "
             "| width px | off centre % |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += ["| " + " | ".join(str(v) for v in r) + " |" for r in rows
              if every or any((r[1], r[2], r[3], r[4]))]
    lines.append("| total (" + str(len(rows)) + " charts) | "
                 + " | ".join(str(sum(int(r[i]) for r in rows)) for i in range(1, 5)) + " | | |")
    return "\n".join(lines)


def main() -> None:
    rows = measure()
    print(table(rows))
    text = table(rows, every=False)
    if len(sys.argv) == 3 and sys.argv[1] == "--record":
        with open(ROOT / "bench/RESULTS.md", "a", encoding="utf-8") as f:
            f.write(f"\n## Lines through boxes ({sys.argv[2]}, {dt.date.today()})\n\n"
                    "bench/bench_lines.py: per chart of `orgchart build models`, the lines "
                    "that pass through a box they do not join, and through a frame they "
                    "neither start nor end in.\n\n" + text + "\n")


if __name__ == "__main__":
    main()
