"""实有/空编/超编 per staffing type: the 编制使用情况表 cell by cell, the per-type 超编 and the
checks left undone in the 问题清单, and the rule that the types' headcounts add up."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import orgchart
from orgchart.base import vocab
from orgchart.rules.checks import check
from orgchart.tasks.report import report_bytes
from orgchart.views.reports.usage import usage

Write = Callable[[str, str], Path]

TOWN = """\
structure: t
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 10, institution: 0, worker: 2, actual_admin: 8, actual_institution: 1,
                actual_worker: 2}}
  - {id: a, name: 甲中心, kind: centre, category: public-institution, parent: gov,
     staffing: {admin: 0, institution: 6, worker: 0, actual: 9, actual_institution: 7}}
  - {id: b, name: 乙站, kind: station, category: public-institution, parent: gov,
     staffing: {institution: 4, actual: 3}}
"""

P = "≥ {}\n（{} 未知）"  # a partial total, as the workbook wraps it


def _rows(model: Any, sheet: int | str = 0) -> dict[str, list[Any]]:
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(model, "usage", "xlsx")))
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    return {str(r[1]).rstrip("※"): list(r[2:]) for r in ws.iter_rows(min_row=5, values_only=True)
            if r[1]}


def test_usage_per_type_cell_by_cell(write: Write) -> None:
    rows = _rows(orgchart.load(write("t.yaml", TOWN)))
    #                 行政 核定 实有 空编 超编 | 事业 ...     | 工勤 ...     | 合计 ...     | 编外
    # 合计: the types' 空编 and 超编 added up (2 行政 vacant, 1 事业 over), not 12 against 11
    assert rows["镇政府"] == [10, 8, 2, 0, 0, 1, 0, 1, 2, 2, 0, 0, 12, 11, 2, 1, "?"]
    # no 行政编制 posts: none vacant, whoever holds them; 9 people as written, 3 over in all
    # (its types' 超编 are not all known: the 合计 compares its total posts and people)
    assert rows["甲中心"] == [0, "?", 0, "?", 6, 7, 0, 1, 0, "?", 0, "?", 6, 9, 0, 3, "?"]
    assert rows["乙站"] == ["?"] * 4 + [4] + ["?"] * 8 + [3, "?", "?", "?"]
    assert rows["合计"] == [P.format(10, 1), P.format(8, 2), P.format(2, 1), "?",
                          10, P.format(8, 1), "?", P.format(2, 1),
                          P.format(2, 1), P.format(2, 2), "?", "?",
                          P.format(18, 1), 23, P.format(2, 1), P.format(4, 1), "?"]
    assert rows["小计：领导机构"] == rows["镇政府"]


def test_a_total_headcount_not_written_is_the_sum_of_the_types(write: Write) -> None:
    s = orgchart.load_structure(write("t.yaml", TOWN))
    gov = s.unit("gov").staffing
    assert gov.actual is None and gov.headcount == 11  # derived, the file keeps none
    assert s.unit("b").staffing.headcount == 3 and s.unit("a").staffing.headcount == 9
    assert orgchart.Staffing(actual_admin=8, actual_worker=2).headcount is None


def test_usage_estimates_mark_posts_not_people(write: Write) -> None:
    model = orgchart.load(write("e.yaml", "staffing_estimated: true\n" + TOWN))
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(model, "usage", "xlsx")))
    ws = wb.active
    gov = next(r for r in ws.iter_rows(min_row=5) if str(r[1].value).startswith("镇政府"))
    assert [c.value for c in gov[2:6]] == [10, 8, 2, 0]
    assert gov[2].number_format == '"≈"0' and gov[3].number_format == "0"  # 8 people: counted
    assert gov[4].number_format == '"≈"0'  # 2 vacant: of an estimate of posts
    assert gov[5].number_format == "0"  # 0 over: a 0 is no estimate
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "合计")
    # at least about 10 (≥ ≈10), never "≈≥"
    assert total[2] == "≥ ≈10\n（1 未知）" and total[3] == P.format(8, 2)
    assert not any("≈≥" in str(c.value) for r in ws.iter_rows() for c in r)


def test_usage_county_summary_and_members(write: Write) -> None:
    write("c/town.yaml", TOWN)
    county = orgchart.load(write("c/county.yaml", """structure: c
