"""The office reports of the county (浏阳市: 本级 and 32 towns, one sheet each): the tables
built, then each report written as a workbook. Best of ``--runs`` runs, in milliseconds,
with the number of cells (copy the lines into bench/RESULTS.md).

Run from the repository root:  .venv/bin/python bench/bench_reports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from orgchart.read.loader import load
from orgchart.tasks.report import report_bytes
from orgchart.views.reports import problems, roster, usage

COUNTY = "models/liuyang/county.yaml"


def _best(runs: int, job: Callable[[], object]) -> float:
    job()  # warm: imports, the check cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    model = load(COUNTY)
    for kind, build in (("roster", roster), ("usage", usage), ("problems", problems)):
        tables = build(model)
        cells = sum(len(t.rows()) * t.width for t in tables)
        built = _best(runs, lambda: build(model))  # noqa: B023 (called in this iteration)
        written = _best(runs, lambda: report_bytes(model, kind, "xlsx"))  # noqa: B023
        print(f"{kind:9} {len(tables):3} sheets {cells:6} cells  tables {built:6.0f} ms  "
              f"xlsx {written:6.0f} ms")


if __name__ == "__main__":
    main()
