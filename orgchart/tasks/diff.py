"""The change events that turn one structure file into another, as text."""

from __future__ import annotations

import os

from ..exports.canonical import events_document
from ..read.loader import load_structure
from ..rules.diff import diff, format_events

__all__ = ["diff_files"]

#: text for reading; yaml and json are a plan file's ``events:``.


def diff_files(old: str | os.PathLike[str], new: str | os.PathLike[str],
               fmt: str = "text") -> str:
    """Return the events that turn structure ``old`` into ``new`` in ``fmt``, ending in a
    newline.

    Raises:
        ModelError: a file cannot be read.
        OrgChartError: an unknown format.
    """
    events = diff(load_structure(old), load_structure(new))
    if fmt == "text":
        return (format_events(events) if events else "no differences") + "\n"
    return events_document(events, fmt)
