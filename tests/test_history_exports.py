"""Exports that keep time (issue 13 part 4): JSON-LD change events, GEXF spells, Popolo dates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, XSD

from orgchart.cli import cli
from orgchart.exports import export
from orgchart.exports.jsonld import EDTF, OC
from orgchart.read.loader import load_history

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "history" / "history.yaml"
LIUYANG = ROOT / "models" / "liuyang" / "history" / "liuyang-townships.yaml"
B = "urn:orgchart:"


def _graph(path: Path) -> Graph:
    g = Graph()
    g.parse(data=export(load_history(path), "jsonld"), format="json-ld")
    return g


def _change(name: str) -> URIRef:
    return URIRef(f"{B}change/sample-county/{name}")


@pytest.mark.parametrize(("change", "literal"), [
    ("merge-2015", Literal("2015-11-18", datatype=XSD.date)),
    ("town-2018", Literal("2018", datatype=XSD.gYear)),
    ("revitalisation-2021", Literal("2021-06~", datatype=URIRef(EDTF))),
    ("centre-2022", Literal("2022-03-15", datatype=XSD.date)),  # effective, not approved
])
def test_jsonld_change_events_typed_by_precision(change: str, literal: Literal) -> None:
    g = _graph(FIXTURE)
    node = _change(change)
    assert (node, RDF.type, ORG.ChangeEvent) in g
    assert list(g.objects(node, PROV.atTime)) == [literal]
    assert list(g.objects(node, PROV.atTime))[0].datatype == literal.datatype


def test_jsonld_document_as_source_and_identifier() -> None:
    g = _graph(FIXTURE)
    node = _change("merge-2015")
    assert list(g.objects(node, DCTERMS.identifier)) == [Literal("湘民行发〔2015〕25号")]
    doc = next(g.objects(node, DCTERMS.source))
    assert list(g.objects(doc, DCTERMS.identifier)) == [Literal("湘民行发〔2015〕25号")]
    assert list(g.objects(doc, DCTERMS.issued)) == [Literal("2015-11-18", datatype=XSD.date)]
    assert list(g.objects(doc, DCTERMS.publisher)) == [Literal("湖南省民政厅", lang="zh")]
    # a change without a document has no source
    assert list(g.objects(_change("revitalisation-2021"), DCTERMS.source)) == []
    oc = Namespace(OC)
    assert list(g.objects(_change("planned-2025"), oc.status)) == [Literal("planned")]


def _steps(g: Graph, change: str) -> list[tuple[list[str], list[str]]]:
    out = []
    for sub in sorted(g.subjects(DCTERMS.isPartOf, _change(change))):
        used = sorted(str(o).removeprefix(B) for o in g.objects(sub, ORG.originalOrganization))
        made = sorted(str(o).removeprefix(B) for o in g.objects(sub, ORG.resultingOrganization))
        out.append((used, made))
    return out


def test_jsonld_original_and_resulting_per_step() -> None:
    g = _graph(FIXTURE)
    assert _steps(g, "revitalisation-2021") == [
        (["unit/town-a/poverty-station"], ["unit/town-a/revitalisation-station"]),
        (["unit/town-a/revitalisation-station"], ["unit/town-a/revitalisation-station"])]
    assert _steps(g, "merge-2015") == [(["town-b"], ["town-bc"]), (["town-c"], ["town-bc"]),
                                       ([], ["town-bc"])]
    assert _steps(g, "centre-2022") == [
        (["unit/town-a/revitalisation-station"], ["unit/town-a/service-centre"]),
        (["unit/town-a/office"], ["unit/town-a/service-centre"]),
        ([], ["unit/town-a/service-centre"])]
    # the start structure and its members are in the graph, under the IRIs steps use
    assert (URIRef(B + "town-b"), RDF.type, ORG.FormalOrganization) in g
    assert (URIRef(B + "unit/town-a/poverty-station"), RDF.type, ORG.Organization) in g


def _gexf(path: Path, tmp_path: Path) -> Any:
    out = tmp_path / "h.gexf"
    out.write_text(export(load_history(path), "gexf"), encoding="utf-8")
    return nx.read_gexf(out)


def test_gexf_spells_parse_and_widen(tmp_path: Path) -> None:
    g = _gexf(FIXTURE, tmp_path)
    # about 2021-06 may be 2021-05-01 .. 2021-07-31: the old name may last to 07-30
    assert g.nodes["town-a/poverty-station"]["spells"] == [("2015-11-17", "2021-07-30")]
    assert g.nodes["town-a/revitalisation-station"]["spells"] == [("2021-05-01", "2022-03-14")]
    # an open end is no attribute in the file; networkx's reader gives it as the text 'None'
    assert g.nodes["town-a/service-centre"]["spells"] == [("2022-03-15", "None")]
    assert '<spell start="2022-03-15" />' in (tmp_path / "h.gexf").read_text(encoding="utf-8")
    assert g.nodes["town-a/team"]["spells"] == [("2019-06-30", "None")]  # planned: not applied
    assert g.nodes["town-b"]["spells"] == [("2015-11-17", "2015-11-17")]
    assert g.nodes["town-bc"]["spells"] == [("2015-11-18", "None")]
    # town-b's units are not followed into the merged town: marked, not abolished
    assert g.nodes["town-b/gov"]["untracked_after"] == "merge-2015"
    assert "untracked_after" not in g.nodes["town-a/office"]
    edge = g.get_edge_data("town-a/poverty-station", "town-a/revitalisation-station")
    assert (edge["relation"], edge["start"]) == ("rename", "2021-05-01")
    assert g.graph["mode"] == "dynamic"


def test_gexf_liuyang_mergers_and_shashi_rename(tmp_path: Path) -> None:
    g = _gexf(LIUYANG, tmp_path)
    assert g.nodes["liuyang-yanghua"]["spells"] == [("2015-11-17", "2015-11-17")]
    assert g.nodes["liuyang-dayao"]["spells"] == [("2015-11-17", "None")]
    assert g.nodes["liuyang-dayao"]["label"] == "大瑶镇"
    station = g.nodes["liuyang-shashi-old/rural-revitalisation-station"]
    assert station["label"] == "乡村振兴工作站"
    assert station["spells"] == [("2020-01-01", "None")]  # about 2021: from 2020-01-01


def _popolo(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(export(load_history(path), "popolo"))
    return {o["id"]: o for o in data["organizations"]}


def test_popolo_founding_and_dissolution_dates() -> None:
    orgs = _popolo(FIXTURE)
    assert orgs["town-bc"]["founding_date"] == "2015-11-18"
    assert orgs["town-b"]["dissolution_date"] == "2015-11-18"
    assert orgs["town-a/team"]["founding_date"] == "2019-06-30"
    assert "dissolution_date" not in orgs["town-a/team"]  # the abolition is only planned
    assert orgs["town-a/service-centre"]["founding_date"] == "2022-03-15"
    assert "founding_date" not in orgs["town-a/office"]  # there at the start: date unknown
    # renamed to a new id: one organization; its end date is approximate, so left out
    station = orgs["town-a/revitalisation-station"]
    assert "town-a/poverty-station" not in orgs
    assert station["identifiers"] == [{"scheme": "former id",
                                       "identifier": "town-a/poverty-station"}]
    assert station["other_names"] == [{"name": "扶贫工作站", "note": "former name"}]
    assert station["dissolution_date"] == "2022-03-15"
    assert "dissolution_date" not in orgs["town-b/gov"]  # not followed, not abolished


def test_export_history_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("jsonld", "gexf", "popolo"):
        result = runner.invoke(cli, ["export", str(FIXTURE), "--to", fmt])
        assert result.exit_code == 0, result.output
        again = runner.invoke(cli, ["export", str(FIXTURE), "--to", fmt])
        assert again.output == result.output  # deterministic
    result = runner.invoke(cli, ["export", str(FIXTURE), "--to", "csv"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "history.yaml:1:1:" in result.output
    assert "jsonld, gexf, popolo" in result.output
