"""Small text helpers shared by every stage."""

from __future__ import annotations

import difflib
import re
import typing

__all__ = ["suggest", "Suggester", "fill_place"]

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
    return Suggester(choices).suggest(value)


class Suggester:
    """Suggest the closest of many choices, built once for a pool of names.

    A pool of at most :attr:`LIMIT` names is searched whole; in a bigger one only choices
    that start with the same character and are about as long are compared (at most
    :attr:`LIMIT` of them), so that a structure of 50,000 units with as many
    unknown names costs linear time, not 50,000 times 50,000 comparisons.

    >>> Suggester(["parent", "name", "pa"]).suggest("partent")
    " (did you mean 'parent'?)"
    >>> Suggester([f"u{i}" for i in range(50_000)]).suggest("nowhere")
    ''
    """

    LIMIT = 200

    def __init__(self, choices: typing.Iterable[str]) -> None:
        self._choices: typing.Iterable[str] | None = choices
        self._all: list[str] = []
        self._by_start: dict[tuple[str, int], list[str]] = {}

    def _index(self) -> None:
        """Sort and index the choices, the first time a suggestion is asked for (most
        structures have nothing unknown, so most suggesters are never asked)."""
        if self._choices is not None:
            self._all = sorted(set(self._choices))
            self._choices = None
            for choice in self._all:
                self._by_start.setdefault((choice[:1], len(choice)), []).append(choice)

    def suggest(self, value: str) -> str:
        """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string."""
        close = difflib.get_close_matches(value, self._near(value), n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def _near(self, value: str) -> list[str]:
        self._index()
        if len(self._all) <= self.LIMIT:
            return self._all
        near: list[str] = []
        for size in sorted(range(max(len(value) - 3, 0), len(value) + 4),
                           key=lambda n: abs(n - len(value))):
            near += self._by_start.get((value[:1], size), ())[: self.LIMIT - len(near)]
            if len(near) >= self.LIMIT:
                break
        return near
