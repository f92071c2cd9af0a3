"""Find model files and validate many at once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..base.errors import Location, ModelError, Problem, sort_problems
from .modelfile import read_model

__all__ = ["find_models", "models_folder", "validate_paths"]

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


def models_folder(root: str | os.PathLike[str]) -> list[Path]:
    """Return the model files under ``root``, which must be a folder holding some.

    Raises:
        ModelError: ``root`` is missing, is a file, or holds no model files.
    """
    base = Path(root)
    if not os.path.exists(base):  # os.path: False, not OSError, on a name too long
        why = "no such folder; check the path (e.g. 'orgchart build models')"
    elif not os.path.isdir(base):
        why = (f"is a file, not a folder of models; name its folder, or draw it alone with "
               f"'orgchart render {base}'")
    else:
        models = find_models(base)
        if models:
            return models
        why = "no .yaml model files in this folder; name the folder that holds the models"
    raise ModelError([Problem(Location(str(base)), "file", why)])


def validate_paths(paths: Iterable[str | os.PathLike[str]], strict: bool = False
                   ) -> tuple[int, list[Problem]]:
    """Load and check files (folders are searched for model files); ``strict``: compare
    plans' translation fields (``name_en``) with their targets too.

    Returns:
        The number of files read, and every problem found in them, sorted.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if os.path.isdir(path):
            try:
                files.extend(models_folder(path))
            except ModelError as err:
                problems.extend(err.problems)
        else:
            files.append(path)
    for path in files:
        try:
            model = read_model(path)
            problems.extend(model.strict_problems() if strict else model.problems)
        except ModelError as err:
            problems.extend(err.problems)
    return len(files), sort_problems(problems)
