"""Accounting benchmark: the time to account the shipped 沙市镇 plan, in process.

Each tree (this one, and any given with --baseline) is run in its own fresh process with
the same Python (``python -P``, PYTHONPATH=tree): the plan is loaded once, then
``account`` (engine run + every rule) is timed ``--runs`` times; medians are printed, with
the ratio to each baseline. Trees alternate so that all see the same load.

Run from the repository root:  .venv/bin/python bench/bench_account.py --baseline /tmp/main
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = "models/liuyang/reform/shashi-reform.yaml"
CHILD = """
import json, sys, time
import orgchart
from orgchart.rules.accounting import account
plan = orgchart.load_plan(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    acc = account(plan)
    times.append(time.perf_counter() - t0)
print(json.dumps({"times": times, "ok": acc.ok, "file": orgchart.__file__}))
"""


def one(tree: Path, runs: int) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-P", "-c", CHILD, str(tree / PLAN), str(runs)],
                         cwd=tree, env={"PYTHONPATH": str(tree)}, capture_output=True,
                         text=True, check=True)
    data: dict[str, object] = json.loads(out.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="append", default=[], type=Path)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = [ROOT, *args.baseline]
    times: dict[Path, list[float]] = {t: [] for t in trees}
    for _ in range(args.rounds):
        for tree in trees:
            data = one(tree, args.runs)
            assert str(data["file"]).startswith(str(tree)), data["file"]
            times[tree] += list(data["times"])  # type: ignore[call-overload]
    mine = statistics.median(times[ROOT])
    for tree in trees:
        med = statistics.median(times[tree])
        print(f"{tree}: median {med * 1000:.2f} ms over {len(times[tree])} runs; "
              f"this/it {mine / med:.2f}")


if __name__ == "__main__":
    main()
