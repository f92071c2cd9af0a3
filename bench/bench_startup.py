"""Time fresh `orgchart` processes: --help, --version and a small render, here and in a
baseline checkout (its own venv), alternating runs so that both see the same load.

Run from the repository root:
    nice .venv/bin/python bench/bench_startup.py [--baseline /work/main] [--runs 10]
Prints medians and ratios (this tree / baseline); nothing is written to RESULTS.md.
What each command imports: .venv/bin/python -X importtime -m orgchart.cli --help
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWN = "models/hunan/township-2019.yaml"


def once(exe: Path, args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(exe), *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=10)
    ns = parser.parse_args()
    trees = {"this": ROOT} | ({"baseline": ns.baseline} if ns.baseline else {})
    with tempfile.TemporaryDirectory() as tmp:
        commands = {"--help": ["--help"], "--version": ["--version"],
                    "render town -o t.svg": ["render", TOWN, "-o", f"{tmp}/t.svg"]}
        for label, args in commands.items():
            times: dict[str, list[float]] = {name: [] for name in trees}
            for tree in trees.values():  # warm the file cache and the .pyc files
                once(tree / ".venv/bin/orgchart", args, tree)
            for _ in range(ns.runs):
                for name, tree in trees.items():
                    times[name].append(once(tree / ".venv/bin/orgchart", args, tree))
            medians = {name: statistics.median(t) for name, t in times.items()}
            line = "  ".join(f"{name} {m * 1000:.0f} ms" for name, m in medians.items())
            if "baseline" in medians:
                line += f"  ratio {medians['this'] / medians['baseline']:.2f}"
            print(f"{label:24} {line}")


if __name__ == "__main__":
    main()
