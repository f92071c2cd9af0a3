"""Exports, spreadsheet import and staffing statistics."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.exports import EXPORT_FORMATS, export
from orgchart.exports.tables import relations_csv, units_csv
from orgchart.tasks.importing import table_to_structure
from orgchart.views.stats import cap_stats, staffing_stats

TOWN = "models/hunan/township-2019.yaml"
MINI = "tests/data/minimal.yaml"
PLAN = "tests/data/reorg/plan.yaml"
SHASHI = "models/liuyang/reform/shashi-reform.yaml"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("model", [TOWN, MINI, "models/liuyang/county.yaml"])
def test_structure_round_trip(tmp_path: Path, fmt: str, model: str) -> None:
    s = orgchart.load(model)
    out = tmp_path / f"copy.{fmt}"
    out.write_text(export(s, fmt, out), encoding="utf-8")  # type: ignore[arg-type]
    again = orgchart.load(out)
    assert again == s
    assert [u.id for u in again] == [u.id for u in s]  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("model", ["models/liuyang/towns/dayao.yaml",
                                   "models/liuyang/towns/huaichuan.yaml",
                                   "models/liuyang/town-template.yaml"])
def test_place_and_raw_units_survive_the_canonical_form(tmp_path: Path, fmt: str,
                                                        model: str) -> None:
    s = orgchart.load_structure(model)
    assert s.place and any("{place}" in u.name for u in s.raw_units)
    out = tmp_path / f"copy.{fmt}"
    text = export(s, fmt, out)
    out.write_text(text, encoding="utf-8")
    again = orgchart.load_structure(out)
    assert again.place == s.place
    assert again.raw_units == s.raw_units and again.units == s.units
    assert again == s
    assert export(again, fmt, out) == text
    assert "{place}" in text
    # equality sees the place, which the filled unit names alone do not show
    assert dataclasses.replace(s, place="别处") != s


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_source_only_the_template_declares_survives_the_canonical_form(
        tmp_path: Path, fmt: str) -> None:
    """沙市镇 (old) cites the template's source 'daowen' by id; without 'extends' the
    exported file must carry it, or it fails validate (unknown-source)."""
    s = orgchart.load_structure("models/liuyang/reform/shashi-old.yaml")
    forestry = s.unit("forestry-station")
    assert "daowen" in forestry.facts["links"].sources
    out = tmp_path / f"copy.{fmt}"
    out.write_text(export(s, fmt, out), encoding="utf-8")
    again = orgchart.load_structure(out)
    assert [p for p in orgchart.check(again) if p.is_error] == []
    assert again.evidence(again.unit("forestry-station"), "links") == s.evidence(forestry,
                                                                                "links")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_plan_round_trip(tmp_path: Path, fmt: str) -> None:
    plan = orgchart.load(PLAN)
    out = tmp_path / f"plan.{fmt}"
    out.write_text(export(plan, fmt, out), encoding="utf-8")  # type: ignore[arg-type]
    again = orgchart.load(out)
    assert isinstance(again, orgchart.Reorganisation)
    assert again.events == plan.events and again.before == plan.before  # type: ignore[union-attr]
    assert orgchart.same_units(again.apply(), plan.apply())  # type: ignore[union-attr]


def test_graphml_reads_back_in_networkx() -> None:
    g = nx.read_graphml(io.StringIO(export(orgchart.load(MINI), "graphml")))  # type: ignore[arg-type]
    assert g.nodes["centre"]["nameplates"] == "动物防疫站"
    assert g.nodes["centre"]["staffing.institution"] == 6
    assert sorted((u, v, d["relation"]) for u, v, d in g.edges(data=True)) == [
        ("centre", "office", "co-location"), ("county-agri", "centre", "guidance"),
        ("town", "centre", "leadership"), ("town", "office", "leadership")]


def test_gexf_carries_lifetimes(write: Any) -> None:
    text = Path(MINI).read_text(encoding="utf-8").replace(
        "    nameplates: [动物防疫站]", "    nameplates: [动物防疫站]\n"
        "    valid_from: 2019-03-01\n    valid_to: 2024-01-01")
    s = orgchart.load(write("dated.yaml", text))
    gexf = export(s, "gexf")  # type: ignore[arg-type]
    assert 'mode="dynamic"' in gexf and 'start="2019-03-01"' in gexf
    g = nx.read_gexf(io.StringIO(gexf))
    assert g.nodes["centre"]["start"] == "2019-03-01" and g.nodes["centre"]["end"] == "2024-01-01"


def test_jsonld_parses_and_answers_sparql() -> None:
    from rdflib import Graph

    g = Graph().parse(data=export(orgchart.load(TOWN), "jsonld"), format="json-ld")  # type: ignore[arg-type]
    q = """PREFIX org: <http://www.w3.org/ns/org#>
           PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           SELECT (COUNT(?u) AS ?n) WHERE {
             ?u org:subOrganizationOf ?parent . ?parent skos:prefLabel "××镇党委、人民政府"@zh }"""
    (n,) = next(iter(g.query(q)))
    assert int(n) == 14
    q2 = """PREFIX oc: <https://orgchart.readthedocs.io/ns#>
            SELECT (SUM(?p) AS ?total) WHERE { ?u oc:adminPosts ?p }"""
    (total,) = next(iter(g.query(q2)))
    assert int(total) == orgchart.load_structure(TOWN).totals().admin.value
    labels = {str(o) for o in g.objects(None, None) if getattr(o, "language", None) == "zh"}
    assert "农业农村工作办公室" in labels  # a nameplate as skos:altLabel


def test_jsonld_change_event() -> None:
    from rdflib import Graph

    g = Graph().parse(data=export(orgchart.load(PLAN), "jsonld"), format="json-ld")  # type: ignore[arg-type]
    q = """PREFIX org: <http://www.w3.org/ns/org#>
           PREFIX prov: <http://www.w3.org/ns/prov#>
           SELECT ?e ?t WHERE { ?e a org:ChangeEvent ; org:originalOrganization ?o ;
                                  org:resultingOrganization ?r ; prov:startedAtTime ?t }"""
    rows = list(g.query(q))
    assert len(rows) == 1 and str(rows[0][1]) == "2020-01-01"
    merges = list(g.query("""PREFIX oc: <https://orgchart.readthedocs.io/ns#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?o WHERE { ?m a oc:Merge ; org:originalOrganization ?o }"""))
    assert len(merges) == 2


