"""A history as a ledger: the state after each change in force, and each body's spells.

A body is a unit of a structure (key ``(structure, unit)``) or a member structure of a
county (key ``(county, member)``). Its spells are the stretches it existed: from the change
that made it (or the history's start) to the change that ended it (or open). Planned and
repealed changes are not applied (:attr:`History.in_force`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..base.errors import ModelError, errors_in
from ..base.when import When
from ..model.history import Change, History
from ..model.structure import Structure
from ..schema.structure import Unit
from .timeline import replay

__all__ = ["Body", "Moment", "Spell", "bodies", "moments", "spells"]

Key = tuple[str, str]


@dataclass(frozen=True)
class Moment:
    """The state of the history after ``change`` (None: the start) took effect on ``when``."""

    change: Change | None
    when: When | None
    state: Structure


@dataclass(frozen=True)
class Body:
    """A body in one state: the structure that holds it, and the unit (None for a member
    structure, which is ``member``)."""

    holder: Structure
    unit: Unit | None = None
    member: Structure | None = None

    @property
    def name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        assert self.member is not None
        return self.member.name


@dataclass(frozen=True)
class Spell:
    """A stretch a body existed: ``start`` (None: before the history or unknown) and
    ``end`` (None: still there at the end of the history), the change that began and ended
    it (None: the start, or still there)."""

    start: When | None
    end: When | None
    began: Change | None = None
    ended: Change | None = None
    #: the spell ended because its structure did (a town merged into a new one whose units
    #: are not known): what became of the body is not recorded, it was not abolished
    untracked: bool = False


def moments(history: History) -> list[Moment]:
    """Return the start and the state after each change in force, in order.

    Raises:
        ModelError: a change cannot be applied.
    """
    out = [Moment(None, history.start_date, history.start)]
    for applied in replay(history, history.in_force):
        errors = errors_in(applied.problems)
        if errors:
            raise ModelError(errors)
        out.append(Moment(applied.change, applied.change.when, applied.state))
    return out


def bodies(state: Structure) -> dict[Key, Body]:
    """Return every body in ``state``, its members' units included, in declared order."""
    return dict(_bodies(state))


def _bodies(s: Structure) -> Iterator[tuple[Key, Body]]:
    for u in s.units:
        yield (s.id, u.id), Body(s, unit=u)
    for m in s.members:
        yield (s.id, m.id), Body(s, member=m)
        yield from _bodies(m)


def spells(history: History, ledger: list[Moment] | None = None) -> dict[Key, list[Spell]]:
    """Return each body's spells, in the order bodies first appear."""
    ledger = moments(history) if ledger is None else ledger
    out: dict[Key, list[Spell]] = {}
    alive: set[Key] = set()
    for moment in ledger:
        here = bodies(moment.state)
        now = set(here)
        structures = {moment.state.id} | {k[1] for k, b in here.items() if b.unit is None}
        for key in sorted(alive - now):
            last = out[key][-1]
            out[key][-1] = Spell(last.start, moment.when or When.unknown(), last.began,
                                 moment.change, untracked=key[0] not in structures)
        for key in bodies(moment.state):
            if key not in alive:
                out.setdefault(key, []).append(Spell(moment.when, None, moment.change))
        alive = now
    return out
