"""Find the change events that turn one structure into another."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

from ..base import vocab
from ..engine import amounts
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import STRUCTURE_UPDATABLE, UNIT_UPDATABLE, Event, events_to_data
from ..schema.structure import Staffing, Unit
from .guesses import Guesses

__all__ = ["diff", "normal_units", "same_units", "unknown_changes", "events_to_data"]

_EVENT: TypeAdapter[Any] = TypeAdapter(Event)
#: what explains a unit and changes nothing: diff leaves it out (no note-only events)
_QUIET = frozenset({"note", "sources"})
_UPDATABLE = tuple(f for f in UNIT_UPDATABLE if f != "links" and f not in _QUIET)
#: 领导职数: they stay with their unit (created or cut there), never moved to another
_LEAD = ("heads", "deputies")
#: the categories of bodies run from outside the township (派驻, 垂直管理)
_OUTSIDE_RUN = frozenset({"stationed", "vertical"})


def normal_units(s: Structure) -> dict[str, Unit]:
    """Return the units by id with list fields sorted, for order-free comparison.

    Notes and sources are left out: they explain a unit, and :func:`diff` writes no events
    for them.
    """
    out = {}
    for u in s.units:
        st = u.staffing
        out[u.id] = u.model_copy(update={
            "functions": tuple(sorted(u.functions)), "nameplates": tuple(sorted(u.nameplates)),
            "links": tuple(sorted(u.links, key=lambda k: (k.type, k.with_))),
            "staffing": st.model_copy(update={k: getattr(st, k) or None
                                               for k in vocab.HEADCOUNT_TYPES}),
            "note": None, "sources": (),
        })
    return out


def same_units(a: Structure, b: Structure) -> bool:
    """Tell whether two structures hold the same units (order of lists, notes and sources
    aside)."""
    return normal_units(a) == normal_units(b)


def _ev(data: dict[str, Any]) -> Any:
    return _EVENT.validate_python(data)


def _empty(u: Unit) -> dict[str, Any]:
    """Return a new unit as an event creates it: what it holds comes by events."""
    data = u.model_dump(by_alias=True, exclude_defaults=True,
                        exclude={"note", "sources", "nameplates", "links"})
    # types the unit does not give stay unknown; the others start at 0 and come by events
    unknown = {k: None for k, v in vars(u.staffing).items() if v is None}
    return {**data, "functions": [], "staffing": unknown}


def _new(a: Structure, b: Structure, n: str, moved: Iterable[str] = ()) -> dict[str, Any]:
    """Return new unit ``n`` of ``b`` as an event creates it (:func:`_empty`), with the
    functions that another unit keeps (职能交叉 in ``b``) and the event does not move in:
    an add-functions giving them afterwards is an error in the accounting."""
    skip = set(moved)
    shared = [f for f in b.unit(n).functions if f not in skip and any(
        o.id != n and o.id in a and f in o.functions and f in a.unit(o.id).functions
        for o in b.units)]
    return {**_empty(b.unit(n)), "functions": shared}


def _kinds(u: Unit) -> set[str]:
    """Return the types of establishment posts (not 领导职数) a unit holds."""
    return {t for t in amounts(u.staffing) if t not in _LEAD}


def _detach_to(a: Structure, b: Structure, u: Unit) -> str | None:
    """Return the outside body a removed unit goes on under, or None.

    A unit goes out (detach) when it is led by an outside body, when its category says it
    is run from outside (派驻, 垂直管理), or when the after lists it as an outside body; it
    goes to the outside body that leads it, else to one it is linked with.
    """
    bodies = {o.id for o in a.outside} - {x.id for x in a.units}
    listed = any(o.id == u.id for o in b.outside)
    if not (u.parent in bodies or u.category in _OUTSIDE_RUN or listed):
        return None
    for body in (u.parent, *(link.with_ for link in u.links)):
        if body in bodies:
            return body
    return None


def _splits(a: Structure, b: Structure, added: list[str], removed: list[str]
            ) -> dict[str, list[str]]:
    """Find removed units whose functions went to two or more new units, and only there."""
    takers: dict[str, list[str]] = {}
    for r in removed:
        fns = set(a.unit(r).functions)
        takers[r] = [n for n in added if fns & set(b.unit(n).functions)]
    splits = {}
    for r, parts in takers.items():
        exclusive = all(sum(n in ps for ps in takers.values()) == 1 for n in parts)
        if len(parts) >= 2 and exclusive and not a.children(r):
            splits[r] = parts
    return splits


def _sources(a: Structure, b: Structure, added: list[str], removed: list[str]
             ) -> dict[str, list[str]]:
    """Assign each removed unit to the added unit that takes most of its functions.

    Only a unit that can take its posts counts (one that holds the same types of posts:
    an institute's 事业编制 do not go into an office of 行政编制, 混编混岗).
    """
    got: dict[str, list[str]] = {n: [] for n in added}
    for r in removed:
        old = a.unit(r)
        best, score = None, 0
        for n in added:
            new = b.unit(n)
            if not _kinds(old) <= _kinds(new):
                continue
            overlap = len(set(old.functions) & set(new.functions)) * 2 + (old.name == new.name)
            if overlap > score:
                best, score = n, overlap
        if best is not None:
            got[best].append(r)
    return got


def _split_off(a: Structure, b: Structure, n: str, taken: set[str]
               ) -> tuple[str, list[str]] | None:
    """Return the kept unit that a new unit is split off from, with the functions it takes:
    every function of the new unit held before was held by that one unit, which lost it
    (and has not yet given it to another new unit: ``taken``)."""
    held = [f for f in b.unit(n).functions if any(f in u.functions for u in a.units)]
    if taken & set(held):
        return None
    givers = {u.id for u in a.units for f in held
              if f in u.functions and u.id in b and f not in b.unit(u.id).functions}
    if held and len(givers) == 1:  # a part of the same category: an office splits an office
        giver = givers.pop()
        if b.unit(n).category == a.unit(giver).category and all(
                f in a.unit(giver).functions for f in held):
            return giver, held
    return None


def diff(a: Structure, b: Structure, lang: str = "zh") -> list[Any]:
    """Return events that turn ``a`` into ``b`` (same id = same unit), as a staffing office
    would write them.

    A change of the structure's own ``staffing_estimated`` is an ``update`` without ``unit``.
    A removed unit led by an outside body or run from outside (派驻, 垂直管理) is detached to
    that body. Units whose ids change are recognised through their functions and names: a
    removed unit whose functions went to a new unit that can take its posts is merged into
    it; a new unit whose functions all came from one kept unit is split off it. Functions
    and posts that still differ are then transferred, added, ended, approved or cut;
    leadership posts (领导职数) stay with their units. Notes and sources are no events; each
    guess is explained in its event's ``note``, in ``lang`` (``zh``, or ``en``), starting with
    the marker ``推测：`` (``guessed: ``). Applying the events to ``a`` gives ``b`` (see
    :func:`same_units`), but for a staffing figure known on one side only: no amount can be
    added or cut to make it, and none is made up (:func:`unknown_changes` lists them).
    """
    say = Guesses(a, b, lang)
    added = [u.id for u in b.units if u.id not in a]
    removed = [u.id for u in a.units if u.id not in b]
    events: list[Any] = []
    changed = {k: getattr(b, k) for k in STRUCTURE_UPDATABLE if getattr(a, k) != getattr(b, k)}
    if changed:  # fields of the structure itself: an 'update' without 'unit'
        events.append(_ev({"type": "update", "set": changed}))
    detached = {}
    for r in removed:
        body = _detach_to(a, b, a.unit(r))
        if body is not None:
            detached[r] = body
    removed = [r for r in removed if r not in detached]
    splits = _splits(a, b, added, removed)
    split_parts = {n for parts in splits.values() for n in parts}
    sources = _sources(a, b, [n for n in added if n not in split_parts],
                       [r for r in removed if r not in splits])
    for r, parts in splits.items():
        left = list(a.unit(r).functions)
        posts = amounts(a.unit(r).staffing)
        into = []
        for n in parts:  # functions go to the first part holding them; posts as b has them
            want = b.unit(n)
            takes = [f for f in left if f in want.functions]
            left = [f for f in left if f not in takes]
            share = {t: min(v, getattr(want.staffing, t) or 0) for t, v in posts.items()}
            posts = {t: v - share[t] for t, v in posts.items()}
            into.append({"unit": n, "new": _new(a, b, n, takes), "functions": takes,
                         "staffing": {t: v for t, v in share.items() if v}})
        events.append(_ev({"type": "split", "unit": r, "into": into, "end_functions": left,
                           "end_staffing": {t: v for t, v in posts.items() if v},
                           "end_nameplates": a.unit(r).nameplates,
                           "note": say.note("split", units=say.units(parts))}))
    taken: set[str] = set()  # functions already split off a kept unit
    for n in _parents_first(b, [n for n in added if n not in split_parts]):
        unit = b.unit(n)
        old_ids = sources[n]
        held = {f for r in old_ids for f in a.unit(r).functions}
        others = [f for f in unit.functions if f not in held
                  and any(f in u.functions for u in a.units)]
        if len(old_ids) == 1 and not others:  # one old unit became this one: a new id
            events.append(_ev({"type": "rename", "unit": old_ids[0], "id": n, "name": unit.name,
                               "note": say.note("rename", new=say.unit(n),
                                                old=say.unit(old_ids[0]))}))
        elif old_ids:
            events.append(_ev({"type": "merge", "units": old_ids, "into": n,
                               "new": _new(a, b, n, held), "end_nameplates": _ended_plates(
                                   [a.unit(r) for r in old_ids], unit),
                               "note": say.note("merge", old=say.units(old_ids),
                                                into=say.unit(n))}))
        elif (off := _split_off(a, b, n, taken)) is not None:
            taken.update(off[1])
            events.append(_ev({"type": "split", "unit": off[0], "keep": True, "into": [
                {"unit": n, "new": _new(a, b, n, off[1]), "functions": off[1]}],
                "note": say.note("split-off", new=say.unit(n), old=say.unit(off[0]))}))
        else:
            events.append(_ev({"type": "establish", "unit": _new(a, b, n)}))
    merged = {r for rs in sources.values() for r in rs} | set(splits)
    depth = _depths(a, removed)
    # each later step looks at the structure the events so far give: the engine runs once
    # over each step's events, on the result of the step before
    cur = _current(a, events)
    fields = [e for u in b.units if u.id in cur for e in _field_events(cur.unit(u.id), u)]
    cur = _current(cur, fields)
    detaches = [_ev({"type": "detach", "unit": r, "to": body,
                     "note": say.note("detach", body=say.unit(body))})
                for r, body in sorted(detached.items(), key=lambda rb: -sum(
                    p in detached for p in _ancestors(a, rb[0])))]  # children first
    cur = _current(cur, detaches)
    removals = _removals(cur, b, say, [r for r in sorted(removed, key=lambda i: -depth[i])
                                  if r not in merged])  # children before parents
    cur = _current(cur, removals)
    functions = _function_fixups(cur, b, say)
    cur = _current(cur, functions)
    late = [e for u in b.units for e in _field_events(cur.unit(u.id), u)]
    cur = _current(cur, late)
    return [*events, *fields, *detaches, *removals, *functions, *late,
            *_staffing_fixups(cur, b, a, say)]


def unknown_changes(a: Structure, b: Structure) -> list[tuple[str, str, int | None,
                                                                 int | None]]:
    """Return (unit id, staffing type, figure in ``a``, figure in ``b``) for each figure of a
    unit in both that is known on one side only: no event says it (:func:`diff`).

    >>> from orgchart import Staffing, Structure, Unit
    >>> def town(st: Staffing) -> Structure:
    ...     return Structure("t", "t", units=(Unit(id="gov", name="镇政府", kind="government",
    ...                                           category="leadership", staffing=st),))
    >>> unknown_changes(town(Staffing(admin=3, worker=0)), town(Staffing(worker=0)))
    [('gov', 'admin', 3, None)]
    """
    return [(u.id, t, old, new) for u in b.units if u.id in a
            for t in Staffing.model_fields
            if ((old := getattr(a.unit(u.id).staffing, t)) is None)
            != ((new := getattr(u.staffing, t)) is None)]


def _removals(cur: Structure, b: Structure, say: Guesses, removed: list[str]
              ) -> list[Any]:
    """Return how the other removed units go: their functions to the units of ``b`` that
    gain them, their posts to those units and then to others that gain posts, as far as
    they gain (all to one unit when one can take them all); what is left ends, and so do
    their leadership posts. A unit whose functions all go to one unit that holds posts of
    its types is merged into it, posts and all.

    ``cur`` is the structure that the events before these give.
    """
    fn_need = {u.id: [f for f in u.functions if f not in cur.unit(u.id).functions]
               for u in b.units}
    post_need = {u.id: {t: max(v - (getattr(cur.unit(u.id).staffing, t) or 0), 0)
                        for t, v in amounts(u.staffing).items()} for u in b.units}
    out = []
    for r in removed:
        old = cur.unit(r)
        to = {}
        for fn in old.functions:
            taker = next((n for n, fns in fn_need.items() if fn in fns), None)
            if taker is not None:
                fn_need[taker].remove(fn)
                to[fn] = taker
        takers = list(dict.fromkeys(to.values()))
        posts = {t: v for t, v in amounts(old.staffing).items() if t not in _LEAD}
        staffing_to: dict[str, dict[str, int]] = {}
        if (len(takers) == 1 and len(to) == len(old.functions)
                and _kinds(old) <= _kinds(b.unit(takers[0]))):  # posts go with functions
            for t, v in posts.items():
                post_need[takers[0]][t] = max(post_need[takers[0]].get(t, 0) - v, 0)
            out.append(_ev({"type": "merge", "units": [r], "into": takers[0],
                            "end_nameplates": _ended_plates([old], b.unit(takers[0])),
                            "note": say.note("merge-all", into=say.unit(takers[0]))}))
            continue
        # posts follow the functions first, then go to other units that gain posts; a unit
        # that can take them all takes them all: one that takes the functions, else the
        # one that gains most
        order = [*takers, *(n for n in post_need if n not in takers)]
        fits = [n for n in order if posts and all(post_need[n].get(t, 0) >= v
                                                  for t, v in posts.items())]
        whole = next((n for n in fits if n in takers), None) or max(
            fits, key=lambda n: sum(post_need[n].get(t, 0) for t in posts), default=None)
        if whole is not None:
            order = [whole, *(n for n in order if n != whole)]
        for n in order:
            share = {t: min(v, post_need[n].get(t, 0)) for t, v in posts.items()}
            share = {t: v for t, v in share.items() if v}
            if share:
                staffing_to[n] = share
                for t, v in share.items():
                    post_need[n][t] -= v
                    posts[t] -= v
        ended = {t: v for t, v in amounts(old.staffing).items() if t in _LEAD}
        note = say.notes([(bool(takers), "functions-to", {"units": say.units(takers)}),
                          (bool(staffing_to), "posts-to", {"units": say.units(staffing_to)}),
                          (bool(ended), "leads-end", {})])
        out.append(_ev({"type": "abolish", "unit": r, "functions_to": to,
                        "end_functions": [f for f in old.functions if f not in to],
                        "staffing_to": staffing_to,
                        "end_staffing": {**{t: v for t, v in posts.items() if v}, **ended},
                        "end_nameplates": old.nameplates,
                        **({"note": note} if note else {})}))
    return out


def _ancestors(s: Structure, unit_id: str) -> list[str]:
    """Return the units above ``unit_id`` in ``s``, nearest first (a loop walked once)."""
    out: list[str] = []
    current = s.unit(unit_id).parent
    while current is not None and current in s and current not in out:
        out.append(current)
        current = s.unit(current).parent
    return out


def _ended_plates(merged: list[Unit], into: Unit) -> list[str]:
    """Return the nameplates a merge carries into ``into`` that ``into`` does not keep."""
    return list(dict.fromkeys(p for u in merged for p in u.nameplates
                              if p not in into.nameplates))


def _depth(s: Structure, unit_id: str) -> int:
    depth, seen, current = 0, set(), s.unit(unit_id).parent
    while current is not None and current in s and current not in seen:
        seen.add(current)
        depth += 1
        current = s.unit(current).parent
    return depth


def _depths(s: Structure, ids: Iterable[str]) -> dict[str, int]:
    """Return :func:`_depth` of each unit, walking each chain once (not once per unit)."""
    known: dict[str, int] = {}
    loops: set[str] = set()  # units in a loop or under one: their depth is not additive
    for start in ids:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current in s and current not in known \
                and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = s.unit(current).parent
        if current is not None and current in s and (current not in known or current in loops):
            known.update((i, _depth(s, i)) for i in path)  # a loop above: counted as _depth does
            loops.update(path)
            continue
        below = known[current] if current is not None and current in known else -1
        for i in reversed(path):
            below += 1
            known[i] = below
    return known


def _parents_first(b: Structure, ids: list[str]) -> list[str]:
    wanted, done, out = set(ids), set(), list[str]()
    for i in ids:
        chain: list[str] = []  # i and its wanted parents not yet placed, walked up
        current: str | None = i
        while current is not None and current not in done:
            done.add(current)
            chain.append(current)
            parent = b.unit(current).parent
            current = parent if parent in wanted else None
        out.extend(reversed(chain))
    return out


def _field_events(old: Unit, new: Unit) -> list[Any]:
    out = []
    named: set[str] = set()  # the fields the rename sets
    if (old.name, old.name_en, old.short_name) != (new.name, new.name_en, new.short_name):
        named = {k for k in ("name_en", "short_name") if getattr(new, k)}
        out.append(_ev({"type": "rename", "unit": new.id, "name": new.name,
                        **({"name_en": new.name_en} if new.name_en else {}),
                        **({"short_name": new.short_name} if new.short_name else {})}))
    if old.parent != new.parent:
        out.append(_ev({"type": "reparent", "unit": new.id, "parent": new.parent}))
    if old.rank != new.rank:
        out.append(_ev({"type": "change-rank", "unit": new.id, "rank": new.rank}))
    for plate in new.nameplates:
        if plate not in old.nameplates:
            out.append(_ev({"type": "add-nameplate", "unit": new.id, "name": plate}))
    for plate in old.nameplates:
        if plate not in new.nameplates:
            out.append(_ev({"type": "remove-nameplate", "unit": new.id, "name": plate}))
    changed = {k: getattr(new, k) for k in _UPDATABLE
               if k not in named and getattr(old, k) != getattr(new, k)}
    if set(old.links) != set(new.links):
        changed["links"] = new.links
    if changed:
        data = new.model_dump(by_alias=True, include=set(changed))
        if "links" in data:
            data["links"] = [k.model_dump(by_alias=True, exclude_defaults=True)
                             for k in new.links]
        out.append(_ev({"type": "update", "unit": new.id, "set": data}))
    return out


def _current(a: Structure, events: list[Any]) -> Structure:
    """Return the structure that ``events`` make of ``a`` (``a`` itself when there are none)."""
    return Reorganisation("diff", "diff", a, tuple(events)).apply() if events else a


def _function_fixups(cur: Structure, b: Structure, say: Guesses) -> list[Any]:
    """Return the functions still to move: from the unit that loses one to the unit that
    gains it (one event per pair of units), else added; a function a unit loses goes to a
    unit that does it afterwards, else ends."""
    extra = {u.id: [f for f in u.functions if f not in b.unit(u.id).functions]
             for u in cur.units if u.id in b}
    moves: dict[tuple[str | None, str], list[str]] = {}
    for u in b.units:
        have = cur.unit(u.id).functions if u.id in cur else ()
        for fn in u.functions:
            if fn in have:
                continue
            giver = next((k for k, fns in extra.items() if fn in fns), None)
            if giver is not None:
                extra[giver].remove(fn)
            moves.setdefault((giver, u.id), []).append(fn)
    out = []
    for (giver, taker), fns in moves.items():
        if giver is None:
            out.append(_ev({"type": "add-functions", "unit": taker, "functions": fns}))
        else:
            out.append(_ev({"type": "transfer-functions", "functions": fns, "from": giver,
                            "to": taker, "note": say.note(
                                "no-longer", giver=say.unit(giver), taker=say.unit(taker),
                                functions=say.functions(fns))}))
    for unit_id, fns in extra.items():  # a duty another unit does afterwards goes to it
        held = {f: next((u.id for u in b.units if u.id != unit_id and f in u.functions), None)
                for f in fns}
        for holder in dict.fromkeys(h for h in held.values() if h is not None):
            moved = [f for f in fns if held[f] == holder]
            out.append(_ev({"type": "transfer-functions", "functions": moved, "from": unit_id,
                            "to": holder, "note": say.note(
                                "afterwards", holder=say.unit(holder),
                                functions=say.functions(moved))}))
        ended = [f for f in fns if held[f] is None]
        if ended:
            out.append(_ev({"type": "end-functions", "unit": unit_id, "functions": ended}))
    return out


def _source_body(a: Structure, unit: Unit) -> str | None:
    """Return the outside body that posts appearing in ``unit`` come down from (下沉): one
    the unit is linked with, else the one outside body ``a`` names; None when unknown."""
    bodies = [o.id for o in a.outside if o.id not in a]
    for link in unit.links:
        if link.with_ in bodies:
            return link.with_
    return bodies[0] if len(bodies) == 1 else None


def _staffing_fixups(cur: Structure, b: Structure, a: Structure, say: Guesses
                     ) -> list[Any]:
    """Return the posts still to move: from units with posts to spare to units that need
    them (first a unit whose functions the taker took over, then one that can cover the
    whole need), then down from an outside body or approved (核增), and cuts (核减).
    Leadership posts are never moved: each unit's are created or cut in one event of its
    own."""
    moves: dict[tuple[str, str], dict[str, int]] = {}
    adjust: dict[str, dict[str, int]] = {}
    lead: dict[str, dict[str, int]] = {}
    for t in Staffing.model_fields:
        # a figure not known on either side gives no amount (unknown is not zero): see
        # unknown_changes
        delta = {u.id: new - old for u in b.units
                 if (new := getattr(u.staffing, t)) is not None
                 and (old := getattr(cur.unit(u.id).staffing, t)) is not None}
        if t in _LEAD:
            for k, v in delta.items():
                if v:
                    lead.setdefault(k, {})[t] = v
            continue
        givers: list[tuple[str, int]] = [(k, -v) for k, v in delta.items() if v < 0]
        for k, need in ((k, v) for k, v in delta.items() if v > 0):
            gave = {g for g, _ in givers if g in a and set(a.unit(g).functions)
                    & set(b.unit(k).functions) - set(b.unit(g).functions)}
            while need and givers:  # a unit that gave k functions, one that covers the need
                pick = min(range(len(givers)), key=lambda i: (
                    givers[i][0] not in gave, givers[i][1] < need, i))
                giver, spare = givers[pick]
                amount = min(need, spare)
                got = moves.setdefault((giver, k), {})
                got[t] = got.get(t, 0) + amount
                need -= amount
                givers[pick] = (giver, spare - amount)
                if givers[pick][1] == 0:
                    givers.pop(pick)
            if need:
                body = _source_body(a, b.unit(k))
                if body is None:
                    adjust.setdefault(k, {})[t] = need
                else:
                    got = moves.setdefault((body, k), {})
                    got[t] = got.get(t, 0) + need
        for k, left in givers:
            adjust.setdefault(k, {})[t] = -left
    out = []
    for (giver, taker), staffing in moves.items():
        why = (say.note("down", giver=say.unit(giver)) if giver not in cur else
               say.note("spare", giver=say.unit(giver), taker=say.unit(taker)))
        out.append(_ev({"type": "transfer-staffing", "from": giver, "to": taker,
                        "staffing": staffing, "note": why}))
    for k, staffing in adjust.items():
        out.append(_ev({"type": "adjust-staffing", "unit": k, "staffing": staffing}))
    for k, staffing in lead.items():
        out.append(_ev({"type": "adjust-staffing", "unit": k, "staffing": staffing}))
    return out