def test_popolo_organizations_and_renames() -> None:
    data = json.loads(export(orgchart.load(PLAN), "popolo"))  # type: ignore[arg-type]
    orgs = {o["id"]: o for o in data["organizations"]}
    renamed = orgs["old-after/poverty-office"]
    assert renamed["name"] == "乡村振兴工作站"
    assert renamed["other_names"] == [{"name": "扶贫工作站", "note": "former name",
                                       "end_date": "2020-01-01"}]
    assert orgs["old/agri-station"]["dissolution_date"] == "2020-01-01"
    assert orgs["old-after/agri-centre"]["founding_date"] == "2020-01-01"
    assert orgs["old-after/agri-centre"]["parent_id"] == "old-after/town"


def test_mermaid_keeps_chinese_and_escapes_markup(write: Any) -> None:
    s = orgchart.load(write("m.yaml", """structure: m
name: 镇
units:
  - {id: gov, name: '镇政府 <b>"x"</b>', kind: government, category: leadership}
  - {id: a, name: 党政办, kind: office, category: party-government, parent: gov}
"""))
    text = export(s, "mermaid")  # type: ignore[arg-type]
    assert text.startswith("flowchart TD")
    assert "党政办" in text and "<b>" not in text and "#lt;b#gt;#quot;x#quot;" in text
    assert 'subgraph c_party_government["党政机构"]' in text


def test_csv_tables_and_import_round_trip(tmp_path: Path) -> None:
    s = orgchart.load_structure(TOWN)
    table = tmp_path / "units.csv"
    table.write_text(units_csv(s), encoding="utf-8")
    imported = table_to_structure(table, "t", "t")
    assert units_csv(imported) == units_csv(s)
    assert relations_csv(s).splitlines()[1] == "town,congress,leadership,"


def _structures() -> list[str]:
    from orgchart.tasks.validate import find_models

    return [str(p) for p in find_models("models")
            if isinstance(orgchart.load(p), orgchart.Structure)]


def _as_in_table(s: orgchart.Structure) -> tuple[list[Any], list[Any]]:
    """Return the units and outside bodies of ``s`` as far as the CSV tables carry them."""
    units = [u.model_copy(update={"note": None, "sources": (), "valid_from": None,
                                  "valid_to": None, "staffing_estimated": None,
                                  "verified": s.is_verified(u), "facts": {},
                                  "evidence": None}) for u in s.units]
    return units, [b.model_copy(update={"note": None, "sources": ()}) for b in s.outside]


@pytest.mark.parametrize("model", _structures())
def test_every_shipped_structure_round_trips_through_csv(tmp_path: Path, model: str) -> None:
    s = orgchart.load_structure(model)
    table = tmp_path / "units.csv"
    table.write_text(units_csv(s), encoding="utf-8")
    (tmp_path / "units-relations.csv").write_text(relations_csv(s), encoding="utf-8")
    imported = table_to_structure(table, s.id, s.name)
    assert _as_in_table(imported) == _as_in_table(s)
    assert units_csv(imported) == units_csv(s)
    assert relations_csv(imported) == relations_csv(s)


