"""The change events that turn one structure file into another, as text."""

from __future__ import annotations

import os

from ..exports.canonical import events_document
from ..read.loader import load_structure
from ..rules.diff import diff, events_to_data, unknown_changes
from ..views.events import Names, format_event_lines, unknown_change_lines

__all__ = ["diff_files"]


def diff_files(old: str | os.PathLike[str], new: str | os.PathLike[str],
               fmt: str = "text", lang: str = "zh") -> str:
    """Return the events that turn structure ``old`` into ``new`` in ``fmt``, ending in a
    newline: text for reading (in ``lang``, units by name with their ids), yaml and json
    a plan file's ``events:`` (their notes in ``lang`` too). The text ends with the staffing
    figures known on one side only, which no event can say.

    Raises:
        ModelError: a file cannot be read.
        OrgChartError: an unknown format.
    """
    a, b = load_structure(old), load_structure(new)
    events = diff(a, b, lang)
    if fmt == "text":
        names = Names.of((a, b), lang)  # a renamed unit by its old name
        unknown = unknown_change_lines(unknown_changes(a, b), lang, names)
        lines = [format_event_lines(events_to_data(events), lang, names)] \
            if events or not unknown else []
        lines += unknown
        return "\n".join(lines) + "\n"
    return events_document(events, fmt)
