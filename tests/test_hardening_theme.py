"""Hostile themes, locales, time zones and font files (issue 15: B18-B21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.render import to_dot

MINI = "tests/data/minimal.yaml"


def _nodes(dot: str) -> set[str]:
    import pygraphviz

    return set(pygraphviz.AGraph(string=dot).nodes())


@pytest.mark.parametrize(("theme", "where", "says"), [
    ("layout: {column: abc}\n", "1:18", "whole number"),
    ("layout:\n  ortho_max_units: null\n", "2:20", "whole number"),
    ("layout: {column: 0}\n", "1:18", "below 1"),
    ("layout: {large_splines: wiggly}\n", "1:25", "expected one of"),
    ("category: {leadership: red}\n", "1:24", "mapping"),
    ("category: {leadershp: {color: red}}\n", "1:12", "leadership"),
    ("unverified: {marker: 5}\n", "1:22", "expected text"),
    ("unverified: {colour: red}\n", "1:14", "unknown key 'colour'"),
    ("node: {fontsize: [1, 2]}\n", "1:18", "text or a number"),
    ("node: {fontsize: null}\n", "1:18", "text or a number"),
    ("relation: {guidance: {colour: red}}\n", "1:23", "did you mean 'color'"),
    ("relation: {guidance: {sample: 5}}\n", "1:31", "expected text"),
    ("graph: {bgcolor: 'red; x'}\n", "1:18", "colour"),
    ("category:\n  other:\n    cluster_fill: '\"><x'\n", "3:19", "colour"),
    ('node: {"a] ; evil -> pwn; b [c": x}\n', "1:8", "attribute name"),
])
def test_a_bad_theme_value_is_one_located_line(tmp_path: Path, runner: CliRunner, theme: str,
                                               where: str, says: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(theme, encoding="utf-8")
    result = runner.invoke(cli, ["render", MINI, "-o", str(tmp_path / "c.dot"), "--theme",
                                 str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:{where}: " in result.output and says in result.output, result.output
    assert not (tmp_path / "c.dot").exists()


def test_theme_numbers_and_flags_become_attribute_text(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("node: {fontsize: 14, penwidth: 1.5}\ngraph: {center: true}\n"
                    "layout: {column: 3}\n", encoding="utf-8")
    dot = to_dot(orgchart.load_structure(MINI), theme=str(path))
    assert 'fontsize="14"' in dot and 'penwidth="1.5"' in dot and 'center="true"' in dot


@pytest.mark.parametrize("table", ["node", "edge", "graph"])
def test_theme_text_cannot_add_to_the_graph(tmp_path: Path, table: str) -> None:
    s = orgchart.load_structure(MINI)
    plain = _nodes(to_dot(s, title=False, legend=False))
    path = tmp_path / "t.yaml"
    path.write_text(f'{table}: {{label: "<x>]; evil -> pwn; a [label=<y>"}}\n', encoding="utf-8")
    dot = to_dot(s, theme=str(path), title=False, legend=False)
    assert _nodes(dot) == plain
    assert '"<x>]; evil -> pwn; a [label=<y>"' in dot


def test_theme_data_given_in_code_is_checked_too() -> None:
    from orgchart.render.style import DEFAULT_THEME, merge_theme

    bad = merge_theme(DEFAULT_THEME, {"unverified": {"marker": 5}})
    with pytest.raises(orgchart.ModelError, match=r"unverified\.marker: expected text"):
        to_dot(orgchart.load_structure(MINI), theme_data=bad)
    evil = merge_theme(DEFAULT_THEME, {"node": {"label": "<x>]; evil -> pwn; a [label=<y>"}})
    assert "pwn" not in _nodes(to_dot(orgchart.load_structure(MINI), theme_data=evil))
