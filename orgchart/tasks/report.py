"""Write an office report of a model file: the kind picks the content, the suffix the format."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..base.errors import RenderError
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..read.loader import load
from ..views.reports import notice, problems, roster, usage
from ..views.reports.table import Table
from ..write.files import write_atomic
from ..write.tabletext import tables_to_csv, tables_to_html
from ..write.xlsx import tables_to_xlsx

__all__ = ["KINDS", "REPORT_FORMATS", "report_file", "report_bytes"]

Content = Callable[[Structure | Reorganisation], list[Table]]

#: kind -> (content function, the formats it is written in)
KINDS: dict[str, tuple[Content, tuple[str, ...]]] = {
    "roster": (roster, ("xlsx", "csv", "html")),
    "usage": (usage, ("xlsx", "csv", "html")),
    "problems": (problems, ("xlsx", "csv", "html")),
    "notice": (notice, ("xlsx", "csv", "html")),
}

#: format -> how a list of tables becomes the file's bytes
REPORT_FORMATS: dict[str, Callable[[list[Table]], bytes]] = {
    "xlsx": tables_to_xlsx,
    "csv": lambda tables: tables_to_csv(tables).encode("utf-8-sig"),  # Excel reads it as UTF-8
    "html": lambda tables: tables_to_html(tables, tables[0].title).encode("utf-8"),
}


def report_bytes(model: Any, kind: str, fmt: str) -> bytes:
    """Return the report ``kind`` of a loaded model in ``fmt``.

    Raises:
        RenderError: the model is no structure or plan, or the kind is not written in
            ``fmt``.
    """
    content, formats = KINDS[kind]
    if fmt not in formats:
        raise RenderError(f"a {kind} report is written as {', '.join(formats)}, not {fmt!r}; "
                          f"end the output name in .{formats[0]}")
    if not isinstance(model, Structure | Reorganisation):
        raise RenderError("a report needs a structure or a plan file, not a function "
                          "catalogue")
    return REPORT_FORMATS[fmt](content(model))


def report_file(path: str | os.PathLike[str], kind: str,
                output: str | os.PathLike[str]) -> Path:
    """Write the report ``kind`` of the model file ``path`` to ``output`` (its suffix picks
    the format) atomically, and return the path written.

    Raises:
        RenderError: an output name whose suffix names no format of the kind; as
            :func:`report_bytes` and :func:`~orgchart.write.files.write_atomic`.
        OrgChartError: as :func:`orgchart.read.loader.load`.
    """
    target = Path(output)
    fmt = target.suffix.lower().lstrip(".")
    formats = KINDS[kind][1]
    if fmt not in formats:
        raise RenderError(f"{target}: cannot tell the format from the suffix "
                          f"{target.suffix or '(none)'!r}; end the name in "
                          + ", ".join("." + f for f in formats))
    data = report_bytes(load(path), kind, fmt)
    write_atomic(target, data)
    return target
