"""National-scale benchmark: every township-level unit of China as a model.

Builds, in a temporary folder, one structure per township-level unit listed in
../shared/data/township-divisions-2023.csv (41,352 rows) with its own name and code: when
the shipped models have the old layout and the reform plan (models/hunan/old-layout.yaml,
models/liuyang/reform/shashi-reform.yaml), each town extends the plan's target
(models/liuyang/towns/shashi.yaml, the Liuyang form of the Hunan standard layout) and also
gets its old layout and a reform plan; otherwise it extends the Liuyang template. Towns
are grouped into their ~2,800 counties by a county file listing them as members. Then, at
1%, 10% and 100% of the towns, a fresh process loads every town, checks it and accounts its
reform plan; time and peak memory (max RSS) are recorded as medians of several runs, and
appended to bench/RESULTS.md.

Run from the repository root:  .venv/bin/python bench/national.py [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT.parent / "shared" / "data" / "township-divisions-2023.csv"
TEMPLATE = ROOT / "models" / "hunan" / "township-2019.yaml"
OLD = ROOT / "models" / "hunan" / "old-layout.yaml"
PLAN = ROOT / "models" / "liuyang" / "reform" / "shashi-reform.yaml"
#: the structure PLAN is written to reach (its ``to:``): the Liuyang template plus what the
#: reform leaves that the template lacks (the renamed 乡村振兴工作站, the economic office's
#: functions, the 3中心 cap). A town extending the bare template is not what the plan makes:
#: every generated plan then failed with the same 3 findings (a to-mismatch for the station,
#: one for the office's functions, and the template's 1站3中心 cap exceeded by the station).
TARGET = ROOT / "models" / "liuyang" / "towns" / "shashi.yaml"


def level_of(name: str) -> str:
    if name.endswith("街道"):
        return "subdistrict"
    if name.endswith("乡"):
        return "township"
    return "town"


def generate(folder: Path, csv_path: Path) -> int:
    """Write the national dataset under ``folder``; return the number of towns."""
    models = folder / "models"
    shutil.copytree(ROOT / "models", models)
    with_plans = OLD.is_file() and PLAN.is_file() and TARGET.is_file()
    town = (f"../models/{TARGET.relative_to(ROOT / 'models').as_posix()}" if with_plans
            else "../models/liuyang/town-template.yaml")
    counties: dict[str, list[str]] = {}
    with csv_path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    towns = folder / "towns"
    towns.mkdir()
    for row in rows:
        code, name, county = row["code"], row["name"], row["areaCode"]
        place = name.replace("\\", "").replace('"', "'")
        head = (f'place: "{place}"\ncode: "{code}"\nlevel: {level_of(name)}\n'
                f"verified: false\n")
        (towns / f"{code}.yaml").write_text(
            f'structure: t{code}\nname: "{place}机构设置（生成）"\n{head}'
            f"extends: {town}\n", encoding="utf-8")
        if with_plans:
            (towns / f"{code}-old.yaml").write_text(
                f'structure: t{code}-old\nname: "{place}（改革前，生成）"\n{head}'
                f"extends: ../models/hunan/old-layout.yaml\n", encoding="utf-8")
            (towns / f"{code}-reform.yaml").write_text(
                f"reorganisation: r{code}\nname: '{place}乡镇机构改革（生成）'\n"
                f"extends: ../models/liuyang/reform/shashi-reform.yaml\n"
                f"from: {code}-old.yaml\nto: {code}.yaml\n", encoding="utf-8")
        counties.setdefault(county, []).append(code)
    cdir = folder / "counties"
    cdir.mkdir()
    for county, codes in counties.items():
        members = "\n".join(f"  - ../towns/{c}.yaml" for c in codes)
        (cdir / f"{county}.yaml").write_text(
            f"structure: c{county}\nname: 县{county}\nlevel: county\ncode: '{county}'\n"
            f"members:\n{members}\n", encoding="utf-8")
    (folder / "index.json").write_text(json.dumps({"towns": [r["code"] for r in rows],
                                                   "counties": sorted(counties),
                                                   "plans": with_plans}), encoding="utf-8")
    return len(rows)


def _work(args: tuple[Path, list[str], bool]) -> dict[str, float]:
    """Load, check and account the given towns; return times and counts."""
    import orgchart

    towns, codes, plans = args
    t0 = time.perf_counter()
    loaded = [orgchart.load_structure(towns / f"{c}.yaml") for c in codes]
    t1 = time.perf_counter()
    problems = sum(len([p for p in orgchart.check(s) if p.severity == "error"]) for s in loaded)
    t2 = time.perf_counter()
    failed = 0
    if plans:
        for c in codes:
            acc = orgchart.account(orgchart.load_plan(towns / f"{c}-reform.yaml"))
            failed += not acc.ok
    t3 = time.perf_counter()
    return {"load": t1 - t0, "check": t2 - t1, "account": t3 - t2, "errors": problems,
            "failed_plans": failed}


def measure(folder: Path, step: int, workers: int) -> dict[str, float]:
    """Load, check and account every ``step``-th town (run in a fresh process).

    With several workers the towns are split into one chunk per worker (forked processes);
    load/check/account are then the slowest worker's times and total is the wall time.
    """
    import multiprocessing as mp
    import resource

    sys.path.insert(0, str(ROOT))
    import orgchart  # noqa: F401  (imported before forking, as a long-running tool would)

    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    codes = index["towns"][::step]
    towns = folder / "towns"
    start = time.perf_counter()
    if workers == 1:
        parts = [_work((towns, codes, index["plans"]))]
    else:
        chunks = [codes[i::workers] for i in range(workers)]
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_work, [(towns, c, index["plans"]) for c in chunks])
    wall = time.perf_counter() - start
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    out = {k: max(p[k] for p in parts) for k in ("load", "check", "account")}
    return {"towns": len(codes), "workers": workers, **out, "total": wall, "rss_mb": rss,
            "errors": sum(p["errors"] for p in parts),
            "failed_plans": sum(p["failed_plans"] for p in parts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", default="100,10,1", help="every N-th town: 1%%, 10%%, all")
    parser.add_argument("--workers", default="1,2",
                        help="process counts to measure at 100%% (the growth uses 1)")
    parser.add_argument("--workers-now", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--step", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.step, args.workers_now)))
        return
    folder = Path(tempfile.mkdtemp(prefix="orgchart-national-"))
    try:
        start = time.perf_counter()
        n = generate(folder, args.csv)
        print(f"generated {n} towns in {time.perf_counter() - start:.1f} s", flush=True)
        results = []
        plan = [(int(s), 1) for s in args.steps.split(",")]
        plan += [(1, int(w)) for w in args.workers.split(",") if int(w) > 1]
        for step, workers in plan:
            runs = []
            for _ in range(args.runs):
                out = subprocess.run([sys.executable, __file__, "--measure", str(folder),
                                      "--step", str(step), "--workers-now", str(workers)],
                                     capture_output=True, text=True, check=True, cwd=folder)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            results.append(med)
            print(json.dumps(med), flush=True)
        report(results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(results: list[dict[str, float]]) -> None:
    lines = [f"\n## National scale, {dt.date.today()} ({platform.python_version()}, "
             f"{os.cpu_count()} cores)\n",
             "| towns | processes | load | check | reform accounting | total (wall) | per town "
             "| peak RSS |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {int(r['towns'])} | {int(r['workers'])} | {r['load']:.2f} s | "
                     f"{r['check']:.2f} s | "
                     f"{r['account']:.2f} s | {r['total']:.2f} s | "
                     f"{r['total'] / r['towns'] * 1000:.2f} ms | {r['rss_mb']:.0f} MB |")
    single = [r for r in results if r["workers"] == 1]
    if len(single) >= 2:
        small, big = single[0], single[-1]
        growth = (big["total"] / small["total"]) / (big["towns"] / small["towns"])
        lines.append(f"\nCost per town at {int(big['towns'])} towns / at {int(small['towns'])}:"
                     f" {growth:.2f} (1.00 is linear). Errors found in generated towns: "
                     f"{int(big['errors'])}; failed plans: {int(big['failed_plans'])}.")
    text = "\n".join(lines) + "\n"
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
