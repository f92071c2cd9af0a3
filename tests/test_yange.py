"""The 沿革表 of a history (issue 13 part 4), checked cell by cell as CSV and xlsx."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.read.loader import load
from orgchart.tasks.report import report_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "history" / "history.yaml"
LIUYANG = ROOT / "models" / "liuyang" / "history" / "liuyang-townships.yaml"
HEADER = ["文件文号", "下发时间", "文件名称", "机构名称", "隶属关系", "经费形式", "主要职责",
          "编制数额", "领导职数"]

#: 甲乡's 扶贫工作站: renamed (id and name) about 2021-06, merged into a new office in 2022
STATION = [
    ["", "2015-11-17", "（沿革起点的状态）", "扶贫工作站", "甲乡人民政府", "?", "脱贫攻坚", "3",
     "1正0副"],
    ["?", "?（约2021-06施行）", "?", "乡村振兴工作站", "甲乡人民政府", "?",
     "脱贫攻坚；乡村振兴", "3", "1正0副"],
    ["示编〔2022〕3号", "2022-03-01（2022-03-15施行）", "?", "并入党政综合办公室", "", "", "",
     "", ""],
]
#: 沙市镇's 扶贫工作站 → 乡村振兴工作站 (a reconstruction: staffing estimated, ≈)
SHASHI_STATION = [
    ["", "2015-11-17", "（沿革起点的状态）", "扶贫工作站", "沙市镇党委、人民政府", "?", "扶贫开发",
     "≈3", "1正0副"],
    ["?", "?（约2021施行）", "?", "乡村振兴工作站", "沙市镇党委、人民政府", "?",
     "乡村振兴与巩固脱贫成果", "≈3", "1正0副"],
]


def _csv_sections(path: Path) -> dict[str, list[list[str]]]:
    text = report_bytes(load(path), "yange", "csv").decode("utf-8-sig")
    sections: dict[str, list[list[str]]] = {}
    for block in text.split("\n\n"):
        rows = list(csv.reader(io.StringIO(block)))
        sections[rows[0][0]] = rows
    return sections


@pytest.mark.parametrize(("path", "title", "subtitle", "rows"), [
    (FIXTURE, "乡村振兴工作站沿革表", "示例县乡镇机构沿革（甲镇，revitalisation-station）",
     STATION),
    (LIUYANG, "乡村振兴工作站沿革表",
     "浏阳市乡镇（街道）机构沿革（沙市镇机构设置（改革前，推定复原），rural-revitalisation-station）",
     SHASHI_STATION),
])
def test_yange_csv_cell_by_cell(path: Path, title: str, subtitle: str,
                                rows: list[list[str]]) -> None:
    section = _csv_sections(path)[title]
    assert section[1] == [subtitle]
    assert section[2] == HEADER
    assert section[3:3 + len(rows)] == rows
    assert section[3 + len(rows)][0].startswith("每行为该机构的一次变更")


def test_yange_planned_changes_left_out_and_counted() -> None:
    sections = _csv_sections(FIXTURE)
    # the planned 2025 abolition of the team is not a row of its table
    team = sections["综合行政执法队沿革表"]
    assert team[3] == ["?", "2019-06-30", "?", "综合行政执法队", "甲乡人民政府", "?",
                       "综合行政执法", "0", "0正0副"]
    assert team[4:] == [["每行为该机构的一次变更及变更后的状态；? 未知（未知不等于 0）；"
                         "编制数额为行政、事业、工勤编制之和"],
                        ["另有 1 项规划中或已废止的变更未列入"]]


def test_yange_merged_body_has_its_own_table() -> None:
    sections = _csv_sections(FIXTURE)
    office = [rows for title, rows in sections.items() if title == "党政综合办公室沿革表"]
    assert office  # two bodies of one name: the old office and the new one (service-centre)
    subtitles = [r[1][0] for r in _all_sections(FIXTURE) if r[0][0] == "党政综合办公室沿革表"]
    assert [s.rsplit("，", 1)[1] for s in subtitles] == ["service-centre）", "office）"]


def _all_sections(path: Path) -> list[list[list[str]]]:
    text = report_bytes(load(path), "yange", "csv").decode("utf-8-sig")
    return [list(csv.reader(io.StringIO(b))) for b in text.split("\n\n")]


def test_yange_xlsx_cell_by_cell(tmp_path: Path) -> None:
    out = tmp_path / "yange.xlsx"
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "--kind", "yange", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    ws = next(ws for ws in book.worksheets if ws["A1"].value == "乡村振兴工作站沿革表")
    assert [c.value for c in ws[3]] == HEADER
    got = [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows(4, 6)]
    assert got == STATION
    assert ws["H4"].value == 3 and ws["H4"].number_format == "0"  # a count, not text


def test_yange_refuses_a_structure(tmp_path: Path) -> None:
    town = FIXTURE.parent / "town-a.yaml"
    result = CliRunner().invoke(cli, ["report", str(town), "--kind", "yange", "-o",
                                      str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "takes a history file" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_a_table_report_of_a_history_names_the_file_and_as_of(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "--kind", "roster", "-o",
                                      str(out)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {FIXTURE}: a roster report needs a structure or a plan file, not a function "
        "catalogue or a history (a history: --kind yange, or --kind roster --as-of DATE for "
        "its structure on a date)\n")
    assert not out.exists()
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "--kind", "roster", "--as-of",
                                      "2016", "-o", str(out)])
    assert result.exit_code == 0, result.output
