"""The Word reports (orgchart report --kind sanding|reform): each document opened with
python-docx and read paragraph by paragraph and table by table."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from orgchart.cli import cli
from orgchart.write.docx import BODY_FONT, HEADING_FONT

TOWN = "models/liuyang/towns/dayao.yaml"
COUNTY = "models/liuyang/county.yaml"
PLAN = "models/liuyang/reform/shashi-reform.yaml"


def _make(runner: CliRunner, tmp_path: Path, path: str, kind: str) -> Path:
    out = tmp_path / f"{kind}.docx"
    result = runner.invoke(cli, ["report", path, "--kind", kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    return out


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(CliRunner(), tmp_path_factory.mktemp("town"), TOWN, "sanding")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(CliRunner(), tmp_path_factory.mktemp("county"), COUNTY, "sanding")


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(CliRunner(), tmp_path_factory.mktemp("plan"), PLAN, "reform")


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text]


def _headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style is not None and p.style.name.startswith("Heading")]


def _east_asia(path: Path) -> set[str | None]:
    """The Chinese font of every run with text, in paragraphs and in table cells."""
    doc = Document(str(path))
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows
                                         for cell in row.cells for p in cell.paragraphs]
    fonts = set()
    for p in paragraphs:
        for run in p.runs:
            if run.text:
                rpr = run.element.rPr
                fonts.add(None if rpr is None or rpr.rFonts is None
                          else rpr.rFonts.get(qn("w:eastAsia")))
    return fonts


def test_sanding_of_a_town_has_the_sections_of_a_sanding_in_order(town: Path) -> None:
    texts = _texts(town)
    assert texts[0] == "大瑶镇职能配置、内设机构和人员编制规定（框架稿）"
    assert texts[1].startswith("据机构编制模型生成，截至 2023-09-15")
    assert [t for _, t in _headings(town)] == [
        "一、主要职责", "二、内设机构", "三、人员编制和领导职数", "四、其他事项", "五、附则"]
    articles = [t.split("\u3000")[0] for t in texts if t.startswith("第") and "条\u3000" in t]
    assert articles == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条",
                        "第八条"]
    # the rank of the body, and a unit not verified, marked ※
    assert "第二条\u3000大瑶镇党委、人民政府※，机构规格为正科级。" in texts
    # a duty from the catalogue, and a unit with its duties and its nameplate
    assert "（二十三）烟花爆竹安全监管※。" in texts  # only 大瑶镇 adds it to the template
    assert ("（三）经济发展办公室※（挂农业农村工作办公室牌子），正股级。"
            "负责经济发展规划与招商引资、统计、农业农村工作、"
            "乡村振兴与巩固脱贫成果等工作。") in texts
    assert "党政机构（6 个）：" in texts and "事业单位（4 个）：" in texts
    # the caps are checked against the units, in 其他事项
    assert "（三）党政机构限额 6 个（现设 6 个）。" in texts
    # the figures are the template's estimate: ≈ in the text
    assert any(t.startswith("第五条\u3000大瑶镇核定行政编制≈48名、事业编制≈65名、工勤编制≈4名")
               for t in texts)


def test_sanding_staffing_table_marks_estimates_and_unverified_units(town: Path) -> None:
    tables = Document(str(town)).tables
    assert len(tables) == 1
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    assert rows[0] == ["机构名称", "行政编制", "事业编制", "工勤编制", "领导正职", "领导副职"]
    assert rows[1] == ["大瑶镇党委、人民政府※", "≈12", "≈0", "≈0", "≈2", "≈8"]
    assert rows[-1] == ["合计", "≈48", "≈65", "≈4", "≈13", "≈20"]
    assert len(rows) == 1 + 15 + 1
    # the header row repeats on every page
    assert tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_every_run_carries_a_chinese_font(town: Path, county: Path, plan: Path) -> None:
    for path in (town, county, plan):
        assert _east_asia(path) <= {BODY_FONT, HEADING_FONT}, path


def test_unknown_figures_print_as_unknown(tmp_path: Path, write: object) -> None:
    """A unit whose admin posts are not given prints ?, and the total says so."""
    model = tmp_path / "t.yaml"
    model.write_text(
        "structure: t\nname: 测试镇机构设置\nplace: 测试镇\nverified: true\nunits:\n"
        "  - {id: gov, name: 测试镇人民政府, kind: government, category: leadership,\n"
        "     staffing: {admin: 5, institution: 0, worker: 0, heads: 1, deputies: 2}}\n"
        "  - {id: office, name: 党政办, kind: office, category: party-government, parent: gov,\n"
        "     staffing: {institution: 0, worker: 0, heads: 1, deputies: 0}}\n",
        encoding="utf-8")
    out = _make(CliRunner(), tmp_path, str(model), "sanding")
    rows = [[c.text for c in row.cells] for row in Document(str(out)).tables[0].rows]
    assert rows[1] == ["测试镇人民政府", "5", "0", "0", "1", "2"]  # verified: no mark
    assert rows[2] == ["党政办", "?", "0", "0", "1", "0"]
    assert rows[3] == ["合计", "≥ 5（1 个单位未知）", "0", "0", "2", "2"]
    assert "第二条\u3000测试镇人民政府，机构规格为?。" in _texts(out)  # no rank given


def test_sanding_of_a_county_has_a_part_per_member(county: Path) -> None:
    heads = [t for style, t in _headings(county) if style == "Heading 1"]
    assert len(heads) == 1 + 32
    # the county file has no place: its division code names it (430181 浏阳市)
    assert heads[0] == "浏阳市职能配置、内设机构和人员编制规定（框架稿）"
    texts = _texts(county)
    assert "第四条　浏阳市设下列机构：" in texts
    assert not any("总览设" in t or "总览实际" in t for t in texts)
    assert "大瑶镇职能配置、内设机构和人员编制规定（框架稿）" in heads
    assert len(Document(str(county)).tables) == 33


def test_reform_report_has_summary_crosswalk_balance_and_chart(plan: Path) -> None:
    texts = _texts(plan)
    assert texts[0].endswith("：改革情况报告※")  # the plan is not verified
    assert texts[1].startswith("实施日期：?")  # the plan carries no date
    assert [t for _, t in _headings(plan)] == [
        "一、改革概况", "二、机构对照（原机构 → 现机构）", "三、编制平衡", "四、改革前后机构对照图"]
    assert any("设机构 29 个，编制 ≈109 名" in t and "设机构 16 个，编制 ≈120 名" in t
               for t in texts)
    assert "经核对，每个机构、每项职能和每名编制均有去向。" in texts
    crosswalk, balance = Document(str(plan)).tables
    rows = [[c.text for c in row.cells] for row in crosswalk.rows]
    assert rows[0] == ["原机构", "变动", "现机构", "职能去向", "编制去向", "挂牌去向"]
    assert ["畜牧兽医站※", "并入", "农业综合服务中心", "畜牧兽医与动物防疫→农业综合服务中心",
            "事5 正职1", "—"] in rows
    # several destinations: one a line
    assert ["水利站※", "并入", "农业综合服务中心\n自然资源和生态环境办公室",
            "水利工程管理服务→农业综合服务中心\n林业与水利监管→自然资源和生态环境办公室",
            "事5 正职1", "—"] in rows
    assert ["派出所※", "划出", "浏阳市公安局", "公安治安管理→浏阳市公安局", "—", "—"] in rows
    rows = [[c.text for c in row.cells] for row in balance.rows]
    assert rows[0] == ["类型", "改革前", "+划入", "-划出", "-核销", "+新增", "=应有", "改革后",
                       "结论"]
    assert rows[1] == ["行政编制", "≈34", "14", "0", "0", "0", "≈48", "≈48", "平衡"]
    assert rows[-1] == ["编外人员", "?", "0", "0", "0", "0", "?", "?", "无法核对"]


def test_reform_report_embeds_the_before_after_chart(plan: Path) -> None:
    doc = Document(str(plan))
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) == 1
    blob = images[0].target_part.blob
    assert blob[:8] == b"\x89PNG\r\n\x1a\n" and len(blob) > 10_000
    from PIL import Image

    width, height = Image.open(io.BytesIO(blob)).size
    assert width > 500 and height > 300
    assert any(t.startswith("图 1\u3000") for t in _texts(plan))
    # it fits the text area of an A4 page (15.6 cm by 20 cm; EMU: 360,000 a cm)
    shape = doc.inline_shapes[0]
    assert shape.width <= 15.6 * 360_000 + 1 and shape.height <= 20 * 360_000 + 1


def test_the_same_model_gives_the_same_bytes(tmp_path: Path) -> None:
    runner = CliRunner()
    first = _make(runner, tmp_path / "a", TOWN, "sanding").read_bytes()
    assert _make(runner, tmp_path / "b", TOWN, "sanding").read_bytes() == first


@pytest.mark.parametrize(("args", "code", "message"), [
    ([PLAN, "--kind", "sanding"], 1, "is a reorganisation plan; --kind sanding takes a "
                                     "structure"),
    ([TOWN, "--kind", "reform"], 1, "is not a reorganisation plan"),
    ([TOWN, "--kind", "nope"], 2, "unknown report kind 'nope'; choose one of: "),
])
def test_bad_requests_are_one_line_and_write_nothing(tmp_path: Path, args: list[str],
                                                     code: int, message: str) -> None:
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["report", *args, "-o", str(out)])
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_suffix_of_another_format_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(cli, ["report", TOWN, "--kind", "sanding", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {out}: --kind sanding is written as docx; name "
                                     f"the file {tmp_path / 'r.docx'}")
    assert not out.exists()
