"""Reorganisations: apply change events to a structure, recording every movement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Location, Problem
from .events import Event
from .model import Origin, Structure
from .schema import FunctionDef, Link, OutsideBody, Source, Staffing, Unit
from .validation import suggest
from .yamlsource import KeyPath, SourceMap

__all__ = ["Flow", "Outcome", "Reorganisation", "STAFF_FIELDS"]

STAFF_FIELDS: tuple[str, ...] = tuple(Staffing.model_fields)


@dataclass(frozen=True)
class Flow:
    """One movement made by an event.

    ``kind`` is "function" or "staffing"; ``source`` None means newly created, ``target``
    None means ended. Unit ids that are not in the structure are outside bodies.
    """

    event: int
    kind: str
    item: str
    source: str | None
    target: str | None
    amount: int = 1
    lost: bool = False


@dataclass
class Outcome:
    """The result of applying a plan: the new structure and what happened on the way."""

    structure: Structure
    flows: list[Flow]
    problems: list[Problem]
    fates: dict[str, list[tuple[int, str, tuple[str, ...]]]]
    #: old id -> new id, for each id a rename changed
    renamed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Reorganisation:
    """A reorganisation plan: the structure before, ordered events, optionally the after."""

    id: str
    name: str
    before: Structure
    events: tuple[Event, ...]
    after: Structure | None = None
    effective: dt.date | None = None
    result: Mapping[str, Any] = field(default_factory=dict)
    functions: Mapping[str, FunctionDef] = field(default_factory=dict)
    outside: tuple[OutsideBody, ...] = ()
    sources: tuple[Source, ...] = ()
    verified: bool = False
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

    def apply(self) -> Structure:
        """Return the structure after every event; the structure before is untouched."""
        return self.run().structure

    def run(self) -> Outcome:
        """Apply the events and return the structure with the movements and problems."""
        return _Engine(self).run()

    def outside_ids(self) -> set[str]:
        """Return the ids of bodies outside the structure that posts may move from or to.

        An id that is also a unit's id before the plan is the unit's (and is reported).
        """
        ids = {b.id for b in self.outside} | {b.id for b in self.before.outside}
        if self.after is not None:
            ids |= {b.id for b in self.after.outside}
        return ids - {u.id for u in self.before.units}


_M = TypeVar("_M", bound=BaseModel)


def _evolve(model: _M, changes: Mapping[str, Any]) -> _M:
    """Return ``model`` with ``changes``, like ``model_copy(update=...)`` but cheaper.

    The engine copies units a few hundred times a plan, and national runs account tens of
    thousands of plans. Our models are frozen, forbid extra keys and hold no private
    attributes, so a new ``__dict__`` is all a copy needs (checked in the tests against
    ``model_copy``).
    """
    new = model.__class__.__new__(model.__class__)
    object.__setattr__(new, "__dict__", {**model.__dict__, **changes})
    object.__setattr__(new, "__pydantic_fields_set__", model.model_fields_set | changes.keys())
    object.__setattr__(new, "__pydantic_extra__", None)
    object.__setattr__(new, "__pydantic_private__", None)
    return new


def _delta(values: Mapping[str, int], sign: int = 1) -> dict[str, int]:
    return {k: sign * v for k, v in values.items() if v}


def _plus(st: Staffing, delta: Mapping[str, int]) -> Staffing:
    """Return ``st`` with ``delta`` added (keys are checked staffing types; never below 0)."""
    changes = {key: max((getattr(st, key) or 0) + value, 0) for key, value in delta.items()}
    return _evolve(st, changes)


def _unique_links(links: list[Link], owner: str) -> tuple[Link, ...]:
    """Return ``links`` without repeats and without links of ``owner`` to itself."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for link in links:
        key = (link.type, link.with_)
        if link.with_ != owner and key not in seen:
            seen.add(key)
            kept.append(link)
    return tuple(kept)


def _amounts(st: Staffing) -> dict[str, int]:
    return {k: v for k, v in st.model_dump().items() if v}


