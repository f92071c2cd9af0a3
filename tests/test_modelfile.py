"""One place says what a model file is and what it yields (validate, build, build --check)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.tasks.modelfile import read_model


def test_each_kind_of_file_is_named_once() -> None:
    kinds = {p: read_model(p).kind for p in (
        "models/liuyang/towns/shashi.yaml", "models/liuyang/town-template.yaml",
        "models/catalogues/township-functions.yaml", "tests/data/reorg/plan.yaml")}
    assert list(kinds.values()) == ["structure", "template", "catalogue", "plan"]


def test_what_each_kind_yields() -> None:
    catalogue = read_model("models/catalogues/township-functions.yaml")
    assert not catalogue.has_chart and catalogue.problems == [] and catalogue.accounting is None
    plan = read_model("tests/data/reorg/plan.yaml")
    assert plan.accounting is not None and plan.accounting.ok and plan.chart_refused is None
    assert plan.to_dot().startswith("digraph")
    lossy = read_model("tests/data/reorg/lossy.yaml")
    assert lossy.chart_refused is not None and "lossy.yaml:" in lossy.chart_refused
    assert any(p.severity == "error" for p in lossy.problems)


def test_a_failing_plan_fails_build_and_build_check_alike(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    models, out = tmp_path / "models", tmp_path / "out"
    shutil.copytree("tests/data/reorg", models)
    built = runner.invoke(cli, ["build", str(models), "-o", str(out), "-f", "dot"])
    assert built.exit_code == 1 and "failed:" in built.output and "lossy.yaml" in built.output
    checked = runner.invoke(cli, ["build", str(models), "-o", str(out), "--check"])
    assert checked.exit_code == 1
    # the same verdict, not 'stale' with advice (run orgchart build) that cannot fix it
    assert "stale:" not in checked.output and "failed:" in checked.output
    assert "lossy.yaml" in checked.output and "cannot be drawn" in checked.output
    (models / "lossy.yaml").unlink()
    assert runner.invoke(cli, ["build", str(models), "-o", str(out), "--check"]).exit_code == 0


def test_render_draws_what_the_file_yields(tmp_path: Path, runner: CliRunner) -> None:
    plan = runner.invoke(cli, ["render", "tests/data/reorg/plan.yaml", "-o",
                               str(tmp_path / "p.dot")])
    assert plan.exit_code == 0, plan.output
    assert (tmp_path / "p.dot").read_text(encoding="utf-8") == read_model(
        "tests/data/reorg/plan.yaml").to_dot()  # the plan's before/after chart
    for refused, why in (("models/catalogues/township-functions.yaml", "has no chart"),
                         ("tests/data/reorg/lossy.yaml", "lossy.yaml:")):
        result = runner.invoke(cli, ["render", refused, "-o", str(tmp_path / "x.svg")])
        assert result.exit_code == 1 and "nothing drawn" in result.output
        assert why in result.output and not (tmp_path / "x.svg").exists()


def test_a_structure_with_errors_is_refused_alike(tmp_path: Path, runner: CliRunner) -> None:
    models, out = tmp_path / "models", tmp_path / "out"
    models.mkdir()
    text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
    (models / "bad.yaml").write_text(text.replace("parent: town\n", "parent: nowhere\n", 1),
                                     encoding="utf-8")
    bad = read_model(models / "bad.yaml")
    assert bad.chart_refused is not None and "unknown-unit: parent" in bad.chart_refused
    built = runner.invoke(cli, ["build", str(models), "-o", str(out), "-f", "dot"])
    checked = runner.invoke(cli, ["build", str(models), "-o", str(out), "--check"])
    assert built.exit_code == checked.exit_code == 1
    assert "unknown-unit: parent" in built.output and "unknown-unit: parent" in checked.output
    assert "stale:" not in checked.output
