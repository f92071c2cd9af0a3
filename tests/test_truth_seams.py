"""Where the parallel parts of issue 12 meet: unknown posts, evidence and members together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orgchart

Write = Callable[[str, str], Path]

TOWN = """structure: t
name: 甲镇
units:
  - {id: gov, name: 甲镇政府, kind: government, category: leadership, evidence: verified,
     sources: [{title: 县政府网站, url: "https://gov.example.cn/a", kind: official}],
     staffing: {admin: 10, heads: 1}}
  - {id: office, name: 党政办, kind: office, category: 党政机构, parent: gov, evidence: verified,
     sources: [{title: 县政府网站, url: "https://gov.example.cn/a", kind: official}],
     facts: {staffing: reported}, staffing: {admin: unknown, heads: 1}}
"""

COUNTY = """structure: c
name: 某县
members: [town.yaml, other.yaml]
units:
  - {id: gov, name: 县政府, kind: government, category: leadership}
"""

OTHER = """structure: o
name: 乙镇
units:
  - {id: gov, name: 乙镇政府, kind: government, category: leadership,
     staffing: {admin: 4, institution: 0, worker: 0, heads: 1, deputies: 0}}
"""


def test_members_without_a_level_are_boxed_under_a_chinese_label(write: Write) -> None:
    write("town.yaml", TOWN)
    write("other.yaml", OTHER)
    county = orgchart.load_structure(write("county.yaml", COUNTY))
    dot = orgchart.to_dot(county)
    assert "其他（2）" in dot and "other（2）" not in dot


CITED = """structure: t
name: 甲镇
sources:
  - {id: copy, title: 文库转载, url: "https://wenku.example.com/b", kind: mirror}
units:
  - {id: gov, name: 甲镇政府, kind: government, category: leadership,
     staffing: {admin: 10, institution: 0, worker: 0, heads: 1, deputies: 1}}
  - {id: office, name: 党政办, kind: office, category: 党政机构, parent: gov,
     facts: {staffing: {evidence: reported, sources: [copy]}},
     staffing: {admin: 3, institution: 0, worker: 0, heads: 1, deputies: 0}}
"""

RENAME = """reorganisation: p
name: 改革
from: town.yaml
effective: 2020
events:
  - {type: rename, unit: office, name: 综合办}
"""


def test_a_plan_keeps_the_source_ids_its_structure_before_declares(write: Write) -> None:
    """A kept unit's fact citing ``sources: [copy]`` of the file before still finds it."""
    write("town.yaml", CITED)
    acc = orgchart.account(orgchart.load_plan(write("plan.yaml", RENAME)))
    assert [p.code for p in acc.problems if p.is_error] == []
    after = acc.after
    ev = after.evidence(after.unit("office"), "staffing")
    assert ev.level == "reported" and ev.missing == ()
    assert [s.title for s in ev.sources] == ["文库转载"]


def test_the_approximate_mark_says_not_verified_wherever_it_is_explained(write: Write) -> None:
    """≈ marks staffing that is not verified (reported here), not only staffing_estimated:
    show, stats, the balance table and the reform chart explain it in the same words as the
    structure chart's legend."""
    from orgchart.base.words import word
    from orgchart.views.stats import format_stats, staffing_stats

    town = orgchart.load_structure(write("town.yaml", CITED))
    acc = orgchart.account(orgchart.load_plan(write("plan.yaml", RENAME)))
    for lang in ("zh", "en"):
        legend = word("legend.estimate", lang).lstrip("；; ")
        texts = {"show": orgchart.format_tree(town, lang),
                 "stats": format_stats(staffing_stats(town), [], lang=lang),
                 "balance": orgchart.staffing_table(acc, lang),
                 "chart": orgchart.to_dot(town, orgchart.DiagramOptions(lang=lang)),
                 "reform": orgchart.reorg_to_dot(acc, orgchart.DiagramOptions(lang=lang))}
        for what, text in texts.items():
            assert "≈" in text, what
            assert "staffing_estimated" not in text, (what, lang)
            assert legend in text, (what, lang)


