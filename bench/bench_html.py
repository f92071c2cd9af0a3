"""Benchmark the interactive chart (-f html): file size, time to write, time to first paint
in headless Chromium, for the Liuyang county (with its 32 towns) and a 4,000-unit structure;
and the live preview's save -> new page time for a township, in-process.

Run: .venv/bin/python bench/bench_html.py  (needs /usr/bin/chromium and playwright for the
paint times; appends a section to bench/RESULTS.md)
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orgchart
from orgchart.charts import DiagramOptions
from orgchart.tasks.draw import render
from orgchart.tasks.serve import Preview

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def big(n: int = 4000) -> orgchart.Structure:
    """A structure of ``n`` units: a governing body, offices, and units under each."""
    units = [orgchart.Unit(id="gov", name="县政府", kind="government", category="leadership")]
    per = 60
    offices = (n - 1) // (per + 1)
    for i in range(offices):
        units.append(orgchart.Unit(id=f"o{i}", name=f"办公室{i}", kind="office",
                                   category="party-government", parent="gov"))
        for j in range(per):
            units.append(orgchart.Unit(id=f"o{i}-u{j}", name=f"服务站{i}-{j}", kind="station",
                                       category="public-institution", parent=f"o{i}"))
    while len(units) < n:
        units.append(orgchart.Unit(id=f"x{len(units)}", name=f"机构{len(units)}",
                                   kind="office", category="party-government", parent="gov"))
    return orgchart.Structure("big", "四千个机构", units=tuple(units))


def timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_paint(path: Path) -> tuple[float, float] | None:
    """(first contentful paint, script ready) in ms, median of 3 fresh pages."""
    if not os.access("/usr/bin/chromium", os.X_OK):
        return None
    from playwright.sync_api import sync_playwright

    paints, readies = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready]", timeout=120000)
            fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')"
                                "[0].startTime")
            ready = page.evaluate("performance.now()")
            paints.append(fcp)
            readies.append(ready)
            page.close()
        browser.close()
    return statistics.median(paints), statistics.median(readies)


def main() -> None:
    os.chdir(ROOT)
    out = Path(tempfile.mkdtemp())
    rows = []
    county = orgchart.load("models/liuyang/county.yaml")
    total = len(county) + sum(len(m) for m in county.members)
    structures = [(f"Liuyang county ({total} units: its own and its {len(county.members)} "
                   "towns', each town a view)", county, 3), ("4,000-unit structure", big(), 1)]
    for label, s, runs in structures:
        target = out / "chart.html"
        seconds = timed(lambda s=s, target=target: render(s, target), runs)
        size = target.stat().st_size
        paint = first_paint(target)
        rows.append((label, size, seconds, paint))
        print(label, size, seconds, paint, file=sys.stderr)

    model = out / "m" / "town.yaml"
    model.parent.mkdir()
    text = (ROOT / "models/liuyang/towns/dayao.yaml").read_text(encoding="utf-8")
    # a self-contained copy: the town's own template paths resolved from its folder
    model.write_text(text.replace("../../", str(ROOT / "models") + "/")
                     .replace("extends: ../", f"extends: {ROOT / 'models/liuyang'}/"),
                     encoding="utf-8")
    preview = Preview(model, DiagramOptions())
    preview.page(model)
    saves = []
    for i in range(7):
        model.write_text(model.read_text(encoding="utf-8") + f"\n# save {i}\n",
                         encoding="utf-8")
        start = time.perf_counter()
        page = preview.page(model)
        saves.append(time.perf_counter() - start)
        assert "<svg" in page, page[:2000]
    save_ms = statistics.median(saves) * 1000

    lines = [f"\n## Interactive chart (-f html), {dt.date.today()} ({platform.python_version()}, "
             f"{os.cpu_count()} cores)\n", "| chart | file size | write (in-process) | "
             "first contentful paint | script ready |", "| --- | --- | --- | --- | --- |"]
    for label, size, seconds, paint in rows:
        fcp, ready = (f"{paint[0]:.0f} ms", f"{paint[1]:.0f} ms") if paint else ("-", "-")
        lines.append(f"| {label} | {size / 1e6:.2f} MB | {seconds * 1000:.0f} ms | {fcp} "
                     f"| {ready} |")
    lines.append("\n- first contentful paint: the bar and the chart's first pixels; script "
                 "ready: the page's script has read its data and indexed every box")
    lines.append(f"- live preview: township (大瑶镇) saved -> new page ready, in-process: "
                 f"{save_ms:.0f} ms median of 7 (target: at most 100 ms)")
    with open(ROOT / "bench/RESULTS.md", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
