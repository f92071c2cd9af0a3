"""Exports to open formats; each format is a function returning text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import OrgChartError, RenderError
from ..model import Catalogue, Structure
from ..reorg import Reorganisation

__all__ = ["EXPORT_FORMATS", "export", "export_to_files"]

#: format -> (what it takes: "any" for structures and plans, "structure"), file suffix
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "yaml": ("any", ".yaml"), "json": ("any", ".json"), "jsonld": ("any", ".jsonld"),
    "popolo": ("any", ".popolo.json"), "graphml": ("structure", ".graphml"),
    "gexf": ("structure", ".gexf"), "csv": ("structure", ".csv"),
    "mermaid": ("structure", ".mmd"),
}

#: format -> the file suffixes that may hold it (besides none at all)
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"), "json": (".json",), "jsonld": (".jsonld", ".json"),
    "popolo": (".json",), "graphml": (".graphml", ".xml"), "gexf": (".gexf", ".xml"),
    "csv": (".csv",), "mermaid": (".mmd", ".mermaid", ".md"),
}
#: Suffixes that say what a file holds: a name with one of them must agree with the format.
_KNOWN = {x for xs in _SUFFIXES.values() for x in xs} | {
    ".svg", ".png", ".pdf", ".dot", ".gv", ".xlsx", ".html", ".htm"}


def export(model: Structure | Reorganisation | Catalogue, fmt: str,
           path: str | os.PathLike[str] | None = None, **options: Any) -> str:
    """Return ``model`` in format ``fmt`` (see :data:`EXPORT_FORMATS`).

    Args:
        path: the file the text is meant for; relative paths inside it are made from there.

    Raises:
        RenderError: unknown format, a ``path`` whose suffix names another format (``x.json``
            for yaml), or a format that takes only structures.
    """
    if fmt not in EXPORT_FORMATS:
        raise RenderError(f"unknown export format {fmt!r}; choose one of: "
                          + ", ".join(EXPORT_FORMATS))
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix in _KNOWN and suffix not in _SUFFIXES[fmt]:
            fixed = Path(path).with_suffix(_SUFFIXES[fmt][0])
            raise RenderError(f"{path}: a {suffix} file cannot hold {fmt}; name the file {fixed}")
    if not isinstance(model, (Structure, Reorganisation)):
        what = "a function catalogue" if isinstance(model, Catalogue) else \
            f"a {type(model).__name__}"
        raise OrgChartError(f"{what} has nothing to export; export a structure or a plan")
    takes, _suffix = EXPORT_FORMATS[fmt]
    if takes == "structure" and not isinstance(model, Structure):
        raise OrgChartError(f"{fmt} exports a structure; export the plan's result with "
                            "'orgchart export' on the from/to files, or use yaml, json, jsonld "
                            "or popolo")
    if fmt in ("yaml", "json"):
        from .canonical import to_json, to_yaml

        return (to_yaml if fmt == "yaml" else to_json)(model, path)
    if fmt == "jsonld":
        from .jsonld import to_jsonld

        return to_jsonld(model, **options)
    if fmt == "popolo":
        from .popolo import to_popolo

        return to_popolo(model)
    assert isinstance(model, Structure)
    if fmt == "graphml":
        from .graphs import to_graphml

        return to_graphml(model)
    if fmt == "gexf":
        from .graphs import to_gexf

        return to_gexf(model)
    if fmt == "mermaid":
        from .mermaid import to_mermaid

        return to_mermaid(model)
    from .tables import units_csv

    return units_csv(model)


def export_to_files(model: Any, fmt: str, output: str | os.PathLike[str]) -> list[Path]:
    """Export ``model`` into ``output`` and return the files written.

    CSV writes the relations table beside the units table (``NAME-relations.csv``), both or
    neither, each with a byte-order mark so that Excel reads the Chinese as UTF-8.

    Raises:
        OrgChartError: as :func:`export`; RenderError when a file cannot be written.
    """
    from ..render.draw import write_all_atomic

    target = Path(output)
    files = {target: export(model, fmt, target)}
    if fmt == "csv":
        from .tables import relations_csv, relations_path

        files[relations_path(target)] = relations_csv(model)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    write_all_atomic({path: text.encode(encoding) for path, text in files.items()})
    return list(files)
