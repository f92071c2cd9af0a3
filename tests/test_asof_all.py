"""Issue 13, part 2: --as-of everywhere, the lineage diagram, and the core's leftovers
(a merged town's posts unknown, asof -o writing the state, diff in words)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.read.loader import load_history
from orgchart.views.stats import staffing_stats

HISTORY = Path(__file__).parent / "data" / "history" / "history.yaml"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_merged_town_without_units_counts_as_unknown_not_zero() -> None:
    county = load_history(HISTORY).as_of("2016")
    merged = next(m for m in county.members if m.id == "town-bc")
    assert merged.units == ()
    rollup = county.rollup()
    assert rollup.admin.unknown == 1 and rollup.admin.value is None
    assert merged.rollup().quota.text() == "?"
    rows = {r.group: r for r in staffing_stats(county, "member")}
    assert rows["乙丙镇"].admin.text() == "?"
    assert not rows["合计（含下属）"].quota.complete


def test_history_diff_prints_events_as_chinese_lines() -> None:
    code, out = _run("diff", str(HISTORY), "--from", "2015-01-01", "--to", "2019-12-31",
                     "--assume", "before")
    assert code == 0, out
    assert '{"type"' not in out
    assert "- 乡镇合并：town-b、town-c → 乙丙镇（town-bc）" in out
    assert "- 更名/改设：town-a；名称 甲镇；代码 430181112；级别 镇" in out
    assert "- 设立：综合行政执法队（team）" in out
