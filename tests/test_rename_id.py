"""A rename that also changes the id is one unit renamed (更名), not one abolished and one
new: in the reform chart, the crosswalk, Popolo and JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import TypeAdapter

import orgchart
from orgchart.charts.reorg import reorg_to_dot
from orgchart.exports.jsonld import to_jsonld
from orgchart.exports.popolo import to_popolo
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account
from orgchart.rules.crosswalk import crosswalk_table
from orgchart.schema.events import Event

OLD = "tests/data/reorg/old.yaml"
EVENTS: list[dict[str, Any]] = [
    {"type": "rename", "unit": "poverty-office", "id": "rural-office", "name": "乡村振兴站"},
    {"type": "transfer-functions", "from": "rural-office", "to": "town",
     "functions": ["poverty"]}]


def _plan(events: list[dict[str, Any]] = EVENTS) -> Reorganisation:
    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    return Reorganisation("t", "t", orgchart.load_structure(OLD),
                          tuple(adapter.validate_python(e) for e in events),
                          effective=orgchart.When(2021, 2, 25))


def _edges(dot: str) -> list[tuple[str, str, str]]:
    return re.findall(r'^  "b:([^"]+)" -> "a:([^"]+)" \[(.*)\]$', dot, re.M)


def test_the_reform_chart_draws_one_unit_and_one_rename_arrow() -> None:
    acc = account(_plan())
    dot = reorg_to_dot(acc, functions=True)
    from_it = {dst: style for src, dst, style in _edges(dot) if src == "poverty-office"}
    # one 更名 arrow to the unit under its new id (no function label: nothing moved on it),
    # and the transfer arrow of the later event
    assert from_it["rural-office"] == 'color="#2b6cb0", penwidth="1.8"'
    assert set(from_it) == {"rural-office", "town"} and "dashed" in from_it["town"]
    new_node = next(line for line in dot.splitlines()
                    if line.lstrip().startswith('"a:rural-office" ['))
    old_node = next(line for line in dot.splitlines()
                    if line.lstrip().startswith('"b:poverty-office" ['))
    assert "新设" not in new_node and "#22543d" not in new_node  # not drawn as new
    assert "#edf2f7" not in old_node  # not drawn as gone
    assert "更名" in dot  # the legend names the arrow


def test_the_crosswalk_shows_a_rename_with_a_new_id_as_one_renamed_unit() -> None:
    acc = account(_plan())
    row = next(r for r in acc.crosswalk if r.old == "扶贫工作站")
    assert row.event == "rename+transfer-functions"
    assert row.new == ("乡村振兴站", "旧镇政府") and row.functions == ("扶贫开发→旧镇政府",)
    table = crosswalk_table(acc)
    assert "| 扶贫工作站 | 更名、职能划转 |" in table and "| 新设 |" not in table
    assert "| 扶贫工作站 | renamed, functions transferred |" in crosswalk_table(acc, lang="en")


def test_popolo_shows_a_rename_with_a_new_id_as_one_organization() -> None:
    orgs = json.loads(to_popolo(_plan()))["organizations"]
    named = [o for o in orgs if o["name"] in ("扶贫工作站", "乡村振兴站")]
    assert len(named) == 1
    org = named[0]
    assert org["id"] == "old-after/rural-office"
    assert "dissolution_date" not in org and "founding_date" not in org
    assert {"name": "扶贫工作站", "note": "former name", "end_date": "2021-02-25"} in \
        org["other_names"]
    assert org["identifiers"] == [{"scheme": "former id", "identifier": "old/poverty-office"}]


def test_jsonld_rename_event_links_the_old_unit_to_the_renamed_one() -> None:
    from rdflib import Graph

    g = Graph().parse(data=to_jsonld(_plan()), format="json-ld")
    q = """PREFIX oc: <https://orgchart.readthedocs.io/ns#>
           PREFIX org: <http://www.w3.org/ns/org#>
           SELECT ?o ?r WHERE { ?e a oc:Rename ; org:originalOrganization ?o ;
                                  org:resultingOrganization ?r }"""
    rows = [(str(row[0]), str(row[1])) for row in g.query(q)]  # type: ignore[index]
    assert rows == [("urn:orgchart:unit/old/poverty-office",
                     "urn:orgchart:unit/old-after/rural-office")]
    q2 = """PREFIX oc: <https://orgchart.readthedocs.io/ns#>
            PREFIX org: <http://www.w3.org/ns/org#>
            SELECT ?o WHERE { ?e a oc:TransferFunctions ; org:originalOrganization ?o }"""
    used = {str(row[0]) for row in g.query(q2)}  # type: ignore[index]
    assert "urn:orgchart:unit/old/poverty-office" in used  # used under its later id
