"""Import a staffing office's unit table (.csv or .xlsx): read it, then check it."""

from __future__ import annotations

import os

from ..base.errors import ModelError, Problem, errors_in
from ..model.structure import Structure
from ..read.tables import table_structure
from ..rules.checks import check

__all__ = ["import_table", "table_to_structure"]


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
