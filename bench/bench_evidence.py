"""Benchmark what evidence per fact costs: checks, DOT text and the audit.

Run from the repository root:  .venv/bin/python bench/bench_evidence.py
To compare with another tree (e.g. main, which has no audit):
    git archive main | tar -x -C /tmp/base && PYTHONPATH=/tmp/base .venv/bin/python \
        bench/bench_evidence.py

Measures medians (ms) of: check() and to_dot() of the Liuyang county (32 towns as members,
about 480 units), and of one structure of 4,000 units built in code (the most a chart
draws), each unit with a nameplate, a rank and a fact of its own; and the audit (text)
of both where the tree has it. Prints one Markdown table row per measure.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import orgchart
from orgchart.charts import to_dot
from orgchart.rules.checks import check

RUNS = 5


def median_ms(func: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def big(n: int = 4000) -> orgchart.Structure:
    units = [orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership")]
    extra: dict[str, object] = {}
    if "facts" in orgchart.Unit.model_fields:
        extra = {"facts": {"rank": "inferred"}}
    units += [orgchart.Unit(id=f"u{i}", name=f"机构{i}", kind="office",
                            category="party-government", parent="gov", rank="正股",
                            nameplates=(f"牌子{i}",), staffing=orgchart.Staffing(admin=3),
                            **extra)  # type: ignore[arg-type]
              for i in range(n)]
    return orgchart.Structure("big", "大结构", units=tuple(units), verified=True,
                              sources=(orgchart.Source(title="a", url="https://a.example/"),
                                       orgchart.Source(title="b", url="https://b.example/")))


def main() -> None:
    county = orgchart.load_structure("models/liuyang/county.yaml")
    large = big()
    rows = [("check, county", lambda: check(county)),
            ("to_dot, county", lambda: to_dot(county)),
            ("check, 4000 units", lambda: check(large)),
            ("to_dot, 4000 units", lambda: to_dot(large))]
    try:
        from orgchart.views.audit import audit_text
    except ImportError:
        pass
    else:
        rows += [("audit, county", lambda: audit_text(county)),
                 ("audit, 4000 units", lambda: audit_text(large))]
    print("| measure | median (ms) |\n| --- | --- |")
    for name, func in rows:
        print(f"| {name} | {median_ms(func):.1f} |")


if __name__ == "__main__":
    main()
