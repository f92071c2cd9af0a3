"""Small text helpers shared by every stage."""

from __future__ import annotations

import difflib
import typing

__all__ = ["suggest"]


def suggest(value: str, choices: typing.Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string.

    >>> suggest("partent", ["parent", "name"])
    " (did you mean 'parent'?)"
    """
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
