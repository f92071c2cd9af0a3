"""Reform charts, county titles and exports carry the marks of structure charts (issue 12):
※ and a dashed frame for what is not verified, ≈ for estimated staffing."""

from __future__ import annotations

import re
from dataclasses import replace

import orgchart
from orgchart.base.words import word
from orgchart.charts.dot import to_dot
from orgchart.charts.reorg import reorg_to_dot
from orgchart.exports import export
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account

SHASHI = "models/liuyang/reform/shashi-reform.yaml"
PLAN = "tests/data/reorg/plan.yaml"
COUNTY = "models/liuyang/county.yaml"


def _plan(path: str) -> Reorganisation:
    plan = orgchart.load(path)
    assert isinstance(plan, Reorganisation)
    return plan


def _nodes(dot: str, side: str) -> dict[str, str]:
    """Return node id -> its whole DOT line, for one side (``b:``/``a:``) of a reform chart."""
    return {m[1]: m[0] for m in re.finditer(rf'^\s+"({side}:[^"]+)" \[.*$', dot, re.M)}


def test_reform_chart_of_a_reconstructed_plan_carries_the_marks() -> None:
    plan = _plan(SHASHI)
    assert not plan.verified and not plan.before.verified  # both are reconstructions
    dot = reorg_to_dot(account(plan))
    units = {**_nodes(dot, "b"), **_nodes(dot, "a")}
    bodies = {f"{side}:{b.id}" for side in "ba" for b in (*plan.outside, *plan.before.outside)}
    units = {k: v for k, v in units.items() if k not in bodies and not k.endswith(":summary")}
    assert len(units) > 40
    unmarked = [k for k, line in units.items()
                if "※</TD>" not in line or 'style="filled,dashed"' not in line]
    assert unmarked == []
    heads = [line for line in dot.splitlines() if re.match(r'\s+"[ba]:" \[', line)]
    assert len(heads) == 2 and all("※</B>" in h for h in heads)  # both sides titled as such
    assert "※ ┆ " + word("legend.unverified") in dot  # the legend explains ※
    assert "推定复原※</B>" in dot and word("summary.plan-unverified") in dot


def test_reform_chart_marks_nothing_verified() -> None:
    plan = _plan(PLAN)
    verified = replace(plan, verified=True, before=replace(plan.before, verified=True))
    dot = reorg_to_dot(account(verified))
    assert "※" not in dot and "dashed\", color" not in dot
    assert "※" in reorg_to_dot(account(plan))


def test_reform_summary_marks_estimated_staffing() -> None:
    dot = reorg_to_dot(account(_plan(SHASHI)))
    # 行政编制 34 -> 48 are the templates' estimates (audit E6)
    assert '行政编制</TD><TD>≈34</TD><TD>≈48</TD>' in dot
    assert re.search(r"编制</TD><TD>\d", dot) is None  # no bare staffing cell
    plain = reorg_to_dot(account(_plan(PLAN)))
    assert '行政编制</TD><TD>10</TD><TD>10</TD>' in plain and "≈" not in plain


def test_county_title_does_not_add_up_template_estimates() -> None:
    county = orgchart.load_structure(COUNTY)
    assert county.members and all(m.rollup_estimated() for m in county.members)
    title = to_dot(county).split('"cluster_chart"', 1)[1].split("\n")[1]
    total = county.rollup()
    assert str(total.admin) not in title and str(total.institution) not in title
    n = len(county.members)
    assert word("staffing-members-not-added", count=n) in title
    english = to_dot(county, lang="en")
    assert f"not added up ({n} member bodies" in english


def test_county_title_adds_up_members_that_are_not_estimates() -> None:
    county = orgchart.load_structure(COUNTY)
    known = [replace(m, staffing_estimated=False, default_evidence=None, units=tuple(
        u.model_copy(update={"staffing_estimated": False, "verified": None, "evidence": None,
                            "facts": {}})
        for u in m.units)) for m in county.members[:2]]
    mixed = replace(county, members=(*known, *county.members[2:]))
    title = to_dot(mixed).split('"cluster_chart"', 1)[1].split("\n")[1]
    total = sum((m.rollup() for m in known), mixed.totals())  # the county's own units too
    assert total.admin.known > 0 and f"行政编制 {total.admin.text()}" in title
    assert word("staffing-members-left-out", count=len(county.members) - 2) in title
    whole = replace(county, members=tuple(known))
    assert "估算" not in to_dot(whole).split('"cluster_chart"', 1)[1].split("\n")[1]


