"""A reorganisation plan as data: the structure before, ordered events, optionally the after.

The plan only holds what was written; applying it is the engine's job (``orgchart.engine``),
which :meth:`Reorganisation.run` and :meth:`Reorganisation.apply` call for convenience.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base.errors import Location
from ..base.locations import SourceMap
from ..base.when import When
from ..schema.events import Event
from ..schema.structure import FunctionDef, OutsideBody, Source
from .evidence import Evidence
from .structure import Origin, Structure

if TYPE_CHECKING:
    from ..engine import Outcome

__all__ = ["Reorganisation"]


@dataclass(frozen=True, eq=False)
class Reorganisation:
    """A reorganisation plan: the structure before, ordered events, optionally the after."""

    id: str
    name: str
    before: Structure
    events: tuple[Event, ...]
    after: Structure | None = None
    effective: When | None = None
    result: Mapping[str, Any] = field(default_factory=dict)
    functions: Mapping[str, FunctionDef] = field(default_factory=dict)
    outside: tuple[OutsideBody, ...] = ()
    sources: tuple[Source, ...] = ()
    verified: bool = False
    #: the level of every event that says none (``evidence:``, else ``verified:`` as
    #: written); None: take ``verified`` (True: verified, else nothing stated)
    default_evidence: str | None = None
    note: str | None = None
    path: str = "<memory>"
    smap: SourceMap = field(default_factory=lambda: SourceMap("<memory>"), repr=False)
    event_origins: tuple[Origin, ...] = field(default=(), repr=False)

    def where(self, i: int, *sub: str | int) -> Location:
        """Return the location of event ``i`` (or of a field inside it)."""
        origin = self.event_origin(i)
        return origin.smap.at((*origin.path, *sub))

    def event_origin(self, i: int) -> Origin:
        """Return the file and key path where event ``i`` was written."""
        if i < len(self.event_origins):
            return self.event_origins[i]
        return Origin(self.smap, ("events", i))

    @property
    def file_level(self) -> str | None:
        """Return the evidence level this plan sets for every event (None: none)."""
        return self.default_evidence or ("verified" if self.verified else None)

    def event_evidence(self, i: int) -> Evidence:
        """Return the evidence for event ``i``: its own level, else the plan's; its own
        sources, else the plan's."""
        event = self.events[i]
        level = event.evidence or self.file_level
        basis = "fact" if event.evidence else ("file" if level else "none")
        return Evidence(level, event.sources or self.sources, basis)

    def apply(self) -> Structure:
        """Return the structure after every event; the structure before is untouched."""
        return self.run().structure

    def run(self) -> Outcome:
        """Apply the events and return the structure with the movements and problems."""
        from ..engine import run  # the engine reads plans; plans only call it on request

        return run(self)

    def outside_ids(self) -> set[str]:
        """Return the ids of bodies outside the structure that posts may move from or to.

        An id that is also a unit's id before the plan is the unit's (and is reported).
        """
        ids = {b.id for b in self.outside} | {b.id for b in self.before.outside}
        if self.after is not None:
            ids |= {b.id for b in self.after.outside}
        return ids - {u.id for u in self.before.units}
