"""Find model files and validate many at once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .check import check
from .errors import Location, ModelError, Problem, sort_problems
from .loader import load
from .model import Catalogue, Structure

__all__ = ["find_models", "validate_paths"]

MODEL_SUFFIXES = (".yaml", ".yml")


def find_models(root: str | os.PathLike[str]) -> list[Path]:
    """Return the model files under ``root``, sorted, without following symlinked folders."""
    base = Path(root)
    found: list[Path] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / f for f in sorted(files)
                     if f.endswith(MODEL_SUFFIXES) and not f.startswith("."))
    return sorted(found)


def validate_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[int, list[Problem]]:
    """Load and check files (folders are searched for model files).

    Returns:
        The number of files read, and every problem found in them, sorted.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            models = find_models(path)
            if not models:
                problems.append(Problem(Location(str(path)), "file",
                                        "no .yaml model files in this folder"))
            files.extend(models)
        else:
            files.append(path)
    for path in files:
        try:
            model = load(path)
        except ModelError as err:
            problems.extend(err.problems)
            continue
        if isinstance(model, Structure):
            problems.extend(check(model))
        elif not isinstance(model, Catalogue):  # a reorganisation plan
            from .accounting import account

            problems.extend(account(model).problems)
    return len(files), sort_problems(problems)
