"""National-scale benchmark: every township-level unit of China as a model.

Builds, in a temporary folder, one structure per township-level unit listed in
../shared/data/township-divisions-2023.csv (41,352 rows): each extends the Hunan standard
template (models/hunan/township-2019.yaml) with its own name and code; when the shipped
models have the old layout and the reform plan (models/hunan/old-layout.yaml,
models/liuyang/reform/shashi-reform.yaml), each town also gets its old layout and a reform
plan. Towns are grouped into their ~2,800 counties by a county file listing them as
members. Then, at 1%, 10% and 100% of the towns, a fresh process loads every town, checks
it and accounts its reform plan; time and peak memory (max RSS) are recorded as medians of
several runs, and appended to bench/RESULTS.md.

Run from the repository root:  .venv/bin/python bench/national.py [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
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
    with_plans = OLD.is_file() and PLAN.is_file()
    plan_text = PLAN.read_text(encoding="utf-8") if with_plans else ""
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
            f"extends: ../models/hunan/township-2019.yaml\n", encoding="utf-8")
        if with_plans:
            (towns / f"{code}-old.yaml").write_text(
                f'structure: t{code}-old\nname: "{place}（改革前，生成）"\n{head}'
                f"extends: ../models/hunan/old-layout.yaml\n", encoding="utf-8")
            text = re.sub(r"(?m)^from: .*$", f"from: {code}-old.yaml", plan_text)
            text = re.sub(r"(?m)^to: .*$", f"to: {code}.yaml", text)
            text = re.sub(r"(?m)^reorganisation: .*$", f"reorganisation: r{code}", text)
            (towns / f"{code}-reform.yaml").write_text(text, encoding="utf-8")
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


def measure(folder: Path, step: int) -> dict[str, float]:
    """Load, check and account every ``step``-th town (run in a fresh process)."""
    import resource

    sys.path.insert(0, str(ROOT))
    import orgchart

    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    codes = index["towns"][::step]
    towns = folder / "towns"
    t0 = time.perf_counter()
    loaded = [orgchart.load_structure(towns / f"{c}.yaml") for c in codes]
    t1 = time.perf_counter()
    problems = sum(len([p for p in orgchart.check(s) if p.severity == "error"]) for s in loaded)
    t2 = time.perf_counter()
    failed = 0
    if index["plans"]:
        for c in codes:
            acc = orgchart.account(orgchart.load_plan(towns / f"{c}-reform.yaml"))
            failed += not acc.ok
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"towns": len(codes), "load": t1 - t0, "check": t2 - t1, "account": t3 - t2,
            "total": t3 - t0, "rss_mb": rss, "errors": problems, "failed_plans": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", default="100,10,1", help="every N-th town: 1%%, 10%%, all")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--step", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.step)))
        return
    folder = Path(tempfile.mkdtemp(prefix="orgchart-national-"))
    try:
        start = time.perf_counter()
        n = generate(folder, args.csv)
        print(f"generated {n} towns in {time.perf_counter() - start:.1f} s", flush=True)
        results = []
        for step in (int(s) for s in args.steps.split(",")):
            runs = []
            for _ in range(args.runs):
                out = subprocess.run([sys.executable, __file__, "--measure", str(folder),
                                      "--step", str(step)], capture_output=True, text=True,
                                     check=True, cwd=folder)
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
             "| towns | load | check | reform accounting | total | per town | peak RSS |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {int(r['towns'])} | {r['load']:.2f} s | {r['check']:.2f} s | "
                     f"{r['account']:.2f} s | {r['total']:.2f} s | "
                     f"{r['total'] / r['towns'] * 1000:.2f} ms | {r['rss_mb']:.0f} MB |")
    if len(results) >= 2:
        small, big = results[0], results[-1]
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
