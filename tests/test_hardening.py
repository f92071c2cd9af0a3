"""Hostile input and interrupted runs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.read.yamlsource import parse_yaml
from orgchart.write.fonts import find_cjk_fonts

MINI = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(orgchart.ModelError, match=r"x\.yaml:1:\d+: yaml: invalid YAML"):
        parse_yaml('name: "\\ud800"\n', "x.yaml")


def test_deep_nesting_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(orgchart.ModelError, match="nesting"):
        parse_yaml("a: " + "[" * 200_000, "x.yaml")
    assert time.perf_counter() - start < 5


def test_index_page_escapes_markup(tmp_path: Path, runner: CliRunner) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.yaml").write_text(MINI.replace("name: 小镇\n",
                                                "name: '<img src=x onerror=alert(1)> [a](b)'\n"),
                                   encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(models), "-o", str(out), "-f", "svg"]).exit_code == 0
    index = (out / "README.md").read_text(encoding="utf-8")
    assert "<img" not in index and "&lt;img src=x onerror=alert\\(1\\)&gt; \\[a\\]\\(b\\)" in index


def test_build_refuses_a_symlink_out_of_the_output_dir(tmp_path: Path,
                                                       runner: CliRunner) -> None:
    models = tmp_path / "models" / "sub"
    models.mkdir(parents=True)
    (models / "m.yaml").write_text(MINI, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(cli, ["build", str(tmp_path / "models"), "-o", str(out), "-f", "svg"])
    assert result.exit_code == 1 and "leads outside" in result.output
    assert list(elsewhere.iterdir()) == []


def test_build_survives_a_symlink_loop_in_models(tmp_path: Path, runner: CliRunner) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.yaml").write_text(MINI, encoding="utf-8")
    (models / "loop").symlink_to(models, target_is_directory=True)
    result = runner.invoke(cli, ["build", str(models), "-o", str(tmp_path / "out"), "-f", "dot"])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".orgchart-build", "README.md",
                                                                     "m.dot"]


def _build(models: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "orgchart", "build", str(models), "-o",
                             str(out), "-f", "svg", "-f", "dot", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".orgchart-tmp-")}


def test_killed_build_leaves_old_or_new_files(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for i in range(12):
        (models / f"town{i:02d}.yaml").write_text(MINI.replace("structure: mini",
                                                               f"structure: t{i}"),
                                                  encoding="utf-8")
    old_dir, new_dir, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    assert _build(models, old_dir, "--lang", "en").wait() == 0
    assert _build(models, new_dir).wait() == 0
    old, new = _snapshot(old_dir), _snapshot(new_dir)
    assert old.keys() == new.keys() and old != new
    assert _build(models, out, "--lang", "en").wait() == 0
    rng = random.Random(7)
    for _ in range(6):
        proc = _build(models, out)
        time.sleep(rng.uniform(0.2, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in _snapshot(out).items():
            assert data in (old[name], new[name]), f"{name} is neither the old nor the new file"
    assert _build(models, out).wait() == 0  # the next build completes and tidies up
    assert _snapshot(out) == new
    assert not [p for p in out.rglob(".orgchart-tmp-*")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_ctrl_c_gives_no_traceback(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for i in range(30):
        (models / f"t{i}.yaml").write_text(MINI, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "orgchart", "build", str(models), "-o",
                             str(tmp_path / "out"), "-f", "svg"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20  # Ctrl-C while Python imports orgchart is not ours
    while not list((tmp_path / "out").glob("*.svg")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err


@pytest.mark.parametrize("check", [False, True])
@pytest.mark.parametrize("case", ["missing", "empty", "file"])
def test_build_needs_a_folder_of_models(tmp_path: Path, runner: CliRunner, case: str,
                                        check: bool) -> None:
    models = tmp_path / "models"
    if case == "empty":
        models.mkdir()
        (models / "notes.txt").write_text("no models here", encoding="utf-8")
    elif case == "file":
        models.write_text(MINI, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(models), "-o", str(out), *(["--check"] if check else [])]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {models}:"), result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert not out.exists()
    with pytest.raises(orgchart.ModelError, match=str(models)):
        orgchart.build(models, out)


@pytest.mark.parametrize("args", [
    ["render", "{m}", "-o", "{file}/x.svg"],
    ["export", "{m}", "--to", "json", "-o", "{dir}"],
    ["export", "{m}", "--to", "json", "-o", "{file}/x.json"],
    ["export", "{m}", "--to", "csv", "-o", "{file}/x.csv"],
    ["import", "{csv}", "-o", "{dir}"],
    ["import", "{csv}", "-o", "{file}/x.yaml"],
    ["reorg", "tests/data/reorg/plan.yaml", "-o", "{file}/x.svg"],
    ["build", "{models}", "-o", "{file}"],
    ["build", "{models}", "-o", "{file}/out"],
])
def test_unwritable_output_is_one_line_and_no_traceback(tmp_path: Path, runner: CliRunner,
                                                        args: list[str]) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / "t.csv").write_text("id,name,kind,category\ngov,镇政府,government,leadership\n",
                                    encoding="utf-8")
    names = {"m": str(models / "m.yaml"), "models": str(models), "dir": str(tmp_path / "dir"),
             "file": str(tmp_path / "file"), "csv": str(tmp_path / "t.csv")}
    result = runner.invoke(cli, [a.format(**names) for a in args])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, OSError), result.exception
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: " + str(tmp_path)), result.stderr
    assert (tmp_path / "file").read_text(encoding="utf-8") == "a file, not a folder"
    assert list((tmp_path / "dir").iterdir()) == []
    assert not list(tmp_path.glob("**/.orgchart-tmp-*"))


def test_write_errors_become_render_errors(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.write.files import write_atomic

    def denied(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(orgchart.RenderError, match=r"x\.svg: cannot write: Permission denied"):
        write_atomic(tmp_path / "x.svg", b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_set_of_files_is_written_whole_or_not_at_all(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    files = importlib.import_module("orgchart.write.files")
    old = tmp_path / "a.csv"
    old.write_bytes(b"old")
    real = files._stage  # where each file is written before all are renamed into place

    def fail_on_b(path: Path, data: bytes) -> str:
        if Path(path).name == "b.csv":
            raise orgchart.RenderError("b.csv: cannot write: disk full")
        return str(real(path, data))

    monkeypatch.setattr(files, "_stage", fail_on_b)
    with pytest.raises(orgchart.RenderError, match="disk full"):
        files.write_all_atomic({old: b"new", tmp_path / "b.csv": b"b", tmp_path / "c.csv": b"c"})
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_build_refuses_to_draw_into_the_models_folder(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "m.yaml").write_text(MINI, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "the output folder is the models folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_export_refuses_to_write_over_its_own_model(tmp_path: Path, runner: CliRunner) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(MINI, encoding="utf-8")
    result = runner.invoke(cli, ["export", str(model), "--to", "yaml", "-o", str(model)])
    assert result.exit_code == 2 and "is the model being exported" in result.output
    assert model.read_text(encoding="utf-8") == MINI


def test_reorg_check_draws_nothing(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "x.svg"
    result = runner.invoke(cli, ["reorg", "tests/data/reorg/plan.yaml", "--check", "-o",
                                 str(out)])
    assert result.exit_code == 2 and "--check only checks" in result.output
    assert not out.exists()


@pytest.mark.cjk
@pytest.mark.skipif(not find_cjk_fonts(), reason="no CJK font installed")
def test_a_default_build_is_up_to_date_for_build_check(tmp_path: Path,
                                                       runner: CliRunner) -> None:
    """`build` then `build --check` with the same arguments passes: --check compares DOT
    files, so a default build writes them (it wrote svg, png and html only, and every model
    was then 'stale')."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.yaml").write_text(MINI, encoding="utf-8")
    out = tmp_path / "out"
    built = runner.invoke(cli, ["build", str(models), "-o", str(out)])
    assert built.exit_code == 0, built.output
    checked = runner.invoke(cli, ["build", str(models), "-o", str(out), "--check"])
    assert checked.exit_code == 0, checked.output
    assert checked.output == f"ok: {out} is up to date\n"
