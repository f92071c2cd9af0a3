"""Issue 13, part 2: --as-of everywhere, the lineage diagram, and the core's leftovers
(a merged town's posts unknown, asof -o writing the state, diff in words)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.read.loader import load_history
from orgchart.views.events import event_line
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
    code, out = _run("diff", str(HISTORY), "--from", "2015-11-17", "--to", "2019-12-31",
                     "--assume", "before")
    assert code == 0, out
    assert '{"type"' not in out
    # towns (and units) by name, as they were before the change, with their ids
    assert "- 乡镇合并：乙镇（town-b）、丙镇（town-c） → 乙丙镇（town-bc）" in out
    assert "- 更名/改设：甲乡（town-a）；名称 甲镇；代码 430181112；级别 镇" in out
    assert "- 设立：综合行政执法队（team）" in out


@pytest.mark.parametrize(("event", "line"), [
    ({"type": "split", "unit": "a", "into": [{"unit": "b"}], "keep": True},
     "拆分：a → b；保留原机构 是"),
    ({"type": "abolish", "unit": "f", "functions_to": {"finance": "g"},
      "staffing_to": {"s": {"institution": 5}}},
     "撤销：f；职能划入 finance → g；编制划入 s：事业编制 5"),
    ({"type": "merge", "units": ["x", "y"], "into": "z",
      "sources": [{"title": "某文件", "url": "https://example.org/a"}]},
     "合并：x、y → z；来源 某文件 https://example.org/a"),
    ({"type": "update", "unit": "c", "set": {"links": []}}, "调整：c；设定 关系 → —"),
    ({"type": "update", "unit": "c", "set": {"links": [{"type": "guidance", "with": "d"}],
                                             "funding": "全额"}},
     "调整：c；设定 关系 → 业务指导（d）、经费形式 → 全额"),
])
def test_diff_event_lines_hold_no_python_values(event: dict[str, object], line: str) -> None:
    """An event's flags, mappings and sources read as words, not as Python prints them
    (``keep True``, ``{'finance': 'g'}``)."""
    assert event_line(event) == line


def test_asof_output_writes_the_state_not_the_original_files(tmp_path: Path) -> None:
    from orgchart.read.loader import load_structure

    out = tmp_path / "state.yaml"
    code, said = _run("asof", str(HISTORY), "2019-12-31", "-o", str(out))
    assert code == 0, said
    again = load_structure(out)
    assert [(m.id, m.name) for m in again.members] == [("town-a", "甲镇"), ("town-bc", "乙丙镇")]
    assert "team" in [u.id for u in again.members[0].units]
    assert again.members[1].rollup().admin.text() == "?"


def test_render_export_report_take_as_of(tmp_path: Path) -> None:
    code, out = _run("export", str(HISTORY), "--as-of", "2016", "--to", "json")
    assert code == 1 and "-o FILE.json" in out  # the members are written beside it
    code, out = _run("export", str(HISTORY), "--as-of", "2016", "--to", "json",
                     "-o", str(tmp_path / "s.json"))
    assert code == 0, out
    text = (tmp_path / "s-members" / "town-bc.json").read_text(encoding="utf-8")
    assert '"name": "乙丙镇"' in text
    dot = tmp_path / "c.dot"
    code, out = _run("render", str(HISTORY), "--as-of", "2019-12-31", "-o", str(dot))
    assert code == 0, out
    assert "示例县" in dot.read_text(encoding="utf-8")
    csv = tmp_path / "r.csv"
    code, out = _run("report", str(HISTORY), "--as-of", "2016", "--kind", "roster",
                     "-o", str(csv))
    assert code == 0, out
    assert "3,乙丙镇,0,?,?,?,?,?,?" in csv.read_text(encoding="utf-8-sig")


def test_as_of_inside_a_changes_year_is_refused_with_its_location(tmp_path: Path) -> None:
    code, out = _run("render", str(HISTORY), "--as-of", "2018-06-30", "-o",
                     str(tmp_path / "c.svg"))
    assert code == 1 and "history.yaml:" in out and "--assume" in out
    assert not (tmp_path / "c.svg").exists()
    code, out = _run("export", str(HISTORY), "--assume", "before", "--to", "json")
    assert code == 1 and "--as-of" in out


def test_as_of_before_the_histories_start_is_refused_with_its_location(
        tmp_path: Path) -> None:
    """The history says nothing of the time before its start: a date surely before it is
    refused (at the history's as_of), not answered with the starting structure."""
    for args in (("asof", str(HISTORY), "2010-01-01", "-o", str(tmp_path / "s.yaml")),
                 ("render", str(HISTORY), "--as-of", "2010", "-o", str(tmp_path / "s.svg")),
                 ("diff", str(HISTORY), "--from", "2010", "--to", "2016")):
        code, out = _run(*args)
        assert code == 1, args
        assert [line for line in out.splitlines() if line] == [
            f"Error: {HISTORY}:4:8: before-start: 2010{'-01-01' if args[0] == 'asof' else ''}"
            " is before the start of history 'sample-county' (2015-11-17): it does not say what was"
            " in force then; ask for 2015-11-17 or a later date"], out
    assert list(tmp_path.iterdir()) == []
    code, out = _run("asof", str(HISTORY), "2015-11-17", "-o", str(tmp_path / "s.yaml"))
    assert code == 0, out


def test_readmes_history_commands_work_on_the_shipped_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's history examples run as written on the history it names (their dates
    were ones the shipped history refuses as ambiguous: 2019-12-31, --from 2015)."""
    shipped = Path("models/liuyang/history/liuyang-townships.yaml").resolve()
    readme = Path("README.md").read_text(encoding="utf-8")
    assert f"e.g. {shipped.relative_to(Path.cwd()).as_posix()}" in readme
    commands = [line.split("#")[0].split()[1:] for line in readme.splitlines()
                if line.startswith("orgchart ") and " HISTORY " in line]
    assert [c[0] for c in commands] == ["asof", "render", "diff", "history", "history"]
    monkeypatch.chdir(tmp_path)
    for args in commands:
        code, out = _run(*[str(shipped) if a == "HISTORY" else a for a in args])
        assert code == 0, (args, out)


def test_a_date_that_is_no_date_is_said_once(tmp_path: Path) -> None:
    code, out = _run("asof", str(HISTORY), "2016-13-01", "-o", str(tmp_path / "s.yaml"))
    assert (code, out) == (1, "Error: '2016-13-01' is not a date: 2016 has no month 13\n")
    assert not list(tmp_path.iterdir())


def test_lineage_of_a_history_whose_changes_fail_is_refused(tmp_path: Path) -> None:
    """`history` checks the history first, as asof and the 沿革表 do: a change naming no
    unit is reported at its line, and no diagram is drawn from it."""
    shutil.copytree(HISTORY.parent, tmp_path / "h")
    broken = tmp_path / "h" / "history.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("{type: rename, unit: poverty-station,",
                                   "{type: rename, unit: povrty-station,"), encoding="utf-8")
    for args in (("-o", str(tmp_path / "l.svg")), ()):
        code, out = _run("history", str(broken), "poverty-station", *args)
        assert code == 1, out
        assert out.startswith(f"Error: {broken}:34:") and "'povrty-station'" in out, out
    assert not (tmp_path / "l.svg").exists()


def test_asof_into_a_folder_it_cannot_make_is_one_line(tmp_path: Path) -> None:
    """The members' folder beside -o cannot be made (a file stands in the path): one line,
    no traceback, nothing written."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "s.yaml"
    code, said = _run("asof", str(HISTORY), "2016", "-o", str(out))
    assert code == 1
    assert said == (f"Error: {out}: cannot write: {blocker} is a file, not a folder; choose "
                    "another output path\n")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
