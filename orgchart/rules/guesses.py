"""The notes that explain a guessed plan's events (:mod:`.diff`), in Chinese or English:
units by name (with the id where two units share a name, or in English where a unit has
no English name), functions by their catalogue
name, each note starting with the marker that it is a guess (``推测：``, ``guessed: ``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..base.words import word
from ..model.structure import Structure

__all__ = ["Guesses"]


class Guesses:
    """Write the notes of the events that turn ``a`` into ``b``, in ``lang``."""

    __slots__ = ("_a", "_b", "_lang", "_names", "_shared", "_zh_only")

    def __init__(self, a: Structure, b: Structure, lang: str = "zh") -> None:
        self._a, self._b, self._lang = a, b, lang
        names: dict[str, str] = {}
        zh_only: set[str] = set()
        for s in (b, a):  # the old name wins: a renamed unit is known by it
            bodies = [(o.id, o.name, o.name_en) for o in s.outside]
            for ident, name, name_en in bodies + [(u.id, u.name, u.name_en) for u in s.units]:
                names[ident] = self._name(name, name_en)
                (zh_only.add if name_en is None else zh_only.discard)(ident)
        self._names = names
        self._zh_only = zh_only if lang == "en" else set()
        counts = Counter(names.values())
        self._shared = {n for n, k in counts.items() if k > 1}

    def _name(self, name: str, name_en: str | None) -> str:
        return name_en if self._lang == "en" and name_en else name

    def note(self, key: str, **fields: str) -> str:
        """Return the guess ``key`` (a ``guess.*`` word) with the marker in front."""
        return word("guess.mark", self._lang) + word(f"guess.{key}", self._lang, **fields)

    def notes(self, parts: Iterable[tuple[bool, str, dict[str, str]]]) -> str | None:
        """Return the guesses whose condition holds, as one note; None when none does."""
        said = [word(f"guess.{key}", self._lang, **fields) for ok, key, fields in parts if ok]
        if not said:
            return None
        return word("guess.mark", self._lang) + word("semicolon", self._lang).join(said)

    def unit(self, ident: str) -> str:
        """Return a unit or outside body by name, with its id where the name is shared (or
        where an English note gives a Chinese name)."""
        name = self._names.get(ident)
        if not name or name == ident:
            return ident
        if name in self._shared or ident in self._zh_only:
            return word("bracket", self._lang, text=name, inner=ident)
        return name

    def units(self, ids: Iterable[str]) -> str:
        """Return units by name (:meth:`unit`), listed."""
        return word("list", self._lang).join(self.unit(i) for i in ids)

    def functions(self, ids: Iterable[str]) -> str:
        """Return functions by their catalogue names (the after's, else the before's)."""
        def name(f: str) -> str:
            s = self._b if f in self._b.functions else self._a
            return s.function_name(f, self._lang)
        return word("list", self._lang).join(name(f) for f in ids)
