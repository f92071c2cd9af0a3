"""Write a staffing office's report of a model file: ``orgchart report PATH --kind KIND``.

:data:`KINDS` names each kind's content function (in :mod:`orgchart.views.reports`), the
model it takes and the formats it can be written in; the suffix of ``-o`` picks the format.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..base.errors import ModelError, OrgChartError, RenderError, errors_in
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..read.loader import load
from ..rules.checks import check
from ..views.reports.reform import CHART, reform_document
from ..views.reports.sanding import sanding_document

__all__ = ["KINDS", "ReportKind", "UnknownKindError", "report_file"]


class UnknownKindError(OrgChartError):
    """``--kind`` names no report (a usage error)."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: what builds its content, from which model, in which formats."""

    content: Callable[[Any], Any]
    #: ``structure`` (a structure, or a county with its members) or ``plan``
    takes: str
    formats: tuple[str, ...]


#: kind -> how to make it
KINDS: Final[dict[str, ReportKind]] = {
    "sanding": ReportKind(sanding_document, "structure", ("docx",)),
    "reform": ReportKind(reform_document, "plan", ("docx",)),
}


def report_file(path: str | os.PathLike[str], kind: str,
                output: str | os.PathLike[str]) -> Path:
    """Write the report ``kind`` of the model file ``path`` into ``output``; return it.

    Raises:
        UnknownKindError: ``kind`` is not one of :data:`KINDS`.
        RenderError: the suffix of ``output`` is not a format of the kind, ``output`` is
            the model itself, the model is of the wrong sort, a plan's accounting fails,
            or the file cannot be written.
        ModelError: the model cannot be read or has errors.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise UnknownKindError(f"unknown report kind {kind!r}; choose one of: "
                               + ", ".join(KINDS))
    target = Path(output)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in spec.formats:
        fixed = target.with_suffix("." + spec.formats[0])
        raise RenderError(f"{output}: --kind {kind} is written as "
                          + ", ".join(spec.formats) + f"; name the file {fixed}")
    # os.path.realpath, not Path.resolve: that raises on a symlink loop
    if os.path.realpath(output) == os.path.realpath(path):
        raise RenderError(f"-o {output} is the model file itself; write to another file")
    model = load(path)
    if spec.takes == "plan":
        data, pictures = _plan_report(path, model, spec)
    else:
        data, pictures = _structure_report(path, model, spec, kind), {}
    from ..write.docx import docx_bytes
    from ..write.files import write_atomic

    write_atomic(target, docx_bytes(data, pictures))
    return target


def _structure_report(path: str | os.PathLike[str], model: object, spec: ReportKind,
                      kind: str) -> Any:
    if isinstance(model, Reorganisation):
        raise RenderError(f"{path} is a reorganisation plan; --kind {kind} takes a structure "
                          "(the plan's 'to:' file), or write --kind reform")
    if not isinstance(model, Structure):
        raise RenderError(f"{path} is a function catalogue; --kind {kind} takes a structure")
    errors = errors_in(check(model))
    if errors:
        raise ModelError(errors)
    return spec.content(model)


def _plan_report(path: str | os.PathLike[str], model: object, spec: ReportKind
                 ) -> tuple[Any, dict[str, bytes]]:
    if not isinstance(model, Reorganisation):
        raise RenderError(f"{path} is not a reorganisation plan; --kind reform takes a plan "
                          "(a file with 'reorganisation:')")
    from ..charts.reorg import reorg_to_dot
    from ..rules.accounting import account
    from ..write.draw import draw

    acc = account(model)
    errors = errors_in(acc.problems)
    if errors:
        raise RenderError(f"the accounting of {path} fails: {len(errors)} error(s); see "
                          f"orgchart reorg --check {path}")
    return spec.content(acc), {CHART: draw(reorg_to_dot(acc), "png")}