UNKNOWNS = """structure: u
name: 丙镇
evidence: partial
sources: [{title: 文库转载, url: "https://wenku.example.com/b", kind: mirror}]
units:
  - {id: gov, name: 丙镇政府, kind: government, category: unknown, rank: 未知,
     staffing: {admin: unknown}}
"""


def test_audit_speaks_the_language_asked_for_unknown_values_too(write: Write) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    path = str(write("u.yaml", UNKNOWNS))
    zh = CliRunner().invoke(cli, ["audit", path])
    en = CliRunner().invoke(cli, ["audit", "--lang", "en", path])
    assert zh.exit_code == en.exit_code == 0, zh.output + en.output
    gov_zh = [line.split() for line in zh.output.splitlines() if line.startswith("gov ")]
    assert [row[2:5] for row in gov_zh] == [
        ["名称（机构存在）", "部分核实", "文件"], ["类别", "部分核实", "文件"],
        ["机构类型", "部分核实", "文件"], ["机构规格", "部分核实", "文件"]]
    assert [row[-1] for row in gov_zh][1:4] == ["类别未知", "政府", "未知"]
    assert "来源：\n  [1] 转载 | 文库转载" in zh.output
    assert "unknown" not in zh.output and "partial" not in zh.output
    gov_en = [line for line in en.output.splitlines() if line.startswith("gov ")]
    assert gov_en[3].split()[-1] == "unknown" and " partial " in gov_en[3]
    assert "sources:\n  [1] mirror | 文库转载" in en.output
    assert "部分核实" not in en.output and "类别未知" not in en.output


def test_the_csv_export_says_it_drops_evidence_per_fact(write: Write) -> None:
    from orgchart.exports.tables import csv_warning

    warning = csv_warning(orgchart.load_structure(write("town.yaml", CITED)))
    assert "unit evidence levels per fact (1;" in warning
    partial = csv_warning(orgchart.load_structure(write("u.yaml", UNKNOWNS)))
    assert "the structure's id, name, sources, evidence" in partial
    plain = csv_warning(orgchart.load_structure(write("o.yaml", OTHER)))
    assert "evidence" not in plain


def test_a_bare_question_mark_gets_told_to_quote_it(write: Write) -> None:
    """The README offers ``?`` for unknown; written bare, YAML reads it as a key marker."""
    block = write("b.yaml", "structure: b\nname: b\nunits:\n  - id: a\n    name: 甲\n"
                            "    kind: office\n    category: other\n    rank: ?\n")
    flow = write("f.yaml", "structure: f\nname: f\nunits:\n  - {id: a, name: 甲, kind: office, "
                           "category: other, staffing: {admin: ?, worker: 0}}\n")
    for path, line in ((block, 8), (flow, 4)):
        try:
            orgchart.load_structure(path)
        except orgchart.ModelError as err:
            (problem,) = err.problems
            assert problem.where.line == line
            assert "write unknown or '?' in quotes" in problem.message, problem.message
        else:
            raise AssertionError("a bare ? was read")


def test_the_interactive_page_shows_unknown_posts_as_unknown(write: Write) -> None:
    """The page's records (orgchart serve, -f html): ? for a unit's unknown figure, a partial
    total for a member, and the ≈ flag on staffing that is unknown and not verified at once."""
    from orgchart.views.viewdata import member_record, unit_records

    write("town.yaml", TOWN)
    write("other.yaml", OTHER)
    county = orgchart.load_structure(write("county.yaml", COUNTY))
    town = county.members[0]
    office = unit_records(town)["office"]
    assert dict(office["staffing"]["posts"])["行政编制"] == "?"
    assert office["estimated"] is True and office["verified"] is True
    member = member_record(town, 0)
    assert dict(member["staffing"]["posts"])["行政编制"] == "≥ 10（1 个单位未知）"


def test_an_error_at_the_end_of_the_file_is_still_one_clean_problem(write: Write) -> None:
    """The bare-? hint reads the error's line; at the end of the file there is none."""
    for text in ("{", "a: [\r", "units:\n  - {id: a\u2028"):
        try:
            orgchart.load_structure(write("e.yaml", text))
        except orgchart.ModelError as err:
            assert [p.code for p in err.problems] == ["yaml"]
        else:
            raise AssertionError(text)
