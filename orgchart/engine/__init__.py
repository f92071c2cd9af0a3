"""The engine: apply a plan's change events to a working copy of the structure before.

``working`` holds the mutable state and the moves events make, ``handlers`` one small
function per event class, ``records`` what a run records (flows, fates, the outcome).
"""

from __future__ import annotations

from ..base.errors import Problem
from ..model.plan import Reorganisation
from .draft import amounts
from .handlers import apply_event
from .records import Fate, Flow, FlowKind, Outcome
from .working import Working

__all__ = ["Fate", "Flow", "FlowKind", "Outcome", "amounts", "run"]


def run(plan: Reorganisation) -> Outcome:
    """Apply the plan's events in order; return the structure after, with what happened."""
    w = Working(plan)
    for i, body in enumerate(plan.outside):
        if body.id in w.units:
            w.problems.append(Problem(
                plan.smap.at(("outside", i, "id")), "duplicate-id",
                f"outside body {body.id!r} has the id of a unit of the structure before; "
                "give the outside body another id"))
    for i, event in enumerate(plan.events):
        w.i = i
        apply_event(w, event)
    return w.outcome()
