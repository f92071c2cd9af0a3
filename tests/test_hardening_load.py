"""Hardening of reading input: file kinds and sizes, YAML 1.1 scalars, control characters,
list and problem caps, and where YAML errors are located (issue 15: B4, B5, B11, B23)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.read.yamlsource import parse_yaml
from orgchart.tasks.importing import import_table

MINI = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")


# B4: only regular files are read, and never more than the size cap


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _run_bounded(args: list[str], seconds: float = 10) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process that is killed if it hangs, with at most 2 GB."""
    return subprocess.run([sys.executable, "-m", "orgchart", *args], capture_output=True,
                          text=True, timeout=seconds,
                          preexec_fn=_limit_memory if os.name == "posix" else None)


@pytest.mark.parametrize("where", ["model", "theme", "relations", "xlsx"])
def test_a_fifo_is_refused_not_waited_on(fifo: Path, tmp_path: Path, where: str) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(MINI, encoding="utf-8")
    table = tmp_path / "units.csv"
    table.write_text("id,name,kind,category\nroot,x,government,leadership\n", encoding="utf-8")
    if where == "xlsx":
        fifo = fifo.rename(fifo.with_name("units.xlsx"))
    args = {"model": ["validate", str(fifo)],
            "xlsx": ["import", str(fifo), "-o", str(tmp_path / "o.yaml")],
            "theme": ["render", str(model), "-o", str(tmp_path / "c.dot"), "--theme", str(fifo)],
            "relations": ["import", str(table), "-o", str(tmp_path / "o.yaml"),
                          "--relations", str(fifo)]}[where]
    result = _run_bounded(args)
    assert result.returncode == 1, result.stderr
    assert f"{fifo}:1:1: file: not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_device_is_refused_without_reading_it() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = _run_bounded(["validate", "/dev/zero"])
    assert result.returncode == 1, result.stderr
    assert "/dev/zero:1:1: file: not a regular file (a device)" in result.stderr
    assert "Traceback" not in result.stderr


# B23: YAML 1.1 numbers and booleans are not read silently


@pytest.mark.parametrize("text, value", [
    ("off", "off"), ("no", "no"), ("on", "on"), ("yes", "yes"), ("y", "y"), ("N", "N"),
    ("1_000", "1_000"), ("1:30", "1:30"), ("0x1F", "0x1F"), ("0o17", "0o17"), ("0b11", "0b11"),
    ("010", "010"), ("-07", "-07"), ("=", "="), ("1:30.5", "1:30.5"),
    ("10", 10), ("-3", -3), ("0", 0), ("true", True), ("False", False), ("TRUE", True),
    ("~", None), ("null", None), ("1.5", 1.5), ("2019-01-01", dt.date(2019, 1, 1)),
])
def test_only_yaml_1_2_core_scalars_are_typed(text: str, value: object) -> None:
    data, _ = parse_yaml(f"a: {text}\n", "x.yaml")
    assert data["a"] == value and type(data["a"]) is type(value)


def test_a_unit_id_off_is_text(write: Callable[[str, str], Path]) -> None:
    path = write("m.yaml", MINI.replace("id: town", "id: off").replace("parent: town",
                                                                         "parent: off"))
    structure = orgchart.load_structure(path)
    assert "off" in [u.id for u in structure.units]


@pytest.mark.parametrize("text, hint", [
    ("010", "e.g. 10 "), ("0x1F", "e.g. 31 "), ("1_000", "e.g. 1000 "),
    ("1:30", "plain decimal digits"),
])
def test_yaml_1_1_numbers_are_refused_where_a_number_is_expected(
        write: Callable[[str, str], Path], text: str, hint: str) -> None:
    path = write("m.yaml", MINI.replace("staffing: {admin: 4,", f"staffing: {{admin: {text},"))
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(path)
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if f"admin: {text}" in t)
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert (problem.where.line, problem.code) == (line, "bad-value")
    assert f"not {text!r}" in problem.message and hint in problem.message


# B11: control characters in text are refused at load, located


@pytest.mark.parametrize("escape", ["\\v", "\\f", "\\e", "\\0", "\\x7f", "\\x85", "\\x9b",
                                    "\\r", "\\uFFFE"])
def test_a_control_character_in_text_is_refused_at_its_value(escape: str) -> None:
    with pytest.raises(orgchart.ModelError) as err:
        parse_yaml(f'a: 1\nname: "党政\\t综合{escape}办公室"\n', "x.yaml")
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert (str(problem.where), problem.code) == ("x.yaml:2:7", "control-character")
    assert "at character 6" in problem.message and "replace it" in problem.message


def test_a_control_character_in_a_key_is_refused() -> None:
    with pytest.raises(orgchart.ModelError, match=r"x\.yaml:2:1: control-character"):
        parse_yaml('a: 1\n"b\\x1b[2J": 2\n', "x.yaml")


def test_newlines_and_tabs_are_allowed() -> None:
    data, _ = parse_yaml('name: "a\\tb\\nc"\nnote: |\n  one\n  two\n', "x.yaml")
    assert data == {"name": "a\tb\nc", "note": "one\ntwo\n"}


def test_a_raw_control_character_is_located_where_it_stands() -> None:
    with pytest.raises(orgchart.ModelError, match=r"^x\.yaml:2:6: yaml: .*U\+000B"):
        parse_yaml("a: 1\nb: 小小\x0b\n", "x.yaml")