def test_county_mermaid_draws_every_unit_of_every_member_and_marks_them() -> None:
    county = orgchart.load_structure(COUNTY)
    text = export(county, "mermaid")
    nodes = re.findall(r'^\s+(m\d+_u\d+)\["([^"]*)"\]', text, re.M)
    assert len(nodes) == sum(len(m.units) for m in county.members) > 400
    marked = {n for n, label in nodes if "※" in label.split("<br/>")[0]}
    unverified = {f"m{i}_u{j}" for i, m in enumerate(county.members)
                  for j, u in enumerate(m.units) if not m.is_verified(u)}
    assert unverified and marked == unverified
    classed = re.search(r"^    class (\S+) unverified$", text, re.M)
    assert classed is not None and unverified <= set(classed[1].split(","))
    assert "classDef unverified stroke-dasharray" in text
    estimated = [label for _, label in nodes if "<small>" in label]
    assert estimated and all("<small>≈" in label for label in estimated)
    # every member hangs under the county's governing body
    root = re.search(r'^    (n_county_\w+)\[', text, re.M)
    assert root is not None
    assert text.count(f"    {root[1]} --> m") == len(county.members)


def test_exports_carry_verified_and_estimated() -> None:
    import csv
    import io
    import json

    import networkx as nx

    town = orgchart.load_structure("models/liuyang/towns/shashi.yaml")
    gov = town.unit("town")
    assert not town.is_verified(gov) and town.is_estimated(gov)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export(town, "csv")))}
    assert (rows["town"]["verified"], rows["town"]["staffing_estimated"]) == ("false", "true")
    graph = json.loads(export(town, "jsonld"))["@graph"]
    node = next(n for n in graph if n["@id"].endswith("unit/liuyang-shashi/town"))
    assert node["oc:verified"] is False and node["oc:staffingEstimated"] is True
    orgs = json.loads(export(town, "popolo"))["organizations"]
    assert next(o for o in orgs if o["id"].endswith("/town"))["verified"] is False
    g = nx.read_gexf(io.StringIO(export(town, "gexf")))
    assert g.nodes["town"]["verified"] is False and g.nodes["town"]["staffing_estimated"] is True
    plan = json.loads(export(_plan(SHASHI), "jsonld"))["@graph"]
    change = next(n for n in plan if n["@id"].endswith("change/" + _plan(SHASHI).id))
    assert change["oc:verified"] is False


def test_csv_round_trip_keeps_estimated_staffing(tmp_path: object) -> None:
    from pathlib import Path

    from orgchart.tasks.importing import table_to_structure

    town = orgchart.load_structure("models/liuyang/towns/shashi.yaml")
    path = Path(str(tmp_path)) / "t.csv"
    path.write_text(export(town, "csv"), encoding="utf-8")
    again = table_to_structure(path)
    assert all(again.is_estimated(again.unit(u.id)) == town.is_estimated(u) for u in town)
    assert any(town.is_estimated(u) for u in town)


def test_county_marks_a_member_whose_units_are_not_all_verified() -> None:
    county = orgchart.load_structure(COUNTY)
    town = county.members[0]
    units = tuple(u.model_copy(update={"verified": None, "evidence": None, "facts": {}})
                  for u in town.units)
    checked = replace(town, verified=True, default_evidence=None, units=units)  # all verified
    guessed = replace(checked, units=(units[0].model_copy(update={"verified": False}),
                                      *units[1:]))  # one unit a guess
    lines = {name: next(x for x in to_dot(replace(county, members=(m,))).splitlines()
                        if x.lstrip().startswith(f'"m:{m.id}"'))
             for name, m in (("checked", checked), ("guessed", guessed))}
    assert "※" not in lines["checked"] and "dashed" not in lines["checked"]
    assert "※" in lines["guessed"] and "dashed" in lines["guessed"]
