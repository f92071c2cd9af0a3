"""The reform chart: declared order on both sides, fans of lines bundled (issue 17)."""

from __future__ import annotations

import re

import pygraphviz
import pytest

import orgchart
from orgchart.charts.fans import Fan, bundle
from orgchart.charts.reorg import reorg_to_dot
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import Accounting, account

SHASHI = "models/liuyang/reform/shashi-reform.yaml"


@pytest.fixture(scope="module")
def shashi() -> Accounting:
    plan = orgchart.load(SHASHI)
    assert isinstance(plan, Reorganisation)
    return account(plan)


def _column(dot: str, side: str) -> list[str]:
    chain = re.search(r'\{rank=same; "' + side + r':" -> (.*) \[style=invis\]\}', dot)
    assert chain, f"no column of {side}: units"
    return [n.strip('"')[2:] for n in chain.group(1).split(" -> ")]


def test_both_columns_stand_in_declared_order(shashi: Accounting) -> None:
    dot = reorg_to_dot(shashi)
    target = shashi.plan.after
    assert target is not None
    before = [u.id for u in shashi.plan.before.units]
    after = [u.id for u in target.units]
    assert _column(dot, "b")[:len(before)] == before
    assert [n for n in _column(dot, "a") if n in after] == after
    assert 'labelloc="t"' in dot and dot == reorg_to_dot(shashi)


def test_graphviz_keeps_the_declared_order_when_laid_out(shashi: Accounting) -> None:
    graph = pygraphviz.AGraph(string=reorg_to_dot(shashi))
    graph.layout(prog="dot")
    target = shashi.plan.after
    assert target is not None
    for side, units in (("b", shashi.plan.before.units), ("a", target.units)):
        ys = [float(graph.get_node(f"{side}:{u.id}").attr["pos"].split(",")[1]) for u in units]
        assert ys == sorted(ys, reverse=True), f"{side}: units out of declared order"
    title = float(graph.graph_attr["bb"].split(",")[3])
    heads = [float(graph.get_node(h).attr["pos"].split(",")[1]) for h in ("b:", "a:")]
    assert all(y < title for y in heads)


def _fans(dot: str) -> dict[str, int]:
    """Return each junction point and how many lines meet there."""
    names = re.findall(r'^  "(fan-[^"]*)" \[', dot, re.M)
    return {n: len(re.findall(rf'"{re.escape(n)}" ->|-> "{re.escape(n)}"', dot)) for n in names}


def test_merges_and_moves_are_bundled_not_fanned(shashi: Accounting) -> None:
    # measured (bench/bench_crossings.py): 124 crossings before bundling, 46 after; the
    # merges into the three centres and 财政所's functions are one trunk each
    dot = reorg_to_dot(shashi)
    assert _fans(dot) == {"fan-in:merge:agri-centre": 7, "fan-in:merge:social-centre": 5,
                          "fan-in:merge:enforcement-team": 4,
                          "fan-out:transfer:finance-institute": 3}
    direct = re.findall(r'^  "b:[^"]*" -> "a:[^"]*"', dot, re.M)
    assert len(direct) <= 23
    # the county's departments stand between the columns, near the units they feed
    assert "county-departments" not in _column(dot, "b")
    assert any('"b:county-departments" -> "a:' in line for line in direct)


def test_bundle_takes_the_largest_fan_first_and_a_link_once() -> None:
    links = [("x", "p", "merge", ()), ("y", "p", "merge", ()), ("z", "p", "merge", ()),
             ("x", "q", "transfer", ()), ("x", "r", "transfer", ()),
             ("z", "s", "transfer", ()), ("w", "w", "kept", ())]
    fans, lone = bundle(links)
    assert fans == [Fan("merge", False, "p", tuple(links[:3])),
                    Fan("transfer", True, "x", tuple(links[3:5]))]
    assert lone == links[5:]
    assert fans[1].junction == "fan-out:transfer:x"
