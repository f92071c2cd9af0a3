"""Every colour a chart draws comes from the style table, so a theme can change it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import orgchart
from orgchart.base.errors import ModelError
from orgchart.charts import to_dot
from orgchart.charts.reorg import reorg_to_dot
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account

CHARTS = Path(__file__).resolve().parents[2] / "orgchart" / "charts"
#: colour names Graphviz knows that a chart might write (X11 names, the common ones)
_NAMES = {"white", "black", "red", "green", "blue", "grey", "gray", "yellow", "orange",
          "purple", "brown", "pink", "navy", "maroon", "lightgrey", "lightgray", "darkgrey",
          "darkgray", "transparent"}
_HEX = re.compile(r"#[0-9A-Fa-f]{3,8}\b")
# an HTML colour attribute written out (an f-string's {value} ends the literal part)
_HTML_COLOUR = re.compile(r'\b(?:BG)?COLOR="[^"]')


def _colour_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docs):
            text = node.value
            if (_HEX.search(text) or text.strip().lower() in _NAMES
                    or _HTML_COLOUR.search(text)):
                found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_no_colour_is_written_in_the_chart_code() -> None:
    files = sorted(CHARTS.glob("*.py"))
    assert len(files) >= 3
    assert [c for f in files for c in _colour_literals(f)] == []


def test_the_check_finds_a_colour_literal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('x = {"color": "#a0aec0"}\ny = "white"\n'
                   "z = f'<TD BGCOLOR=\"#fff5f5\">{x}'\n", encoding="utf-8")
    assert len(_colour_literals(bad)) == 3


def _plan() -> Reorganisation:
    plan = orgchart.load("tests/data/reorg/plan.yaml")
    assert isinstance(plan, Reorganisation)
    return plan


@pytest.mark.parametrize(("theme", "old", "new"), [
    ("frame:\n  color: '#123456'\n", 'color="#a0aec0"', 'color="#123456"'),
    ("member:\n  fillcolor: '#abcdef'\n", "#fff5f5", "#abcdef"),
])
def test_a_theme_changes_a_colour_of_the_structure_chart(tmp_path: Path, theme: str, old: str,
                                                         new: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(theme, encoding="utf-8")
    county = orgchart.load_structure("models/liuyang/county.yaml")
    before, after = to_dot(county), to_dot(county, theme=str(path))
    assert old in before and new not in before
    assert new in after and after.count(old) < before.count(old)


@pytest.mark.parametrize(("theme", "old", "new"), [
    ("change:\n  new:\n    color: '#010203'\n", "#22543d", "#010203"),
    ("change:\n  gone:\n    fontcolor: '#040506'\n", "#718096", "#040506"),
    ("link:\n  merge:\n    color: '#070809'\n", "#2f855a", "#070809"),
])
def test_a_theme_changes_a_colour_of_the_reform_chart(tmp_path: Path, theme: str, old: str,
                                                      new: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(theme, encoding="utf-8")
    acc = account(_plan())
    before, after = reorg_to_dot(acc), reorg_to_dot(acc, theme=str(path))
    assert old in before and new not in before
    assert new in after and after.count(old) < before.count(old)


@pytest.mark.parametrize(("theme", "where"), [
    ("link:\n  merge:\n    color: '\"><x'\n", "link.merge.color"),
    ("change:\n  lost:\n    color: red\n", "change.lost"),
    ("frame:\n  color: 5x\n", "frame.color"),
])
def test_a_bad_colour_in_the_new_tables_is_located(tmp_path: Path, theme: str,
                                                   where: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(theme, encoding="utf-8")
    with pytest.raises(ModelError) as err:
        to_dot(orgchart.load_structure("tests/data/minimal.yaml"), theme=str(path))
    assert str(path) in str(err.value) and (where in str(err.value)
                                            or where.split(".")[-1] in str(err.value))
