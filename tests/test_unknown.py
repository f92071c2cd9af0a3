"""Unknown is not zero: figures written unknown, partial totals, checks and plans (issue 12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import orgchart
from orgchart.exports.tables import units_csv
from orgchart.model.tally import tally_staffing
from orgchart.schema.structure import Staffing
from orgchart.views.stats import cap_stats, format_stats, staffing_stats

Write = Callable[[str, str], Path]

TOWN = """structure: t
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 5, institution: 0, worker: 0, heads: 1, deputies: 2}}
  - {id: a, name: 党政办, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: 4, institution: 0, worker: 0, heads: 1, deputies: 0}}
  - {id: b, name: 经发办, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: unknown, institution: 0, worker: 0, heads: 1, deputies: 0}}
"""


@pytest.fixture
def town(write: Write) -> orgchart.Structure:
    return orgchart.load_structure(write("town.yaml", TOWN))


@pytest.mark.parametrize("spelling", ["unknown", "'?'", "未知"])
def test_unknown_is_written_three_ways_and_is_not_zero(write: Write, spelling: str) -> None:
    s = orgchart.load_structure(write("s.yaml", f"""structure: s
name: s
units:
  - {{id: gov, name: 镇政府, kind: government, category: {spelling}, rank: {spelling},
     funding: {spelling}, public_class: {spelling}, staffing: {{admin: {spelling}, worker: 0}}}}
  - {{id: o, name: 办, kind: office, category: other, parent: gov}}
"""))
    gov, other = s.unit("gov"), s.unit("o")
    assert gov.staffing.admin is None and gov.staffing.worker == 0  # 0 written stays 0
    assert gov.staffing.institution is None  # not written: not known either
    assert (gov.category, gov.rank, gov.funding, gov.public_class) == ("unknown",) * 4
    assert (other.rank, other.funding, other.public_class) == (None, None, None)
    assert orgchart.check(s) == []


def test_show_prints_a_partial_total(town: orgchart.Structure) -> None:
    text = orgchart.format_tree(town)
    assert "合计：行政编制 ≥ 9（1 个单位未知），领导正职 3，领导副职 2（3 个机构）" in text
    assert "经发办  (党政机构 · 办)  行? 领1/0" in text
    assert "total: administrative posts ≥ 9 (1 units unknown)" in orgchart.format_tree(
        town, "en")


def test_stats_table_csv_and_json_keep_unknown_apart_from_zero(
        town: orgchart.Structure) -> None:
    rows = staffing_stats(town, "unit")
    total = rows[-1]
    assert (total.admin.known, total.admin.unknown, total.admin.value) == (9, 1, None)
    assert total.institution.value == 0
    table = format_stats(rows, [], "table")
    assert "≥9" in next(line for line in table.splitlines() if line.startswith("合计"))
    assert "≥ 已知部分之和" in table
    csv = format_stats(rows, [], "csv").splitlines()
    head = csv[0].split(",")
    b_row = dict(zip(head, csv[3].split(","), strict=True))
    total_row = dict(zip(head, csv[-1].split(","), strict=True))
    assert (b_row["admin"], b_row["institution"]) == ("", "0")
    assert total_row["admin"] == "" and total_row["partial"].startswith("admin ≥ 9 (1 units")
    data = json.loads(format_stats(rows, [], "json"))["staffing"]
    assert (data[2]["admin"], data[2]["institution"]) == (None, 0)
    assert data[-1]["admin"] == {"known": 9, "unknown": 1} and data[-1]["heads"] == 3


def test_chart_prints_question_marks_and_partial_totals(town: orgchart.Structure) -> None:
    dot = orgchart.to_dot(town)
    assert "编制合计：行政编制 ≥ 9（1 个单位未知）" in dot
    assert ">行? 领1/0<" in dot
    assert "? 未知 ≥ 至少" in dot  # the legend says what they mean


def test_county_rollup_is_partial_when_a_member_does_not_know(write: Write) -> None:
    write("c/town.yaml", TOWN)
    county = orgchart.load_structure(write("c/county.yaml", """structure: c
name: 县
members: [town.yaml]
units:
  - {id: gov, name: 县政府, kind: government, category: leadership, staffing: {admin: 30}}
"""))
    assert county.rollup()["admin"] == orgchart.Tally(39, 1)
    assert county.rollup()["institution"] == orgchart.Tally(0, 1)
    dot = orgchart.to_dot(county)
    assert "行政编制 ≥ 39（1 个单位未知）" in dot and ">行≥9 领3/2<" in dot  # title, member
    member = json.loads(format_stats(staffing_stats(county, "member"), [], "json"))
    assert member["staffing"][1]["admin"] == {"known": 9, "unknown": 1}


def test_units_csv_leaves_an_unknown_cell_empty(town: orgchart.Structure) -> None:
    lines = units_csv(town).splitlines()
    head = lines[0].split(",")
    b = dict(zip(head, lines[3].split(","), strict=True))
    assert (b["admin"], b["institution"], b["actual"]) == ("", "0", "")


def test_a_cap_on_posts_with_an_unknown_unit_is_skipped_and_said_under_strict(
        write: Write) -> None:
    s = orgchart.load_structure(write("cap.yaml", TOWN + """caps:
  - {category: party-government, staffing: admin, max_posts: 6}
"""))
    assert orgchart.check(s) == []
    (skipped,) = [p for p in orgchart.check(s, strict=True) if "cap" in p.message]
    assert (skipped.code, skipped.severity) == ("check-skipped", "warning")
    assert "≥ 4 (1 units unknown) against a cap of 6" in skipped.message
    assert [c.ok for c in cap_stats(s)] == [None]
    # known posts alone over the cap: exceeded, unknown or not
    over = orgchart.load_structure(write("over.yaml", TOWN + """caps:
  - {category: party-government, staffing: admin, max_posts: 3}