def test_cli_csv_round_trip_keeps_outside_bodies_and_says_what_it_leaves_out(
        tmp_path: Path, runner: CliRunner) -> None:
    old = "models/hunan/old-layout.yaml"
    s = orgchart.load_structure(old)
    assert any(u.parent in {b.id for b in s.outside} for u in s.units)
    table = tmp_path / "old.csv"
    exported = runner.invoke(cli, ["export", old, "--to", "csv", "-o", str(table)])
    assert exported.exit_code == 0, exported.output
    warning = exported.stderr
    assert warning.startswith("warning: the CSV tables leave out") and len(
        warning.splitlines()) == 1
    for lost in ("place", "unit notes", "outside-body notes", "--to yaml"):
        assert lost in warning, lost
    # a byte-order mark, so that Excel reads the Chinese as UTF-8; import takes it back
    assert table.read_bytes().startswith("\ufeff".encode("utf-8"))
    assert table.with_name("old-relations.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    out = tmp_path / "old.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = orgchart.load_structure(out)
    assert _as_in_table(again) == _as_in_table(s)
    assert [p for p in orgchart.check(again) if p.severity == "error"] == []


def _import_problems(table: Path) -> list[str]:
    """Import ``table``, which must fail; return its problems with paths relative to it."""
    with pytest.raises(orgchart.ModelError) as err:
        table_to_structure(table)
    return [str(p).removeprefix(str(table.parent) + "/") for p in err.value.problems]


def test_bad_outside_body_and_relation_cells(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,parent,name,kind,category,admin,outside_body,level\n"
                     "gov,,镇政府,government,leadership,3,,\n"
                     "a,gov,党政办,office,党政机构,2,,county\n"
                     "county-x,,县局,,,4,true,county\n"
                     "county-y,,县局,department,,,maybe,\n", encoding="utf-8")
    (tmp_path / "t-relations.csv").write_text(
        "source,target,type,note\ngov,a,leadership,\ncounty-x,nobody,guidance,\n"
        "county-x,a,advice,\ncounty-q,a,guidance,\n", encoding="utf-8")
    assert [f.split(": ")[0:2] for f in _import_problems(table)] == [
        ["t.csv:3:8", "misplaced-cell"], ["t.csv:4:6", "misplaced-cell"],
        ["t.csv:5:7", "bad-value"]]
    table.write_text("id,parent,name,kind,category,outside_body\n"
                     "gov,,镇政府,government,leadership,\n"
                     "a,gov,党政办,office,党政机构,\n"
                     "county-x,,县局,,,是\n", encoding="utf-8")
    found = _import_problems(table)
    assert [f.split(": ")[0:2] for f in found] == [
        ["t-relations.csv:3:2", "unknown-unit"], ["t-relations.csv:4:3", "bad-value"],
        ["t-relations.csv:5:1", "unknown-unit"]]
    assert "county-q" in found[-1]


def test_bad_table_reports_row_and_column_and_writes_nothing(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind,category,行政编制,colour\n"
                   "gov,镇政府,government,leadership,3,red\n"
                   "a,党政办,office,党政机构,-2,blue\n"
                   "b,,office,nonsense,1.5,green\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    text = result.output
    assert f"{bad}:1:6: unknown-column: unknown column 'colour'" in text
    assert (f"{bad}:3:5: bad-value: admin: expected a whole number >= 0 (or unknown), "
            "not '-2'") in text
    assert f"{bad}:4:5: bad-value: admin" in text and f"{bad}:4:2: bad-value: name" in text
    assert f"{bad}:4:4: bad-value: category" in text
    assert not out.exists()


def test_table_without_the_needed_columns_is_said_once(tmp_path: Path,
                                                      runner: CliRunner) -> None:
    """A sheet that is no units table (here a 核定表 orgchart wrote, title first) gets one
    line for its header, not one per row for each cell of a column it does not have."""
    sheet = tmp_path / "roster.csv"
    sheet.write_text("某镇机构编制核定表\n截至 2023\n序号,机构名称\n1,党政办\n2,经发办\n",
                     encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", str(sheet), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {sheet}:1:1: missing-column: the first row must name the columns; 'id', "
        "'name', 'kind', 'category' are missing (a units table as 'orgchart export --to csv' "
        "writes it has id, parent, name, kind, category, ...)",
        f"{sheet}:1:1: unknown-column: unknown column '某镇机构编制核定表'; columns: id, parent, "
        "name, kind, category, admin, institution, ..., functions"]
    assert not out.exists()


def test_import_refuses_duplicate_ids_at_their_row(tmp_path: Path, runner: CliRunner) -> None:
    table = tmp_path / "units.csv"
    table.write_text("id,parent,name,kind,category\n"
                     "gov,,镇政府,government,leadership\n"
                     "x,gov,党政办,office,党政机构\n"
                     "y,gov,经发办,office,党政机构\n"
                     "x,gov,综治办,office,党政机构\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{table}:5:1: duplicate-id: duplicate id 'x' (first on row 3);" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_import_check_errors_are_located_at_their_cell(tmp_path: Path) -> None:
    table = tmp_path / "units.csv"
    table.write_text("name,id,parent,kind,category,行政编制,事业编制,领导正职,工勤编制\n"
                     "镇政府,gov,,government,leadership,3,,,\n"
                     "党政办,a,gvo,office,党政机构,,,,\n"
                     "服务中心,c,gov,centre,事业单位,2,,,\n"
                     "经发办,e,gov,office,党政机构,1,0,2,0\n"
                     "另一个,r,,office,党政机构,,,,\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        table_to_structure(table)
    found = [(str(p.where).removeprefix(f"{table}:"), p.code) for p in err.value.problems]
    assert found == [("3:3", "unknown-unit"), ("4:6", "mixed-staffing"),
                     ("5:8", "leaders-over-quota"), ("6:2", "multiple-roots")]


def test_xlsx_import(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "parent", "name", "kind", "category", "事业编制", "functions"])
    sheet.append(["gov", None, "镇政府", "government", "leadership", None, None])
    sheet.append(["c", "gov", "服务中心", "centre", "事业单位", 7, "a;b"])
    book.save(tmp_path / "t.xlsx")
    s = table_to_structure(tmp_path / "t.xlsx")
    assert s.unit("c").staffing.institution == 7 and s.unit("c").functions == ("a", "b")


def test_stats_groups_vacancies_and_caps() -> None:
    s = orgchart.load_structure(MINI)
    rows = staffing_stats(s, "category")
    total = rows[-1]
    assert (total.group, total.admin.value, total.institution.value) == ("合计", 9, 6)
    centre = staffing_stats(s, "unit")[2]
    assert (centre.quota.value, centre.actual.value, centre.vacancies) == (6, 5, 1)
    caps = cap_stats(orgchart.load_structure(TOWN))
    assert [(c.used.value, c.limit, c.ok) for c in caps] == [
        (6, 6, True), (1, 1, True), (4, 4, True)]


def test_stats_table_names_caps_in_chinese(runner: CliRunner) -> None:
    """The Chinese table says what a cap limits in Chinese (党政机构机构数), not the English
    description (党政机构: units) that JSON keeps."""
    result = runner.invoke(cli, ["stats", str(TOWN)])
    assert result.exit_code == 0, result.output
    caps = result.output.split("\n\n")[1].splitlines()
    assert [line.split()[1] for line in caps] == [
        "限额", "党政机构机构数", "执法机构机构数", "事业单位机构数"], caps
    assert "units" not in result.output
    data = json.loads(runner.invoke(cli, ["stats", str(TOWN), "--format", "json"]).output)
    assert [c["cap"] for c in data["caps"]] == [
        "党政机构: units", "执法机构: units", "事业单位: units"]


def test_vacancies_per_unit_only_where_actual_is_given(runner: CliRunner, write: Any) -> None:
    path = write("v.yaml", """structure: v
name: 镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 5, institution: 0, worker: 0}}
  - {id: a, name: 党政办, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: 4, institution: 0, worker: 0, actual: 2}}
  - {id: b, name: 经发办, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: 3, institution: 0, worker: 0, actual: 5}}
  - {id: c, name: 服务中心, kind: centre, category: 事业单位, parent: gov,
     staffing: {admin: 0, institution: 6, worker: 0, actual: 6}}
""")
    s = orgchart.load_structure(path)
    total = staffing_stats(s, "unit")[-1]
    # 5 posts of gov have no headcount: they are neither vacant nor filled
    assert (total.actual.known, total.vacancies, total.overstaffed, total.without_actual) == (
        13, 2, 2, 1)
    offices = staffing_stats(s, "category")[1]
    assert offices.group == "党政机构"
    assert (offices.vacancies, offices.overstaffed, offices.without_actual) == (2, 2, 0)
    gov = staffing_stats(s, "unit")[0]
    assert (gov.actual.value, gov.vacancies, gov.overstaffed, gov.without_actual) == (
        None, None, None, 1)
    table = runner.invoke(cli, ["stats", str(path), "--by", "category"]).output
    assert "超编" in table and "4 个机构中有 1 个未给出实有人数" in table
    data = json.loads(runner.invoke(cli, ["stats", str(path), "--format", "json"]).output)
    assert data["staffing"][-1]["without_actual"] == 1


def test_stats_by_unit_keys_rows_by_id_not_name(runner: CliRunner, write: Any) -> None:
    path = write("same.yaml", """structure: s
name: 镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership, staffing: {admin: 5}}
  - {id: north-office, name: 综合办公室, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: 2}}
  - {id: south-office, name: 综合办公室, kind: office, category: 党政机构, parent: gov,
     staffing: {admin: 3, actual: 3}}
""")
    rows = staffing_stats(orgchart.load_structure(path), "unit")
    assert [(r.group, r.name, r.units, r.admin.value, r.actual.value) for r in rows] == [
        ("gov", "镇政府", 1, 5, None), ("north-office", "综合办公室", 1, 2, None),
        ("south-office", "综合办公室", 1, 3, 3), ("合计", None, 3, 10, None)]
    table = runner.invoke(cli, ["stats", str(path)]).output.splitlines()
    assert table[0].split()[:3] == ["机构", "名称", "机构数"]
    assert table[2].split()[:3] == ["north-office", "综合办公室", "1"]
    assert "名称" not in runner.invoke(cli, ["stats", str(path), "--by", "kind"]).output
    # in a county, the same unit id in two member towns is two rows
    write("t/town.yaml", Path(MINI).read_text(encoding="utf-8"))
    write("t/town2.yaml", Path(MINI).read_text(encoding="utf-8").replace("structure: mini",
                                                                         "structure: mini2"))
    county = write("t/county.yaml", "structure: c\nname: 县\nmembers: [town.yaml, town2.yaml]\n"
                   "units:\n  - {id: office, name: 党政综合办公室, kind: office, "
                   "category: leadership, staffing: {admin: 30}}\n")
    rows = staffing_stats(orgchart.load_structure(county), "unit")
    groups = [(r.group, r.admin.value) for r in rows]
    assert ("office", 30) in groups and ("mini/office", 4) in groups
    assert ("mini2/office", 4) in groups and len(groups) == 1 + 3 + 3 + 1


def test_county_rollup_over_members(write: Any) -> None:
    write("t/town.yaml", Path(MINI).read_text(encoding="utf-8"))
    write("t/town2.yaml", Path(MINI).read_text(encoding="utf-8").replace("structure: mini",
                                                                         "structure: mini2"))
    county = write("t/county.yaml", "structure: c\nname: 县\nmembers: [town.yaml, town2.yaml]\n"
                   "units:\n  - {id: gov, name: 县政府, kind: government, category: leadership,"
                   " staffing: {admin: 30}}\n")
    s = orgchart.load_structure(county)
    assert s.rollup().admin.value == 30 + 2 * 9
    rows = staffing_stats(s, "member")
    assert [r.group for r in rows] == ["县", "小镇", "小镇", "合计（含下属）"]
    assert rows[-1].admin.value == 48


def test_cli_export_and_stats(runner: CliRunner, tmp_path: Path) -> None:
    for fmt in EXPORT_FORMATS:
        result = runner.invoke(cli, ["export", MINI, "--to", fmt])
        assert result.exit_code == 0, (fmt, result.output)
    plan = runner.invoke(cli, ["export", PLAN, "--to", "graphml"])
    assert plan.exit_code == 1 and "exports a structure" in plan.output
    out = tmp_path / "x.csv"
    assert runner.invoke(cli, ["export", MINI, "--to", "csv", "-o", str(out)]).exit_code == 0
    assert (tmp_path / "x-relations.csv").is_file()
    stats = runner.invoke(cli, ["stats", TOWN, "--by", "kind", "--format", "json"])
    data = json.loads(stats.output)
    assert data["staffing"][-1]["quota"] == 117 and data["caps"][0]["ok"] is True


def test_non_finite_numbers_are_bad_cells(tmp_path: Path) -> None:
    bad = tmp_path / "nan.csv"
    bad.write_text("id,name,kind,category,admin\ngov,镇政府,government,leadership,nan\n"
                   "a,办,office,党政机构,inf\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        table_to_structure(bad)
    assert [str(p.where).split(":", 1)[1] for p in err.value.problems] == ["2:5", "3:5"]


def test_stats_list_the_figures_sources_report(runner: CliRunner) -> None:
    import json

    county = "models/liuyang/county.yaml"
    table = runner.invoke(cli, ["stats", county, "--by", "category"])
    assert table.exit_code == 0
    line = next(x for x in table.output.splitlines() if x.startswith("posts-moved-down"))
    assert "644" in line and "未核实" in line
    data = json.loads(runner.invoke(cli, ["stats", county, "--format", "json"]).output)
    assert {f["id"]: f["value"] for f in data["reported"]}["posts-moved-down"] == 644
    plain = runner.invoke(cli, ["stats", TOWN]).output
    assert "来源报道" not in plain


def test_import_refuses_unclear_verified_cells_and_repeated_columns(
        tmp_path: Path, runner: CliRunner) -> None:
    table = tmp_path / "units.csv"
    table.write_text("id,name,kind,category,admin,行政编制,verified\n"
                     "gov,镇政府,government,leadership,3,3,ture\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert f"{table}:1:6: repeated-column: column '行政编制' means 'admin'" in result.output
    assert f"{table}:2:7: bad-value: verified: expected true or false" in result.output


def test_import_prints_the_checks_warnings(tmp_path: Path, runner: CliRunner) -> None:
    table = tmp_path / "units.csv"
    table.write_text("id,parent,name,kind,category,admin,actual,institution,worker\n"
                     "gov,,镇政府,government,leadership,3,5,0,0\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert f"{table}:2:7: warning: over-establishment" in result.output


def test_stats_by_kind_keeps_kinds_with_the_same_label_apart(write: Any) -> None:
    path = write("k.yaml", """structure: k
name: k
kinds: {bureau: 办}
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership}
  - {id: a, name: 甲, kind: office, category: 党政机构, parent: gov, staffing: {admin: 2}}
  - {id: b, name: 乙, kind: bureau, category: 党政机构, parent: gov, staffing: {admin: 3}}
""")
    rows = {r.group: r.admin.value for r in staffing_stats(orgchart.load_structure(path), "kind")}
    assert rows["办 (office)"] == 2 and rows["办 (bureau)"] == 3


@pytest.mark.parametrize(("fmt", "name"), [("yaml", "x.json"), ("json", "x.yaml"),
                                           ("graphml", "x.svg"), ("csv", "x.xlsx"),
                                           ("mermaid", "x.csv"), ("popolo", "x.yml")])
def test_export_suffix_that_contradicts_the_format_is_refused(
        tmp_path: Path, runner: CliRunner, fmt: str, name: str) -> None:
    s = orgchart.load(MINI)
    with pytest.raises(orgchart.RenderError, match=rf"{name}: .*{fmt}"):
        export(s, fmt, tmp_path / name)  # type: ignore[arg-type]
    result = runner.invoke(cli, ["export", MINI, "--to", fmt, "-o", str(tmp_path / name)])
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert Path(name).suffix in result.output and fmt in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("fmt", "name"), [("jsonld", "x.json"), ("popolo", "x.json"),
                                           ("mermaid", "x.md"), ("yaml", "x.yml"),
                                           ("graphml", "x.xml"), ("json", "x")])
def test_export_suffix_that_agrees(tmp_path: Path, fmt: str, name: str) -> None:
    assert export(orgchart.load(MINI), fmt, tmp_path / name)  # type: ignore[arg-type]


def test_import_writes_only_model_files(tmp_path: Path, runner: CliRunner) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,name,kind,category\ngov,镇政府,government,leadership\n",
                     encoding="utf-8")
    result = runner.invoke(cli, ["import", str(table), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 1 and ".json" in result.output and "yaml" in result.output
    assert not (tmp_path / "t.json").exists()


def test_import_of_a_table_without_units_writes_nothing(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,name,kind,category\n,,,\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError, match=r"t\.csv:2:1: .*no units"):
        table_to_structure(table)
    result = runner.invoke(cli, ["import", str(table), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "t.yaml").exists()


def test_csv_export_writes_both_tables_or_neither(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "x-relations.csv").mkdir()
    result = runner.invoke(cli, ["export", MINI, "--to", "csv", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and "x-relations.csv" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_import_gives_the_model_a_valid_id(tmp_path: Path, runner: CliRunner) -> None:
    table = tmp_path / "my towns, 2019.csv"
    table.write_text("id,name,kind,category\ngov,镇政府,government,leadership\n",
                     encoding="utf-8")
    out = tmp_path / "t.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out), "--id", "has space"])
    assert result.exit_code == 1 and "'has space'" in result.output and "--id" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()
    result = runner.invoke(cli, ["import", str(table), "-o", str(out)])
    assert result.exit_code == 0, result.output
    model = orgchart.load_structure(out)
    assert model.id == "my-towns-2019" and model.name == "my towns, 2019"


@pytest.mark.parametrize("name", ["old.xls", "sheet.ods", "sheet.numbers"])
def test_import_names_unsupported_spreadsheets(tmp_path: Path, name: str) -> None:
    table = tmp_path / name
    table.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00")
    with pytest.raises(orgchart.ModelError, match=rf"{name}:1:1: .*\.xlsx or \.csv"):
        table_to_structure(table)


def _exports_in_subprocess(seed: str) -> dict[str, str]:
    """Export MINI and the 沙市镇 plan in every format they take, in a fresh process."""
    import json
    import os
    import subprocess
    import sys

    code = ("import json, sys, orgchart; from orgchart.exports import EXPORT_FORMATS, export\n"
            "out = {}\n"
            "for model in sys.argv[1:]:\n"
            "    m = orgchart.load(model)\n"
            "    for fmt, (kind, *_) in EXPORT_FORMATS.items():\n"
            "        if kind != 'structure' or isinstance(m, orgchart.Structure):\n"
            "            out[model + ' ' + fmt] = export(m, fmt)\n"
            "print(json.dumps(out))")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", code, MINI, SHASHI], env=env, check=True,
                          capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def test_exports_are_byte_identical_whatever_the_hash_seed() -> None:
    first = _exports_in_subprocess("1")
    assert len(first) == len(EXPORT_FORMATS) + sum(
        kind != "structure" for kind, *_ in EXPORT_FORMATS.values())
    assert all(first.values())
    second = _exports_in_subprocess("2")
    assert [k for k in first if first[k] != second.get(k)] == []


def test_gexf_does_not_depend_on_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import networkx.readwrite.gexf as nx_gexf

    s = orgchart.load_structure(MINI)
    today = export(s, "gexf")
    monkeypatch.setattr(nx_gexf.time, "strftime", lambda *_a: "2001-02-03")
    assert export(s, "gexf") == today



@pytest.mark.parametrize("model", [PLAN, SHASHI, "models/hunan/old-layout.yaml"])
def test_popolo_parent_ids_name_organizations_in_the_file(model: str) -> None:
    orgs = json.loads(export(orgchart.load(model), "popolo"))["organizations"]  # type: ignore[arg-type]
    ids = [o["id"] for o in orgs]
    assert len(ids) == len(set(ids))
    dangling = [(o["id"], o["parent_id"]) for o in orgs if o.get("parent_id", ids[0]) not in ids]
    assert dangling == []


def test_popolo_plan_shows_units_as_they_are_after_with_dated_former_names(write: Any) -> None:
    text = Path(SHASHI).read_text(encoding="utf-8")
    here = Path(SHASHI).parent.resolve()
    plan = orgchart.load(write("reform/plan.yaml", text.replace(
        "from: shashi-old.yaml\nto: ../towns/shashi.yaml",
        f"from: {here}/shashi-old.yaml\nto: {here.parent}/towns/shashi.yaml\n"
        "effective: 2019-06-01")))
    orgs = {o["id"]: o for o in json.loads(export(plan, "popolo"))["organizations"]}  # type: ignore[arg-type]
    office = orgs["liuyang-shashi/general-office"]
    assert office["name"] == "党政综合办公室"
    assert {"name": "Party and Government General Office", "note": "English name"} in \
        office["other_names"]
    assert {"name": "党政办公室", "note": "former name", "end_date": "2019-06-01"} in \
        office["other_names"]
    economy = orgs["liuyang-shashi/economic-office"]["other_names"]
    assert {"name": "农业办公室", "note": "former 挂牌", "end_date": "2019-06-01"} in economy
    assert {"name": "农业农村工作办公室", "note": "挂牌", "start_date": "2019-06-01"} in economy
    station = orgs["liuyang-shashi/rural-revitalisation-station"]  # renamed, its id too
    assert {"name": "扶贫工作站", "note": "former name", "end_date": "2019-06-01"} in \
        station["other_names"]


def _mermaid_text(label: str) -> str:
    """Read back Mermaid label text: entity codes (#quot;, #35;) and <br/> line breaks."""
    import html
    import re

    label = label.replace("<br/>", "\n")
    return html.unescape(re.sub(r"#(\w+);", lambda m: "&" + ("#" if m[1].isdigit() else "")
                                + m[1] + ";", label))


#: no posts, and that known: a unit whose posts are not known shows a "?" badge
NONE = orgchart.Staffing(admin=0, institution=0, worker=0, heads=0, deputies=0)


@pytest.mark.parametrize("name", ["A#quot;B", "第#35;号", "a&b", "x\nclick n call alert()",
                                  "[链接](http://x) **粗** `码`", "a\r\nb\u2028c"])
def test_mermaid_labels_read_back_as_the_names(name: str) -> None:
    import re

    s = orgchart.Structure("t", name, verified=True, units=(  # verified: no ※ after names
        orgchart.Unit(id="gov", name=name, kind="government", category="leadership",
                      staffing=NONE),
        orgchart.Unit(id="o", name="办", kind="office", category="party-government",
                      parent="gov", nameplates=(name,), staffing=NONE)))
    text = export(s, "mermaid")
    statement = re.compile(r"(flowchart TD|    (%% .*|n_\w+\[\".*\"\](:::\w+)?|subgraph .*|end|"
                           r"n_\w+ \S+ n_\w+|n_\w+ \S+\|[^|]*\| n_\w+|classDef .*|class .*)|"
                           r"        n_\w+\[\".*\"\])")
    assert [line for line in text.splitlines() if not statement.fullmatch(line)] == []
    labels = re.findall(r'n_gov_[0-9a-f]+\["([^"]*)"\]', text)
    assert [_mermaid_text(x) for x in labels] == ["\n".join(name.splitlines())]


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_exporting_a_catalogue_is_a_library_error(fmt: str) -> None:
    catalogue = orgchart.load("models/catalogues/township-functions.yaml")
    with pytest.raises(orgchart.OrgChartError, match="catalogue"):
        export(catalogue, fmt)  # type: ignore[arg-type]


def test_gexf_units_without_dates_live_as_long_as_their_structure(write: Any) -> None:
    old = orgchart.load_structure(write("old.yaml", """structure: old
name: 旧镇
valid_to: 2018-12-31
outside: [{id: county, name: 县政府}]
units:
  - {id: town, name: 镇政府, kind: government, category: leadership}
  - {id: office, name: 党政办, kind: office, category: 党政机构, parent: town}
  - {id: service-centre, name: 便民服务中心, kind: centre, category: 事业单位, parent: town,
     valid_from: 2015-10-09}
"""))
    assert old.valid_to is not None
    g = nx.read_gexf(io.StringIO(export(old, "gexf")))
    units = [n for n, a in g.nodes(data=True) if not a.get("outside")]
    assert units and all(g.nodes[n]["end"] == old.valid_to.latest().isoformat() for n in units)
    centre = old.unit("service-centre")  # dated itself: keeps its own start
    assert centre.valid_from is not None
    assert g.nodes["service-centre"]["start"] == centre.valid_from.earliest().isoformat()
    assert all("end" not in a for _n, a in g.nodes(data=True) if a.get("outside"))


def test_mermaid_node_ids_are_ascii_and_distinct_for_chinese_unit_ids(write: Any) -> None:
    import re

    path = write("zh.yaml", """structure: zh
name: 镇
units:
  - {id: 镇政府, name: 镇政府, kind: government, category: leadership}
  - {id: 党政办, name: 党政办, kind: office, category: 党政机构, parent: 镇政府}
  - {id: 经发办, name: 经发办, kind: office, category: 党政机构, parent: 镇政府}
""")
    text = export(orgchart.load_structure(path), "mermaid")
    ids = re.findall(r"^\s*(n_\S+?)\[", text, flags=re.M)
    assert len(ids) == 3 == len(set(ids)) and all(i.isascii() for i in ids)
    assert f"{ids[0]} --> {ids[1]}" in text


def test_stats_mark_estimated_staffing(runner: CliRunner) -> None:
    rows = staffing_stats(orgchart.load_structure("models/liuyang/county.yaml"), "member")
    assert rows[-1].estimated and all(r.estimated for r in rows[1:])
    plain = staffing_stats(orgchart.load_structure(MINI))
    assert not any(r.estimated for r in plain)
    table = runner.invoke(cli, ["stats", "models/liuyang/county.yaml", "--by", "member"]).output
    assert "≈ 编制数未经核实" in table and table.splitlines()[2].rstrip().endswith("≈")


def test_mermaid_badges_mark_estimates() -> None:
    estimated = export(orgchart.load_structure(TOWN), "mermaid")
    assert "<small>≈行12" in estimated
    assert "≈" not in export(orgchart.load_structure(MINI), "mermaid")


def test_stats_estimates_follow_each_member_not_a_shared_template(write: Any) -> None:
    write("t.yaml", "structure: t\nname: t\ntemplate: true\nunits:\n"
          "  - {id: gov, name: 政府, kind: government, category: leadership,"
          " staffing: {admin: 3}}\n")
    write("a.yaml", "structure: a\nname: 甲镇\nextends: t.yaml\nstaffing_estimated: true\n")
    write("b.yaml", "structure: b\nname: 乙镇\nextends: t.yaml\nstaffing_estimated: false\n")
    county = write("c.yaml", "structure: c\nname: 县\nmembers: [a.yaml, b.yaml]\nunits: []\n")
    rows = {r.group: r.estimated for r in staffing_stats(orgchart.load_structure(county),
                                                          "member")}
    assert rows["甲镇"] and not rows["乙镇"]
