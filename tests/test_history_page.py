"""A history's page (``orgchart render HISTORY -o h.html``): the slider's stops, the change
records, determinism, refusals, and ``orgchart build`` writing it for history files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.base.errors import RenderError
from orgchart.cli import cli
from orgchart.tasks.build import build
from orgchart.tasks.draw import render_history

HISTORY = Path("tests/data/history/history.yaml")


def _data(page: str) -> Any:
    found = re.search(r'<script type="application/json" id="orgchart-data">(.*?)</script>',
                      page, re.S)
    assert found is not None
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("hist") / "h.html"
    render_history(orgchart.load_history(HISTORY), out)
    return out.read_text(encoding="utf-8")


def test_stops_are_the_change_dates_as_written(page: str) -> None:
    data = _data(page)
    assert [s["label"] for s in data["stops"]] == [
        "2015-11-17", "2015-11-18", "2018", "2019-06-30", "约2021-06", "2022-03-15", "2025"]
    assert [s["planned"] for s in data["stops"]] == [False] * 6 + [True]
    assert data["stop"] == 5  # the last stop in force is shown first
    assert [[c["id"] for c in s["changes"]] for s in data["stops"]][1:3] == [
        ["merge-2015"], ["town-2018"]]


def test_each_stop_shows_the_structure_in_force(page: str) -> None:
    data = _data(page)
    views = data["views"]

    def towns(i: int) -> dict[str, str]:
        units = views[data["stops"][i]["view"]]["units"]
        return {k: u["name"] for k, u in units.items() if k.startswith("m:")}

    assert towns(0) == {"m:town-a": "甲乡", "m:town-b": "乙镇", "m:town-c": "丙镇"}
    assert set(towns(1)) == {"m:town-a", "m:town-bc"}  # merged away: gone
    assert towns(1)["m:town-a"] == "甲乡"
    assert towns(2)["m:town-a"] == "甲镇"  # renamed: the new name
    town_a = views[views[data["stops"][5]["view"]]["units"]["m:town-a"]["view"]]["units"]
    assert "service-centre" in town_a and "revitalisation-station" not in town_a
    planned = views[views[data["stops"][6]["view"]]["units"]["m:town-a"]["view"]]["units"]
    assert "team" not in planned and "team" in town_a


def test_the_change_record_carries_its_document(page: str) -> None:
    merge = _data(page)["stops"][1]["changes"][0]
    assert merge["number"] == "湘民行发〔2015〕25号"
    assert merge["issuer"] == "湖南省民政厅"
    assert merge["title"] == "关于同意示例县乡镇区划调整方案的批复"
    assert merge["approved"] == "2015-11-18" and "effective" not in merge
    assert merge["evidence"] == "已核实" and merge["status"] == "施行"
    assert [s["title"] for s in merge["sources"]] == ["关于同意示例县乡镇区划调整方案的批复"]
    assert "county: town-b 乡镇合并 → town-bc" in merge["steps"]
    rename = _data(page)["stops"][2]["changes"][0]
    assert "number" not in rename  # no document written: none shown, none made up
    planned = _data(page)["stops"][6]["changes"][0]
    assert planned["planned"] and planned["status"] == "规划"


def test_a_town_drawn_alike_is_drawn_once(page: str) -> None:
    data = _data(page)
    stops, views = data["stops"], data["views"]
    def town(i: int, key: str) -> int:
        return int(views[stops[i]["view"]]["units"][key]["view"])

    assert town(1, "m:town-bc") == town(5, "m:town-bc")  # not changed since: one view
    assert town(3, "m:town-a") != town(4, "m:town-a")  # changed about 2021-06: two
    assert len(views) < len(stops) * 4


def test_the_page_is_deterministic(tmp_path: Path, page: str) -> None:
    again = tmp_path / "h.html"
    render_history(orgchart.load_history(HISTORY), again)
    assert again.read_text(encoding="utf-8") == page


def test_a_history_is_drawn_as_html_only(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"h\.svg: a history is drawn as a page .* html"):
        render_history(orgchart.load_history(HISTORY), tmp_path / "h.svg")
    result = CliRunner().invoke(cli, ["render", str(HISTORY), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "-o FILE.html" in result.output
    result = CliRunner().invoke(cli, ["render", str(HISTORY), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 0, result.output
    assert 'id="when"' in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_build_writes_the_page_of_a_history(tmp_path: Path) -> None:
    result = build(HISTORY.parent, tmp_path / "out", ("svg", "html"), workers=1)
    assert not result.failures, result.failures
    out = tmp_path / "out"
    assert (out / "history.html").is_file() and not (out / "history.svg").exists()
    index = (out / "README.md").read_text(encoding="utf-8")
    assert "Files: [HTML](history.html)\n" in index
    assert 'href="history.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_the_live_preview_shows_a_history_page() -> None:
    from orgchart.charts import DiagramOptions
    from orgchart.tasks.serve import render_live

    page = render_live(HISTORY, DiagramOptions(), "v1")
    assert 'id="when"' in page and "/_version" in page
    assert [s["label"] for s in _data(page)["stops"]][-1] == "2025"
