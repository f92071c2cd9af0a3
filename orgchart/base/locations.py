"""Where things were written: a map from each key path of a parsed file to file:line:col.

The reader (``read.yaml``) fills a :class:`SourceMap`; the model keeps it to locate the
problems that the rules find later. A place is kept as one int (:func:`spot`), and a
:class:`Location` is made of it only when it is asked for. A map may also be filled
lazily: the reader records only the top-level keys and leaves a ``fill`` that records the
rest when a deeper place is first asked for (a county of 30,000 units has over a million
places, and almost none is ever shown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import Location

__all__ = ["KeyPath", "SourceMap", "spot"]

#: A path of keys and list indexes into a parsed file, e.g. ("units", 3, "name").
KeyPath = tuple[str | int, ...]

_COL_BITS = 32
_COL_MASK = (1 << _COL_BITS) - 1


def spot(line: int, col: int) -> int:
    """Pack a 1-based line and column into the int a :class:`SourceMap` keeps.

    >>> spot(12, 5) >> 32, spot(12, 5) & 0xFFFFFFFF
    (12, 5)
    """
    return line << _COL_BITS | col


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a parsed file stands, as :func:`spot`
    ints; :meth:`at` gives them as locations.

    ``fill``, when set, records every place of the file in ``values`` and ``keys``, which
    hold until then only the paths of at most ``shallow`` keys; it runs once, when a deeper
    path is first asked for.
    """

    file: str
    values: dict[KeyPath, int] = field(default_factory=dict)
    keys: dict[KeyPath, int] = field(default_factory=dict)
    fill: Callable[[SourceMap], None] | None = field(default=None, repr=False,
                                                      compare=False)
    shallow: int = 1

    def at(self, path: KeyPath, *, key: bool = False) -> Location:
        """Return the location of ``path``, or of its nearest recorded ancestor."""
        if len(path) > self.shallow:
            self._complete()
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found is not None:
                return self.location(found)
        return Location(self.file)

    def location(self, packed: int) -> Location:
        """Return the location of a :func:`spot` in this file."""
        return Location(self.file, packed >> _COL_BITS, packed & _COL_MASK)

    def put(self, path: KeyPath, where: Location) -> None:
        """Record that the value at ``path`` stands at ``where`` (a place in this file)."""
        self._complete()
        self.values[path] = spot(where.line, where.col)

    def has(self, path: KeyPath) -> bool:
        """Tell whether ``path`` was written in the file."""
        if len(path) > self.shallow:
            self._complete()
        return path in self.values

    def _complete(self) -> None:
        fill, self.fill = self.fill, None
        if fill is not None:
            fill(self)
