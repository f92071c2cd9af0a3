"""Hostile references and paths: deep chains, symlink loops, long names, repeated members."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.read.loader import MAX_NESTING

MINI = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")






def _one_line(result: object) -> str:
    """The output of a failed command: one line per problem, no traceback."""
    out: str = result.output  # type: ignore[attr-defined]
    exc = result.exception  # type: ignore[attr-defined]
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    assert "Traceback" not in out
    return out


# B1/B2: chains of files and of units


def test_a_long_extends_chain_is_refused_at_the_line_that_goes_too_deep(
        tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "t0.yaml").write_text(MINI, encoding="utf-8")
    for i in range(1, 500):
        (tmp_path / f"t{i}.yaml").write_text(f"structure: t{i}\nname: x\nextends: t{i - 1}.yaml\n",
                                             encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(tmp_path / "t499.yaml")
    # t499 is level 1, so t{499 - MAX_NESTING + 1} is level MAX_NESTING: its extends goes deeper
    deepest = tmp_path / f"t{499 - MAX_NESTING + 1}.yaml"
    assert [str(p.where) for p in err.value.problems] == [f"{deepest}:3:10"]
    assert err.value.problems[0].code == "too-deep"
    # a chain of exactly MAX_NESTING files loads
    assert orgchart.load(tmp_path / f"t{MAX_NESTING - 1}.yaml").id == f"t{MAX_NESTING - 1}"
    result = runner.invoke(cli, ["validate", str(tmp_path / "t499.yaml")])
    assert result.exit_code == 1 and "too-deep" in _one_line(result)


def test_the_depth_error_does_not_depend_on_what_was_loaded_before(tmp_path: Path) -> None:
    (tmp_path / "t0.yaml").write_text(MINI, encoding="utf-8")
    for i in range(1, 80):
        (tmp_path / f"t{i}.yaml").write_text(f"structure: t{i}\nname: x\nextends: t{i - 1}.yaml\n",
                                             encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as fresh:
        orgchart.load(tmp_path / "t79.yaml")
    orgchart.load(tmp_path / f"t{MAX_NESTING - 1}.yaml")  # now cached as a template
    with pytest.raises(orgchart.ModelError) as cached:
        orgchart.load(tmp_path / "t79.yaml")
    assert str(cached.value) == str(fresh.value)


def test_a_long_members_chain_is_refused_at_the_entry_that_goes_too_deep(
        tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "m0.yaml").write_text(MINI, encoding="utf-8")
    for i in range(1, 600):
        (tmp_path / f"m{i}.yaml").write_text(
            MINI.replace("structure: mini", f"structure: m{i}") + f"members: [m{i - 1}.yaml]\n",
            encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(tmp_path / "m599.yaml")
    line = MINI.count("\n") + 1
    deepest = tmp_path / f"m{599 - MAX_NESTING + 1}.yaml"
    assert [str(p.where) for p in err.value.problems] == [f"{deepest}:{line}:11"]
    result = runner.invoke(cli, ["stats", str(tmp_path / "m599.yaml")])
    assert result.exit_code == 1 and "too-deep" in _one_line(result)


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A structure whose 1,500 units each lead the next (deeper than Python's recursion
    limit; a 5,000-unit chain was checked by hand: the tests must stay fast)."""
    lines = ["structure: chain", "name: 链", "verified: true", "units:",
             "  - {id: u0, name: x, kind: government, category: leadership}"]
    lines += [f"  - {{id: u{i}, name: x, kind: office, category: party-government, "
              f"parent: u{i - 1}, staffing: {{admin: 1}}}}" for i in range(1, 1500)]
    path = tmp_path_factory.mktemp("chain") / "chain.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["validate"], ["show"], ["stats"], ["export", "--to", "json"],
                                  ["render", "-f", "dot", "-o", "-"]])
