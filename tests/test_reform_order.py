"""The reform chart's --order: declared (三定) order, or the fewest crossings (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.base.errors import RenderError
from orgchart.charts import DiagramOptions
from orgchart.charts.reorg import reorg_to_dot
from orgchart.cli import cli
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import Accounting, account

PLAN = "tests/data/reorg/plan.yaml"
SHASHI = "models/liuyang/reform/shashi-reform.yaml"


@pytest.fixture(scope="module")
def shashi() -> Accounting:
    plan = orgchart.load(SHASHI)
    assert isinstance(plan, Reorganisation)
    return account(plan)


def _invisible(dot: str) -> list[tuple[str, str]]:
    """Return the invisible edges of the DOT text (tail, head), chains split up."""
    out = []
    for stmt in re.findall(r'((?:"[^"]*" -> )+"[^"]*") \[style=invis\]', dot):
        names = re.findall(r'"([^"]*)"', stmt)
        out += list(zip(names, names[1:], strict=False))
    return out


def _boxes(dot: str) -> set[str]:
    return set(re.findall(r'^  "([ab]:[^"]+)" \[', dot, re.M))


def test_declared_order_is_the_default_and_chains_each_column(shashi: Accounting) -> None:
    dot = reorg_to_dot(shashi)
    assert dot == reorg_to_dot(shashi, order="declared")
    units = [f"b:{u.id}" for u in shashi.plan.before.units]
    chained = _invisible(dot)
    assert list(zip(units, units[1:], strict=False)) == [
        e for e in chained if e[0] in units and e[1] in units]


def test_crossings_order_drops_the_chain_and_keeps_boxes_and_fans(shashi: Accounting) -> None:
    declared, free = reorg_to_dot(shashi), reorg_to_dot(shashi, order="crossings")
    boxes = _boxes(free) - {"b:", "a:", "b:summary", "a:summary"}
    # no invisible edge joins two boxes: only the side's head above and the summary below
    assert [e for e in _invisible(free) if e[0] in boxes and e[1] in boxes] == []
    assert all(e[0] in ("b:", "a:") or e[1].endswith(":summary") for e in _invisible(free))
    assert _boxes(free) == _boxes(declared)
    visible = [ln for ln in declared.splitlines() if "->" in ln and "invis" not in ln]
    assert visible == [ln for ln in free.splitlines() if "->" in ln and "invis" not in ln]
    assert "fan-in:merge:agri-centre" in free
    assert free == reorg_to_dot(shashi, order="crossings")


def test_crossings_order_keeps_the_heads_on_top(shashi: Accounting) -> None:
    import json

    import pygraphviz

    graph = pygraphviz.AGraph(string=reorg_to_dot(shashi, order="crossings"))
    laid = json.loads(graph.draw(format="json", prog="dot"))
    y = {o["name"]: float(o["pos"].split(",")[1]) for o in laid["objects"] if "pos" in o}
    for side in "ba":
        column = [n for n in y if n.startswith(side + ":") and n != side + ":"]
        assert all(y[side + ":"] > y[n] for n in column), side


def test_a_bad_order_is_refused_in_one_line() -> None:
    with pytest.raises(RenderError, match=r"^unknown order 'fewest'; choose declared or "
                                          r"crossings$"):
        DiagramOptions(order="fewest")
    result = CliRunner().invoke(cli, ["reorg", PLAN, "--order", "fewest"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--order': 'fewest' is not one of 'declared', 'crossings'.")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["render", "reorg"])
def test_help_lists_the_order(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"--order \[declared\|crossings\]", result.output), result.output


@pytest.mark.parametrize("command", [["render"], ["reorg"]])
def test_the_cli_draws_with_the_order_chosen(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "plan.dot"
    args = [*command, PLAN, "-o", str(out), "--order", "crossings"]
    if command == ["render"]:
        args += ["-f", "dot"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    dot = out.read_text(encoding="utf-8")
    boxes = _boxes(dot) - {"b:", "a:", "b:summary", "a:summary"}
    assert boxes and [e for e in _invisible(dot) if e[0] in boxes and e[1] in boxes] == []
