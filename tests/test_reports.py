"""The office reports, opened with openpyxl (and csv/html parsed) and checked cell by cell."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.read.loader import load
from orgchart.tasks.report import report_bytes

MODELS = Path(__file__).resolve().parent.parent / "models" / "liuyang"
TOWN = MODELS / "towns" / "dayao.yaml"
COUNTY = MODELS / "county.yaml"
PLAN = MODELS / "reform" / "shashi-reform.yaml"


def _book(path: Path, kind: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(report_bytes(load(path), kind, "xlsx")))


def test_town_roster_cells() -> None:
    ws = _book(TOWN, "roster").active
    assert ws["A1"].value == "大瑶镇机构编制核定表"
    assert "A1:L1" in {str(r) for r in ws.merged_cells.ranges}
    assert "F3:I3" in {str(r) for r in ws.merged_cells.ranges}  # 编制数 over 4 types
    assert [ws.cell(3, c).value for c in (1, 2, 6, 10, 12)] == ["序号", "机构名称", "编制数",
                                                                 "领导职数", "备注"]
    assert [ws.cell(4, c).value for c in range(6, 12)] == ["行政", "事业", "工勤", "合计",
                                                           "正职", "副职"]
    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape"
    row = [c.value for c in ws[5]]
    assert row[:6] == [1, "大瑶镇党委、人民政府※", "正科级", "领导机构", "?", 12]
    assert ws["F5"].number_format == '"≈"0'  # an estimate: a number shown with ≈
    assert ws["G5"].value == 0 and ws["G5"].number_format == "0"
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "合计")
    assert total[5:11] == (48, 65, 4, 117, 13, 20)
    notes = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0])[0] in "?≈※"]
    assert len(notes) == 3


def test_county_one_sheet_per_member_plus_summary() -> None:
    wb = _book(COUNTY, "usage")
    county = load(COUNTY)
    assert wb.sheetnames[0] == "汇总" and wb.sheetnames[1] == "本级"
    assert len(wb.sheetnames) == 2 + len(county.members)
    ws = wb["汇总"]
    shashi = next(r for r in ws.iter_rows() if r[1].value == "沙市镇机构设置")
    # 沙市镇's posts are a complete estimate: a number, shown with ≈ by its format
    assert shashi[2].value == 48 and "≈" in shashi[2].number_format
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "合计")
    assert set(total[2:]) == {"?"}  # estimates of 32 towns are not added up
    assert wb["大瑶镇"]["A1"].value == "大瑶镇编制使用情况表"


def test_plan_before_and_after_marks() -> None:
    wb = _book(PLAN, "roster")
    assert wb.sheetnames == ["改革前", "改革后"]
    after = wb["改革后"]
    names = [r[1] for r in after.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert names and all(n.endswith("※") for n in names)  # an unverified plan's units


def test_problems_and_notice() -> None:
    # the 2019 layout's units cite no source of their own (大瑶镇's now do, through facts)
    ws = _book(Path("models/hunan/township-2019.yaml"), "problems").active
    assert [c.value for c in ws[3]] == ["序号", "问题类型", "说明", "出处（文件:行:列）"]
    kinds = {r[1] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert "无设立文件或来源" in kinds
    ws = _book(TOWN, "notice").active
    assert [c.value for c in ws[3]] == ["序号", "机构名称", "级别", "主要职责", "内设机构",
                                       "人员编制", "实有人员"]
    row = [c.value for c in ws[4]]
    assert row[5] == "≈行政编制 12 名" and row[6] == "?"


def test_csv_and_html() -> None:
    model = load(TOWN)
    rows = list(csv.reader(io.StringIO(report_bytes(model, "roster", "csv").decode("utf-8-sig"))))
    assert rows[0] == ["大瑶镇机构编制核定表"]
    assert rows[2][:6] == ["序号", "机构名称", "规格", "类别", "经费形式", "编制数"]
    assert rows[4][:6] == ["1", "大瑶镇党委、人民政府※", "正科级", "领导机构", "?", "≈12"]

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.spans: list[tuple[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "th":
                self.spans += [a for a in attrs if a[0] == "colspan"]

    parser = Cells()
    parser.feed(report_bytes(model, "roster", "html").decode())
    assert ("colspan", "4") in parser.spans and ("colspan", "2") in parser.spans


def test_deterministic_and_cli(tmp_path: Path) -> None:
    model = load(TOWN)
    assert report_bytes(model, "roster", "xlsx") == report_bytes(model, "roster", "xlsx")
    out = tmp_path / "r.txt"
    result = CliRunner().invoke(cli, ["report", str(TOWN), "--kind", "roster", "-o", str(out)])
    assert result.exit_code == 1 and f"name the file {tmp_path / 'r.xlsx'}" in result.output
    assert not out.exists()


@pytest.mark.parametrize("kind", ["roster", "usage", "problems", "notice"])
def test_every_kind_writes(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(cli, ["report", str(PLAN), "--kind", kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames == ["改革前", "改革后"]


def test_problem_list_is_chinese() -> None:
    """Each finding's 说明 is Chinese (from the words table), not the English check message."""
    import re

    import orgchart
    from orgchart.rules.checks import check
    from orgchart.views.reports import problems
    from orgchart.views.reports.problems import describe

    def unit(uid: str, category: str, **staff: int | None) -> orgchart.Unit:
        name = {"gov": "甲", "pi": "乙", "un": "丙"}[uid] + "站"
        return orgchart.Unit(id=uid, name=name, kind="government",
                             category=category, parent=None if uid == "gov" else "gov",
                             staffing=orgchart.Staffing(**staff))

    s = orgchart.Structure("t", "某镇", units=(
        unit("gov", "leadership", admin=3, institution=2, worker=0, actual=9, heads=6),
        unit("pi", "public-institution", admin=1, institution=1, worker=0),
        unit("un", "public-institution", admin=0, heads=1)),
        caps=(orgchart.Cap.model_validate({"category": "public-institution", "max_units": 1}),))
    rows = [[c.text for c in row] for row in problems(s)[0].body]
    kinds = {r[1] for r in rows}
    assert {"超编", "超职数", "混编混岗", "超出限额"} <= kinds
    for _i, kind, text, _where in rows:
        assert not re.search(r"[A-Za-z]{3,}", text), (kind, text)
    texts = {r[1]: r[2] for r in rows if r[1] != "混编混岗"}
    assert texts["超编"] == "甲站实有 9 人，核定编制 5 名，超编 4 名"
    assert texts["超出限额"] == "事业单位机构数为 2，超过限额 1"
    assert texts["超职数"].startswith("甲站领导职数 6 名（正职 6、副职 ?），超过核定编制 5 名")
    skipped = [describe(p) for p in check(s, strict=True) if p.code == "check-skipped"]
    assert skipped == ["丙站的事业编制、工勤编制、领导副职未知，未能检查超职数；"
                       "填写这些数字（没有则写 0）即可检查"]


