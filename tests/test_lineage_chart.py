"""The lineage diagram (沿革图, issue 13): a body's predecessors, its states and successors
in date columns, each line with its date as written and its 文号; `orgchart history -o`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgchart.base.errors import UnknownUnitError
from orgchart.charts.lineage import lineage_to_dot
from orgchart.cli import cli
from orgchart.read.loader import load_history

HISTORY = Path(__file__).parent / "data" / "history" / "history.yaml"
LIUYANG = Path("models/liuyang/history/liuyang-townships.yaml")



def _edges(dot: str) -> list[tuple[str, str, str]]:
    """Return (from, to, label text) of each drawn line."""
    found = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label=<(.*?)>[,\]]', dot, re.M)
    return [(a, b, label.replace("<BR/>", " ")) for a, b, label in found]


def _columns(dot: str) -> list[list[str]]:
    """Return the boxes of each date column, left to right."""
    order = re.search(r'^  ("when[^\n]*) \[style=invis\]$', dot, re.M)
    heads = re.findall(r'"(when-?\d+)"', order[1]) if order else []
    groups = dict(re.findall(r'^  \{rank=same; "(when-?\d+)"; (.*)\}$', dot, re.M))
    return [re.findall(r'"([^"]+)"', groups[h]) for h in heads]


def test_golden_rename_then_merge(golden: Callable[[str, str], None]) -> None:
    golden("lineage-rename-merge.dot", lineage_to_dot(load_history(HISTORY), "poverty-station"))


def test_rename_then_merge_reads_left_to_right_with_dates_and_documents() -> None:
    dot = lineage_to_dot(load_history(HISTORY), "poverty-station")
    assert _columns(dot) == [["town-a/poverty-station#0"], ["town-a/revitalisation-station#0"],
                             ["town-a/service-centre#0"]]
    assert _edges(dot) == [
        ("town-a/poverty-station#0", "town-a/revitalisation-station#0", "约2021-06 更名※"),
        ("town-a/revitalisation-station#0", "town-a/service-centre#0",
         "2022-03-15 示编〔2022〕3号 合并※"),
    ]
    # both names are the body's own states; the centre it went into is not
    own = re.findall(r'^  "([^"]+)" \[penwidth="2.5"', dot, re.M)
    assert own == ["town-a/poverty-station#0", "town-a/revitalisation-station#0"]
    assert "扶贫工作站※" in dot and "乡村振兴工作站※" in dot and "党政综合办公室※" in dot


def test_town_merger_names_its_document_and_a_verified_change_is_not_marked() -> None:
    dot = lineage_to_dot(load_history(HISTORY), "town-b")
    assert sorted(_edges(dot)) == [
        ("county/town-b#0", "county/town-bc#0", "2015-11-18 湘民行发〔2015〕25号 乡镇合并"),
    ]
    assert "<B>乙丙镇</B>" in dot  # verified: no ※ on the merged town or the line


def test_a_planned_change_is_dashed_and_marked() -> None:
    dot = lineage_to_dot(load_history(HISTORY), "team")
    line = next(ln for ln in dot.splitlines() if "->" in ln and "撤销" in ln)
    assert "（规划）" in line and 'style="dashed"' in line
    assert "2019-06-30 设立" in dot  # the plan that made it, noted on its box
    assert "（规划）" in dot.split('"legend"')[1].split("\n")[0]


def test_without_unit_every_touched_body_in_date_columns() -> None:
    h = load_history(HISTORY)
    dot = lineage_to_dot(h)
    heads = re.findall(r'^  "when-?\d+" \[.*?label="([^"]+)"', dot, re.M)
    assert heads == ["2015-11-17", "2015-11-18", "2018", "2019-06-30", "约2021-06",
                     "2022-03-15", "2025"]
    boxes = {n.split("#")[0] for col in _columns(dot) for n in col}
    assert {"county/town-b", "county/town-c", "county/town-bc", "county/town-a",
            "town-a/office", "town-a/team", "town-a/poverty-station"} <= boxes
    assert lineage_to_dot(h, structure="town-a").count("county/") == 0


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(UnknownUnitError, match=r"history\.yaml: no body in the history has "
                                               r"the id 'nobody'"):
        lineage_to_dot(load_history(HISTORY), "nobody")


def test_liuyang_poverty_station_renamed_about_2021() -> None:
    dot = lineage_to_dot(load_history(LIUYANG), "poverty-station", "liuyang-shashi-old")
    assert _edges(dot) == [("liuyang-shashi-old/poverty-station#0",
                            "liuyang-shashi-old/rural-revitalisation-station#0", "约2021 更名※")]
    assert "乡村振兴工作站※" in dot and "约2021 取消职能※" in dot


def test_cli_draws_svg_and_the_same_dot_twice(runner: CliRunner, tmp_path: Path) -> None:
    args = ["history", str(HISTORY), "poverty-station"]
    for name in ("a.dot", "b.dot", "c.svg"):
        result = runner.invoke(cli, [*args, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.dot").read_bytes() == (tmp_path / "b.dot").read_bytes()
    assert "乡村振兴工作站" in (tmp_path / "c.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "said"), [
    (["poverty-station", "-o", "{}/x.yaml"], "is written as .svg, .png, .pdf or .dot"),
    (["poverty-station", "-o", "{}/x.html"], "is written as .svg, .png, .pdf or .dot"),
    (["nobody", "-o", "{}/x.svg"], "no body in the history has the id 'nobody'"),
])
def test_bad_output_or_unit_is_one_line_and_writes_nothing(
        runner: CliRunner, tmp_path: Path, args: list[str], said: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(cli, ["history", str(HISTORY), *(a.format(out) for a in args)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.output
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []
