"""The interactive chart's page without a browser: what ``-f html`` writes and what the
build adds (the browser tests are in test_viewer_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.tasks.draw import render
from orgchart.views.page import embed_json


def _data(page: str) -> dict[str, object]:
    block = re.search(r'<script type="application/json" id="orgchart-data">(.*?)</script>',
                      page, re.S)
    assert block is not None
    return json.loads(block.group(1))  # type: ignore[no-any-return]


def test_render_html_embeds_the_svg_with_unit_ids(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "town.html"
    result = runner.invoke(cli, ["render", "models/hunan/township-2019.yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert 'id="u:party&#45;building&#45;office" class="node"' in page  # - as &#45;
    record = _data(page)["views"][0]["units"]["party-building-office"]  # type: ignore[index]
    assert record["name"] == "基层党建办公室" and record["category"] == "党政机构"
    assert "connect-src 'none'" in page and "http://" not in page.split("<svg")[0]
    # the same layout as the static chart: the SVG's boxes sit where the SVG file has them
    svg = tmp_path / "town.svg"
    render(orgchart.load("models/hunan/township-2019.yaml"), svg)
    polygons = re.findall(r"<polygon [^>]*>", svg.read_text(encoding="utf-8"))
    assert polygons and all(p in page for p in polygons)


def test_htm_suffix_and_format_switch(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["render", "models/hunan/township-2019.yaml", "-f", "html",
                                 "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = runner.invoke(cli, ["render", "models/hunan/township-2019.yaml", "-f", "svg",
                              "-o", str(tmp_path / "t.htm")])
    assert bad.exit_code == 1 and "name the file" in bad.output


def test_hostile_names_are_escaped_in_the_data(tmp_path: Path) -> None:
    name = "</script><script>alert(1)</script>&amp;"
    s = orgchart.Structure("h", name, units=(
        orgchart.Unit(id="gov", name=name, kind="government", category="leadership"),))
    render(s, tmp_path / "h.html")
    page = (tmp_path / "h.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert _data(page)["views"][0]["units"]["gov"]["name"] == name  # type: ignore[index]
    assert embed_json("\u2028") == '"\\u2028"'


def test_plan_page_has_four_views_and_its_events(tmp_path: Path) -> None:
    from orgchart.tasks.draw import render_reorg

    acc = orgchart.account(orgchart.load("tests/data/reorg/plan.yaml"))
    render_reorg(acc, tmp_path / "p.html")
    data = _data((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert [v["label"] for v in data["views"]] == ["对照", "变化", "改革前", "改革后"]  # type: ignore[attr-defined,index]
    events = data["events"]
    assert len(events) == len(acc.plan.events)  # type: ignore[arg-type]
    merge = next(e for e in events if e["type"] == "merge")  # type: ignore[attr-defined]
    assert merge["a"] and merge["b"] and merge["where"].startswith("plan.yaml:")


def test_a_plan_page_is_the_same_whatever_path_the_plan_is_read_by() -> None:
    from orgchart.tasks.modelfile import page_data, read_model

    plan = Path("tests/data/reorg/plan.yaml")
    # build --check compares pages: models/ and /abs/models must give the same one
    assert page_data(read_model(plan), None, "p") == \
        page_data(read_model(plan.resolve()), None, "p")


def test_county_page_opens_its_towns(tmp_path: Path) -> None:
    county = orgchart.load("models/liuyang/county.yaml")
    render(county, tmp_path / "c.html")
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    data = _data(page)
    views = data["views"]
    assert len(views) == 1 + len(county.members)  # type: ignore[arg-type]
    town = views[0]["units"]["m:" + county.members[0].id]  # type: ignore[index]
    assert views[town["view"]]["label"] == county.members[0].name  # type: ignore[index]
    assert 'id="v1:' in page  # a town's boxes: ids unique in the page


def test_build_writes_pages_and_their_index(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "models/hunan", "-o", str(out), "-f", "svg",
                                 "-f", "html"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.relative_to(out).as_posix() for p in out.glob("*.html")
                   if p.name != "index.html")
    assert pages and all(f'href="{p}"' in index for p in pages)
    assert "[HTML](" in (out / "README.md").read_text(encoding="utf-8")
    assert "index.html" in (out / ".orgchart-build").read_text(encoding="utf-8")


def test_build_refuses_an_index_page_it_did_not_write(runner: CliRunner,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["build", "models/hunan", "-o", str(out), "-f", "html"])
    assert result.exit_code == 1
    assert "index.html: refusing to replace it" in result.output
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"


def test_viewer_details_show_a_known_zero_and_leave_out_the_unknown() -> None:
    from orgchart.views.viewdata import unit_records

    def staffing(**kw: int) -> dict[str, object]:
        u = orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
                          staffing=orgchart.Staffing(admin=3, institution=0, worker=0, **kw))
        st: dict[str, object] = unit_records(orgchart.Structure("t", "某镇", units=(u,)))[
            "gov"]["staffing"]
        return st

    zero = staffing(actual=0, outside=0, actual_admin=0)
    assert (zero["actual"], zero["outside"]) == ("0", "0")
    assert zero["actual_by_type"] == [["行政编制", "0"], ["事业编制", "?"], ["工勤编制", "?"]]
    unknown = staffing()
    assert not {"actual", "outside", "actual_by_type"} & set(unknown)