"""))
    assert [p.code for p in orgchart.check(over)] == ["cap-exceeded"]


def test_leaders_over_an_unknown_quota_are_skipped_and_said_under_strict(
        write: Write) -> None:
    s = orgchart.load_structure(write("q.yaml", """structure: q
name: q
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 1, heads: 1, deputies: 3}}
"""))
    assert orgchart.check(s) == []
    codes = [p.code for p in orgchart.check(s, strict=True)]
    assert codes == ["check-skipped"]


def test_a_plan_over_unknown_posts_reports_what_it_could_not_check(write: Write) -> None:
    write("old.yaml", """structure: old
name: 旧镇
functions: {f: 职能, g: 职能乙}
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership, functions: [f],
     staffing: {admin: 10, institution: 0, worker: 0, heads: 1, deputies: 0}}
  - {id: x, name: 甲站, kind: station, category: 事业单位, parent: gov, functions: [g],
     staffing: {admin: 0, worker: 0, heads: 0, deputies: 0}}
  - {id: y, name: 乙站, kind: station, category: 事业单位, parent: gov,
     staffing: {admin: 0, institution: 4, worker: 0, heads: 0, deputies: 0}}
""")
    plan = orgchart.load_plan(write("plan.yaml", """reorganisation: p
name: p
from: old.yaml
events:
  - {type: transfer-staffing, from: y, to: x, staffing: {institution: 2}}
  - {type: transfer-staffing, from: gov, to: x, staffing: {admin: 0}}
"""))
    acc = orgchart.account(plan)
    after = acc.after
    assert after.unit("x").staffing.institution is None  # 2 more than unknown: unknown
    assert after.unit("y").staffing.institution == 2
    rows = {r.type: r for r in acc.staffing}
    assert rows["admin"].checked and rows["admin"].balanced
    inst = rows["institution"]
    assert not inst.checked and not inst.balanced
    assert (inst.unknown_before, inst.unknown_after) == (("x",), ("x",))
    (unchecked,) = [p for p in acc.problems if p.code == "staffing-unchecked"]
    assert unchecked.severity == "warning" and "事业编制 (institution)" in unchecked.message
    assert "before: x; after: x" in unchecked.message
    assert acc.ok  # a warning: the plan is not wrong, only not proven
    table = orgchart.staffing_table(acc, "en")
    assert "not checked" in table and "≥2" in table


def test_moving_more_posts_than_an_unknown_number_is_not_refused(write: Write) -> None:
    write("old.yaml", """structure: old
name: 旧镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership}
  - {id: x, name: 甲站, kind: station, category: 事业单位, parent: gov}
""")
    plan = orgchart.load_plan(write("plan.yaml", """reorganisation: p
name: p
from: old.yaml
events:
  - {type: adjust-staffing, unit: x, staffing: {institution: -3}}
"""))
    acc = orgchart.account(plan)
    assert [p.code for p in acc.problems if p.is_error] == []
    assert acc.after.unit("x").staffing.institution is None


def test_schema_offers_the_unknown_spellings() -> None:
    schema = json.dumps(orgchart.json_schema(), ensure_ascii=False)
    assert '"enum": ["unknown", "?", "未知"]' in schema
    assert "类别未知" in schema or '"unknown"' in schema


def test_a_partial_quota_counts_units_not_figures(town: orgchart.Structure) -> None:
    """编制合计 over units of which some lack a type: "N 个单位未知" counts units, not cells."""
    from orgchart.model.tally import Tally, tally_staffing

    two = tally_staffing([orgchart.Staffing(admin=5, institution=0), orgchart.Staffing(admin=3)])
    assert two.quota == Tally(8, 2)  # the first lacks worker, the second two types: 2 units
    assert (two + two).quota == Tally(16, 4)
    one = tally_staffing([orgchart.Staffing(admin=10, heads=1)])
    assert one.quota.json() == {"known": 10, "unknown": 1}
    rows = staffing_stats(town)
    assert rows[-1].quota == Tally(9, 1)  # 经发办 alone does not give its 行政编制


def test_a_total_names_the_types_it_does_not_know() -> None:
    """A type left out of a total must be one known to be 0 everywhere: an establishment type
    or leadership post that some unit does not give is named with ? (or ≥), never dropped;
    实有 and 编外, which few models give, are named only when some figure is known."""
    text = tally_staffing([Staffing(admin=5, institution=0, heads=1),
                           Staffing(institution=0, worker=0, heads=0, deputies=0)]).summary()
    assert text == "行政编制 ≥ 5（1 个单位未知），工勤编制 ?，领导正职 1，领导副职 ?"
    assert "事业编制" not in text and "实有" not in text and "编外" not in text


def test_stats_table_prints_vacancies_not_known_as_a_question_mark() -> None:
    gov = orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
                        staffing=Staffing(admin=3, actual=2))  # 事业, 工勤 not known
    s = orgchart.Structure("t", "某镇", units=(gov,))
    head, row = format_stats(staffing_stats(s, "unit"), [], "table").splitlines()[:2]
    cells = dict(zip(head.split(), row.split(), strict=False))  # 估算 blank: not estimated
    # 空编, 超编 cannot be known (the posts are not all known): ?, never a blank cell
    assert (cells["空编"], cells["超编"], cells["实有"]) == ("?", "?", "2")
