"""Benchmark: `orgchart export DIR --to sqlite` of the national set (41,352 towns).

Generates the set as bench/national.py does (each town, its old layout and its reform plan,
grouped into ~2,800 county files), then runs the export once in a fresh process and records
the wall time, peak memory (max RSS) and the database's size; prints a row for
bench/RESULTS.md.

Run from the repository root:  .venv/bin/python bench/export_sqlite.py [--step 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from national import CSV, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="orgchart-sqlite-"))
    try:
        start = time.perf_counter()
        n = generate(folder, args.csv)
        print(f"generated {n} towns in {time.perf_counter() - start:.1f} s", flush=True)
        (folder / "index.json").unlink()
        out = folder.parent / (folder.name + ".db")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "orgchart", "--no-cache", "export", str(folder),
                        "--to", "sqlite", "-o", str(out)], check=True)
        wall = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        conn = sqlite3.connect(out)
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("structures", "units", "plans", "events")}
        start = time.perf_counter()
        county = conn.execute("SELECT COUNT(*) FROM county_posts_moved_down").fetchone()[0]
        query = time.perf_counter() - start
        conn.close()
        size = out.stat().st_size / 1e6
        out.unlink()
        print(json.dumps({"towns": n, "wall_s": round(wall, 1), "rss_mb": round(rss),
                          "size_mb": round(size, 1), **counts,
                          "county_view_rows": county, "county_view_s": round(query, 2)}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
