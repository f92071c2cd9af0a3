"""Exports to open formats; each format is a function returning text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..base.errors import OrgChartError, RenderError
from ..base.suffixes import CONTENT_SUFFIXES
from ..model.history import History
from ..model.plan import Reorganisation
from ..model.structure import Catalogue, Structure

__all__ = ["EXPORT_FORMATS", "HISTORY_FORMATS", "export"]

#: format -> (what it takes: "any" for structures and plans, "structure"; the file suffixes
#: that may hold it, the usual one first)
EXPORT_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "yaml": ("any", (".yaml", ".yml")), "json": ("any", (".json",)),
    "jsonld": ("any", (".jsonld", ".json")), "popolo": ("any", (".json",)),
    "graphml": ("structure", (".graphml", ".xml")), "gexf": ("structure", (".gexf", ".xml")),
    "csv": ("structure", (".csv",)), "mermaid": ("structure", (".mmd", ".mermaid", ".md")),
}

#: the formats that keep a history's time (a history in any other is exported on a date)
HISTORY_FORMATS: tuple[str, ...] = ("jsonld", "gexf", "popolo")


def export(model: Structure | Reorganisation | Catalogue | History, fmt: str,
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
        suffix, suffixes = Path(path).suffix.lower(), EXPORT_FORMATS[fmt][1]
        if suffix in CONTENT_SUFFIXES and suffix not in suffixes:
            fixed = Path(path).with_suffix(suffixes[0])
            raise RenderError(f"{path}: a {suffix} file cannot hold {fmt}; name the file {fixed}")
    if isinstance(model, History):
        return _history(model, fmt, **options)
    if not isinstance(model, (Structure, Reorganisation)):
        what = "a function catalogue" if isinstance(model, Catalogue) else \
            f"a {type(model).__name__}"
        raise OrgChartError(f"{what} has nothing to export; export a structure or a plan")
    if EXPORT_FORMATS[fmt][0] == "structure" and not isinstance(model, Structure):
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


def _history(history: History, fmt: str, **options: Any) -> str:
    if fmt not in HISTORY_FORMATS:
        raise OrgChartError(f"{fmt} holds one state, not a history: export the state on a date "
                            "('orgchart asof HISTORY DATE -o FILE.yaml', or --as-of DATE), or "
                            "use " + ", ".join(HISTORY_FORMATS) + " to keep the dates")
    if fmt == "jsonld":
        from .jsonld import to_jsonld

        return to_jsonld(history, **options)
    from .lifetimes import history_gexf, history_popolo

    return (history_gexf if fmt == "gexf" else history_popolo)(history)