def test_a_control_character_in_a_table_cell_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "units.csv"
    table.write_text('id,name,kind,category\nroot,"x\x1b]0;pwned\x07",government,leadership\n'
                     'a,"two\r\nlines",office,other\n', encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        import_table(table)
    assert [(p.where.line, p.where.col, p.code) for p in err.value.problems
            if p.code == "control-character"] == [(2, 2, "control-character")]


def test_validate_strict_refuses_a_vertical_tab(write: Callable[[str, str], Path]) -> None:
    path = write("m.yaml", MINI.replace("name: 党政综合办公室", 'name: "党政综合\\v办公室"'))
    result = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 1
    assert f"{path}:15:11: control-character: " in result.output
    assert "\v" not in result.output and "Traceback" not in result.output


# An alias is located at the *alias that uses it, not at the &anchor


def test_an_alias_is_located_at_the_alias() -> None:
    text = "a: &x [1, 2]\nb:\n  - *x\n  - c: *x\n"
    with pytest.raises(orgchart.ModelError) as err:
        parse_yaml(text, "x.yaml")
    assert [str(p.where) for p in err.value.problems] == ["x.yaml:3:5", "x.yaml:4:8"]
    assert all("*x" in p.message and "anchors and aliases" in p.message
               for p in err.value.problems)


# B5: the work is bounded, not only the bytes: entries in a list, values in a file,
# problems printed


@pytest.mark.parametrize("scan", [True, False])
def test_a_list_over_the_cap_is_refused_at_the_list(monkeypatch: pytest.MonkeyPatch,
                                                    scan: bool) -> None:
    from orgchart.read import yamlsource

    monkeypatch.setattr(yamlsource, "MAX_ITEMS", 5)
    monkeypatch.setattr(yamlsource, "_SCAN_ABOVE", 0 if scan else 1 << 30)
    ok, _ = parse_yaml("a: 1\nunits:\n" + "- {}\n" * 5 + "map: {a: 1, b: 2, c: 3, d: 4, e: 5}\n",
                       "x.yaml")
    assert len(ok["units"]) == 5
    for text, where in [("a: 1\nunits:\n" + "- {}\n" * 6, "x.yaml:3:1"),
                        ("a: 1\nm: {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6}\n", "x.yaml:2:4")]:
        with pytest.raises(orgchart.ModelError) as err:
            parse_yaml(text, "x.yaml")
        assert [(str(p.where), p.code) for p in err.value.problems] == [(where, "too-large")]
        assert "at most 5 units" in str(err.value) and "members:" in str(err.value)
        assert ("in one list" in str(err.value)) == text.endswith("- {}\n")


def test_a_file_with_too_many_values_is_refused_before_it_is_built(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.read import yamlsource

    monkeypatch.setattr(yamlsource, "MAX_NODES", 100)
    monkeypatch.setattr(yamlsource, "_SCAN_ABOVE", 0)
    monkeypatch.setattr(yamlsource.yaml, "compose", None)  # refused before composing
    text = "a: 1\nrows:\n" + "- [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" * 11
    with pytest.raises(orgchart.ModelError, match=r"x\.yaml:12:\d+: too-large: more than 100 "):
        parse_yaml(text, "x.yaml")


def test_15_mb_of_empty_units_are_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"  # 15 MB, 3 million entries
    path.write_text("structure: s\nname: x\nunits:\n" + "- {}\n" * 3_000_000, encoding="utf-8")
    start = time.perf_counter()
    result = _run_bounded(["validate", str(path)], seconds=30)
    assert time.perf_counter() - start < 20
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{path}:4:1: too-large: more than 50,000 entries in one list; a file holds at most "
        "50,000 units (or entries of any list): split it into files joined with 'members:'"]


def test_problems_printed_are_capped_with_a_count(write: Callable[[str, str], Path]) -> None:
    path = write("m.yaml", "structure: s\nname: x\nunits:\n" + "- {}\n" * 300)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 201
    assert lines[0].startswith(f"{path}:4:3: missing-key: ")
    assert lines[-1] == "... and 1,000 more problems"
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(path)
    assert len(err.value.problems) == 1200 and len(str(err.value).splitlines()) == 201


@pytest.mark.parametrize("option", ["--id", "--name"])
def test_import_refuses_a_control_character_in_its_options(tmp_path: Path, option: str) -> None:
    table = tmp_path / "units.csv"
    table.write_text("id,name,kind,category\nroot,x,government,leadership\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(table), "-o", str(tmp_path / "o.yaml"),
                                      option, "a\x1b]0;x\x07"])
    assert result.exit_code == 1
    assert f"{option} 'a\\x1b]0;x\\x07': unprintable character U+001B" in result.output
    assert "\x1b" not in result.output and not (tmp_path / "o.yaml").exists()


def test_a_file_over_the_cap_is_refused_unread(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.read import inputs

    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 5000)
    monkeypatch.setattr(os, "fdopen", None)  # the size alone refuses it
    with pytest.raises(orgchart.ModelError, match=r"big\.yaml:1:1: file: file is 5,000 bytes, "
                       r"over the 1,000 byte limit for one table; split"):
        inputs.read_input(path, what="table", limit=1000)


def test_a_file_that_grows_is_read_only_to_the_cap(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.read import inputs

    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 5000)
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:  # the file grows after it was measured
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    monkeypatch.setattr(os, "fstat", small)
    with pytest.raises(orgchart.ModelError, match=r"big\.yaml:1:1: file: file is over the "
                       r"1,000 byte limit for one model file"):
        inputs.read_input(path, limit=1000)