class _Engine:
    """Run the events of one plan over a copy of the structure."""

    def __init__(self, plan: Reorganisation) -> None:
        self.plan = plan
        self.order = [u.id for u in plan.before.units]
        self.units = {u.id: u for u in plan.before.units}
        self.origins: dict[str, tuple[Origin, ...]] = dict(plan.before.origins)
        #: unit id -> event index -> the fields that event changed (origins built at the end)
        self.touched: dict[str, dict[int, set[str]]] = {}
        self.flows: list[Flow] = []
        self.problems: list[Problem] = []
        self.fates: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
        self.outside = plan.outside_ids()
        self.structure_fields: dict[str, Any] = {}  # set by 'update' events without 'unit'
        self.gone: dict[str, int] = {}  # ids of units that left the structure -> event
        self.renamed: dict[str, str] = {}  # old id -> new id, for ids changed by a rename
        self.place = plan.before.place  # fills {place} in names the events write
        self.i = 0

    # -- helpers -------------------------------------------------------------------------
    def fail(self, message: str, *sub: str | int, code: str = "event") -> None:
        self.problems.append(Problem(self.plan.where(self.i, *sub), code, message))

    def known(self, unit_id: str | None, *sub: str | int, outside_ok: bool = False) -> bool:
        if unit_id is None or unit_id in self.units or (outside_ok and unit_id in self.outside):
            return True
        pool = list(self.units) + (sorted(self.outside) if outside_ok else [])
        self.fail(f"no unit {unit_id!r} at this point of the plan{suggest(unit_id, pool)}",
                  *sub, code="unknown-unit")
        return False

    def taken(self, unit_id: str, *sub: str | int, hint: str = "use another id") -> bool:
        """Refuse a new id that a unit or an outside body has, or a unit had earlier."""
        if unit_id in self.units:
            self.fail(f"unit {unit_id!r} already exists; {hint}", *sub, code="duplicate-id")
            return True
        if unit_id in self.outside:
            self.fail(f"id {unit_id!r} is the id of an outside body; use another id", *sub,
                      code="duplicate-id")
            return True
        if unit_id in self.gone:
            self.fail(f"id {unit_id!r} belonged to a unit that left the structure "
                      f"({self.plan.where(self.gone[unit_id])}); the same id means the same "
                      "unit, so give the new unit another id", *sub, code="duplicate-id")
            return True
        return False

    def former_id(self, unit_id: str) -> str:
        """Return the id that a unit which had ``unit_id`` has now (after renames)."""
        seen = {unit_id}
        while unit_id in self.renamed and self.renamed[unit_id] not in seen:
            unit_id = self.renamed[unit_id]
            seen.add(unit_id)
        return unit_id

    def placed(self, text: str) -> str:
        """Fill ``{place}`` in a name an event writes, as the loader does in model files."""
        return text.replace("{place}", self.place) if self.place else text

    def fate(self, unit_id: str, what: str, targets: tuple[str, ...] = ()) -> None:
        self.fates.setdefault(unit_id, []).append((self.i, what, targets))

    def put(self, unit: Unit, sub: KeyPath) -> None:
        if unit.id not in self.units:
            self.order.append(unit.id)
        self.units[unit.id] = unit
        event = self.plan.event_origin(self.i)
        self.origins[unit.id] = (Origin(event.smap, (*event.path, *sub)),)
        self.touched.pop(unit.id, None)

    def create(self, unit: Unit, *sub: str | int) -> None:
        """Add a unit written in the event; what it is given there is newly created."""
        unit = _evolve(unit, {"name": self.placed(unit.name),
                              "nameplates": tuple(map(self.placed, unit.nameplates))})
        self.put(unit, sub)
        for fn in unit.functions:
            self.flows.append(Flow(self.i, "function", fn, None, unit.id))
        for key, amount in _amounts(unit.staffing).items():
            self.flows.append(Flow(self.i, "staffing", key, None, unit.id, amount))

    def drop(self, unit_id: str) -> None:
        self.order.remove(unit_id)
        del self.units[unit_id]
        self.gone[unit_id] = self.i

    def update(self, unit_id: str, **changes: Any) -> None:
        """Change fields of a unit; later findings about them point at this event."""
        self.units[unit_id] = _evolve(self.units[unit_id], changes)
        events = self.touched.setdefault(unit_id, {})
        if self.i in events:
            events[self.i].update(changes)
        else:
            events[self.i] = set(changes)

    def unit_origins(self, unit_id: str) -> tuple[Origin, ...]:
        """Return where a unit and the changes to it were written, newest change first."""
        changed = []
        for i, fields in sorted(self.touched.get(unit_id, {}).items(), reverse=True):
            event = self.plan.event_origin(i)
            if self.plan.events[i].type == "update":  # 'set:' is written like the unit
                changed.append(Origin(event.smap, (*event.path, "set")))
            else:
                changed.append(Origin(event.smap, event.path, frozenset(fields)))
        return (*changed, *self.origins.get(unit_id, ()))

    def move_functions(self, source: str, functions: tuple[str, ...] | list[str],
                       target: str | None, *sub: str | int, leaving: bool = False) -> None:
        """Move functions; ``leaving``: the source is dropped next, so it is not updated."""
        if target == source:
            self.fail(f"functions cannot move from {source!r} to itself", *sub)
            return
        held = list(self.units[source].functions)
        given: list[str] = []
        for fn in functions:
            if fn not in held:
                self.fail(f"{source!r} does not hold function {fn!r}{suggest(fn, held)}", *sub,
                          code="unknown-function")
                continue
            held.remove(fn)
            given.append(fn)
            self.flows.append(Flow(self.i, "function", fn, source, target))
        if given and target is not None and target in self.units:
            have = self.units[target].functions
            gained = tuple(dict.fromkeys(fn for fn in given if fn not in have))
            if gained:
                self.update(target, functions=have + gained)
        if not leaving:
            self.update(source, functions=tuple(held))

    def move_staffing(self, source: str | None, target: str | None,
                      delta: Mapping[str, int], *sub: str | int, leaving: bool = False) -> None:
        """Move posts; ``leaving``: the source is dropped next, so it is not updated."""
        if source is not None and target == source:
            self.fail(f"posts cannot move from {source!r} to itself", *sub)
            return
        if source is not None and source in self.units:
            have = self.units[source].staffing
            short = {k: v for k, v in delta.items() if v > (getattr(have, k) or 0)}
            if short:
                self.fail(f"{source!r} has fewer posts than this moves: "
                          + ", ".join(f"{k} {getattr(have, k) or 0} < {v}"
                                      for k, v in short.items()), *sub, code="staffing")
                return
            if not leaving:
                self.update(source, staffing=_plus(have, _delta(delta, -1)))
        if target is not None and target in self.units:
            self.update(target, staffing=_plus(self.units[target].staffing, delta))
        for key, amount in delta.items():
            if amount:
                self.flows.append(Flow(self.i, "staffing", key, source, target, amount))

    def orphans(self, unit_id: str, why: str) -> None:
        """Report the units still led by or linked to ``unit_id``, which is about to go."""
        for child in [u for u in self.units.values() if u.parent == unit_id]:
            self.fail(f"{child.id!r} is led by {unit_id!r}, which {why}; reparent it first",
                      "unit", code="orphan")
        for other in self.units.values():
            for link in other.links or ():
                if link.with_ == unit_id and other.id != unit_id:
                    self.fail(f"{other.id!r} has a {link.type} link to {unit_id!r}, which "
                              f"{why}; end or change that link first (end-co-location, or "
                              "update its links)", "unit", code="orphan")

    def repoint(self, old: str, new: str) -> None:
        """Point the other units' parents and links at ``new`` where they named ``old``."""
        for other in list(self.units.values()):
            if other.parent == old:  # a receiving unit led by the old one takes its place
                gone = self.units.get(old)
                self.update(other.id, parent=gone.parent if other.id == new and gone else new)
            if other.links and any(k.with_ == old for k in other.links):
                links = [k.model_copy(update={"with_": new}) if k.with_ == old else k
                         for k in other.links]
                self.update(other.id, links=_unique_links(links, other.id))

    def take_over(self, old: str, new: str) -> None:
        """Let ``new`` take the place of a merged unit: its children and links follow."""
        self.repoint(old, new)
        mine = self.units[old].links
        if mine:
            have = self.units[new].links
            self.update(new, links=_unique_links([*have, *mine], new))

    def lose(self, unit_id: str) -> None:
        """Record what a disappearing unit still holds: nobody takes it over."""
        left = self.units[unit_id]
        for fn in left.functions:
            self.flows.append(Flow(self.i, "function", fn, unit_id, None, lost=True))
        for key, amount in _amounts(left.staffing).items():
            self.flows.append(Flow(self.i, "staffing", key, unit_id, None, amount, lost=True))

    # -- the run -------------------------------------------------------------------------
    def run(self) -> Outcome:
        for i, body in enumerate(self.plan.outside):
            if body.id in self.units:
                self.problems.append(Problem(
                    self.plan.smap.at(("outside", i, "id")), "duplicate-id",
                    f"outside body {body.id!r} has the id of a unit of the structure before; "
                    "give the outside body another id"))
        for i, event in enumerate(self.plan.events):
            self.i = i
            handler = getattr(self, "_" + event.type.replace("-", "_"))
            handler(event)
        return Outcome(self._result(), self.flows, self.problems, self.fates, self.renamed)

    def _result(self) -> Structure:
        plan, before = self.plan, self.plan.before
        after = plan.after
        functions = {**before.functions, **(after.functions if after else {}), **plan.functions}
        kept = {b.id for b in before.outside}
        outside = {b.id: b for b in (*before.outside, *plan.outside,
                                     *(after.outside if after else ()))
                   if b.id in kept or b.id not in before}  # a clash is reported
        res = dict(plan.result)
        return Structure(
            id=str(res.get("structure") or (after.id if after else f"{before.id}-after")),
            name=str(res.get("name") or (after.name if after else before.name)),
            units=tuple(self.units[i] for i in self.order), path=plan.path,
            name_en=res.get("name_en") or (after.name_en if after else before.name_en),
            place=before.place, level=before.level, code=before.code,
            as_of=plan.effective or before.as_of, valid_from=plan.effective,
            functions=functions, kinds={**before.kinds, **(after.kinds if after else {})},
            outside=tuple(outside.values()),
            caps=after.caps if after else before.caps,
            reported=after.reported if after else before.reported,
            cap_origins=after.cap_origins if after else before.cap_origins,
            sources=plan.sources, verified=plan.verified and before.verified,
            staffing_estimated=self.structure_fields.get(
                "staffing_estimated", (after or before).staffing_estimated),
            origins={k: self.unit_origins(k) for k in self.units},
            where=plan.smap.at(("reorganisation",)),
        )

    def _establish(self, e: Any) -> None:
        if not self.taken(e.unit.id, "unit", "id"):
            self.create(e.unit, "unit")

    def _abolish(self, e: Any) -> None:
        if not self.known(e.unit, "unit"):
            return
        for fn, target in e.functions_to.items():
            if self.known(target, "functions_to", fn):
                self.move_functions(e.unit, [fn], target, "functions_to", fn)
        if e.end_functions:
            self.move_functions(e.unit, e.end_functions, None, "end_functions")
        for target, delta in e.staffing_to.items():
            if self.known(target, "staffing_to", target, outside_ok=True):
                self.move_staffing(e.unit, target, delta, "staffing_to", target)
        if e.end_staffing:
            self.move_staffing(e.unit, None, e.end_staffing, "end_staffing")
        self.lose(e.unit)
        self.fate(e.unit, "abolish", tuple(e.functions_to.values()) + tuple(e.staffing_to))
        self.orphans(e.unit, "is abolished")
        self.drop(e.unit)

    def _rename(self, e: Any) -> None:
        if not self.known(e.unit, "unit"):
            return
        new_id = e.id or e.unit
        if new_id != e.unit:  # refused as a whole: the name does not change either
            if self.former_id(new_id) == e.unit:  # the unit takes back an id it had
                del self.gone[new_id]
            elif self.taken(new_id, "id"):
                return
        changes = {"name": self.placed(e.name)}
        changes.update({k: getattr(e, k) for k in ("name_en", "short_name")
                        if getattr(e, k) is not None})
        self.update(e.unit, **changes)
        if new_id != e.unit:
            self._change_id(e.unit, new_id)
        self.fate(e.unit, "rename", (new_id,))

    def _change_id(self, old: str, new: str) -> None:
        """Give a unit a new id; its children, links and function flows follow it."""
        unit = self.units.pop(old)
        self.units[new] = unit.model_copy(update={"id": new})
        self.order[self.order.index(old)] = new
        self.gone[old] = self.i
        self.renamed[old] = new
        self.origins[new] = self.origins.pop(old, ())
        if old in self.touched:
            self.touched[new] = self.touched.pop(old)
        self.repoint(old, new)
        for fn in unit.functions:
            self.flows.append(Flow(self.i, "function", fn, old, new))
        for key, amount in _amounts(unit.staffing).items():
            self.flows.append(Flow(self.i, "staffing", key, old, new, amount))

    def _merge(self, e: Any) -> None:
        if e.new is not None:
            if self.taken(e.new.id, "new", "id", hint="drop 'new:' to merge into it"):
                return
            self.create(e.new, "new")
        if not self.known(e.into, "into"):
            return
        for j, unit_id in enumerate(e.units):
            if unit_id == e.into or not self.known(unit_id, "units", j):
                continue
            unit = self.units[unit_id]
            self.move_functions(unit_id, unit.functions, e.into, "units", j, leaving=True)
            self.move_staffing(unit_id, e.into, _amounts(unit.staffing), "units", j,
                               leaving=True)
            self.take_over(unit_id, e.into)
            self.fate(unit_id, "merge", (e.into,))
            self.drop(unit_id)
        if e.end_functions:
            self.move_functions(e.into, e.end_functions, None, "end_functions")
        if e.end_staffing:
            self.move_staffing(e.into, None, e.end_staffing, "end_staffing")

    def _split(self, e: Any) -> None:
        if not self.known(e.unit, "unit"):
            return
        targets = []
        for j, part in enumerate(e.into):
            if part.new is not None:
                if part.new.id != part.unit:
                    self.fail("'new.id' must equal 'unit'", "into", j, "new", "id")
                    continue
                if not self.taken(part.new.id, "into", j, "new", "id",
                                  hint="drop 'new:' to split into it, or use another id"):
                    self.create(part.new, "into", j, "new")
                elif part.new.id not in self.units:
                    continue  # an existing unit still takes its part; any other id is refused
            if not self.known(part.unit, "into", j, "unit"):
                continue
            targets.append(part.unit)
            self.move_functions(e.unit, part.functions, part.unit, "into", j, "functions")
            self.move_staffing(e.unit, part.unit, part.staffing, "into", j, "staffing")
        if e.end_functions:
            self.move_functions(e.unit, e.end_functions, None, "end_functions")
        if e.end_staffing:
            self.move_staffing(e.unit, None, e.end_staffing, "end_staffing")
        self.fate(e.unit, "split", tuple(targets))
        if not e.keep:
            self.lose(e.unit)
            self.orphans(e.unit, "is split away (or use 'keep: true')")
            self.drop(e.unit)

    def _transfer_functions(self, e: Any) -> None:
        if self.known(e.from_, "from") and self.known(e.to, "to"):
            self.move_functions(e.from_, e.functions, e.to, "functions")
            self.fate(e.from_, "transfer-functions", (e.to,))

    def _transfer_staffing(self, e: Any) -> None:
        if self.known(e.from_, "from", outside_ok=True) and self.known(e.to, "to",
                                                                       outside_ok=True):
            if e.from_ not in self.units and e.to not in self.units:
                self.fail(f"{e.from_!r} and {e.to!r} are both outside bodies; posts moved "
                          "between them do not concern the structure", "to")
                return
            self.move_staffing(e.from_, e.to, e.staffing, "staffing")
            self.fate(e.from_, "transfer-staffing", (e.to,))

    def _detach(self, e: Any) -> None:
        if not (self.known(e.unit, "unit") and self.known(e.to, "to", outside_ok=True)):
            return
        if e.to in self.units:
            self.fail(f"{e.to!r} is a unit of the structure; 'detach' sends a unit to an outside "
                      "body (declare it under 'outside:')", "to")
            return
        self.orphans(e.unit, "leaves the structure")
        unit = self.units[e.unit]
        self.move_functions(e.unit, unit.functions, e.to, "unit", leaving=True)
        self.move_staffing(e.unit, e.to, _amounts(unit.staffing), "unit", leaving=True)
        self.fate(e.unit, "detach", ())
        self.drop(e.unit)

    def _reparent(self, e: Any) -> None:
        if self.known(e.unit, "unit") and self.known(e.parent, "parent", outside_ok=True):
            self.update(e.unit, parent=e.parent)
            self.fate(e.unit, "reparent", (e.unit,))

    def _add_nameplate(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            plates, name = self.units[e.unit].nameplates, self.placed(e.name)
            if name in plates:
                self.fail(f"{e.unit!r} already carries nameplate {name!r}", "name")
            else:
                self.update(e.unit, nameplates=(*plates, name))

    def _remove_nameplate(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            plates, name = self.units[e.unit].nameplates, self.placed(e.name)
            if name not in plates:
                self.fail(f"{e.unit!r} carries no nameplate {name!r}"
                          f"{suggest(name, plates)}", "name")
            else:
                self.update(e.unit, nameplates=tuple(p for p in plates if p != name))

    def _begin_co_location(self, e: Any) -> None:
        if self.known(e.unit, "unit") and self.known(e.with_, "with", outside_ok=True):
            if any(k.type == "co-location" and k.with_ == e.with_
                   for k in self.units[e.unit].links):
                self.fail(f"{e.unit!r} is already co-located with {e.with_!r}", "with")
                return
            link = Link.model_validate({"type": "co-location", "with": e.with_})
            self.update(e.unit, links=(*self.units[e.unit].links, link))

    def _end_co_location(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            links = self.units[e.unit].links
            kept = tuple(k for k in links if not (k.type == "co-location" and k.with_ == e.with_))
            if len(kept) == len(links):
                self.fail(f"{e.unit!r} is not co-located with {e.with_!r}", "with")
            self.update(e.unit, links=kept)

    def _change_rank(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            self.update(e.unit, rank=e.rank)

    def _add_functions(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            have = self.units[e.unit].functions
            given = tuple(dict.fromkeys(e.functions))  # a function listed twice is given once
            for fn in given:
                self.flows.append(Flow(self.i, "function", fn, None, e.unit))
            self.update(e.unit, functions=have + tuple(f for f in given if f not in have))

    def _end_functions(self, e: Any) -> None:
        if self.known(e.unit, "unit"):
            self.move_functions(e.unit, e.functions, None, "functions")

    def _adjust_staffing(self, e: Any) -> None:
        if not self.known(e.unit, "unit"):
            return
        cuts = {k: -v for k, v in e.staffing.items() if v < 0}
        adds = {k: v for k, v in e.staffing.items() if v > 0}
        if cuts:
            self.move_staffing(e.unit, None, cuts, "staffing")
        if adds:
            self.move_staffing(None, e.unit, adds, "staffing")

    def _update(self, e: Any) -> None:
        if e.unit is None:
            self.structure_fields.update(e.set)
            return
        if not self.known(e.unit, "unit"):
            return
        data = self.units[e.unit].model_dump(by_alias=True)
        data.update(e.set)
        try:
            unit = Unit.model_validate(data)
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            where = ".".join(str(x) for x in first["loc"])
            key = first["loc"][0] if first["loc"] and first["loc"][0] in e.set else None
            self.fail(f"update of {e.unit!r} is not valid: {where}: {first['msg']}", "set",
                      *((str(key),) if key is not None else ()))
            return
        fields = {name: getattr(unit, name) for name, info in Unit.model_fields.items()
                  if name in e.set or info.alias in e.set}
        self.update(e.unit, **fields)  # so that findings about them point at this event
