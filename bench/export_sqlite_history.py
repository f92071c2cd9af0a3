"""Benchmark: histories into the SQLite export (the ``history_*`` tables).

Builds the national set as bench/national.py does and gives each town the three-change
history of bench/bench_asof.py (a rename, a nameplate about 2021-06, a rename with a new
id). One fresh process then loads every ``step``-th town's history and writes them into a
database with ``fill`` (as ``export --to sqlite`` does), timing loading (with the checks
export runs) and storing apart; prints the times, the rows and the file size per town.

Run from the repository root:  .venv/bin/python bench/export_sqlite_history.py [--step 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_asof import add_histories  # noqa: E402
from national import CSV, generate  # noqa: E402

CODE = """
import json, sqlite3, sys, time
from pathlib import Path
import orgchart
from orgchart.base.errors import errors_in
from orgchart.exports.database import fill
from orgchart.rules.history import check_history
towns, step, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
codes = sorted(p.stem for p in towns.glob('*.yaml') if p.stem.isdigit())[::step]
t0 = time.perf_counter()
histories = [orgchart.load_history(towns / f"{c}-history.yaml") for c in codes]
bad = sum(bool(errors_in(check_history(h))) for h in histories)
t1 = time.perf_counter()
conn = sqlite3.connect(out)
conn.execute("PRAGMA journal_mode = OFF")
conn.execute("PRAGMA synchronous = OFF")
fill(conn, histories)
t2 = time.perf_counter()
tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                     "AND name LIKE 'history%' ORDER BY name")]
counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
t3 = time.perf_counter()
n = conn.execute("SELECT COUNT(*) FROM history_unit_periods WHERE starts <= '2023-12-31' "
                 "AND (ended = 0 OR ends > '2023-12-31')").fetchone()[0]
t4 = time.perf_counter()
conn.close()
print(json.dumps({"towns": len(codes), "bad": bad, "load_check_s": t1 - t0,
                  "store_s": t2 - t1, "view_rows_2023": n, "view_s": t4 - t3, **counts}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=10, help="every step-th town")
    parser.add_argument("--csv", type=Path, default=CSV)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.csv)
        add_histories(folder)
        out = folder / "h.db"
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", CODE, str(folder / "towns"),
                              str(args.step), str(out)], check=True, capture_output=True,
                             text=True, env={**os.environ, "ORGCHART_NO_CACHE": "1"})
        wall = time.perf_counter() - start
        result = json.loads(run.stdout)
        towns = result["towns"]
        result.update(wall_s=round(wall, 1), size_mb=round(out.stat().st_size / 1e6, 2),
                      store_ms_per_town=round(result["store_s"] / towns * 1e3, 2),
                      kb_per_town=round(out.stat().st_size / towns / 1e3, 1))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