name: 某县
members: [town.yaml]
units:
  - {id: gov, name: 县政府, kind: government, category: leadership,
     staffing: {admin: 30, institution: 0, worker: 0, actual: 28, actual_admin: 28,
                actual_institution: 0, actual_worker: 0}}
"""))
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(county, "usage", "xlsx")))
    assert wb.sheetnames == ["汇总", "本级", "某镇"]
    summary = _rows(county, "汇总")
    assert summary["本级"][:4] == [30, 28, 2, 0] and summary["本级"][12:16] == [30, 28, 2, 0]
    assert summary["某镇"] == _rows(county, "某镇")["合计"]
    assert summary["合计"][:4] == [P.format(40, 1), P.format(36, 2), P.format(4, 1), "?"]
    assert summary["合计"][13] == 51  # 28 + 23: every unit's headcount is known


def test_problems_list_over_per_type_and_what_was_not_checked(write: Write) -> None:
    model = orgchart.load(write("t.yaml", TOWN))
    text = report_bytes(model, "problems", "csv").decode("utf-8-sig")
    assert "镇政府事业编制实有 1 人，核定 0 名，超编 1 名" in text
    assert "甲中心事业编制实有 7 人，核定 6 名，超编 1 名" in text
    assert "甲中心实有 9 人，核定编制 6 名，超编 3 名" in text  # the total, as before
    # 混编混岗 in post: people on 事业编制 in a 领导机构 (its posts are right)
    assert "混编混岗,镇政府是领导机构，却有事业编制人员 1 人在岗," in text
    # 乙站 does not give its 行政编制: 混编混岗 cannot be checked, and the list says so
    # though the report is made without --strict
    assert "未能检查（数字未知）,乙站的行政编制、工勤编制、领导正职、领导副职未知" in text


def test_the_types_headcounts_must_add_up_to_the_total(write: Write) -> None:
    path = write("bad.yaml", """structure: t
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 10, institution: 0, worker: 0, actual: 9, actual_admin: 8,
                actual_institution: 0, actual_worker: 0}}
