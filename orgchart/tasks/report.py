"""Write a staffing office's report of a model file: ``orgchart report PATH --kind KIND``.

:data:`KINDS` names each kind's content function (in :mod:`orgchart.views.reports`), the
model it takes and the formats it can be written in; the suffix of ``-o`` picks the format.
Tables (核定表, 编制使用情况表, 问题清单, 公示表) are written as xlsx, csv or html; documents
(三定 skeleton, reform report) as docx; a history's 沿革表 (``yange``) as xlsx, csv or html.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..base.errors import ModelError, OrgChartError, RenderError, errors_in
from ..model.history import Assume, History
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..rules.checks import check
from ..rules.history import check_history
from ..views.reports import notice, problems, roster, usage
from ..views.reports.reform import CHART, reform_document
from ..views.reports.sanding import sanding_document
from ..views.reports.table import Table
from ..views.reports.yange import yange
from ..write.files import write_atomic
from ..write.tabletext import tables_to_csv, tables_to_html
from ..write.xlsx import tables_to_xlsx
from .history import model_at

__all__ = ["KINDS", "REPORT_FORMATS", "ReportKind", "UnknownKindError", "report_bytes",
           "report_file"]


class UnknownKindError(OrgChartError):
    """``--kind`` names no report (a usage error)."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: what builds its content, from which model, in which formats."""

    content: Callable[[Any], Any]
    #: ``tables`` (a structure, a county with its members, or a plan: before and after),
    #: ``structure`` (a structure or county only), ``plan`` (a plan's accounting) or
    #: ``history`` (a history file: tables over time)
    takes: str
    formats: tuple[str, ...]


_TABLES = ("xlsx", "csv", "html")

#: kind -> how to make it
KINDS: Final[dict[str, ReportKind]] = {
    "roster": ReportKind(roster, "tables", _TABLES),
    "usage": ReportKind(usage, "tables", _TABLES),
    "problems": ReportKind(problems, "tables", _TABLES),
    "notice": ReportKind(notice, "tables", _TABLES),
    "sanding": ReportKind(sanding_document, "structure", ("docx",)),
    "reform": ReportKind(reform_document, "plan", ("docx",)),
    "yange": ReportKind(yange, "history", _TABLES),
}

#: format -> how a list of tables becomes the file's bytes
REPORT_FORMATS: Final[dict[str, Callable[[list[Table]], bytes]]] = {
    "xlsx": tables_to_xlsx,
    "csv": lambda tables: tables_to_csv(tables).encode("utf-8-sig"),  # Excel reads it as UTF-8
    "html": lambda tables: tables_to_html(tables, tables[0].title).encode("utf-8"),
}


def report_bytes(model: Any, kind: str, fmt: str) -> bytes:
    """Return the table report ``kind`` of a loaded model in ``fmt`` (xlsx, csv, html).

    Raises:
        RenderError: the model is no structure or plan, or the kind is not written in
            ``fmt``.
    """
    spec = KINDS[kind]
    if fmt not in spec.formats or fmt not in REPORT_FORMATS:
        raise RenderError(f"a {kind} report is written as {', '.join(spec.formats)}, not "
                          f"{fmt!r}; end the output name in .{spec.formats[0]}")
    if spec.takes == "history":
        if not isinstance(model, History):
            raise RenderError(f"--kind {kind} takes a history file (one with 'history:'); "
                              "a structure or a plan has no dated changes")
        errors = errors_in(check_history(model))
        if errors:
            raise ModelError(errors)
    elif not isinstance(model, Structure | Reorganisation):
        where = f"{model.path}: " if getattr(model, "path", None) else ""
        raise RenderError(f"{where}a {kind} report needs a structure or a plan file, not a "
                          "function catalogue or a history" + (
                              f" (a history: --kind yange, or --kind {kind} --as-of DATE for "
                              "its structure on a date)" if isinstance(model, History) else ""))
    return REPORT_FORMATS[fmt](spec.content(model))


def report_file(path: str | os.PathLike[str], kind: str,
                output: str | os.PathLike[str], as_of: str | None = None,
                assume: Assume | None = None) -> Path:
    """Write the report ``kind`` of the model file ``path`` into ``output`` atomically (its
    suffix picks the format); return the path written. With ``as_of``, ``path`` is a
    history and the report is of its structure on that date.

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
        others = ", ".join("." + f for f in spec.formats[1:])
        raise RenderError(f"{output}: --kind {kind} is written as {', '.join(spec.formats)}; "
                          f"name the file {fixed}" + (f" (or end the name in {others})"
                                                      if others else ""))
    # os.path.realpath, not Path.resolve: that raises on a symlink loop
    if os.path.realpath(output) == os.path.realpath(path):
        raise RenderError(f"-o {output} is the model file itself; write to another file")
    model = model_at(path, as_of, assume)
    if spec.takes in ("tables", "history"):
        data = report_bytes(model, kind, fmt)
    else:
        from ..write.docx import docx_bytes

        if spec.takes == "plan":
            content, pictures = _plan_report(path, model, spec)
        else:
            content, pictures = _structure_report(path, model, spec, kind), {}
        data = docx_bytes(content, pictures)
    write_atomic(target, data)
    return target


def _structure_report(path: str | os.PathLike[str], model: object, spec: ReportKind,
                      kind: str) -> Any:
    if isinstance(model, Reorganisation):
        raise RenderError(f"{path} is a reorganisation plan; --kind {kind} takes a structure "
                          "(the plan's 'to:' file), or write --kind reform")
    if not isinstance(model, Structure):
        raise RenderError(f"{path} is not a structure; --kind {kind} takes a structure")
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