def test_a_long_parent_chain_is_walked_without_recursion(
        chain_file: Path, tmp_path: Path, runner: CliRunner, args: list[str]) -> None:
    if args[0] == "render":
        args = [*args[:-1], str(tmp_path / "c.dot")]
    result = runner.invoke(cli, [args[0], str(chain_file), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code == 0, result.output[-500:]
    if args[0] == "show":
        assert result.output.count("\n") > 1500
        assert max(len(line) for line in result.output.splitlines()) < 400
    if args[0] == "render":
        assert (tmp_path / "c.dot").read_text(encoding="utf-8").count("->") >= 1499


def test_a_leadership_loop_in_a_long_chain_is_found_once(tmp_path: Path) -> None:
    units = [f"  - {{id: u{i}, name: x, kind: office, category: party-government, "
             f"parent: u{(i - 1) % 1500}}}" for i in range(1500)]
    path = tmp_path / "loop.yaml"
    path.write_text("structure: s\nname: x\nunits:\n" + "\n".join(units) + "\n", encoding="utf-8")
    structure = orgchart.load_structure(path)
    start = time.perf_counter()
    problems = orgchart.check(structure)
    assert time.perf_counter() - start < 1  # was 3 s: each unit walked its whole chain
    cycles = [p for p in problems if p.code == "cycle"]
    assert len(cycles) == 1 and str(cycles[0].where) == f"{path}:4:73"
    assert cycles[0].message.startswith("leadership loops: u0 -> u1499 -> u1498")


def test_diff_adds_a_long_chain_parents_first() -> None:
    from orgchart.rules.diff import diff, events_to_data

    units = [orgchart.Unit(id="u0", name="x", kind="government", category="leadership")]
    units += [orgchart.Unit(id=f"u{i}", name="x", kind="office", category="party-government",
                            parent=f"u{i - 1}") for i in range(1, 2000)]
    old = orgchart.Structure("chain", "链", units=tuple(units[:1]))
    new = orgchart.Structure("chain", "链", units=(units[0], *reversed(units[1:])))
    data = events_to_data(diff(old, new))
    added = [e["unit"]["id"] for e in data if e["type"] == "establish"]
    assert added == [u.id for u in units[1:]]


# B22: a member counted twice


def _county(write: Callable[[str, str], Path], members: str) -> Path:
    write("a.yaml", MINI)
    write("b.yaml", MINI)
    return write("county.yaml", "structure: county\nname: 县\nunits: []\nmembers:\n" + members)


def test_a_member_file_listed_twice_is_refused(write: Callable[[str, str], Path]) -> None:
    county = _county(write, "  - a.yaml\n  - b/../a.yaml\n  - ./a.yaml\n")
    (county.parent / "b").mkdir()
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(county)
    assert [str(p) for p in err.value.problems] == [
        f"{county}:6:5: duplicate-member: member 'b/../a.yaml' is listed twice (first at "
        "line 5); remove this entry"]


def test_two_members_with_one_id_are_refused(write: Callable[[str, str], Path]) -> None:
    county = _county(write, "  - a.yaml\n  - b.yaml\n")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(county)
    (problem,) = err.value.problems
    assert str(problem.where) == f"{county}:6:5" and problem.code == "duplicate-member"
    assert str(county.parent / "a.yaml") in problem.message
    assert str(county.parent / "b.yaml") in problem.message


def test_a_town_in_two_counties_of_one_city_is_refused(write: Callable[[str, str], Path]) -> None:
    write("a.yaml", MINI)
    write("c1.yaml", "structure: c1\nname: 县\nunits: []\nmembers: [a.yaml]\n")
    write("c2.yaml", "structure: c2\nname: 县\nunits: []\nmembers: [a.yaml]\n")
    city = write("city.yaml", "structure: city\nname: 市\nunits: []\nmembers: [c1.yaml, c2.yaml]\n")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(city)
    (problem,) = err.value.problems
    assert str(problem.where) == f"{city.parent / 'c2.yaml'}:4:11"
    assert f"already a member at {city.parent / 'c1.yaml'}:4:11" in problem.message


def test_a_plan_may_name_counties_that_share_towns(write: Callable[[str, str], Path]) -> None:
    write("a.yaml", MINI)
    write("old.yaml", "structure: c\nname: 县\nunits: []\nmembers: [a.yaml]\n")
    write("new.yaml", "structure: c\nname: 县\nunits: []\nmembers: [a.yaml]\n")
    plan = write("plan.yaml", "reorganisation: r\nname: x\nfrom: old.yaml\nto: new.yaml\n"
                              "events: []\n")
    assert orgchart.load_plan(plan).after is not None


# B3, B17 and the smaller items: what a reference names


@pytest.mark.parametrize("key", ["extends", "catalogues", "members", "from"])
def test_a_symlink_loop_is_reported_at_the_reference(tmp_path: Path, key: str) -> None:
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    text = {"extends": "structure: s\nname: x\nextends: loop-a\n",
            "catalogues": "structure: s\nname: x\nunits: []\ncatalogues: [loop-a]\n",
            "members": "structure: s\nname: x\nunits: []\nmembers: [loop-a]\n",
            "from": "reorganisation: r\nname: x\nfrom: loop-a\nevents: []\n"}[key]
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(path)
    (problem,) = err.value.problems
    assert problem.where.line == (4 if key in ("catalogues", "members") else 3)
    assert problem.where.file == str(path) and "'loop-a' is a symbolic link loop" in str(problem)


def _template_named(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "town.yaml"
    path.write_text(f"structure: s\nname: x\nextends: {name}\n", encoding="utf-8")
    return path


def test_a_name_too_long_is_reported_at_the_reference(tmp_path: Path) -> None:
    town = _template_named(tmp_path, "长" * 90 + ".yaml")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(town)
    (problem,) = err.value.problems
    assert str(problem.where) == f"{town}:3:10" and "name too long" in problem.message


def test_a_folder_or_pipe_named_as_template_is_not_called_missing(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, why in [("folder.yaml", "is a folder"), ("pipe.yaml", "is not a regular file")]:
        town = _template_named(tmp_path, name)
        with pytest.raises(orgchart.ModelError) as err:
            orgchart.load(town)
        (problem,) = err.value.problems
        assert str(problem.where) == f"{town}:3:10" and why in problem.message
        assert "not found" not in problem.message


def test_a_file_that_is_not_a_model_is_reported_at_the_reference(tmp_path: Path) -> None:
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (tmp_path / "ls").write_bytes(b"\x7fELF\x02\x01\x01\x00\xff\xfe")
    for name in ("passwd", "ls"):
        town = _template_named(tmp_path, name)
        with pytest.raises(orgchart.ModelError) as err:
            orgchart.load(town)
        (problem,) = err.value.problems
        assert str(problem.where) == f"{town}:3:10"
        assert f"template {name!r} is not an orgchart model file (" in problem.message
    # a model file's own mistakes stay located in it
    (tmp_path / "t.yaml").write_text("structure: t\nname: [x\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(_template_named(tmp_path, "t.yaml"))
    assert {p.where.file for p in err.value.problems} == {str(tmp_path / "t.yaml")}


# B3 and B17 on the command line: inputs and outputs


def _cli_cases(tmp: Path, bad: str) -> list[list[str]]:
    model = str(tmp / "m.yaml")
    return [
        ["validate", f"{tmp}/{bad}.yaml"],
        ["show", f"{tmp}/{bad}.yaml"],
        ["render", model, "-o", f"{tmp}/{bad}.svg"],
        ["render", model, "-o", f"{tmp}/{bad}/x.svg"],
        ["render", model, "-o", f"{tmp}/x.dot", "--theme", f"{tmp}/{bad}.yaml"],
        ["render", model, "-o", f"{tmp}/x.png", "--font-file", f"{tmp}/{bad}.ttf"],
        ["export", model, "--to", "json", "-o", f"{tmp}/{bad}.json"],
        ["export", model, "--to", "csv", "-o", f"{tmp}/{bad}.csv"],
        ["export", f"{tmp}/{bad}.yaml", "--to", "json", "-o", f"{tmp}/x.json"],
        ["build", f"{tmp}/models", "-o", f"{tmp}/{bad}", "-f", "dot"],
        ["build", f"{tmp}/models", "-o", f"{tmp}/{bad}/out", "-f", "dot"],
        ["import", f"{tmp}/t.csv", "-o", f"{tmp}/{bad}.yaml"],
        ["import", f"{tmp}/{bad}.csv", "-o", f"{tmp}/x.yaml"],
    ]


@pytest.fixture
def cli_tmp(tmp_path: Path, runner: CliRunner) -> Path:
    (tmp_path / "m.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.yaml").write_text(MINI, encoding="utf-8")
    assert runner.invoke(cli, ["export", str(tmp_path / "m.yaml"), "--to", "csv", "-o",
                               str(tmp_path / "t.csv")]).exit_code == 0
    return tmp_path


@pytest.mark.parametrize("case", range(13))
def test_a_name_too_long_is_one_line_naming_it(cli_tmp: Path, runner: CliRunner,
                                               case: int) -> None:
    long = "长" * 90
    args = _cli_cases(cli_tmp, long)[case]
    result = runner.invoke(cli, args)
    out = _one_line(result)
    assert result.exit_code == 1, out
    assert len(out.strip().splitlines()) == 1 and long in out and "too long" in out, out


@pytest.mark.parametrize("case", range(13))
def test_a_symlink_loop_is_one_line_naming_it(cli_tmp: Path, runner: CliRunner,
                                              case: int) -> None:
    args = _cli_cases(cli_tmp, "loop")[case]
    for suffix in ("", ".yaml", ".svg", ".json", ".csv", ".ttf"):
        (cli_tmp / f"loop{suffix}").symlink_to(cli_tmp / f"loop{suffix}")
    result = runner.invoke(cli, args)
    out = _one_line(result)
    if result.exit_code == 0:  # an output that is a dangling link is replaced by the file
        written = Path(args[args.index("-o") + 1])
        assert written.is_file() and not written.is_symlink()
        return
    assert result.exit_code == 1, out
    assert len(out.strip().splitlines()) == 1 and "loop" in out and "symbolic link" in out, out


def test_diff_sorts_removed_units_by_depth_in_one_walk() -> None:
    from orgchart.rules.diff import _depth, _depths

    def unit(uid: str, parent: str | None) -> orgchart.Unit:
        return orgchart.Unit(id=uid, name="x", kind="office", category="other", parent=parent)

    chain = [unit("u0", None), *(unit(f"u{i}", f"u{i - 1}") for i in range(1, 5000))]
    looped = [unit("a", "b"), unit("b", "a"), unit("c", "a"), unit("d", "c"), unit("e", "out"),
              unit("s", "s")]
    s = orgchart.Structure("s", "x", units=(*chain, *looped))
    ids = [u.id for u in reversed(s.units)]
    start = time.perf_counter()
    depths = _depths(s, ids)
    assert time.perf_counter() - start < 1  # one _depth per unit took 14 s
    assert depths["u4999"] == 4999
    assert {i: depths[i] for i in ids[:6]} == {i: _depth(s, i) for i in ids[:6]}
