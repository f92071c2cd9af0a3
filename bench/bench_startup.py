"""Time fresh `orgchart` processes: --help, --version and a small render, for this source
tree and for baseline source trees, alternating runs so that all see the same load.

Run from the repository root (short, so not niced: nice would time the machine's load):
    git archive BASE orgchart | tar -x -C /tmp/base     # the old code, for a baseline
    .venv/bin/python bench/bench_startup.py --baseline base=/tmp/base [--runs 10]
Each tree runs with this venv's Python and its packages, the tree first on the path
(PYTHONPATH, python -P), from a temporary folder. Prints medians and ratios (this tree /
each baseline); nothing is written to RESULTS.md.
What a command imports: .venv/bin/python -X importtime -m orgchart.cli --help
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWN = ROOT / "models/hunan/township-2019.yaml"
CODE = "import sys; from orgchart.cli import main; sys.exit(main())"


def once(src: Path, args: list[str], cwd: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-P", "-c", CODE, *args], cwd=cwd, env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", action="append", default=[], metavar="NAME=SRC")
    parser.add_argument("--runs", type=int, default=10)
    ns = parser.parse_args()
    trees = {"this": ROOT} | {name: Path(src) for name, src in
                              (b.split("=", 1) for b in ns.baseline)}
    with tempfile.TemporaryDirectory() as tmp:
        commands = {"--help": ["--help"], "--version": ["--version"],
                    "render town -o t.svg": ["render", str(TOWN), "-o", f"{tmp}/t.svg"]}
        for label, args in commands.items():
            times: dict[str, list[float]] = {name: [] for name in trees}
            for src in trees.values():  # warm the file cache and the .pyc files
                once(src, args, tmp)
            for _ in range(ns.runs):
                for name, src in trees.items():
                    times[name].append(once(src, args, tmp))
            medians = {name: statistics.median(t) for name, t in times.items()}
            line = "  ".join(f"{name} {m * 1000:.0f} ms" for name, m in medians.items())
            line += "".join(f"  this/{name} {medians['this'] / m:.2f}"
                            for name, m in medians.items() if name != "this")
            print(f"{label:22} {line}")


if __name__ == "__main__":
    main()
