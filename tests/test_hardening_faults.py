"""Faults around a build: signals, killed parents, concurrent builds, files it does not own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MINI = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")

#: Run the CLI as if the machine had two cores, so that a build of 16 models or more uses
#: the process pool whatever machine the tests run on.
_TWO_CORES = ("import os, sys; os.cpu_count = lambda: 2; sys.argv[0] = 'orgchart'; "
              "from orgchart.cli import main; main()")

posix_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _models(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"t{i:03d}.yaml").write_text(MINI.replace("structure: mini", f"structure: t{i}"),
                                               encoding="utf-8")
    return folder


def _cli(log: Path, *args: str, pool: bool = True) -> subprocess.Popen[bytes]:
    """Start the CLI with stderr in ``log`` (a pipe would be held open by orphaned workers)."""
    code = _TWO_CORES if pool else "from orgchart.cli import main; main()"
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL,
                                stderr=err)


def _stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of a live process, None when it is gone or a zombie."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    if fields[0] in "ZX":
        return None
    return fields[0], int(fields[1]), fields[19]


def _children(pid: int) -> dict[int, str]:
    """The live children of ``pid``, with their start times (to tell a reused pid apart)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[1] == pid:
                found[int(entry.name)] = stat[2]
    return found


def _alive(children: dict[int, str]) -> list[int]:
    return [pid for pid, start in children.items() if (s := _stat(pid)) and s[2] == start]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@posix_only
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_pool_workers_die_with_the_build(tmp_path: Path, sig: signal.Signals) -> None:
    models = _models(tmp_path / "models", 200)
    out = tmp_path / "out"
    log = tmp_path / "stderr"
    proc = _cli(log, "build", str(models), "-o", str(out), "-f", "svg")
    children: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 20
        while len(children) < 2 and time.monotonic() < deadline and proc.poll() is None:
            children.update(_children(proc.pid))
            time.sleep(0.02)
        assert len(children) >= 2, "the build did not start its process pool"
        time.sleep(0.3)  # the workers are drawing
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _alive(children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(children) == [], "pool workers outlived the build"
        before = _files(out)
        time.sleep(0.5)
        assert _files(out) == before, "files appeared after the build was stopped"
    finally:
        for pid in _alive(children):  # only what this test started, should it fail
            os.kill(pid, signal.SIGKILL)
    if sig == signal.SIGTERM:
        err = log.read_text(encoding="utf-8")
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == "orgchart: stopped (SIGTERM)", err


@posix_only
@pytest.mark.parametrize("pool", [False, True])
def test_ctrl_c_exits_130_with_one_line(tmp_path: Path, pool: bool) -> None:
    models = _models(tmp_path / "models", 200)
    out = tmp_path / "out"
    log = tmp_path / "stderr"
    proc = _cli(log, "build", str(models), "-o", str(out), "-f", "svg", pool=pool)
    deadline = time.monotonic() + 20
    while not list(out.glob("*.svg")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "Aborted" not in text, text
    assert text.strip().splitlines()[-1] == "orgchart: interrupted", text
    assert not list(out.rglob(".orgchart-tmp-*"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_into_one_folder_both_succeed(tmp_path: Path) -> None:
    models = _models(tmp_path / "models", 10)
    expected = tmp_path / "expected"
    args = ["-m", "orgchart", "build", str(models), "-f", "dot", "-f", "svg", "-o"]
    assert subprocess.run([sys.executable, *args, str(expected)], capture_output=True,
                          check=False).returncode == 0
    for round_ in range(5):
        out = tmp_path / f"out{round_}"
        procs = [subprocess.Popen([sys.executable, *args, str(out)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
        assert _snapshot(out) == _snapshot(expected)


@posix_only
def test_a_locked_output_folder_is_waited_for_then_refused(tmp_path: Path) -> None:
    import fcntl

    import orgchart
    from orgchart.tasks import build as building

    models = _models(tmp_path / "models", 1)
    out = tmp_path / "out"
    out.mkdir()
    waited = []
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as another build does while it writes
        start = time.monotonic()
        with pytest.raises(orgchart.RenderError,
                           match=rf"^{out}: another orgchart build is writing into this folder"):
            building.build(models, out, ["dot"], lock_timeout=0.3,
                           waiting=lambda: waited.append(1))
        assert 0.3 <= time.monotonic() - start < 5
        assert waited == [1] and list(out.iterdir()) == []
    finally:
        os.close(fd)
    assert building.build(models, out, ["dot"]).failures == []


def _build_cli(models: Path, out: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    fmts = [a for f in formats or ("svg",) for a in ("-f", f)]
    return subprocess.run([sys.executable, "-m", "orgchart", "build", str(models), "-o", str(out),
                           *fmts], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("where", ["docs", "project"])
def test_build_never_replaces_a_readme_it_did_not_write(tmp_path: Path, where: str) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    project = tmp_path / "project"
    models = _models(project / "models", 2)
    out = project / "docs" if where == "docs" else project  # -o docs, or -o . in the project
    out.mkdir(exist_ok=True)
    readme = out / "README.md"
    readme.write_text("# My project\n\nHand-written.\n", encoding="utf-8")
    before = _snapshot(project)
    result = CliRunner().invoke(cli, ["build", str(models), "-o", str(out), "-f", "svg"])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"Error: {readme}: refusing to replace it: orgchart did not write it (no 'written by "
        "orgchart build' line at its top); move it away, or build into another folder")
    assert _snapshot(project) == before  # nothing drawn, nothing replaced


def test_build_never_replaces_a_diagram_it_did_not_write(tmp_path: Path) -> None:
    models = _models(tmp_path / "models", 2)
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "t001.svg"
    mine.write_text("<svg>my own drawing</svg>", encoding="utf-8")
    result = _build_cli(models, out)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"failed: {models / 't001.yaml'}: {mine}: refusing to replace it: orgchart did not "
        f"write it (it is not listed in {out / '.orgchart-build'}); move it away, or build "
        "into another folder")
    assert mine.read_text(encoding="utf-8") == "<svg>my own drawing</svg>"
    assert (out / "t000.svg").is_file()


def test_build_replaces_what_it_wrote_even_after_a_kill(tmp_path: Path) -> None:
    models = _models(tmp_path / "models", 2)
    out = tmp_path / "out"
    assert _build_cli(models, out, "svg").returncode == 0
    assert _build_cli(models, out, "dot").returncode == 0
    assert _build_cli(models, out, "svg", "dot").returncode == 0  # the SVGs stayed its own
    first = _snapshot(out)
    assert (out / "README.md").read_text(encoding="utf-8").startswith(
        "<!-- written by orgchart build;")
    manifest = (out / ".orgchart-build").read_text(encoding="utf-8").splitlines()
    assert [line for line in manifest if not line.startswith("#")] == [
        "README.md", "t000.dot", "t000.svg", "t001.dot", "t001.svg"]
    (out / "t000.svg").unlink()  # a file the user removed is forgotten
    (out / ".orgchart-build").unlink()  # the index page still says it is orgchart's
    assert _build_cli(models, out, "svg", "dot").returncode == 1  # the diagrams are not
    assert not (out / "t000.svg").exists()  # t000.dot is not its own: t000 is not drawn
    (out / "t001.svg").unlink()
    (out / "t001.dot").unlink()
    (out / "t000.dot").unlink()
    result = _build_cli(models, out, "svg", "dot")
    assert result.returncode == 0, result.stderr
    assert _snapshot(out) == first


@pytest.mark.parametrize(("args", "written"), [
    (["render", "tests/data/minimal.yaml", "-o", "{new}/"], "minimal.svg"),
    (["render", "tests/data/minimal.yaml", "-f", "dot", "-o", "{new}/"], "minimal.dot"),
    (["reorg", "tests/data/reorg/plan.yaml", "-o", "{new}/"], "plan.svg"),
])
def test_output_ending_in_a_slash_is_a_folder(tmp_path: Path, args: list[str],
                                              written: str) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    new = tmp_path / "newdir"
    result = CliRunner().invoke(cli, [a.format(new=new) for a in args])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newdir"]
    assert sorted(p.name for p in new.iterdir()) == [written]
    assert f"wrote {new / written}" in result.stdout


@pytest.mark.parametrize("args", [
    ["export", "tests/data/minimal.yaml", "--to", "json", "-o", "{new}/"],
    ["export", "tests/data/minimal.yaml", "--to", "csv", "-o", "{new}/"],
    ["import", "{csv}", "-o", "{new}/"],
])
def test_export_to_a_name_ending_in_a_slash_is_refused(tmp_path: Path, args: list[str]) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    csv = tmp_path / "t.csv"
    csv.write_text("id,name,kind,category\ngov,镇政府,government,leadership\n", encoding="utf-8")
    new = tmp_path / "newdir"
    result = CliRunner().invoke(cli, [a.format(new=new, csv=csv) for a in args])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': {new}/ ends in a slash, so it names a "
        "folder; name the file to write (in that folder, if you like)"), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.parametrize(("env", "expected"), [(None, [300, 200, 60, 40]),
                                               ("1234", [1234] * 4), ("large", [10_000] * 4)])
def test_the_fuzz_budget_follows_orgchart_fuzz(env: str | None, expected: list[int]) -> None:
    code = ("import sys; sys.path.insert(0, 'tests'); import test_fuzz as t; print([f."
            "_hypothesis_internal_use_settings.max_examples for f in (t.test_mutated_files_fail"
            "_cleanly, t.test_random_bytes_fail_cleanly, t.test_every_exporter_takes_any_valid_"
            "structure, t.test_every_plan_exporter_takes_random_plans)])")
    environ = {k: v for k, v in os.environ.items() if k != "ORGCHART_FUZZ"}
    if env is not None:
        environ["ORGCHART_FUZZ"] = env
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=environ, check=True)
    assert result.stdout.strip() == str(expected)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_ctrl_c_while_the_command_line_is_still_importing_is_one_line() -> None:
    # Ctrl-C arrives exactly while the command line imports click (not after a guessed
    # delay, which a loaded machine turns into a different moment)
    code = ("import builtins, os, signal\n"
            "from orgchart.__main__ import run\n"
            "real = builtins.__import__\n"
            "def imp(name, *a, **k):\n"
            "    if name == 'click':\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = imp\n"
            "run()\n")
    proc = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True,
                          timeout=60)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert proc.returncode == 130 and b"orgchart: interrupted" in proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_under_standard_output_is_one_line() -> None:
    """`orgchart export ... > file` on a full disk: one line and exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "orgchart", "export",
                               "tests/data/minimal.yaml", "--to", "yaml"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("Error: cannot write the output: No space left on device; make "
                           "room, or write it elsewhere\n")
