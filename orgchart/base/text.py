"""Small text helpers shared by every stage."""

from __future__ import annotations

import difflib
import re
import typing

__all__ = ["suggest", "fill_place"]

_PLACE = re.compile(r"\{\{place\}\}|\{place\}")


def fill_place(text: str, place: str | None) -> str:
    """Put the place's name where a template's text says ``{place}``; ``{{place}}`` stays
    as the text ``{place}`` (a name that really holds it).

    >>> fill_place("{place}人民政府", "沙市镇"), fill_place("{{place}}说明", "沙市镇")
    ('沙市镇人民政府', '{place}说明')
    """
    if place is None or "{place}" not in text:
        return text
    return _PLACE.sub(lambda m: "{place}" if m.group() == "{{place}}" else place, text)


def suggest(value: str, choices: typing.Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string.

    >>> suggest("partent", ["parent", "name"])
    " (did you mean 'parent'?)"
    """
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
