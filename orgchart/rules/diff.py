"""Find the change events that turn one structure into another."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

from ..engine import amounts
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import STRUCTURE_UPDATABLE, UNIT_UPDATABLE, Event
from ..schema.structure import Staffing, Unit

__all__ = ["diff", "normal_units", "same_units", "events_to_data", "format_events"]

_EVENT: TypeAdapter[Any] = TypeAdapter(Event)
_UPDATABLE = tuple(f for f in UNIT_UPDATABLE if f != "links")  # links: events of their own


def normal_units(s: Structure) -> dict[str, Unit]:
    """Return the units by id with list fields sorted, for order-free comparison."""
    out = {}
    for u in s.units:
        st = u.staffing
        out[u.id] = u.model_copy(update={
            "functions": tuple(sorted(u.functions)), "nameplates": tuple(sorted(u.nameplates)),
            "links": tuple(sorted(u.links, key=lambda k: (k.type, k.with_))),
            "staffing": st.model_copy(update={"actual": st.actual or None}),
        })
    return out


def same_units(a: Structure, b: Structure) -> bool:
    """Tell whether two structures hold the same units (order of lists aside)."""
    return normal_units(a) == normal_units(b)


def _ev(data: dict[str, Any]) -> Any:
    return _EVENT.validate_python(data)


def _empty(u: Unit) -> dict[str, Any]:
    return {**u.model_dump(by_alias=True, exclude_defaults=True), "functions": [],
            "staffing": {}}


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
    """Assign each removed unit to the added unit that takes most of its functions."""
    got: dict[str, list[str]] = {n: [] for n in added}
    for r in removed:
        old = a.unit(r)
        best, score = None, 0
        for n in added:
            new = b.unit(n)
            overlap = len(set(old.functions) & set(new.functions)) * 2 + (old.name == new.name)
            if overlap > score:
                best, score = n, overlap
        if best is not None:
            got[best].append(r)
    return got


def diff(a: Structure, b: Structure) -> list[Any]:
    """Return events that turn ``a`` into ``b`` (same id = same unit).

    A change of the structure's own ``staffing_estimated`` is an ``update`` without ``unit``.
    Units whose ids change are recognised through their functions and names: a removed
    unit whose functions went to a new unit is merged into it; functions and posts that
    still differ are then transferred, added, ended, approved or cut, so that applying the
    events to ``a`` gives ``b`` (see :func:`same_units`).
    """
    added = [u.id for u in b.units if u.id not in a]
    removed = [u.id for u in a.units if u.id not in b]
    events: list[Any] = []
    changed = {k: getattr(b, k) for k in STRUCTURE_UPDATABLE if getattr(a, k) != getattr(b, k)}
    if changed:  # fields of the structure itself: an 'update' without 'unit'
        events.append(_ev({"type": "update", "set": changed}))
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
            into.append({"unit": n, "new": _empty(want), "functions": takes,
                         "staffing": {t: v for t, v in share.items() if v}})
        events.append(_ev({"type": "split", "unit": r, "into": into, "end_functions": left,
                           "end_staffing": {t: v for t, v in posts.items() if v},
                           "end_nameplates": a.unit(r).nameplates}))
    renamed: dict[str, Unit] = {}  # new id -> the old unit as the rename leaves it
    for n in _parents_first(b, [n for n in added if n not in split_parts]):
        unit = b.unit(n)
        if len(sources[n]) == 1:  # one old unit became this one: a rename with a new id
            old = a.unit(sources[n][0])
            events.append(_ev({"type": "rename", "unit": old.id, "id": n, "name": unit.name}))
            renamed[n] = old.model_copy(update={"id": n, "name": unit.name})
        elif sources[n]:
            events.append(_ev({"type": "merge", "units": sources[n], "into": n,
                               "new": _empty(unit), "end_nameplates": _ended_plates(
                                   [a.unit(r) for r in sources[n]], unit)}))
        else:
            events.append(_ev({"type": "establish", "unit": _empty(unit)}))
    for u in b.units:
        if u.id in a:
            events += _field_events(a.unit(u.id), u)
        elif u.id in renamed:
            events += _field_events(renamed[u.id], u)
    merged = {r for rs in sources.values() for r in rs} | set(splits)
    depth = _depths(a, removed)
    # each later step looks at the structure the events so far give: the engine runs once
    # over each step's events, on the result of the step before
    cur = _current(a, events)
    removals = _removals(cur, b, [r for r in sorted(removed, key=lambda i: -depth[i])
                                  if r not in merged])  # children before parents
    cur = _current(cur, removals)
    functions = _function_fixups(cur, b)
    cur = _current(cur, functions)
    return [*events, *removals, *functions, *_staffing_fixups(cur, b)]


def _removals(cur: Structure, b: Structure, removed: list[str]) -> list[Any]:
    """Return how the other removed units go: their functions to the units of ``b`` that
    gain them, their posts to those units and then to others that gain posts, as far as
    they gain; what is left ends. Everything to one unit is a merge into it.

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
        posts, staffing_to = amounts(old.staffing), {}
        if (len(takers) == 1 and len(to) == len(old.functions)
                and all(post_need[takers[0]].get(t, 0) >= v for t, v in posts.items())):
            for t, v in posts.items():
                post_need[takers[0]][t] -= v
            out.append(_ev({"type": "merge", "units": [r], "into": takers[0],
                            "end_nameplates": _ended_plates([old], b.unit(takers[0]))}))
            continue
        # posts follow the functions first, then go to other units that gain posts
        for n in [*takers, *(n for n in post_need if n not in takers)]:
            share = {t: min(v, post_need[n].get(t, 0)) for t, v in posts.items()}
            share = {t: v for t, v in share.items() if v}
            if share:
                staffing_to[n] = share
                for t, v in share.items():
                    post_need[n][t] -= v
                    posts[t] -= v
        out.append(_ev({"type": "abolish", "unit": r, "functions_to": to,
                        "end_functions": [f for f in old.functions if f not in to],
                        "staffing_to": staffing_to,
                        "end_staffing": {t: v for t, v in posts.items() if v},
                        "end_nameplates": old.nameplates}))
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
    if (old.name, old.name_en, old.short_name) != (new.name, new.name_en, new.short_name):
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
    changed = {k: getattr(new, k) for k in _UPDATABLE if getattr(old, k) != getattr(new, k)}
    if set(old.links) != set(new.links):
        changed["links"] = new.links
    if changed:
        data = new.model_dump(by_alias=True, include=set(changed))
        out.append(_ev({"type": "update", "unit": new.id, "set": data}))
    return out


