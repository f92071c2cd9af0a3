"""Find model files and validate many at once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import Location, ModelError, Problem, sort_problems
from .modelfile import located, read_model

__all__ = ["FileReport", "find_models", "models_folder", "validate_files",
           "validate_paths"]

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


@dataclass(frozen=True)
class FileReport:
    """What checking one file (or one folder named on the command line) found.

    A plan's findings may lie in other files (its target, the structure before): each is
    reported as the plan's, so that plans sharing a target are told apart.
    """

    path: Path
    problems: list[Problem]

    def failed(self, strict: bool = False) -> bool:
        """Tell whether a finding fails this file (with ``strict``, warnings too)."""
        return any(p.is_error or strict for p in self.problems)

    def lines(self) -> list[str]:
        """Return one line per finding; one in another file starts with this file's path."""
        return [located(self.path, p) for p in self.problems]


def validate_files(paths: Iterable[str | os.PathLike[str]], strict: bool = False
                   ) -> tuple[int, list[FileReport]]:
    """Load and check files (folders are searched for model files), each on its own;
    ``strict``: compare plans' translation fields (``name_en``) with their targets too.

    Returns:
        The number of files read, and a report per file (and per folder that held none)
        in the order read; each report's problems are sorted and without duplicates, but
        a finding two plans share is in both reports.
    """
    files: list[Path] = []
    reports: list[FileReport] = []
    for p in paths:
        path = Path(p)
        if os.path.isdir(path):
            try:
                files.extend(models_folder(path))
            except ModelError as err:
                reports.append(FileReport(path, err.problems))
        else:
            files.append(path)
    for path in files:
        try:
            model = read_model(path)
            problems = model.strict_problems() if strict else model.problems
        except ModelError as err:
            problems = err.problems
        reports.append(FileReport(path, sort_problems(problems)))
    return len(files), reports


def validate_paths(paths: Iterable[str | os.PathLike[str]], strict: bool = False
                   ) -> tuple[int, list[Problem]]:
    """Load and check files (folders are searched for model files); ``strict`` as for
    :func:`validate_files`.

    Returns:
        The number of files read, and every problem found in them: file by file in the
        order read, each file's sorted (:func:`validate_files` tells which file each
        came from).
    """
    count, reports = validate_files(paths, strict)
    return count, [p for r in reports for p in r.problems]
