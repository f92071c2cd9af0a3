"""The tasks the command line calls: results as data, so that the CLI parses no text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.base.errors import Location, Problem
from orgchart.cli import cli
from orgchart.tasks.diff import diff_files
from orgchart.tasks.export import OutputIsInputError, export_file
from orgchart.tasks.modelfile import Failure
from orgchart.tasks.naming import build_path, drawing_path
from orgchart.tasks.render import account_plan

TEMPLATE = """structure: tpl
name: T
template: true
units:
  - {id: town, name: 镇, kind: government, category: 领导机构}
  - {id: a, name: A, kind: office, category: 党政机构, parent: nowhere}
"""


def test_exporting_a_model_onto_itself_is_refused_by_the_library(tmp_path: Path) -> None:
    model = tmp_path / "m.yaml"
    shutil.copy("tests/data/minimal.yaml", model)
    before = model.read_bytes()
    with pytest.raises(OutputIsInputError, match="is the model being exported"):
        export_file(model, "yaml", tmp_path / "." / "m.yaml")
    assert issubclass(OutputIsInputError, orgchart.OrgChartError)
    assert model.read_bytes() == before


def test_export_file_gives_text_or_files_and_the_csv_warning(tmp_path: Path) -> None:
    text = export_file("tests/data/minimal.yaml", "yaml")
    assert text.text is not None and text.written == [] and text.warning is None
    tables = export_file("tests/data/minimal.yaml", "csv", tmp_path / "t.csv")
    assert tables.text is None and tables.warning
    assert tables.written == [tmp_path / "t.csv", tmp_path / "t-relations.csv"]


def test_a_failure_is_located_in_the_model_or_names_it() -> None:
    model = Path("m/a.yaml")
    inside = Problem(Location("m/a.yaml", 3, 1), "x", "bad")
    assert Failure.of(model, inside).reason == "m/a.yaml:3:1: x: bad"
    elsewhere = Problem(Location("xm/a.yaml", 3, 1), "x", "bad")  # holds the model's name
    assert Failure.of(model, elsewhere).reason == "m/a.yaml: xm/a.yaml:3:1: x: bad"
    assert Failure.of(model, orgchart.RenderError("boom\nmore")).reason == "m/a.yaml: boom"
    assert Failure.of(model, orgchart.ModelError([inside])).reason == "m/a.yaml:3:1: x: bad"


def test_build_names_the_model_whose_template_fails(runner: CliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the paths: the template's path here contains the model's (x/models/a.yaml),
    which the CLI's text search took for the model's own location."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x/models").mkdir(parents=True)
    (tmp_path / "x/models/a.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "models").mkdir()
    (tmp_path / "models/a.yaml").write_text("structure: s\nname: S\n"
                                            "extends: ../x/models/a.yaml\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "models", "-o", "out", "-f", "dot"])
    assert result.exit_code == 1
    assert "failed: models/a.yaml: x/models/a.yaml:6:" in result.output
    checked = runner.invoke(cli, ["build", "models", "-o", "out", "--check"])
    assert "failed: models/a.yaml: x/models/a.yaml:6:" in checked.output


def test_build_and_render_name_their_files_in_one_place(tmp_path: Path) -> None:
    assert build_path(tmp_path / "m", tmp_path / "o", tmp_path / "m/a/t.yaml", "png") \
        == tmp_path / "o/a/t.png"
    assert drawing_path("m/t.yaml", str(tmp_path), "dot") == tmp_path / "t.dot"
    (tmp_path / "o").mkdir()
    (tmp_path / "o/a").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "m").mkdir()
    with pytest.raises(orgchart.OrgChartError, match="leads outside"):
        build_path(tmp_path / "m", tmp_path / "o", tmp_path / "m/a/t.yaml", "svg")


def test_a_plan_run_says_whether_its_accounting_fails() -> None:
    ok = account_plan("tests/data/reorg/plan.yaml")
    assert ok.failure is None and ok.target is None
    lossy = account_plan("tests/data/reorg/lossy.yaml")
    assert lossy.failure is not None
    assert lossy.failure.startswith("the accounting of tests/data/reorg/lossy.yaml fails: ")


def test_diff_files_gives_the_events_as_text_yaml_or_json(tmp_path: Path) -> None:
    import yaml

    old = "tests/data/reorg/old.yaml"
    new = tmp_path / "new.yaml"
    new.write_text(Path(old).read_text(encoding="utf-8").replace("文化站", "文化服务站"),
                   encoding="utf-8")
    events = [{"type": "rename", "unit": "culture-station", "name": "文化服务站"}]
    assert json.loads(diff_files(old, new, "json")) == {"events": events}
    assert yaml.safe_load(diff_files(old, new, "yaml")) == {"events": events}
    assert diff_files(old, new) == "更名：文化站（culture-station）；名称 文化服务站\n"
    assert diff_files(old, new, lang="en") == "renamed: 文化站 (culture-station); name 文化服务站\n"
    assert diff_files(old, old) == "无差异\n"
    assert diff_files(old, old, lang="en") == "no differences\n"
    with pytest.raises(orgchart.OrgChartError, match="unknown events format"):
        diff_files(old, new, "xml")


def test_diff_invents_no_amount_for_a_figure_that_becomes_unknown(tmp_path: Path) -> None:
    import yaml

    def town(admin: str) -> Path:
        path = tmp_path / f"t{admin}.yaml"
        path.write_text("structure: t\nname: 某镇\nunits:\n  - {id: gov, name: 镇政府, "
                        "kind: government, category: leadership, staffing: {admin: "
                        f"{admin}, institution: 0, worker: 0, actual: 3}}}}\n",
                        encoding="utf-8")
        return path

    known, unknown = town("3"), town("unknown")
    # no cut of 3 posts (which would leave 0, a figure nobody gave): no event at all
    assert yaml.safe_load(diff_files(known, unknown, "yaml")) == {"events": []}
    assert diff_files(known, unknown) == \
        "另：镇政府（gov）的行政编制由 3 变为 未知（未知的数字不能写成增减事件）\n"
    assert diff_files(unknown, known, lang="en") == \
        "also: 镇政府 (gov): administrative posts unknown → 3 (an unknown figure cannot be " \
        "written as an event)\n"
