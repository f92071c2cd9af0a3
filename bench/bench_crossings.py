"""Measure the reform charts' line crossings on the laid-out chart; print a Markdown table.

Run from the repository root:  .venv/bin/python bench/bench_crossings.py [PLAN ...]
(default: every plan under models/ and the test plan tests/data/reorg/plan.yaml).

For each plan, the full and the delta ("only what changed") chart as ``orgchart render``
draws them: crossings counted on Graphviz's edge splines (bench/crossings.py), the number of
visible lines, and the chart's size in points. Record the numbers in bench/RESULTS.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossings import measure  # noqa: E402

import orgchart  # noqa: E402
from orgchart.model.plan import Reorganisation  # noqa: E402
from orgchart.rules.accounting import account  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def plans() -> list[Path]:
    found = [p for p in sorted((ROOT / "models").rglob("*.yaml"))
             if "history" not in p.parts
             and re.search(r"^reorganisation:", p.read_text(encoding="utf-8"), re.M)]
    return [*found, ROOT / "tests/data/reorg/plan.yaml"]


def main(args: list[str]) -> None:
    print("| plan | view | crossings | lines | width × height (pt) |")
    print("| --- | --- | ---: | ---: | --- |")
    for path in [Path(a) for a in args] or plans():
        plan = orgchart.load(path)
        if not isinstance(plan, Reorganisation):
            continue
        acc = account(plan)
        for view in ("full", "delta"):
            got = measure(orgchart.reorg_to_dot(acc, view=view))
            name = path.resolve().relative_to(ROOT)
            print(f"| {name} | {view} | {got.crossings} | {got.edges} | "
                  f"{got.width:.0f} × {got.height:.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
