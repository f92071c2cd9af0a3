"""Count the lines that run through boxes in every chart `orgchart build` draws.

Run from the repository root:  .venv/bin/python bench/bench_lines.py [--record LABEL]

For each model file under models/ that has a chart (as `orgchart build models` finds them),
the chart is laid out by Graphviz (JSON output), each line is flattened to a polyline, and
the script prints, per chart, how many lines pass through a box they do not start or end at
and through a frame (category box, outside bodies) they neither start nor end in (a line
enters a box when it comes 2 pt inside its border), then the same for lines that brush
one (pass within 3 pt outside it), and the width in pixels of the PNG (96 dpi).
`--record LABEL` appends the charts with a line counted, and the totals, to
bench/RESULTS.md under LABEL.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from orgchart.tasks.modelfile import read_model
from orgchart.tasks.validate import models_folder
from orgchart.write.crossings import crossings_of_layout
from orgchart.write.helper import draw_contained

ROOT = Path(__file__).resolve().parent.parent


Row = tuple[str, int, int, int, int, int]

#: lines that pass within this many points outside a box or frame brush it
NEAR = -3.0


def measure() -> list[Row]:
    """Return per chart: model, lines through boxes, through frames, lines that brush a box,
    that brush a frame (pass within 3 pt of it), width px."""
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
                     near.lines_through_clusters, width))
    return rows


def table(rows: list[Row], every: bool = True) -> str:
    """The rows as a Markdown table (``every=False``: only charts with a line counted)."""
    lines = ["| chart | through boxes | through frames | brushing boxes | brushing frames "
             "| width px |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += ["| " + " | ".join(str(v) for v in r) + " |" for r in rows
              if every or any(r[1:5])]
    lines.append("| total (" + str(len(rows)) + " charts) | "
                 + " | ".join(str(sum(r[i] for r in rows)) for i in range(1, 5)) + " | |")
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
