"""validate and reorg --check report per plan: a finding in a shared target file names the
plan it came from, and a failing plan is never hidden behind another's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from orgchart.cli import cli

OLD = Path("tests/data/reorg/old.yaml").read_text(encoding="utf-8")


def _plans(write: Any) -> tuple[Path, Path, Path, Path]:
    write("old.yaml", OLD)
    target = write("new.yaml", OLD.replace("structure: old", "structure: new")
                   .replace("农机站", "农机服务站"))
    plan = ("reorganisation: {id}\nname: {id}\nfrom: old.yaml\nto: new.yaml\nevents:\n"
            "  - {{type: rename, unit: machinery-station, name: {name}}}\n")
    good = write("good.yaml", plan.format(id="good", name="农机服务站"))
    bad = write("bad.yaml", plan.format(id="bad", name="农机中心"))
    worse = write("worse.yaml", plan.format(id="worse", name="农机中心"))
    return target, good, bad, worse


def test_validate_names_the_plan_of_each_finding_in_a_shared_target(write: Any) -> None:
    target, good, bad, worse = _plans(write)
    result = CliRunner().invoke(cli, ["validate", str(good), str(bad), str(worse)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    # the same mismatch in the shared target, once per failing plan, each naming its plan
    assert [line.split(": ")[0] for line in lines if "to-mismatch" in line] == [
        str(bad), str(worse)]
    assert all(f"{target}:" in line for line in lines if "to-mismatch" in line)
    assert not any(line.startswith(f"{good}") for line in lines)
    assert lines[-1] == f"failed: 2 of 3: {bad}, {worse}"


def test_a_failing_plan_is_not_hidden_behind_another_that_passes(write: Any) -> None:
    from orgchart.tasks.validate import validate_files

    _, good, bad, _ = _plans(write)
    count, reports = validate_files([bad, good])
    assert count == 2 and [r.failed() for r in reports] == [True, False]
    assert [r.path for r in reports] == [bad, good]


def test_reorg_check_names_the_plan_of_a_finding_in_its_target(write: Any) -> None:
    target, _, bad, _ = _plans(write)
    result = CliRunner().invoke(cli, ["reorg", "--check", str(bad)])
    assert result.exit_code == 1
    mismatch = next(line for line in result.stderr.splitlines() if "to-mismatch" in line)
    assert mismatch.startswith(f"{bad}: {target}:")


def test_a_misspelled_event_type_is_located_at_its_value_with_a_suggestion(
        write: Any) -> None:
    write("old.yaml", OLD)
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\nevents:\n"
                 "  - type: renam\n    unit: machinery-station\n    name: 农机服务站\n")
    result = CliRunner().invoke(cli, ["validate", str(plan)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{plan}:5:11: bad-value: events[0]: unknown type 'renam' (did you mean 'rename'?); "
        "write one of: establish, abolish, rename, merge, split, transfer-functions, "
        "transfer-staffing, detach, reparent, add-nameplate, remove-nameplate, "
        "begin-co-location, end-co-location, change-rank, add-functions, end-functions, "
        "adjust-staffing, update, merge-structures, rename-structure"]