""")
    found = [p for p in check(orgchart.load_structure(path)) if p.code == "actual-sum"]
    assert len(found) == 1 and found[0].is_error
    assert (found[0].where.line, found[0].where.col) == (5, 63)
    assert "actual 9 is not actual_admin + actual_institution + actual_worker = 8 + 0 + 0" \
        in found[0].message
    # a part not written is unknown: nothing to add up
    path.write_text(path.read_text(encoding="utf-8").replace("actual_worker: 0", ""),
                    encoding="utf-8")
    assert "actual-sum" not in [p.code for p in check(orgchart.load_structure(path))]


def test_stats_viewer_and_notice_carry_the_headcounts(write: Write) -> None:
    import json

    from orgchart.views.stats import format_stats, staffing_stats
    from orgchart.views.viewdata import unit_records

    s = orgchart.load_structure(write("t.yaml", TOWN))
    data = json.loads(format_stats(staffing_stats(s), [], "json"))["staffing"]
    gov, a, b, total = data
    assert (gov["actual"], gov["actual_admin"], gov["actual_institution"]) == (11, 8, 1)
    assert (a["actual"], a["actual_admin"], a["overstaffed"]) == (9, None, 3)
    assert total["actual_institution"] == {"known": 8, "unknown": 1}
    assert (gov["vacancies"], gov["overstaffed"]) == (2, 1)  # per type, as the sheet
    assert (total["actual"], total["vacancies"], total["overstaffed"]) == (23, 2, 4)
    table = format_stats(staffing_stats(s), [])
    assert table.splitlines()[0].split()[9:13] == ["实有", "实有行政", "实有事业", "实有工勤"]
    records = unit_records(s)
    assert records["gov"]["staffing"]["actual"] == "11"  # derived from the three types
    assert records["gov"]["staffing"]["actual_by_type"] == [
        ["行政编制", "8"], ["事业编制", "1"], ["工勤编制", "2"]]
    assert records["a"]["staffing"]["actual_by_type"][0] == ["行政编制", "?"]
    assert "actual_by_type" not in records["b"]["staffing"]  # nothing per type is known
    notice = report_bytes(orgchart.load(write("t.yaml", TOWN)), "notice", "csv")
    gov_row = next(r for r in notice.decode("utf-8-sig").splitlines() if "镇政府" in r)
    assert gov_row.endswith(",11")  # 实有人员: the unit's total, here the types' sum


def test_over_per_type_is_not_checked_when_the_types_posts_are_unknown(write: Write) -> None:
    s = orgchart.load_structure(write("t.yaml", """structure: t
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 10, actual_worker: 2, heads: 0, deputies: 0}}
"""))
    assert "over-establishment" not in [p.code for p in check(s)]
    skipped = [p.message for p in check(s, strict=True) if p.code == "check-skipped"]
    assert len(skipped) == 1 and skipped[0].startswith("over-establishment, mixed-staffing not")


def test_a_table_imports_the_headcounts_per_type(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    table = tmp_path / "units.csv"
    table.write_text("id,parent,name,kind,category,行政编制,事业编制,工勤编制,实有人数,"
                     "行政编制实有人数,事业编制实有人数,actual_worker\n"
                     "gov,,镇政府,government,leadership,3,0,0,5,4,0,0\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = CliRunner().invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()  # 5 is not 4 + 0 + 0
    assert f"{table}:2:9: actual-sum: gov.staffing: actual 5 is not" in result.output
    table.write_text(table.read_text(encoding="utf-8").replace(",5,4,", ",4,4,"),
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 0, result.output
    st = orgchart.load_structure(out).unit("gov").staffing
    assert (st.actual, st.actual_admin, st.actual_institution, st.actual_worker) == (4, 4, 0, 0)
    assert f"{table}:2:10: warning: over-establishment" in result.output  # 行政编制 4 for 3


def test_a_unit_a_plan_makes_has_no_made_up_headcount() -> None:
    """A new unit holds the posts its events give it (unwritten: 0), but the plan says
    nothing of its people: 实有 stays unknown, so no 空编 is made up in the usage report."""
    plan = orgchart.load(Path("tests/data/reorg/every-event.yaml"))
    assert isinstance(plan, orgchart.Reorganisation)
    centre = orgchart.account(plan).after.unit("service-centre").staffing  # established
    assert (centre.institution, centre.admin) == (2, 0)
    assert [getattr(centre, k) for k in vocab.HEADCOUNT_TYPES] == [None] * 4
    row = next(r for r in usage(plan)[1].body if r[1].text.startswith("便民服务中心"))
    assert [c.text for c in row[6:10]] == ["2", "?", "?", "?"]  # 事业: 核定, 实有, 空编, 超编


def _sheet_total(cell: Any) -> tuple[int | None, int | None]:
    """Return a workbook total as (the total, the known part): ``?`` knows nothing."""
    if isinstance(cell, int):
        return cell, cell
    return None, None if cell == "?" else int(str(cell).split()[1])


@pytest.mark.parametrize("drop_b", [False, True])
def test_sqlite_vacancies_by_type_add_up_as_the_workbook(write: Write, tmp_path: Path,
                                                         drop_b: bool) -> None:
    import sqlite3

    from click.testing import CliRunner

    from orgchart.cli import cli

    text = TOWN.split("  - {id: b,")[0] if drop_b else TOWN
    path = write("t.yaml", text)
    out = tmp_path / "t.db"
    assert CliRunner().invoke(cli, ["export", str(path), "--to", "sqlite", "-o",
                                    str(out)]).exit_code == 0
    conn = sqlite3.connect(out)
    view = {r[0]: r[1:] for r in conn.execute(
        "SELECT type, vacant, vacant_known, over, over_known FROM vacancies_by_type")}
    conn.close()
    total = _rows(orgchart.load(path))["合计"]
    for i, k in enumerate(vocab.QUOTA_TYPES):
        vacant, vacant_known, over, over_known = view[k]
        sheet_vacant, sheet_over = total[4 * i + 2], total[4 * i + 3]
        # a partial total whose known part is 0 prints as ?
        assert (vacant, vacant_known if vacant is not None else vacant_known or None) \
            == _sheet_total(sheet_vacant), (k, "vacant")
        assert (over, over_known if over is not None else over_known or None) \
            == _sheet_total(sheet_over), (k, "over")
    if drop_b:  # a case where the totals are known: 2 行政 vacant, 2 事业 over
        assert (view["admin"][0], view["institution"][2]) == (2, 2)
