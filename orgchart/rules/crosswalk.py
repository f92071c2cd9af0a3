"""A plan's crosswalk as a table: old unit, what became of it, new units, and the moves of
functions, posts and nameplates."""

from __future__ import annotations

from ..base import vocab
from ..base.cells import write_csv
from ..base.words import both, word
from .accounting import Accounting

__all__ = ["crosswalk_table", "event_words"]


def event_words(events: str, lang: str = "zh") -> str:
    """Return a crosswalk row's events (``kept+transfer-functions``) in words.

    >>> event_words("rename+split"), event_words("kept+transfer-functions", "en")
    ('更名、拆分', 'kept, functions transferred')
    """
    return word("list", lang).join(vocab.label(vocab.EVENT_TYPES, e, lang)
                                   for e in events.split("+"))


def crosswalk_table(acc: Accounting, fmt: str = "md", lang: str = "zh") -> str:
    """Return the crosswalk (old unit, event, new units, functions, posts, nameplates) as
    md or csv in the words of ``lang``: events, functions (their English names where the
    catalogue has them), posts, 终止/丢失 (ended, lost); units and nameplates by their names
    (the head is in both languages)."""
    head = [both("crosswalk." + k)
            for k in ("old", "event", "new", "functions", "posts", "nameplates")]
    rows = [[r.old, event_words(r.event, lang), word("list", lang).join(r.new),
             "; ".join(r.functions), r.staffing, "; ".join(r.nameplates)]
            for r in acc.crosswalk_in(lang)]
    if fmt == "csv":
        return write_csv(head, rows)
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(" ".join(c.split()).replace("|", "\\|") for c in row) + " |"
              for row in rows]  # a line break in a name would end the table row
    return "\n".join(lines) + "\n"
