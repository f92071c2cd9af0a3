"""Export a model into files: the text of :func:`orgchart.exports.export`, written atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import Location, ModelError, Problem, RenderError
from ..exports import export
from ..model.history import History
from ..read.loader import load
from ..write.files import write_all_atomic

__all__ = ["Exported", "OutputIsInputError", "export_file", "export_to_files"]


class OutputIsInputError(RenderError):
    """The file to write is the model file being read."""


@dataclass(frozen=True)
class Exported:
    """What an export gave: the text (no output file) or the files written, and a warning
    about what the format leaves out (None: nothing)."""

    text: str | None = None
    written: list[Path] = field(default_factory=list)
    warning: str | None = None


def export_file(path: str | os.PathLike[str], fmt: str,
                output: str | os.PathLike[str] | None = None) -> Exported:
    """Export the model file ``path`` to ``fmt``: as text, or into ``output``.

    Raises:
        OutputIsInputError: ``output`` is ``path`` itself (checked before reading it).
        OrgChartError: as :func:`orgchart.read.loader.load` and :func:`export_to_files`.
    """
    # os.path.realpath, not Path.resolve: that raises on a symlink loop
    if output is not None and os.path.realpath(output) == os.path.realpath(path):
        raise OutputIsInputError(f"-o {output} is the model being exported; write to another "
                                 "file")
    model = load(path)
    if isinstance(model, History):
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind", (
            "a history is exported on a date: 'orgchart asof HISTORY DATE -o FILE.yaml'"))])
    if output is None:
        text, written = export(model, fmt), []
    else:
        text, written = None, export_to_files(model, fmt, output)
    warning = None
    if fmt == "csv":  # known once the tables exist, so that a write error stays one line
        from ..exports.tables import csv_warning
        from ..model.structure import Structure

        assert isinstance(model, Structure)  # export refused anything else for csv
        warning = csv_warning(model)
    return Exported(text, written, warning)


def export_to_files(model: Any, fmt: str, output: str | os.PathLike[str]) -> list[Path]:
    """Export ``model`` into ``output`` and return the files written.

    CSV writes the relations table beside the units table (``NAME-relations.csv``), both or
    neither, each with a byte-order mark so that Excel reads the Chinese as UTF-8.

    Raises:
        OrgChartError: as :func:`export`; RenderError when a file cannot be written.
    """
    target = Path(output)
    files = {target: export(model, fmt, target)}
    if fmt == "csv":
        from ..exports.tables import relations_csv, relations_path

        files[relations_path(target)] = relations_csv(model)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    write_all_atomic({path: text.encode(encoding) for path, text in files.items()})
    return list(files)
