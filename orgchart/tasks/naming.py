"""Where the drawing of a model goes: the one place that names output files.

``render`` and ``reorg -o`` take a file, a name without a suffix, or a folder
(:func:`drawing_path`); ``build`` mirrors the models folder in the output folder
(:func:`build_path`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..base.errors import OrgChartError

__all__ = ["names_folder", "drawing_path", "build_path"]


def names_folder(path: str) -> bool:
    """Tell whether ``path`` ends in a slash, i.e. names a folder (made if need be)."""
    return path.endswith(("/", os.sep))


def drawing_path(model: str | os.PathLike[str], given: str | None = None,
                 fmt: str | None = None) -> Path:
    """Return the file the drawing of ``model`` goes to, given ``-o``.

    No ``given``: the model's path with the format's suffix (default svg); a folder (or a
    name ending in a slash): the model's file name with that suffix inside it; a name
    without a suffix: that name with the format's suffix; else ``given`` itself.

    >>> str(drawing_path("m/town.yaml")), str(drawing_path("m/town.yaml", "out/", "png"))
    ('m/town.svg', 'out/town.png')
    >>> str(drawing_path("m/town.yaml", "chart", "pdf")), str(drawing_path("t.yaml", "x.dot"))
    ('chart.pdf', 'x.dot')
    """
    path = Path(model)
    suffix = "." + (fmt or "svg")
    if given is None:
        return path.with_suffix(suffix)
    output = Path(given)
    if os.path.isdir(given) or names_folder(given):  # os.path: False on a name too long
        return output / path.with_suffix(suffix).name
    if not output.suffix:
        return output.with_name(output.name + suffix)
    return output


def build_path(models_dir: Path, output_dir: Path, model: Path, fmt: str) -> Path:
    """Return where ``build`` draws ``model`` (under ``models_dir``) in format ``fmt``: the
    same relative path under ``output_dir``.

    Raises:
        OrgChartError: the path leads outside ``output_dir`` (through a symbolic link); the
            message names the path, the caller the model.
    """
    rel = model.relative_to(models_dir).with_suffix(f".{fmt}")
    target = Path(os.path.realpath(output_dir / rel))  # Path.resolve raises on a symlink loop
    if not target.is_relative_to(os.path.realpath(output_dir)):
        raise OrgChartError(f"{output_dir / rel}: refusing to write it: it leads outside "
                            f"{output_dir} (a symbolic link?); remove the link")
    return output_dir / rel