def test_partial_totals_wrap_in_narrow_columns(tmp_path: Path) -> None:
    """A ``≥ n（k 个单位未知）`` total is written on two lines that each fit a narrow column
    (no bracket left alone on a third line), and its row is made tall enough for them;
    wrapped text elsewhere gets its height too."""
    town = tmp_path / "t.yaml"
    town.write_text("structure: t\nname: 某镇\nstaffing_estimated: true\nunits:\n"
                    + "".join(f"  - {{id: u{i}, name: 办{i}, kind: office, category: "
                              f"party-government, staffing: {{admin: {admin}}}}}\n"
                              for i, admin in enumerate(("4", "6", "unknown"))),
                    encoding="utf-8")
    ws = _book(town, "usage").active
    total = next(r for r in ws.iter_rows() if r[1].value == "合计")
    partial = next(c for c in total if str(c.value).startswith("≥ ≈"))
    assert partial.value == "≥ ≈10\n（1 未知）"  # at least about 10
    assert ws.column_dimensions[partial.column_letter].width <= 12
    assert ws.row_dimensions[partial.row].height == 2 * 14.25
    ws = _book(COUNTY, "problems")["汇总"]
    assert ws.row_dimensions[4].height and ws.row_dimensions[4].height > 14.25


def test_usage_has_a_column_group_per_staffing_type() -> None:
    """核定/实有/空编/超编 under each of 行政编制, 事业编制, 工勤编制 and 合计; the shipped
    models give no 实有 per type, so those cells are ?."""
    ws = _book(TOWN, "usage").active
    assert [ws.cell(3, c).value for c in (3, 7, 11, 15, 19)] == [
        "行政编制", "事业编制", "工勤编制", "合计", "编外人员"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C3:F3", "G3:J3", "K3:N3", "O3:R3", "S3:S4"} <= merged
    assert [ws.cell(4, c).value for c in range(3, 19)] == ["核定", "实有", "空编", "超编"] * 4
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "C5"
    assert ws.cell(5, 4).value == "?"  # 大瑶镇's 行政编制 people in post are not known
    notes = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and "逐单位" in str(r[0])]
    assert len(notes) == 1


def test_county_titles_name_the_place() -> None:
    """The county file has no place: its titles use its division code's name (浏阳市)."""
    for kind, what in (("usage", "编制使用情况表"), ("problems", "机构编制问题清单")):
        wb = _book(COUNTY, kind)
        assert wb["汇总"]["A1"].value == f"浏阳市{what}（汇总）"
        assert wb["本级"]["A1"].value == f"浏阳市{what}"


def test_roster_notes_carry_the_totals_a_source_gives() -> None:
    """热市镇's source gives 99 posts for the town but none per unit: every unit's cell is ?,
    and the reported total is said under the table, not lost."""
    model = load(Path("models/hunan/reshi-2024.yaml"))
    rows = [r for r in csv.reader(io.StringIO(
        report_bytes(model, "roster", "csv").decode("utf-8-sig")))]
    text = "\n".join(",".join(r) for r in rows)
    assert "来源报道的数字（未分配到单位）：" in text and "核定编制 99 名" in text
