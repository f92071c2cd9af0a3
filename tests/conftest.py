"""Shared fixtures: paths to test data, a CLI runner, and a file writer."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("tests/data")


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from the repository root, so relative paths in messages are stable."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file under tmp_path and return its path relative to the repo root if possible."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare a text with the golden file tests/golden/NAME; ``ORGCHART_ACCEPT=1`` rewrites
    the file instead (then review the diff)."""
    def check(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if os.environ.get("ORGCHART_ACCEPT"):
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"{name} missing; rerun with ORGCHART_ACCEPT=1 and review the diff"
        assert actual == path.read_text(encoding="utf-8"), f"{name} changed; review, then accept"

    return check


def codes(problems: list[object]) -> list[str]:
    return [p.code for p in problems]  # type: ignore[attr-defined]


os.environ.setdefault("PYTHONHASHSEED", "0")
# one cache of parsed files for the whole run (and the CLI processes it starts), not the
# user's own: files the tests parse again come from it, so it is used as users use it
_CACHE_HOME = tempfile.mkdtemp(prefix="orgchart-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
os.environ.pop("ORGCHART_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)
