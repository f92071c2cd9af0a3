"""Apply a history's changes: the structure in force on a date, change by change.

A change's unit events run through the engine as a plan on the structure it names (the
start, or a member); ``merge-structures`` and ``rename-structure`` change a county's
member list here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from ..base.errors import ModelError, Problem, errors_in
from ..base.when import When
from ..model.history import Assume, Change, History
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import MEMBER_EVENT_TYPES, Event, MergeStructures, RenameStructure
from . import run
from .records import Outcome

__all__ = ["Applied", "changes_until", "replay", "state_at", "apply_change"]


@dataclass(frozen=True)
class Applied:
    """One change applied: the state after it, the plans its unit events ran as (with their
    outcomes), and what went wrong."""

    change: Change
    state: Structure
    runs: tuple[tuple[Reorganisation, Outcome], ...]
    problems: tuple[Problem, ...]


def changes_until(history: History, when: When, assume: Assume | None = None
                  ) -> list[Change]:
    """Return the changes in force on ``when``, in order.

    Raises:
        ModelError: ``when`` is surely before the history's start (its ``as_of``).
        ModelError: a change's date may fall on either side of ``when`` and ``assume`` does
            not say how to take it.
    """
    start = history.start_date
    if start is not None and start.known and when.surely_before(start):
        raise ModelError([Problem(history.smap.at(("as_of",)), "before-start", (
            f"{when} is before the start of history {history.id!r} ({start}): it does not "
            f"say what was in force then; ask for {start} or a later date"))])
    taken: list[Change] = []
    for change in history.in_force:
        date = change.when or When.unknown()
        if date.known and date.latest() <= when.earliest():
            taken.append(change)
        elif date.known and date.earliest() > when.latest():
            continue
        elif assume == "before":
            taken.append(change)
        elif assume is None:
            key = ("effective" if change.effective is not None else
                   "approved" if change.approved is not None else "id")
            raise ModelError([Problem(change.where(key), "ambiguous-date", (
                f"change {change.id!r} takes effect {date}, which may be before or after "
                f"{when}; ask for a date outside it, make the change's date more precise, or "
                "say how to take it (--assume before / --assume after)"))])
    return taken


def state_at(history: History, when: When, assume: Assume | None = None) -> Structure:
    """Return the structure in force on ``when`` (see :meth:`History.as_of`)."""
    state = history.start
    for applied in replay(history, changes_until(history, when, assume)):
        errors = errors_in(applied.problems)
        if errors:
            raise ModelError(errors)
        state = applied.state
    return dataclasses.replace(state, as_of=when)


def replay(history: History, changes: list[Change] | tuple[Change, ...],
           start: Structure | None = None) -> Iterator[Applied]:
    """Apply ``changes`` in order to ``start`` (default: the history's start); yield each."""
    state = history.start if start is None else start
    for change in changes:
        applied = apply_change(history, state, change)
        yield applied
        if not errors_in(applied.problems):
            state = applied.state


def apply_change(history: History, state: Structure, change: Change) -> Applied:
    """Apply one change to ``state`` (the whole tree: the start and its members)."""
    target_id = change.structure or state.id
    target = _find(state, target_id)
    if target is None:
        ids = ", ".join(sorted(_ids(state)))
        return Applied(change, state, (), (Problem(
            change.where("structure"), "unknown-structure",
            f"no structure {target_id!r} in the history at this change (there are: {ids}); "
            "name one of them"),))
    problems: list[Problem] = []
    runs: list[tuple[Reorganisation, Outcome]] = []
    for group in _groups(change):
        if group[0][1].type in MEMBER_EVENT_TYPES:
            for i, event in group:
                target = _member_event(change, target, i, event, problems)
            continue
        plan = _as_plan(history, change, target, group)
        out = run(plan)
        runs.append((plan, out))
        problems.extend(out.problems)
        target = dataclasses.replace(
            out.structure, members=target.members, path=target.path, where=target.where,
            valid_from=target.valid_from, valid_to=target.valid_to, as_of=change.when,
            code=target.code, level=target.level, name_en=target.name_en,
            template=False)
    return Applied(change, _put(state, target), tuple(runs), tuple(problems))


def _groups(change: Change) -> list[list[tuple[int, Event]]]:
    """Split the events into runs of member-list events and of unit events, in order."""
    groups: list[list[tuple[int, Event]]] = []
    for i, event in enumerate(change.events):
        member = event.type in MEMBER_EVENT_TYPES
        if groups and (groups[-1][0][1].type in MEMBER_EVENT_TYPES) == member:
            groups[-1].append((i, event))
        else:
            groups.append([(i, event)])
    return groups


def _as_plan(history: History, change: Change, target: Structure,
             group: list[tuple[int, Event]]) -> Reorganisation:
    plan = change.plan
    return Reorganisation(
        id=change.id, name=target.name, before=target,
        events=tuple(e for _, e in group), effective=change.when,
        result={"structure": target.id, "name": target.name},
        functions=plan.functions if plan else {}, outside=plan.outside if plan else (),
        sources=change.sources or history.sources,
        default_evidence=change.evidence or history.default_evidence,
        path=plan.path if plan else history.path,
        smap=plan.smap if plan else change.smap,
        event_origins=tuple(change.event_origins[i] for i, _ in group))


def _member_event(change: Change, target: Structure, i: int, event: Event,
                  problems: list[Problem]) -> Structure:
    members = {m.id: m for m in target.members}

    def where(*sub: str | int) -> Problem:
        origin = change.event_origins[i]
        return Problem(origin.smap.at((*origin.path, *sub)), "unknown-structure",
                       f"no member {sub and event_id(sub)!r} of {target.id!r} at this "
                       f"change (members: {', '.join(members) or 'none'}); name one of them")

    def event_id(sub: tuple[str | int, ...]) -> str:
        if isinstance(event, MergeStructures):
            return event.from_[int(sub[1])]
        assert isinstance(event, RenameStructure)
        return event.structure

    if isinstance(event, RenameStructure):
        if event.structure not in members:
            problems.append(where("structure"))
            return target
        old = members[event.structure]
        new = dataclasses.replace(old, name=event.name or old.name,
                                  code=event.code if event.code is not None else old.code,
                                  level=event.level or old.level)
        return dataclasses.replace(target, members=tuple(
            new if m.id == old.id else m for m in target.members))
    assert isinstance(event, MergeStructures)
    missing = [k for k, f in enumerate(event.from_) if f not in members]
    if missing:
        problems.extend(where("from", k) for k in missing)
        return target
    into = event.into
    if into.structure in members and into.structure not in event.from_:
        origin = change.event_origins[i]
        problems.append(Problem(origin.smap.at((*origin.path, "into", "structure")),
                                "duplicate-id", f"{into.structure!r} is already another "
                                "member; list it under 'from:' or give the merged town a new id"))
        return target
    base = members.get(into.structure)
    merged = (dataclasses.replace(base, name=into.name, code=into.code or base.code,
                                  level=into.level or base.level, name_en=into.name_en)
              if base is not None else
              # a new town: its units are not known from the merger itself
              Structure(id=into.structure, name=into.name, units=(), code=into.code,
                        level=into.level, name_en=into.name_en, as_of=change.when,
                        valid_from=change.when, path=target.path, where=target.where))
    first = next(m.id for m in target.members if m.id in event.from_)
    kept = tuple(merged if m.id == first else m for m in target.members
                 if m.id == first or m.id not in event.from_)
    return dataclasses.replace(target, members=kept)


def _find(state: Structure, sid: str) -> Structure | None:
    if state.id == sid:
        return state
    for m in state.members:
        found = _find(m, sid)
        if found is not None:
            return found
    return None


def _ids(state: Structure) -> Iterator[str]:
    yield state.id
    for m in state.members:
        yield from _ids(m)


def _put(state: Structure, new: Structure) -> Structure:
    if state.id == new.id:
        return new
    if not any(True for _ in _ids(state) if _ == new.id):
        return state
    return dataclasses.replace(state, members=tuple(_put(m, new) for m in state.members))
