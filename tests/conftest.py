"""Shared fixtures: paths to test data, a CLI runner, and a file writer."""

from __future__ import annotations

import os
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


def codes(problems: list[object]) -> list[str]:
    return [p.code for p in problems]  # type: ignore[attr-defined]


os.environ.setdefault("PYTHONHASHSEED", "0")