def _current(a: Structure, events: list[Any]) -> Structure:
    """Return the structure that ``events`` make of ``a`` (``a`` itself when there are none)."""
    return Reorganisation("diff", "diff", a, tuple(events)).apply() if events else a


def _function_fixups(cur: Structure, b: Structure) -> list[Any]:
    extra = {u.id: [f for f in u.functions if f not in b.unit(u.id).functions]
             for u in cur.units if u.id in b}
    out = []
    for u in b.units:
        have = cur.unit(u.id).functions if u.id in cur else ()
        for fn in u.functions:
            if fn in have:
                continue
            giver = next((k for k, fns in extra.items() if fn in fns), None)
            if giver is not None:
                extra[giver].remove(fn)
                out.append(_ev({"type": "transfer-functions", "functions": [fn],
                                "from": giver, "to": u.id}))
            else:
                out.append(_ev({"type": "add-functions", "unit": u.id, "functions": [fn]}))
    for unit_id, fns in extra.items():
        if fns:
            out.append(_ev({"type": "end-functions", "unit": unit_id, "functions": fns}))
    return out


def _staffing_fixups(cur: Structure, b: Structure) -> list[Any]:
    out = []
    for t in Staffing.model_fields:
        delta = {u.id: (getattr(u.staffing, t) or 0) - (getattr(cur.unit(u.id).staffing, t) or 0)
                 for u in b.units}
        givers: list[tuple[str, int]] = [(k, -v) for k, v in delta.items() if v < 0]
        for k, need in ((k, v) for k, v in delta.items() if v > 0):
            while need and givers:
                giver, spare = givers[0]
                amount = min(need, spare)
                out.append(_ev({"type": "transfer-staffing", "from": giver, "to": k,
                                "staffing": {t: amount}}))
                need -= amount
                givers[0] = (giver, spare - amount)
                if givers[0][1] == 0:
                    givers.pop(0)
            if need:
                out.append(_ev({"type": "adjust-staffing", "unit": k, "staffing": {t: need}}))
        for k, left in givers:
            out.append(_ev({"type": "adjust-staffing", "unit": k, "staffing": {t: -left}}))
    return out


def events_to_data(events: list[Any]) -> list[dict[str, Any]]:
    """Return events as plain data, as written in a plan file."""
    return [e.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"type": e.type}
            for e in events]


def format_events(events: list[Any]) -> str:
    """Return one readable line per event.

    >>> print(format_events([_ev({"type": "rename", "unit": "a", "name": "乙"})]))
    rename a: name=乙
    """
    lines = []
    for data in events_to_data(events):
        kind = data.pop("type")
        subject = data.pop("unit", None)
        if isinstance(subject, dict):
            subject = subject.get("id")
        rest = ", ".join(f"{k}={_plain(v)}" for k, v in data.items())
        lines.append(f"{kind} {subject}: {rest}" if subject else f"{kind}: {rest}")
    return "\n".join(lines)


def _plain(value: Any) -> str:
    """Write a value for reading, not as Python: lists with commas, mappings as k=v.

    >>> _plain({"links": [], "staffing": {"admin": 3}, "note": None})
    '{links=[], staffing={admin=3}, note=—}'
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return "—" if value is None else str(value)
