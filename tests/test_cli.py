import json
from pathlib import Path

from click.testing import CliRunner

import orgchart
from orgchart.cli import cli


def test_validate_ok(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "tests/data/minimal.yaml", "models"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_validate_lists_every_problem_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "tests/data/broken/semantic.yaml"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 9
    assert all(line.startswith("tests/data/broken/semantic.yaml:") for line in lines)
    assert "Traceback" not in result.output


def test_validate_warnings_pass_unless_strict(runner: CliRunner, write: object) -> None:
    path = write("w.yaml", "structure: s\nname: n\nunits:\n"  # type: ignore[operator]
                 "  - {id: a, name: A, kind: hall, category: other}\n")
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["validate", "--strict", str(path)]).exit_code == 1


def test_bad_input_gives_one_line_and_exit_1(runner: CliRunner) -> None:
    for path in ["tests/data/broken/gbk.yaml", "tests/data/broken/empty.yaml",
                 "tests/data/nope.yaml", "tests/data/broken/syntax.yaml"]:
        result = runner.invoke(cli, ["show", path])
        assert result.exit_code == 1, path
        assert result.output.startswith("Error: " + path + ":"), result.output
        assert len(result.output.strip().splitlines()) == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_show_prints_the_tree_and_totals(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "models/hunan/township-2019.yaml"])
    assert result.exit_code == 0
    assert "├── 基层党建办公室" in result.output
    assert "挂牌：农业农村工作办公室" in result.output
    assert "合计：≈行政编制 48，事业编制 65，工勤编制 4" in result.output


def test_schema_is_json_and_names_the_fields(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    schema = json.loads(result.output)
    unit = schema["$defs"]["Unit"]
    assert {"id", "name", "kind", "category", "staffing", "nameplates"} <= set(unit["properties"])
    assert unit["additionalProperties"] is False


def _as_editor_sees_it(value: object) -> object:
    """YAML data as a YAML language server checks it: dates are strings."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees_it(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_schema_accepts_every_shipped_model_and_refuses_a_bad_one() -> None:
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(orgchart.json_schema())
    files = sorted(Path("models").rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        data = _as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (path, errors[:3])
    bad = {"structure": "s", "name": "s", "units": [{"id": "a", "name": "甲", "kind": "office",
                                                      "category": "other", "nmae": "x"}]}
    assert list(validator.iter_errors(bad))


def test_version_and_usage_errors(runner: CliRunner) -> None:
    version = runner.invoke(cli, ["--version"]).output.strip()
    assert version == f"orgchart, version {orgchart.__version__}"
    assert runner.invoke(cli, ["show", "--lang", "fr", "x"]).exit_code == 2
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2


def test_completion_script(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["completion", "bash"])
    assert result.exit_code == 0 and "_ORGCHART_COMPLETE" in result.output


def test_show_lists_members_and_rollup(runner: CliRunner, write: object) -> None:
    from pathlib import Path

    text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
    write("c/town.yaml", text)  # type: ignore[operator]
    county = write("c/county.yaml", "structure: c\nname: 县\nmembers: [town.yaml]\n"  # type: ignore[operator]
                   "units:\n  - {id: gov, name: 县政府, kind: government, category: leadership,"
                   " staffing: {admin: 30}}\n")
    result = runner.invoke(cli, ["show", str(county)])
    assert "下属（1）：" in result.output and "  小镇  行9 事6" in result.output
    assert "合计（含下属）：行政编制 39" in result.output


def test_show_prints_every_unit_of_a_leadership_loop(runner: CliRunner, write: object) -> None:
    import orgchart

    broken = "tests/data/broken/semantic.yaml"
    s = orgchart.load_structure(broken)
    tree = orgchart.format_tree(s)
    for u in s.units:
        assert sum(line.startswith(u.name) or f"── {u.name} " in line
                   for line in tree.splitlines()) == 1, (u.id, tree)
    assert "隶属关系循环" in tree and "leadership loop" in orgchart.format_tree(s, "en")
    result = runner.invoke(cli, ["show", broken])
    assert result.exit_code == 1
    assert "甲  (" in result.stdout and "乙  (" in result.stdout
    assert f"{broken}:36:13: cycle: leadership loops: loop-a -> loop-b -> loop-a" \
        in result.stderr
    # every unit in the loop, none at the top; a child of the loop is shown under it
    only = write("loop.yaml", "structure: s\nname: n\nunits:\n"  # type: ignore[operator]
                 "  - {id: a, name: 甲办, kind: office, category: other, parent: b}\n"
                 "  - {id: b, name: 乙办, kind: office, category: other, parent: a}\n"
                 "  - {id: c, name: 丙办, kind: office, category: other, parent: b}\n")
    result = runner.invoke(cli, ["show", str(only)])
    assert result.exit_code == 1
    assert all(name in result.stdout for name in ("甲办", "乙办", "丙办")), result.stdout
    assert f"{only}:4:" in result.stderr and "cycle" in result.stderr
