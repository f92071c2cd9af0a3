"""A history (沿革) as data: a starting structure and its dated changes, and the lineage
of each body across renames, merges and splits.

The history only holds what was written; the structure on a date is the engine's work
(``orgchart.engine.timeline``), which :meth:`History.as_of` calls on request.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..base.errors import Location, OrgChartError, UnknownUnitError
from ..base.locations import SourceMap
from ..base.when import When
from ..schema.events import (
    Establish,
    Event,
    Merge,
    MergeStructures,
    Rename,
    RenameStructure,
    Split,
)
from ..schema.history import Document
from ..schema.structure import Source
from .plan import Reorganisation
from .structure import Origin, Structure

__all__ = ["Assume", "Change", "History", "Lineage", "Step"]

#: how a change whose date may fall on either side of the date asked for is taken
Assume = Literal["before", "after"]


@dataclass(frozen=True, eq=False)
class Change:
    """One dated change of a history, with its document, status and events."""

    id: str
    index: int
    events: tuple[Event, ...]
    event_origins: tuple[Origin, ...]
    document: Document | None = None
    approved: When | None = None
    effective: When | None = None
    status: str = "in-force"
    evidence: str | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None
    structure: str | None = None
    plan: Reorganisation | None = None
    smap: SourceMap = field(default_factory=lambda: SourceMap("<memory>"), repr=False)

    @property
    def when(self) -> When | None:
        """Return the date it takes effect: ``effective``, else ``approved``."""
        return self.effective if self.effective is not None else self.approved

    @property
    def in_force(self) -> bool:
        return self.status == "in-force"

    def where(self, *sub: str | int) -> Location:
        """Return the location of this change (or of a key inside it)."""
        path = ("changes", self.index, *sub)
        while len(path) > 2 and not self.smap.has(path):
            path = path[:-1]
        return self.smap.at(path)



Key = tuple[str, str]  # (structure id, unit or member id)


@dataclass(frozen=True)
class Step:
    """What one event of a change did to a body: ``kind`` is the event type, ``source`` the
    body it met, ``targets`` the bodies that took its place (a rename to a new id, a
    merge, a split)."""

    change: Change
    event: Event
    kind: str
    source: Key
    targets: tuple[Key, ...] = ()


@dataclass(frozen=True)
class Lineage:
    """A body's 沿革: the steps that met it, and its predecessors and successors (steps
    leading into it, or out of it, followed across renames, merges and splits)."""

    unit: Key
    steps: tuple[Step, ...]
    predecessors: tuple[Step, ...]
    successors: tuple[Step, ...]


@dataclass(frozen=True, eq=False)
class History:
    """A history (沿革): the starting structure and its changes in date order."""

    id: str
    name: str
    start: Structure
    changes: tuple[Change, ...]
    start_date: When | None = None
    name_en: str | None = None
    sources: tuple[Source, ...] = ()
    default_evidence: str | None = None
    note: str | None = None
    path: str = "<memory>"
    smap: SourceMap = field(default_factory=lambda: SourceMap("<memory>"), repr=False)

    @property
    def in_force(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.in_force)

    @property
    def planned(self) -> tuple[Change, ...]:
        """Return the planned changes: kept apart, never applied by :meth:`as_of`."""
        return tuple(c for c in self.changes if c.status == "planned")

    def as_of(self, when: When | dt.date | str, assume: Assume | None = None) -> Structure:
        """Return the structure in force on ``when``: the start with every change in force
        whose date is surely on or before it.

        A change whose date may fall on either side (a change dated 2019 asked for
        2019-06-30) is refused, naming the change, unless ``assume`` says to take it as
        before or after the date.

        Raises:
            ModelError: the date is ambiguous for a change, or a change cannot be applied.
        """
        from ..engine.timeline import state_at  # the engine applies changes, on request

        return state_at(self, _when(when), assume)

    def steps(self) -> Iterator[Step]:
        """Yield what each event of each change did to a body, in order."""
        for change in self.changes:
            s = change.structure or self.start.id
            for event in change.events:
                yield from _steps(change, s, event)

    def lineage(self, unit_id: str, structure: str | None = None) -> Lineage:
        """Return the 沿革 of ``unit_id`` (in ``structure``, default: the one that has it).

        Raises:
            UnknownUnitError: no body has this id in the history.
        """
        steps = list(self.steps())
        key = self._key(unit_id, structure, steps)
        out: dict[Key, list[Step]] = {}
        into: dict[Key, list[Step]] = {}
        for st in steps:
            for t in st.targets:
                if t != st.source:
                    out.setdefault(st.source, []).append(st)
                    into.setdefault(t, []).append(st)
        return Lineage(key, tuple(s for s in steps if key in (s.source, *s.targets)),
                       tuple(_walk(key, into, lambda s: [s.source])),
                       tuple(_walk(key, out, lambda s: list(s.targets))))

    def _key(self, unit_id: str, structure: str | None, steps: list[Step]) -> Key:
        known: list[Key] = [(self.start.id, u.id) for u in self.start.units]
        for m in self.start.members:
            known += [(self.start.id, m.id), *((m.id, u.id) for u in m.units)]
        for st in steps:
            known += [st.source, *st.targets]
        found = sorted({k for k in known if k[1] == unit_id
                        and (structure is None or k[0] == structure)})
        if not found:
            where = f" of structure {structure!r}" if structure else ""
            raise UnknownUnitError(f"{self.path}: no body{where} in the history has the id "
                                   f"{unit_id!r}; 'orgchart history {self.path}' lists every "
                                   "change and the ids it names")
        if len(found) > 1:
            where = ", ".join(k[0] for k in found)
            raise OrgChartError(f"{unit_id!r} is a body in several structures ({where}); "
                                "name the structure too")
        return found[0]


def _when(value: When | dt.date | str) -> When:
    if isinstance(value, When):
        return value
    if isinstance(value, dt.date):
        return When.of(value)
    return When.parse(value)


def _walk(start: Key, edges: dict[Key, list[Step]],
          nxt: object) -> Iterator[Step]:
    assert callable(nxt)
    seen, queue = {start}, deque([start])
    while queue:
        for st in edges.get(queue.popleft(), []):
            yield st
            for k in nxt(st):
                if k not in seen:
                    seen.add(k)
                    queue.append(k)


def _steps(change: Change, s: str, event: Event) -> Iterator[Step]:
    """Yield the steps of one event (``s``: the structure the change applies to)."""
    if isinstance(event, Rename):
        yield Step(change, event, event.type, (s, event.unit),
                   ((s, event.id),) if event.id else ())
    elif isinstance(event, Merge):
        for u in event.units:
            yield Step(change, event, event.type, (s, u), ((s, event.into),))
        if event.into not in event.units:
            yield Step(change, event, "merged-into", (s, event.into))
    elif isinstance(event, Split):
        yield Step(change, event, event.type, (s, event.unit),
                   tuple((s, p.unit) for p in event.into))
    elif isinstance(event, Establish):
        yield Step(change, event, event.type, (s, event.unit.id))
    elif isinstance(event, MergeStructures):
        for f in event.from_:
            yield Step(change, event, event.type, (s, f), ((s, event.into.structure),))
        if event.into.structure not in event.from_:
            yield Step(change, event, "merged-into", (s, event.into.structure))
    elif isinstance(event, RenameStructure):
        yield Step(change, event, event.type, (s, event.structure))
    else:
        unit = getattr(event, "unit", None)
        if isinstance(unit, str):
            yield Step(change, event, event.type, (s, unit))
