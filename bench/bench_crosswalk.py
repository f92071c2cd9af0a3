"""Time the crosswalk of the shipped 沙市镇 plan, for this source tree and baseline trees.

Run from the repository root:
    git archive BASE orgchart | tar -x -C /tmp/base     # the old code, for a baseline
    .venv/bin/python bench/bench_crosswalk.py --baseline base=/tmp/base [--rounds 5]
Each tree runs in its own process with this venv's Python (PYTHONPATH, python -P); the
plan is accounted once, then the crosswalk is computed afresh N times (the cached property's
function), the trees' rounds alternating. Prints the median per call and ratios (this tree
/ each baseline); nothing is written to RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "models/liuyang/reform/shashi-reform.yaml"
CODE = """
import sys, time
import orgchart
from orgchart.rules.accounting import Accounting, account
acc = account(orgchart.load_plan(sys.argv[1]))
n = int(sys.argv[2])
make = Accounting.crosswalk.func
start = time.perf_counter()
for _ in range(n):
    make(acc)
print((time.perf_counter() - start) / n)
"""


def once(src: Path, calls: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-P", "-c", CODE, str(PLAN), str(calls)],
                         env=env, check=True, capture_output=True, text=True).stdout
    return float(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", action="append", default=[], metavar="NAME=SRC")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    trees = {"this": ROOT} | {b.split("=", 1)[0]: Path(b.split("=", 1)[1])
                               for b in args.baseline}
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, src in trees.items():
            times[name].append(once(src, args.calls))
    this = statistics.median(times["this"])
    for name in trees:
        median = statistics.median(times[name])
        ratio = "" if name == "this" else f"  this/{name} {this / median:.2f}"
        print(f"{name}: {median * 1e3:.3f} ms per crosswalk{ratio}")


if __name__ == "__main__":
    main()
