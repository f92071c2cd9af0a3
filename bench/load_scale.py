"""Reading at scale: a province of ~30,000 units written out in full, loaded file by file.

Generates, in a temporary folder, ~2,000 town files of 15 units each (~24 MB of YAML). Each
file holds its units in full (no 'extends:'): ids, names, kinds, categories, ranks,
parents, functions, staffing, nameplates, notes and sources. A fresh process then calls
orgchart.load_structure on every file and keeps
what it returns; its wall time (median of --runs) and peak RSS are
recorded. With --baseline REV, the same is measured for the orgchart package of that git
revision (extracted to a temporary folder), in the same run, and the ratio is given.

This tree is measured three ways: with the cache of parsed files turned off
(ORGCHART_NO_CACHE=1), with an empty cache (the first run on a machine: every file is
parsed and stored), and with the cache filled by an earlier, untimed run (every later
run). Each uses its own cache folder (XDG_CACHE_HOME) under the temporary folder.

Run from the repository root:  .venv/bin/python bench/load_scale.py [--runs 3] [--baseline main]
Add --append to append the result to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_UNITS = (  # id, name, kind, category, rank, functions, staffing
    ("town", "{p}党委、人民政府", "government", "leadership", "正科", ["coordination"],
     "{admin: 12, heads: 2, deputies: 8}"),
    ("general-office", "{p}党政综合办公室", "office", "party-government", "正股",
     ["coordination", "documents", "archives", "finance"], "{admin: 8, worker: 4, heads: 1}"),
    ("party-building-office", "{p}党建工作办公室", "office", "party-government", "正股",
     ["party-building", "cadres", "propaganda"], "{admin: 5, heads: 1, deputies: 1}"),
    ("economic-office", "{p}经济发展办公室", "office", "party-government", "正股",
     ["economy", "statistics", "rural-work"], "{admin: 6, heads: 1, deputies: 1}"),
    ("social-office", "{p}社会事务办公室", "office", "party-government", "正股",
     ["civil-affairs", "social-security", "education-health"], "{admin: 5, heads: 1}"),
    ("safety-office", "{p}社会治安和应急管理办公室", "office", "party-government", "正股",
     ["public-order", "petitions", "work-safety", "emergency"], "{admin: 6, heads: 1}"),
    ("planning-office", "{p}自然资源和生态环境办公室", "office", "party-government", "正股",
     ["land-planning", "rural-housing", "environment"], "{admin: 5, heads: 1}"),
    ("enforcement-team", "{p}综合行政执法大队", "team", "enforcement", "正股",
     ["enforcement"], "{admin: 6, institution: 2, heads: 1, deputies: 1}"),
    ("veterans-station", "{p}退役军人服务站", "station", "public-institution", None,
     ["veterans"], "{institution: 3, heads: 1}"),
    ("service-centre", "{p}政务服务中心", "centre", "public-institution", None,
     ["approval"], "{institution: 8, heads: 1, deputies: 1}"),
    ("agri-centre", "{p}农业综合服务中心", "centre", "public-institution", None,
     ["agri-tech", "farm-machinery", "animal-health", "water-services"],
     "{institution: 12, heads: 1, deputies: 2}"),
    ("social-centre", "{p}社会事务综合服务中心", "centre", "public-institution", None,
     ["social-services", "culture", "family-planning-services"],
     "{institution: 10, heads: 1, deputies: 1}"),
    ("finance-institute", "{p}财政所", "institute", "public-institution", None,
     ["finance"], "{institution: 4, heads: 1}"),
    ("forestry-station", "{p}林业站", "station", "public-institution", None,
     ["forestry-services", "forestry-water"], "{institution: 3, heads: 1}"),
    ("economy-station", "{p}农村经营管理站", "station", "public-institution", None,
     ["rural-economy"], "{institution: 3, heads: 1}"),
)


def town_text(n: int) -> str:
    place = f"第{n}镇"
    out = [f"# generated town {n}, written out in full",
           f"structure: town-{n:05d}",
           f'name: "{place}机构设置（生成）"',
           f"name_en: Generated town {n}",
           f'place: "{place}"',
           f'code: "43{n:010d}"',
           "level: town",
           "as_of: 2020-12-31",
           "valid_from: 2019-01-01",
           "verified: false",
           "catalogues: [../models/catalogues/township-functions.yaml]",
           "sources:",
           f"  - title: {place}2020年度部门整体支出绩效自评报告（一、机构设置）",
           f"    url: https://example.org/towns/{n}/report-2020.html",
           "    date: 2021",
           '    note: "a generated source for the benchmark; not a real document"',
           "units:"]
    for uid, name, kind, category, rank, functions, staffing in _UNITS:
        out += [f"  - id: {uid}",
                f"    name: \"{name.format(p='')}\"",
                f"    short_name: {name.format(p='')[:4]}",
                f"    name_en: {uid.replace('-', ' ').capitalize()} of town {n}",
                f"    kind: {kind}",
                f"    category: {category}"]
        if rank:
            out.append(f"    rank: {rank}")
        if uid != "town":
            out.append("    parent: town")
        if category == "public-institution":
            out += ["    public_class: 公益一类", "    funding: 全额拨款"]
        out += [f"    functions: [{', '.join(functions)}]",
                f"    staffing: {staffing}",
                f"    nameplates: [{place}{name.format(p='')[:4]}工作站]",
                f'    note: "unit {uid} of {place}: staffing estimated from the town total, '
                'names from the county\'s 三定 plan"',
                "    sources:",
                f"      - {{title: {place}机构编制方案（{uid}）, url: "
                f"'https://example.org/towns/{n}/{uid}.html', date: 2020}}",
                f"      - {{title: {place}2022年部门预算说明（{uid}）, url: "
                f"'https://example.org/towns/{n}/budget-2022.html#{uid}', date: 2022}}",
                "    verified: false"]
    return "\n".join(out) + "\n"


def generate(folder: Path, towns: int) -> int:
    """Write the province under ``folder``; return its size in bytes."""
    shutil.copytree(ROOT / "models", folder / "models")
    tdir = folder / "towns"
    tdir.mkdir()
    size = 0
    for n in range(towns):
        text = town_text(n)
        size += len(text.encode("utf-8"))
        (tdir / f"{n:05d}.yaml").write_text(text, encoding="utf-8")
    return size


def measure(folder: Path) -> dict[str, float]:
    """Load every town file (in this fresh process); return wall time, units, peak RSS."""
    import resource

    import orgchart

    files = sorted((folder / "towns").glob("*.yaml"))
    start = time.perf_counter()
    loaded = [orgchart.load_structure(f) for f in files]  # all kept, as a province is
    wall = time.perf_counter() - start
    units = sum(len(s.units) for s in loaded)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"files": len(files), "units": units, "load": wall, "rss_mb": rss,
            "package": os.path.dirname(orgchart.__file__)}


def measure_once(folder: Path, package_root: Path | None, cache: str, i: int
                 ) -> dict[str, Any]:
    """Measure one fresh process; ``cache``: "off", "cold" (an empty cache, ``i`` tells
    the runs apart) or "warm" (the cache that the first, untimed call filled)."""
    env = dict(os.environ)
    env.pop("ORGCHART_NO_CACHE", None)
    province = folder
    if package_root is not None:
        env["PYTHONPATH"] = str(package_root)
        province = package_root / "province"  # the same towns, with that revision's models
    if cache == "off":
        env["ORGCHART_NO_CACHE"] = "1"
    else:
        env["XDG_CACHE_HOME"] = str(folder / f"cache-{cache}-{i if cache == 'cold' else 0}")
    out = subprocess.run([sys.executable, __file__, "--measure", str(province)],
                         capture_output=True, text=True, check=False, cwd=province, env=env)
    if out.returncode:
        sys.exit(f"measuring {package_root or 'this tree'} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_all(folder: Path, runs: int, configs: list[tuple[str, Path | None, str]]
            ) -> list[tuple[str, dict[str, float]]]:
    """Measure each configuration ``runs`` times, in rounds (one run of each per round,
    so that the load of a shared machine falls on all alike); return the medians."""
    for _, root, cache in configs:
        if cache == "warm":
            measure_once(folder, root, cache, 0)  # fills the cache, untimed
    results: list[list[dict[str, Any]]] = [[] for _ in configs]
    for i in range(runs):
        for n, (_, root, cache) in enumerate(configs):
            results[n].append(measure_once(folder, root, cache, i))
    rows = []
    for (name, _, _), rs in zip(configs, results, strict=True):
        print(f"  {name}: " + ", ".join(f"{r['load']:.2f} s/{r['rss_mb']:.0f} MB" for r in rs),
              flush=True)
        rows.append((name, {k: statistics.median(float(r[k]) for r in rs)
                            for k in ("files", "units", "load", "rss_mb")}))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="a git revision to measure in the same run")
    parser.add_argument("--append", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, os.environ.get("PYTHONPATH") or str(ROOT))
        print(json.dumps(measure(args.measure)))
        return
    folder = Path(tempfile.mkdtemp(prefix="orgchart-scale-"))
    try:
        size = generate(folder, args.towns)
        print(f"generated {args.towns} towns, {size / 1e6:.1f} MB of YAML", flush=True)
        configs: list[tuple[str, Path | None, str]] = []
        if args.baseline:
            base = folder / "baseline"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline,
                                      "orgchart"], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            # the towns name the shared catalogue under models/: the baseline reads its
            # own revision's (this tree's may use keys an older schema refuses)
            (base / "province").mkdir()
            models = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline,
                                     "models"], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base / "province")], input=models,
                           check=True)
            shutil.copytree(folder / "towns", base / "province" / "towns")
            # compiled once, as ./run compiles this tree's: not again in every process
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(base / "orgchart")],
                           check=True, stdout=subprocess.DEVNULL)
            rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short",
                                  args.baseline], capture_output=True, text=True,
                                 check=True).stdout.strip()
            configs.append((f"baseline {args.baseline} ({rev})", base, "off"))
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        for cache, how in (("off", "no cache"), ("cold", "empty cache"),
                           ("warm", "filled cache")):
            configs.append((f"this tree (HEAD {rev}), {how}", None, cache))
        report(run_all(folder, args.runs, configs), size, args.runs, args.append)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(rows: list[tuple[str, dict[str, float]]], size: int, runs: int,
           append: bool) -> None:
    first = rows[0][1]
    lines = [f"\n## Reading at scale, {dt.date.today()} ({platform.python_version()}, "
             f"{os.cpu_count()} cores)\n",
             f"{int(first['files'])} town files written out in full, {int(first['units'])} "
             f"units, {size / 1e6:.1f} MB of YAML; a fresh process calls load_structure on "
             f"each and keeps them all (bench/load_scale.py, medians of {runs}).\n",
             "| code | load (wall) | peak RSS | time vs first row | RSS vs first row |",
             "| --- | --- | --- | --- | --- |"]
    for name, r in rows:
        lines.append(f"| {name} | {r['load']:.2f} s | {r['rss_mb']:.0f} MB | "
                     f"{r['load'] / first['load']:.2f} | {r['rss_mb'] / first['rss_mb']:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if append:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
