"""The audit of a model file: every fact with its evidence level and sources."""

from __future__ import annotations

import os

from ..base.errors import Location, ModelError, OrgChartError, Problem
from ..model.history import History
from ..model.structure import Catalogue
from ..read.loader import load
from ..views.audit import audit_csv, audit_text

__all__ = ["AUDIT_FORMATS", "audit_file"]

#: text for reading; csv one row per fact, for a spreadsheet
AUDIT_FORMATS = ("text", "csv")


def audit_file(path: str | os.PathLike[str], fmt: str = "text", lang: str = "zh") -> str:
    """Return the audit of a structure or plan file in ``fmt``, ending in a newline; the
    text in ``lang`` (zh or en).

    Raises:
        ModelError: the file cannot be read, or is a function catalogue (it has no facts
            of units).
        OrgChartError: an unknown format.
    """
    if fmt not in AUDIT_FORMATS:
        raise OrgChartError(f"unknown audit format {fmt!r}; choose one of: "
                            + ", ".join(AUDIT_FORMATS))
    model = load(path)
    if isinstance(model, History):
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind",
                                  "a history: audit its start structure, or its plans")])
    if isinstance(model, Catalogue):
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind",
                                  "a function catalogue has no units to audit; audit the "
                                  "structure that uses it")])
    return audit_text(model, lang) if fmt == "text" else audit_csv(model)
