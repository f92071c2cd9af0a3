"""Export a model into files: the text of :func:`orgchart.exports.export`, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..exports import export
from ..write.files import write_all_atomic

__all__ = ["export_to_files"]


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
