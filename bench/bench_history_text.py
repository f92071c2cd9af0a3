"""`orgchart history` text: what naming the bodies (one more replay of the changes, for the
names each body had at each change) costs over the ids-only text.

Times, in one process, median of ``--runs``: ``ids`` = load and check the history, then
format its changes with ids only (the text before names); ``names`` = the same with names
(:func:`orgchart.tasks.history.history_text`). Print the numbers; copy them into
bench/RESULTS.md.

Run from the repository root:  .venv/bin/python bench/bench_history_text.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from orgchart.tasks.history import checked_history, history_text
from orgchart.views.history import format_changes

HISTORIES = (Path("models/liuyang/history/liuyang-townships.yaml"),
             Path("tests/data/history/history.yaml"))


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _ids_only(path: Path) -> str:
    return format_changes(checked_history(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    print("| history | ids (ms) | names, zh (ms) | names, en (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for path in HISTORIES:
        history_text(path)  # warm: imports and caches
        ids = _median_ms(partial(_ids_only, path), runs)
        zh = _median_ms(partial(history_text, path), runs)
        en = _median_ms(partial(history_text, path, lang="en"), runs)
        print(f"| {path} | {ids:.1f} | {zh:.1f} | {en:.1f} |")


if __name__ == "__main__":
    main()
