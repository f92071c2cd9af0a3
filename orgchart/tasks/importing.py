"""Import a staffing office's unit table (.csv or .xlsx): read it, then check it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ModelError, Problem, errors_in
from ..model.structure import Structure
from ..read.tables import table_structure
from ..rules.checks import check

__all__ = ["Imported", "import_table", "import_to_file", "table_to_structure"]


def import_table(path: str | os.PathLike[str], structure_id: str | None = None,
                 name: str | None = None, relations: str | os.PathLike[str] | None = None
                 ) -> tuple[Structure, list[Problem]]:
    """Read a unit table into a structure and return it with the checks' warnings.

    The table's format is :func:`orgchart.read.tables.table_structure`'s.

    Raises:
        ModelError: a bad cell, or a structure that fails its checks; every problem is
            located at the table's row and column.
        OrgChartError: ``structure_id`` is not a valid id.
    """
    structure, problems = table_structure(path, structure_id, name, relations)
    found = check(structure)
    errors = [*problems, *errors_in(found)]
    if errors:
        raise ModelError(errors)
    return structure, found


def table_to_structure(path: str | os.PathLike[str], structure_id: str | None = None,
                       name: str | None = None,
                       relations: str | os.PathLike[str] | None = None) -> Structure:
    """Read and check a unit table (see :func:`import_table`, which also returns the
    checks' warnings)."""
    return import_table(path, structure_id, name, relations)[0]


@dataclass(frozen=True)
class Imported:
    """A unit table read into a model file: the structure, the checks' warnings."""

    structure: Structure
    warnings: list[Problem]

    @property
    def summary(self) -> str:
        """What the model holds: units, outside bodies and links."""
        links = sum(len(u.links) for u in self.structure)
        return (f"{len(self.structure)} units, {len(self.structure.outside)} outside bodies, "
                f"{links} links")


def import_to_file(path: str | os.PathLike[str], output: str | os.PathLike[str],
                   structure_id: str | None = None, name: str | None = None,
                   relations: str | os.PathLike[str] | None = None) -> Imported:
    """Read a unit table (see :func:`import_table`) and write it as the model file
    ``output`` (canonical YAML); nothing is written on error.

    Raises:
        ModelError, OrgChartError: as :func:`import_table`.
        RenderError: ``output`` cannot be written.
    """
    from .export import export_to_files

    structure, warnings = import_table(path, structure_id, name, relations)
    export_to_files(structure, "yaml", Path(output))
    return Imported(structure, warnings)
