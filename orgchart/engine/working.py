"""The engine's working copy: the units of a plan under edit, and the moves events make.

Units are edited as plain mutable records (:class:`Draft`) while a plan runs; each is
validated and frozen once, at the end (:meth:`Working.result`), instead of a frozen copy
per change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from ..base.errors import Problem
from ..base.text import fill_place, suggest
from ..model.evidence import weakest
from ..model.plan import Reorganisation
from ..model.structure import Origin, Structure, with_place
from ..schema.events import Establish, Event, Merge, Rename, Split
from ..schema.structure import Link, Source, Unit
from .draft import Draft, amounts
from .records import Fate, Flow, Outcome, follow_renames

__all__ = ["Working", "created_by"]


def created_by(event: Event) -> tuple[str, ...]:
    """Return the ids of the units an event creates (or gives a unit, for a rename)."""
    if isinstance(event, Establish):
        return (event.unit.id,)
    if isinstance(event, Merge):
        return (event.new.id,) if event.new is not None else ()
    if isinstance(event, Split):
        return tuple(p.new.id for p in event.into if p.new is not None)
    if isinstance(event, Rename):
        return (event.id,) if event.id is not None else ()
    return ()


#: what a unit holds by name: its field, and how a missing one is reported
_HELD: dict[str, tuple[str, str, str]] = {
    "function": ("functions", "does not hold function", "unknown-function"),
    "nameplate": ("nameplates", "carries no nameplate", "unknown-nameplate"),
}


class Working:
    """The state of one plan's run: the units so far, and what happened on the way."""

    def __init__(self, plan: Reorganisation) -> None:
        self.plan = plan
        self.units: dict[str, Draft] = {u.id: Draft(u) for u in plan.before.units}
        self.order = list(self.units)
        self.origins: dict[str, tuple[Origin, ...]] = dict(plan.before.origins)
        #: unit id -> event index -> the fields that event changed (origins built at the end)
        self.touched: dict[str, dict[int, set[str]]] = {}
        self.flows: list[Flow] = []
        self.problems: list[Problem] = []
        self.fates: dict[str, list[Fate]] = {}
        self.outside = plan.outside_ids()
        self.structure_fields: dict[str, Any] = {}  # set by 'update' events without 'unit'
        self.gone: dict[str, int] = {}  # ids of units that left the structure -> event
        self.renamed: dict[str, str] = {}  # old id -> new id, for ids changed by a rename
        self.renames: dict[str, int] = {}  # unit id (now) -> the event that first renamed it
        self.place = plan.before.place  # fills {place} in names the events write
        self.i = 0  # the event being applied

    # -- findings ------------------------------------------------------------------------
    def fail(self, message: str, *sub: str | int, code: str = "event") -> None:
        """Report a problem located at the current event (or a field inside it)."""
        self.problems.append(Problem(self.plan.where(self.i, *sub), code, message))

    def known(self, unit_id: str | None, *sub: str | int, outside_ok: bool = False) -> bool:
        """Tell whether ``unit_id`` is a unit now (or an outside body); report it if not."""
        if unit_id is None or unit_id in self.units or (outside_ok and unit_id in self.outside):
            return True
        later = self.created_later(unit_id)
        if later is not None:
            where = self.plan.where(later)
            self.fail(f"no unit {unit_id!r} at this point of the plan: it is created later, "
                      f"at line {where.line} ({where}); move this event after that one",
                      *sub, code="unknown-unit")
            return False
        pool = list(self.units) + (sorted(self.outside) if outside_ok else [])
        self.fail(f"no unit {unit_id!r} at this point of the plan{suggest(unit_id, pool)}",
                  *sub, code="unknown-unit")
        return False

    def created_later(self, unit_id: str) -> int | None:
        """Return the first event after the current one that creates ``unit_id``, if any."""
        for i in range(self.i + 1, len(self.plan.events)):
            if unit_id in created_by(self.plan.events[i]):
                return i
        return None

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

    def fate(self, unit_id: str, what: str, targets: tuple[str, ...] = ()) -> None:
        """Record what the current event did to a unit."""
        self.fates.setdefault(unit_id, []).append(Fate(self.i, what, targets))

    # -- units ---------------------------------------------------------------------------
    def former_id(self, unit_id: str) -> str:
        """Return the id that a unit which had ``unit_id`` has now (after renames)."""
        return follow_renames(self.renamed, unit_id)[-1]

    def placed(self, text: str) -> str:
        """Fill ``{place}`` in a name an event writes, as the loader does in model files."""
        return fill_place(text, self.place)

    def create(self, unit: Unit, *sub: str | int) -> None:
        """Add a unit written in the event; what it is given there is newly created."""
        draft = Draft(with_place(unit, self.place) if self.place else unit, created=True)
        if unit.id not in self.units:
            self.order.append(unit.id)
        self.units[unit.id] = draft
        event = self.plan.event_origin(self.i)
        self.origins[unit.id] = (Origin(event.smap, (*event.path, *sub)),)
        self.touched.pop(unit.id, None)
        self.record(draft, None, unit.id)

    def drop(self, unit_id: str) -> None:
        """Take a unit out of the structure (its id may not name another unit later)."""
        self.order.remove(unit_id)
        del self.units[unit_id]
        self.gone[unit_id] = self.i

    def mark(self, unit_id: str, fields: Iterable[str]) -> None:
        """Remember that the current event changed these fields (findings point at it)."""
        events = self.touched.setdefault(unit_id, {})
        events.setdefault(self.i, set()).update(fields)

    def update(self, unit_id: str, **changes: Any) -> None:
        """Change fields of a unit; later findings about them point at this event."""
        self.units[unit_id].set(changes)
        self.mark(unit_id, changes)

    def change_id(self, old: str, new: str) -> None:
        """Give a unit a new id; its children, links and function flows follow it."""
        draft = self.units.pop(old)
        draft.set({"id": new})
        self.units[new] = draft
        self.order[self.order.index(old)] = new
        self.gone[old] = self.i
        self.renamed[old] = new
        self.origins[new] = self.origins.pop(old, ())
        if old in self.touched:
            self.touched[new] = self.touched.pop(old)
        self.repoint(old, new)
        self.record(draft, old, new)

    def record(self, draft: Draft, source: str | None, target: str | None,
               lost: bool = False) -> None:
        """Record that everything ``draft`` holds (functions, posts, nameplates) moves from
        ``source`` (None: newly created) to ``target`` (None: ended, or ``lost``)."""
        for fn in draft.functions:
            self.flows.append(Flow(self.i, "function", fn, source, target, lost=lost))
        for key, amount in amounts(draft.posts).items():
            self.flows.append(Flow(self.i, "staffing", key, source, target, amount, lost))
        for plate in draft.nameplates:
            self.flows.append(Flow(self.i, "nameplate", plate, source, target, lost=lost))

    # -- moves ---------------------------------------------------------------------------
    def move_functions(self, source: str, functions: Iterable[str], target: str | None,
                       *sub: str | int, leaving: bool = False) -> None:
        """Move functions; ``leaving``: the source is dropped next, so it is not updated."""
        self._move_held("function", source, functions, target, sub, leaving)

    def move_nameplates(self, source: str, names: Iterable[str], target: str | None,
                        *sub: str | int, leaving: bool = False) -> None:
        """Move nameplates (挂牌) from ``source`` to ``target`` (None: they end; an outside
        body: they leave with the unit); ``leaving``: the source is dropped next."""
        self._move_held("nameplate", source, map(self.placed, names), target, sub, leaving)

    def _move_held(self, kind: Literal["function", "nameplate"], source: str,
                   items: Iterable[str], target: str | None, sub: tuple[str | int, ...],
                   leaving: bool) -> None:
        """Move what a unit holds by name (functions, nameplates), recording each move."""
        field, verb, code = _HELD[kind]
        if target == source:
            self.fail(f"{field} cannot move from {source!r} to itself", *sub)
            return
        held = list(getattr(self.units[source], field))
        given: list[str] = []
        for item in items:
            if item not in held:
                self.fail(f"{source!r} {verb} {item!r}{suggest(item, held)}", *sub, code=code)
                continue
            held.remove(item)
            given.append(item)
            self.flows.append(Flow(self.i, kind, item, source, target))
        if given and target is not None and target in self.units:
            have = getattr(self.units[target], field)
            gained = tuple(dict.fromkeys(x for x in given if x not in have))
            if gained:
                self.update(target, **{field: have + gained})
        if given and not leaving:
            self.update(source, **{field: tuple(held)})

    def move_staffing(self, source: str | None, target: str | None,
                      delta: Mapping[str, int], *sub: str | int, leaving: bool = False) -> None:
        """Move posts; ``leaving``: the source is dropped next, so it is not updated."""
        if source is not None and target == source:
            self.fail(f"posts cannot move from {source!r} to itself", *sub)
            return
        if source is not None and source in self.units:
            have = self.units[source].posts  # an unknown number: the move cannot be checked
            short = {k: v for k, v in delta.items() if v > _known(have[k], v)}
            if short:
                self.fail(f"{source!r} has fewer posts than this moves: "
                          + ", ".join(f"{k} {have[k] or 0} < {v}" for k, v in short.items()),
                          *sub, code="staffing")
                return
            if not leaving:
                self.units[source].add_posts({k: -v for k, v in delta.items() if v})
                self.mark(source, ("staffing",))
        if target is not None and target in self.units:
            self.units[target].add_posts(delta)
            self.mark(target, ("staffing",))
        for key, amount in delta.items():
            if amount:
                self.flows.append(Flow(self.i, "staffing", key, source, target, amount))

    def lose(self, unit_id: str) -> None:
        """Record what a disappearing unit still holds: nobody takes it over."""
        self.record(self.units[unit_id], unit_id, None, lost=True)

    # -- the tree and the links ----------------------------------------------------------
    def orphans(self, unit_id: str, why: str) -> None:
        """Report the units still led by or linked to ``unit_id``, which is about to go."""
        for child in [u for u in self.units.values() if u.parent == unit_id]:
            self.fail(f"{child.id!r} is led by {unit_id!r}, which {why}; reparent it first",
                      "unit", code="orphan")
        for other in self.units.values():
            for link in other.links:
                if link.with_ == unit_id and other.id != unit_id:
                    self.fail(f"{other.id!r} has a {link.type} link to {unit_id!r}, which "
                              f"{why}; end or change that link first (end-co-location, or "
                              "update its links)", "unit", code="orphan")

    def repoint(self, old: str, new: str) -> None:
        """Point the other units' parents and links at ``new`` where they named ``old``."""
        for other in list(self.units.values()):
            values = other.values
            if values["parent"] == old:  # a receiving unit led by the old one takes its place
                gone = self.units.get(old)
                self.update(other.id, parent=gone.parent if other.id == new and gone else new)
            links = values["links"]
            if links and any(k.with_ == old for k in links):
                links = [k.model_copy(update={"with_": new}) if k.with_ == old else k
                         for k in links]
                self.update(other.id, links=unique_links(links, other.id))

    def take_over(self, old: str, new: str) -> None:
        """Let ``new`` take the place of a merged unit: its children and links follow."""
        self.repoint(old, new)
        mine = self.units[old].links
        if mine:
            have = self.units[new].links
            self.update(new, links=unique_links([*have, *mine], new))

    # -- the end -------------------------------------------------------------------------
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

    def outcome(self) -> Outcome:
        """Freeze the units and return the structure after the plan with what happened."""
        return Outcome(self.result(), tuple(self.flows), tuple(self.problems), self.fates,
                       self.renamed)

    def result(self) -> Structure:
        """Return the structure after the plan: each unit validated and frozen once."""
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
            units=tuple(self.units[i].freeze() for i in self.order), path=plan.path,
            name_en=res.get("name_en") or (after.name_en if after else before.name_en),
            place=before.place, level=before.level, code=before.code,
            as_of=plan.effective or before.as_of, valid_from=plan.effective,
            functions=functions, kinds={**before.kinds, **(after.kinds if after else {})},
            outside=tuple(outside.values()),
            caps=after.caps if after else before.caps,
            reported=after.reported if after else before.reported,
            cap_origins=after.cap_origins if after else before.cap_origins,
            sources=plan.sources, verified=plan.verified and before.verified,
            citable=(*before.citable, *_declared(before)),
            default_evidence=weakest(plan.file_level, before.file_level),
            staffing_estimated=self.structure_fields.get(
                "staffing_estimated", (after or before).staffing_estimated),
            origins=_Origins(self, tuple(self.units)),
            where=plan.smap.at(("reorganisation",)),
        )


