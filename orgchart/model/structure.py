"""The resolved institutional structure: units, functions, outside bodies, caps."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base.errors import Location, Problem, UnknownUnitError
from ..base.locations import KeyPath, SourceMap
from ..base.text import fill_place, suggest
from ..base.when import When
from ..schema.structure import (
    Cap,
    Figure,
    FunctionDef,
    OutsideBody,
    Source,
    Unit,
)
from .evidence import Evidence, flag_level, resolve_fact, resolve_level, source_index
from .tally import StaffTotals, tally_staffing

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Origin", "Structure", "Catalogue", "with_place"]


@dataclass(frozen=True)
class Origin:
    """Where (file and key path) a unit, or a change to it, was written."""

    smap: SourceMap
    path: KeyPath
    #: the unit fields this origin changed (a plan's event); None: everything written there
    fields: frozenset[str] | None = None

    def at(self, *sub: str | int, key: bool = False) -> Location | None:
        """Return the location of ``sub`` under this origin, if it was written there.

        An origin that changed some fields answers for those fields even where the event
        spells them differently: the event itself is where the change came from.
        """
        full = (*self.path, *sub)
        if self.fields is not None:
            # an event answers for a field it changed as a whole, and for a staffing type
            # it names; a deeper path (functions[2]) means the unit's list, not the event's
            if not sub or sub[0] not in self.fields:
                return None
            if len(sub) == 1:
                return self.smap.at(full if self.smap.has(full) else self.path, key=key)
            if sub[0] == "staffing" and len(sub) == 2 and self.smap.has(full):
                return self.smap.at(full, key=key)
            return None
        if sub and not self.smap.has(full):
            return None
        return self.smap.at(full, key=key)


@dataclass(frozen=True)
class Catalogue:
    """A shared catalogue of functions (职能)."""

    id: str
    name: str
    functions: Mapping[str, FunctionDef]
    path: str
    sources: tuple[Source, ...] = ()
    verified: bool = False


@dataclass(frozen=True, eq=False)
class Structure:
    """An institutional structure (机构设置) with every template resolved.

    Units keep their declared order, which is the official order of the bodies.
    """

    id: str
    name: str
    units: tuple[Unit, ...]
    path: str = "<memory>"
    name_en: str | None = None
    place: str | None = None
    level: str | None = None
    code: str | None = None
    as_of: When | None = None
    valid_from: When | None = None
    valid_to: When | None = None
    template: bool = False
    extends: Structure | None = None
    successor_of: str | None = None
    members: tuple[Structure, ...] = field(default=(), repr=False)
    functions: Mapping[str, FunctionDef] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    outside: tuple[OutsideBody, ...] = ()
    caps: tuple[Cap, ...] = ()
    reported: tuple[Figure, ...] = ()
    sources: tuple[Source, ...] = ()
    verified: bool = False
    staffing_estimated: bool = False
    #: the file's evidence level for every unit's facts (``evidence:``, else ``verified:``
    #: as written); None: take ``verified`` (True: verified, else nothing stated)
    default_evidence: str | None = None
    #: sources that facts may cite by id besides this file's own (a plan's result: those of
    #: the structure before, which its kept units cite); not this structure's sources
    citable: tuple[Source, ...] = field(default=(), repr=False)
    note: str | None = None
    origins: Mapping[str, tuple[Origin, ...]] = field(default_factory=dict, repr=False)
    where: Location = field(default_factory=lambda: Location("<memory>"), repr=False)
    resolve_problems: tuple[Problem, ...] = field(default=(), repr=False)
    cap_origins: tuple[Origin, ...] = field(default=(), repr=False)
    raw_units: tuple[Unit, ...] = field(default=(), repr=False)
    #: where the dated top-level keys (valid_from, valid_to, as_of) and ``extends`` were
    #: written in this file (kept as locations, not source maps: 41,352 towns must stay small)
    header: Mapping[str, Location] = field(default_factory=dict, repr=False)
    #: where each outside body's id was written (the last one, when an id is repeated)
    outside_where: Mapping[str, Location] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {u.id: u for u in self.units})
        kids: dict[str | None, list[Unit]] = {}
        for u in self.units:
            kids.setdefault(u.parent, []).append(u)
        object.__setattr__(self, "_children", kids)
        if not self.raw_units:
            object.__setattr__(self, "raw_units", self.units)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Structure):
            return NotImplemented
        return self.canonical() == other.canonical()

    __hash__ = None  # type: ignore[assignment]

    def canonical(self) -> tuple[Any, ...]:
        """Return the structure's content, without file positions, for comparison."""
        return (self.id, self.name, self.name_en, self.place, self.level, self.code, self.as_of,
                self.valid_from, self.valid_to, self.units, dict(self.functions),
                self.outside, self.caps, self.reported, self.staffing_estimated)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._index  # type: ignore[attr-defined]

    def unit(self, unit_id: str) -> Unit:
        """Return the unit with this id.

        Raises:
            UnknownUnitError: no such unit; the message suggests the nearest id.
        """
        try:
            return self._index[unit_id]  # type: ignore[attr-defined, no-any-return]
        except KeyError:
            hint = suggest(unit_id, self._index)  # type: ignore[attr-defined]
            raise UnknownUnitError(f"unknown unit {unit_id!r} in {self.id}{hint}") from None

    def outside_body(self, body_id: str) -> OutsideBody | None:
        """Return the outside body with this id, or None."""
        return next((b for b in self.outside if b.id == body_id), None)

    def roots(self) -> list[Unit]:
        """Return the units that have no parent inside the structure, in declared order."""
        return [u for u in self.units if u.parent is None or u.parent not in self]

    def children(self, unit_id: str) -> list[Unit]:
        """Return the units whose parent is ``unit_id``, in declared order."""
        return list(self._children.get(unit_id, ()))  # type: ignore[attr-defined]

    def totals(self) -> StaffTotals:
        """Return the staffing of all units added up, type by type: the known posts and how
        many units do not give the type (a :class:`~orgchart.model.tally.Tally` each)."""
        return tally_staffing(u.staffing for u in self.units)

    def rollup(self) -> StaffTotals:
        """Return the staffing of this structure and all its members, added up."""
        if not self.posts_known:
            return StaffTotals.not_known()
        total = self.totals()
        for m in self.members:
            total += m.rollup()
        return total

    @property
    def posts_known(self) -> bool:
        """Tell whether anything is known of this structure's posts: False for one with
        neither units nor members (a town made by a merger, whose units no file gives),
        which counts as unknown in roll-ups, never as zero."""
        return bool(self.units or self.members)

    def totals_estimated(self) -> bool:
        """Tell whether any staffing number of this structure's own units is an estimate."""
        return any(self.counts_estimate(u) for u in self.units)

    def counts_estimate(self, unit: Unit) -> bool:
        """Tell whether a unit adds a figure that is not verified to a total (≈): its staffing
        is not verified and it gives some post."""
        return self.is_estimated(unit) and any(unit.staffing.known().values())

    def rollup_estimated(self) -> bool:
        """Tell whether any staffing number in this structure or its members is an estimate."""
        return self.totals_estimated() or any(m.rollup_estimated() for m in self.members)

    def is_estimated(self, unit: Unit) -> bool:
        """Tell whether a unit's staffing numbers are not verified (an estimate, or a level
        below verified): its staffing fact, its flags, else the file's."""
        level = self.level_of(unit, "staffing")
        return level is not None and level != "verified"

    def level_of(self, unit: Unit, fact: str) -> str | None:
        """Return only the evidence level of ``fact`` of ``unit`` (see :meth:`evidence`)."""
        return resolve_level(unit, fact, file_level=self.file_level,
                             file_estimated=self.staffing_estimated)

    def is_verified(self, unit: Unit) -> bool:
        """Tell whether a unit itself (its existence and name) is verified: its ``name``
        fact, else its level, else the structure's."""
        return self.level_of(unit, "name") == "verified"

    @functools.cached_property
    def file_level(self) -> str | None:
        """The evidence level this file sets for every unit (None: none)."""
        return self.default_evidence or flag_level(None, self.verified or None)

    def evidence(self, unit: Unit, fact: str) -> Evidence:
        """Return the evidence for ``fact`` of ``unit``: the fact's own level and sources,
        else the unit's, else this file's (see :mod:`orgchart.model.evidence`).

        >>> import orgchart
        >>> u = orgchart.Unit(id="o", name="党政办", kind="office", category="party-government",
        ...                   facts={"rank": "inferred"})
        >>> s = orgchart.Structure("t", "Town", units=(u,), default_evidence="verified")
        >>> s.evidence(u, "rank").level, s.evidence(u, "name").level
        ('inferred', 'verified')
        """
        return resolve_fact(unit, fact, file_level=self.file_level,
                            file_estimated=self.staffing_estimated,
                            index=self.sources_by_id, file_sources=self.inherited_sources)

    @functools.cached_property
    def inherited_sources(self) -> tuple[Source, ...]:
        """This file's sources, else those of the nearest template that has some."""
        s: Structure | None = self
        while s is not None:
            if s.sources:
                return s.sources
            s = s.extends
        return ()

    @functools.cached_property
    def sources_by_id(self) -> dict[str, Source]:
        """The sources facts may cite by id: the units', this file's, its templates' (and a
        plan result's :attr:`citable`)."""
        chain: list[tuple[Source, ...]] = [u.sources for u in self.units]
        s: Structure | None = self
        while s is not None:
            chain.append(s.sources)
            s = s.extends
        chain.append(self.citable)
        return source_index(chain)

    def locate(self, unit_id: str, *sub: str | int, key: bool = False) -> Location:
        """Return where a unit (or one of its fields) was written, newest change first."""
        origins = self.origins.get(unit_id, ())
        for origin in origins:
            where = origin.at(*sub, key=key)
            if where is not None:
                return where
        if origins:
            return origins[-1].smap.at(origins[-1].path)
        return self.where

    def function_name(self, fid: str, lang: str = "zh") -> str:
        """Return a function's name from the catalogue (English with ``lang="en"`` when it has
        one), or its id when the catalogue lacks it."""
        fn = self.functions.get(fid)
        if fn is None:
            return fid
        return fn.name_en if lang == "en" and fn.name_en else fn.name

    def locate_outside(self, body_id: str) -> Location:
        """Return where an outside body's id was written."""
        return self.outside_where.get(body_id, self.where)

    def locate_key(self, key: str) -> Location:
        """Return where a top-level key (e.g. ``valid_to``) was written in this file."""
        return self.header.get(key, self.where)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the structure as a networkx MultiDiGraph.

        One node per unit (and per outside body, with ``outside=True``) carrying all its
        attributes; one edge per relation, keyed by relation type. Leadership edges run
        from the parent to the unit; guidance, dual leadership and stationing from the
        outside body to the unit; co-location from the unit to its partner.

        >>> import orgchart
        >>> s = orgchart.Structure("t", "Town", units=(
        ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership"),
        ...     orgchart.Unit(id="o1", name="党政办", kind="office", category="party-government",
        ...                   parent="gov")))
        >>> g = s.to_networkx()
        >>> list(g.edges(keys=True))
        [('gov', 'o1', 'leadership')]
        """
        from .graph import to_networkx

        return to_networkx(self)


def with_place(unit: Unit, place: str) -> Unit:
    """Return ``unit`` with ``{place}`` filled in its name and nameplates (itself when
    they hold none), as the loader fills a template's units and the engine an event's."""
    if "{place}" not in unit.name and not any("{place}" in n for n in unit.nameplates):
        return unit
    return unit.model_copy(update={
        "name": fill_place(unit.name, place),
        "nameplates": tuple(fill_place(n, place) for n in unit.nameplates),
    })
