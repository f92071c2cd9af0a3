"""The static chart's look, checked on the laid-out chart (Graphviz positions), not the text."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pygraphviz
import pytest

import orgchart
from orgchart.charts import to_dot
from orgchart.charts.reorg import reorg_to_dot
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account
from orgchart.tasks.draw import render
from orgchart.write.fonts import find_cjk_fonts

needs_cjk = pytest.mark.skipif(not find_cjk_fonts(), reason="no CJK font installed")


def _town(*units: orgchart.Unit) -> orgchart.Structure:
    gov = orgchart.Unit(id="gov", name="某镇党委、人民政府", kind="government",
                        category="leadership")
    return orgchart.Structure("t", "某镇", units=(gov, *units))


def _office(i: int, name: str | None = None) -> orgchart.Unit:
    return orgchart.Unit(id=f"u{i}", name=name or f"第{i}办公室", kind="office",
                         category="party-government", parent="gov")


def _laid_out(dot: str) -> pygraphviz.AGraph:
    graph = pygraphviz.AGraph(string=dot)
    graph.layout(prog="dot")
    return graph


def _xy(graph: pygraphviz.AGraph, node: str) -> tuple[float, float]:
    x, y = graph.get_node(node).attr["pos"].split(",")
    return float(x), float(y)


def _width(graph: pygraphviz.AGraph) -> float:
    return float(graph.graph_attr["bb"].split(",")[2])


def test_a_long_name_wraps_instead_of_widening_the_chart() -> None:
    short = _laid_out(to_dot(_town(_office(1)), legend=False))
    long = _laid_out(to_dot(_town(_office(1, "长" * 200)), legend=False))
    # 200 characters on one line are about 2,400 points wide; wrapped, about 12 of them
    assert _width(long) < _width(short) + 200
    assert _width(long) < 500


def test_a_box_of_two_columns_reads_row_by_row_in_declared_order() -> None:
    graph = _laid_out(to_dot(_town(*(_office(i) for i in range(8))), legend=False, title=False))
    at = [_xy(graph, f"u{i}") for i in range(8)]
    for row in range(4):  # 8 units, at most 6 a column: 2 columns of 4 rows, filled by rows
        (x1, y1), (x2, y2) = at[2 * row], at[2 * row + 1]
        assert y1 == y2 and x1 < x2
        if row:
            assert at[2 * row][1] < at[2 * row - 2][1]  # below the row before (y grows up)


def _visible_edges(dot: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in re.finditer(r'^ *"([^"]+)" -> "([^"]+)" ?(\[[^\]]*\])?$', dot,
                                              re.M) if "invis" not in (m[3] or "")]


@pytest.mark.parametrize("model", ["models/hunan/township-2019.yaml",
                                   "models/hunan/old-layout.yaml"])
def test_a_drawn_line_leads_from_each_units_leader_to_it(model: str) -> None:
    s = orgchart.load_structure(model)
    edges = _visible_edges(to_dot(s))
    for u in s.units:
        if u.parent is None:
            continue
        reached, todo = set(), [u.parent]
        while todo:  # through the points of a bus, not through other boxes
            node = todo.pop()
            reached.add(node)
            todo += [b for a, b in edges if a == node and b not in reached
                     and (b.startswith("bus:") or b == u.id)]
        assert u.id in reached, u.id


def test_the_reform_chart_has_its_title_on_top_and_keeps_declared_order() -> None:
    plan = orgchart.load("models/liuyang/reform/shashi-reform.yaml")
    assert isinstance(plan, Reorganisation)
    acc = account(plan)
    dot = reorg_to_dot(acc)
    graph = _laid_out(dot)
    title_y = float(graph.graph_attr["lp"].split(",")[1])
    assert "沙市镇乡镇机构改革" in graph.graph_attr["label"]
    assert all(title_y > _xy(graph, n)[1] for n in graph.nodes())
    before = [_xy(graph, "b:" + u.id)[1] for u in plan.before.units]
    assert before == sorted(before, reverse=True)  # top to bottom as declared
    assert plan.after is not None
    after = [_xy(graph, "a:" + u.id)[1] for u in plan.after.units]
    assert after == sorted(after, reverse=True)


@needs_cjk
def test_the_old_layout_chart_is_at_most_1600_px_wide(tmp_path: Path) -> None:
    out = tmp_path / "old.png"
    render(orgchart.load_structure("models/hunan/old-layout.yaml"), out)
    width = struct.unpack(">I", out.read_bytes()[16:20])[0]
    assert width <= 1600
