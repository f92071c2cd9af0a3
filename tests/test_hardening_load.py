"""Hardening of reading input: file kinds and sizes, YAML 1.1 scalars, control characters,
list and problem caps, and where YAML errors are located (issue 15: B4, B5, B11, B23)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
