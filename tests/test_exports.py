"""Exports, spreadsheet import and staffing statistics."""

from __future__ import annotations

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
from orgchart.importing import table_to_structure
from orgchart.stats import cap_stats, staffing_stats

TOWN = "models/hunan/township-2019.yaml"
MINI = "tests/data/minimal.yaml"
PLAN = "tests/data/reorg/plan.yaml"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("model", [TOWN, MINI])
def test_structure_round_trip(tmp_path: Path, fmt: str, model: str) -> None:
    s = orgchart.load(model)
    out = tmp_path / f"copy.{fmt}"
    out.write_text(export(s, fmt, out), encoding="utf-8")  # type: ignore[arg-type]
    again = orgchart.load(out)
    assert again == s
    assert [u.id for u in again] == [u.id for u in s]  # type: ignore[union-attr]


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
    assert int(total) == orgchart.load_structure(TOWN).totals().admin
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
    assert f"{bad}:3:5: type: admin: expected a whole number >= 0, not '-2'" in text
    assert f"{bad}:4:5: type: admin" in text and f"{bad}:4:2: type: name" in text
    assert f"{bad}:4:4: type: category" in text
    assert not out.exists()


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
    assert (total.group, total.admin, total.institution) == ("合计", 9, 6)
    centre = staffing_stats(s, "unit")[2]
    assert (centre.quota, centre.actual, centre.vacancies) == (6, 5, 1)
    caps = cap_stats(orgchart.load_structure(TOWN))
    assert [(c.used, c.limit, c.ok) for c in caps] == [(6, 6, True), (1, 1, True), (4, 4, True)]


def test_county_rollup_over_members(write: Any) -> None:
    write("t/town.yaml", Path(MINI).read_text(encoding="utf-8"))
    write("t/town2.yaml", Path(MINI).read_text(encoding="utf-8").replace("structure: mini",
                                                                         "structure: mini2"))
    county = write("t/county.yaml", "structure: c\nname: 县\nmembers: [town.yaml, town2.yaml]\n"
                   "units:\n  - {id: gov, name: 县政府, kind: government, category: leadership,"
                   " staffing: {admin: 30}}\n")
    s = orgchart.load_structure(county)
    assert s.rollup().admin == 30 + 2 * 9
    rows = staffing_stats(s, "member")
    assert [r.group for r in rows] == ["县", "小镇", "小镇", "合计（含下属）"]
    assert rows[-1].admin == 48


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
