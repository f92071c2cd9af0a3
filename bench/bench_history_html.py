"""Benchmark the page of a history (``orgchart render HISTORY -o h.html``, the date slider):
file size, time to write in-process, views drawn, time to first paint in headless Chromium,
for the shipped Liuyang history (the county and its 37, then 32, 镇街 at each stop).

Run: .venv/bin/python bench/bench_history_html.py  (needs /usr/bin/chromium and playwright
for the paint times; appends a section to bench/RESULTS.md)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
import tempfile
from pathlib import Path

from bench_html import first_paint, timed

import orgchart
from orgchart.tasks.draw import render_history

ROOT = Path(__file__).resolve().parent.parent
HISTORY = "models/liuyang/history/liuyang-townships.yaml"


def main() -> None:
    os.chdir(ROOT)
    target = Path(tempfile.mkdtemp()) / "history.html"
    history = orgchart.load_history(HISTORY)
    load = timed(lambda: orgchart.load_history(HISTORY), 3)
    write = timed(lambda: render_history(history, target), 3)
    text = target.read_text(encoding="utf-8")
    found = re.search(r'id="orgchart-data">(.*?)</script>', text, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    stops, views = len(data["stops"]), len(data["views"])
    members = len(history.start.members)
    paint = first_paint(target)
    fcp, ready = (f"{paint[0]:.0f} ms", f"{paint[1]:.0f} ms") if paint else ("-", "-")
    lines = [f"\n## History page (date slider), {dt.date.today()} "
             f"({platform.python_version()}, {os.cpu_count()} cores)\n",
             "| history | stops | views drawn | file size | load | write (in-process) | "
             "first contentful paint | script ready |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |",
             f"| Liuyang 镇街 2015-2023 (county + {members} members at the start) | {stops} | "
             f"{views} | {len(text.encode('utf-8')) / 1e6:.2f} MB | {load * 1000:.0f} ms | "
             f"{write * 1000:.0f} ms | {fcp} | {ready} |",
             f"\n- views drawn: each stop's county, and each member town once per distinct "
             f"drawing (without sharing: {stops * (members + 1)}); write medians of 3, "
             "first paint median of 3 fresh pages"]
    with open(ROOT / "bench/RESULTS.md", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