def _declared(s: Structure) -> tuple[Source, ...]:
    """The sources of ``s``'s file and templates, which its units' facts may cite by id."""
    out: list[Source] = []
    t: Structure | None = s
    while t is not None:
        out.extend(t.sources)
        t = t.extends
    return tuple(out)


class _Origins(Mapping[str, tuple[Origin, ...]]):
    """Where each unit of the result was written, worked out when first asked for: most
    plans are accounted without a finding, so most units are never located."""

    def __init__(self, working: Working, ids: tuple[str, ...]) -> None:
        self._working: Working | None = working
        self._ids = ids
        self._done: dict[str, tuple[Origin, ...]] = {}

    def __getitem__(self, unit_id: str) -> tuple[Origin, ...]:
        if unit_id not in self._done:
            if self._working is None or unit_id not in self._ids:
                raise KeyError(unit_id)
            self._done[unit_id] = self._working.unit_origins(unit_id)
            if len(self._done) == len(self._ids):
                self._working = None  # all known: the working copy may go
        return self._done[unit_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def unique_links(links: list[Link], owner: str) -> tuple[Link, ...]:
    """Return ``links`` without repeats and without links of ``owner`` to itself."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for link in links:
        key = (link.type, link.with_)
        if link.with_ != owner and key not in seen:
            seen.add(key)
            kept.append(link)
    return tuple(kept)


def _known(have: int | None, otherwise: int) -> int:
    """Return the posts a unit is known to have (``otherwise`` when not known)."""
    return otherwise if have is None else have
