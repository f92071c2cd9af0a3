"""What applying a plan records: each movement (flow), each unit's fate, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..base.errors import Problem
from ..model.structure import Structure

__all__ = ["Fate", "Flow", "FlowKind", "Outcome", "follow_renames"]

FlowKind = Literal["function", "staffing", "nameplate"]


@dataclass(frozen=True)
class Flow:
    """One movement made by an event.

    ``kind`` is "function", "staffing" or "nameplate" (``item`` is then the nameplate's
    text); ``source`` None means newly created, ``target`` None means ended. Unit ids that
    are not in the structure are outside bodies.
    """

    event: int
    kind: FlowKind
    item: str
    source: str | None
    target: str | None
    amount: int = 1
    lost: bool = False


@dataclass(frozen=True, order=True)
class Fate:
    """What one event did to a unit: ``what`` is the event type, ``targets`` the units that
    took its place or its functions and posts (empty when it went nowhere inside)."""

    event: int
    what: str
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """The result of applying a plan: the new structure and what happened on the way."""

    structure: Structure
    flows: tuple[Flow, ...]
    problems: tuple[Problem, ...]
    #: unit id (as it was when the event met it) -> what happened to it, in event order
    fates: dict[str, list[Fate]]
    #: old id -> new id, for each id a rename changed
    renamed: dict[str, str] = field(default_factory=dict)

    def first_ids(self, before: Structure) -> dict[str, str]:
        """Return each id a unit of ``before`` had during the plan -> its id before it."""
        return {uid: u.id for u in before.units for uid in self.follow(u.id)}

    def follow(self, unit_id: str) -> list[str]:
        """Return ``unit_id`` and the ids a rename gave it afterwards, in order."""
        return follow_renames(self.renamed, unit_id)


def follow_renames(renamed: dict[str, str], unit_id: str) -> list[str]:
    """Return ``unit_id`` and the ids renames gave it afterwards (old id -> new id), in order.

    >>> follow_renames({"a": "b", "b": "c", "x": "y"}, "a")
    ['a', 'b', 'c']
    """
    ids = [unit_id]
    while ids[-1] in renamed and renamed[ids[-1]] not in ids:
        ids.append(renamed[ids[-1]])
    return ids
