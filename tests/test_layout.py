"""The package's layout: the pipeline shows in the folders, imports go one way."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "orgchart"
STAGES = ("base", "schema", "model", "read", "engine", "rules", "charts", "exports", "views",
          "write", "tasks")


def _private_imports() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "")
                                                     .startswith("orgchart")):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {alias.name}")
    return found


def test_no_private_name_is_imported_from_another_module() -> None:
    assert _private_imports() == []


def test_every_module_lives_in_a_stage_folder() -> None:
    top = sorted(p.name for p in PACKAGE.iterdir() if p.suffix == ".py")
    assert top == ["__init__.py", "__main__.py", "cli.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(STAGES)
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
        assert ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(
            encoding="utf-8"))), f"{stage}/__init__.py says what the stage does"


def test_modules_stay_small() -> None:
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert big == {}, "split modules of over 600 lines by job"


def test_the_command_line_starts_without_the_model() -> None:
    import subprocess
    import sys

    code = ("import sys, orgchart.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('orgchart.', 'pydantic', "
            "'networkx', 'yaml'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = eval(out)  # a printed list of module names
    assert loaded == ["orgchart.base", "orgchart.base.errors", "orgchart.cli"], loaded
