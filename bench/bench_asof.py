"""As-of over the national set: every town with a three-change history, against the
national accounting, both measured in the same run.

Builds the national set as bench/national.py does (41,352 towns from
../shared/data/township-divisions-2023.csv, each with its old layout and reform plan), and
gives every town a history (沿革) of three dated changes: a unit renamed (2019-06-30),
a nameplate added (about 2021-06) and a reform step (a unit renamed again with a new id,
2022-03-15). Then, on every ``step``-th town, one process times

- accounting: load the town's reform plan and account it (what the national run times);
- as-of: load the town's history, check it and take its structure on 2023-12-31.

The target (issue 13): as-of at most twice the accounting time. Times are medians of
``--runs`` runs; the ratio and the numbers are printed (copy them into bench/RESULTS.md).
Errors are counted per phase and per run (towns with an error in the accounting, in the
history's check, and, in the first run, untimed, in the structure as-of returns), with the
commonest findings: a generated set that fails times the wrong work, so none is expected.

Run from the repository root:  .venv/bin/python bench/bench_asof.py [--step 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from national import CSV, generate  # noqa: E402

HISTORY = """history: h{code}
name: "{code} 沿革（生成）"
start: {code}.yaml
as_of: 2019-01-01
changes:
  - id: rename-2019
    approved: 2019-06-30
    document: {{number: "生编〔2019〕{n}号"}}
    events:
      - {{type: rename, unit: veterans-station, name: 退役军人服务站（更名）}}
  - id: plate-2021
    effective: about 2021-06
    events:
      - {{type: add-nameplate, unit: general-office, name: 信访办公室}}
  - id: centre-2022
    approved: 2022-03-01
    effective: 2022-03-15
    events:
      - {{type: rename, unit: service-centre, id: people-centre, name: 为民服务中心}}
"""


def add_histories(folder: Path) -> list[str]:
    """Write one history beside each town; return the towns' codes."""
    towns = folder / "towns"
    codes = sorted(p.stem for p in towns.glob("*.yaml") if p.stem.isdigit())
    for n, code in enumerate(codes):
        (towns / f"{code}-history.yaml").write_text(HISTORY.format(code=code, n=n),
                                                    encoding="utf-8")
    return codes


_CHILD = """
import collections, json, sys, time
from pathlib import Path
import orgchart
from orgchart.base.errors import errors_in
from orgchart.rules.history import check_history
towns = Path(sys.argv[1])
step, validate = int(sys.argv[2]), sys.argv[3] == "1"
codes = sorted(p.stem for p in towns.glob('*.yaml') if p.stem.isdigit())[::step]
found = {"account": collections.Counter(), "history": collections.Counter(),
         "asof": collections.Counter()}
bad = {"account": 0, "history": 0, "asof": 0}
def note(phase, problems):
    errors = errors_in(problems)
    bad[phase] += bool(errors)
    found[phase].update(f"{p.code}: {p.message}" for p in errors)
t0 = time.perf_counter()
for c in codes:
    note("account", orgchart.account(orgchart.load_plan(towns / f"{c}-reform.yaml")).problems)
t1 = time.perf_counter()
untimed = 0.0
for c in codes:
    h = orgchart.load_history(towns / f"{c}-history.yaml")
    note("history", check_history(h))
    s = h.as_of("2023-12-31")
    assert "people-centre" in s and "service-centre" not in s, c
    assert s.unit("veterans-station").name.endswith("（更名）"), c
    if validate:  # the structure as-of gives must be valid too; not timed
        t = time.perf_counter()
        note("asof", orgchart.check(s))
        untimed += time.perf_counter() - t
t2 = time.perf_counter()
print(json.dumps({"towns": len(codes), "account": t1 - t0, "asof": t2 - t1 - untimed,
                  "bad": bad, "found": {k: v.most_common(5) for k, v in found.items()}}))
"""


def _timed(folder: Path, step: int, validate: bool) -> dict[str, Any]:
    """Run in a fresh process: time accounting, then as-of, over every step-th town.

    Errors are counted per phase (towns with at least one error, and the most common
    findings); with ``validate`` the structures as-of returns are also checked (the check's
    time is taken out of the as-of time).
    """
    out = subprocess.run([sys.executable, "-c", _CHILD, str(folder / "towns"), str(step),
                          "1" if validate else "0"],
                         capture_output=True, text=True,
                         env={**os.environ, "ORGCHART_NO_CACHE": "1"})
    if out.returncode:
        sys.exit(f"the timed process failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="time every step-th town")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", type=Path, default=CSV,
                        help="the divisions table (from a worktree: ../../shared/data/...)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        generate(folder, args.csv)
        codes = add_histories(folder)
        print(f"generated {len(codes)} towns with histories in {time.perf_counter() - t0:.1f} s")
        runs = [_timed(folder, args.step, validate=i == 0) for i in range(args.runs)]
    acc = statistics.median(r["account"] for r in runs)
    asof = statistics.median(r["asof"] for r in runs)
    towns = int(runs[0]["towns"])
    for i, r in enumerate(runs, 1):  # every run's numbers and error counts, never hidden
        bad = r["bad"]
        print(f"run {i}: accounting {r['account']:.2f} s, as-of {r['asof']:.2f} s; towns with "
              f"errors: accounting {bad['account']}, history {bad['history']}"
              + (f", as-of structure {bad['asof']}" if i == 1 else ""))
    for phase, found in runs[0]["found"].items():
        for text, n in found:
            print(f"  {phase}: {n} x {text}")
    print(f"towns: {towns}  accounting: {acc:.2f} s ({acc / towns * 1e3:.2f} ms/town)  "
          f"as-of (load, check, 3 changes): {asof:.2f} s ({asof / towns * 1e3:.2f} ms/town)  "
          f"ratio: {asof / acc:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
