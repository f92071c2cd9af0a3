"""Where things were written: a map from each key path of a parsed file to file:line:col.

The reader (``read.yaml``) fills a :class:`SourceMap`; the model keeps it to locate the
problems that the rules find later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Location

__all__ = ["KeyPath", "SourceMap"]

#: A path of keys and list indexes into a parsed file, e.g. ("units", 3, "name").
KeyPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a parsed file stands."""

    file: str
    values: dict[KeyPath, Location] = field(default_factory=dict)
    keys: dict[KeyPath, Location] = field(default_factory=dict)

    def at(self, path: KeyPath, *, key: bool = False) -> Location:
        """Return the location of ``path``, or of its nearest recorded ancestor."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            loc = table.get(path[:end]) or self.values.get(path[:end])
            if loc is not None:
                return loc
        return Location(self.file)

    def has(self, path: KeyPath) -> bool:
        """Tell whether ``path`` was written in the file."""
        return path in self.values
