"""Check dates by what they can mean: a year or a month is a span, not its first day.

An order is an error only when it is surely wrong (``valid_to: 2018`` against
``valid_from: 2019-06``); when the spans overlap, so that it may be wrong
(``valid_to: 2019-03`` against ``valid_from: 2019``), a warning, which fails
``validate --strict``. An unknown date is not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..base.errors import Location, Problem
from ..base.when import When
from ..model.plan import Reorganisation
from ..model.structure import Structure

__all__ = ["structure_dates", "plan_dates"]


def structure_dates(s: Structure) -> Iterator[Problem]:
    """Yield a ``date-order`` problem where a ``valid_to`` comes before its ``valid_from``."""
    yield from _order(s.locate_key("valid_to"), "structure", s.valid_from, s.valid_to)
    for u in s.units:
        yield from _order(s.locate(u.id, "valid_to"), repr(u.id), u.valid_from, u.valid_to)


def _order(where: Location, what: str, start: When | None, end: When | None
           ) -> Iterator[Problem]:
    if start is None or end is None or not start.known or not end.known:
        return
    if end.surely_before(start):
        yield Problem(where, "date-order", f"{what} valid_to {end} is before valid_from {start}")
    elif end.earliest() < start.latest():
        yield Problem(where, "date-order",
                      f"{what} valid_to {end} may be before valid_from {start} (the dates are "
                      "less precise than a day); write them more precisely if the source allows",
                      "warning")


def plan_dates(plan: Reorganisation) -> Iterator[Problem]:
    """Yield ``effective-date`` problems: a plan that takes effect before the structure it
    changes was in force (an error), or at another time than its target's ``valid_from``
    or than the end of the structure before (warnings)."""
    day = plan.effective
    if day is None or not day.known:
        return
    where = plan.smap.at(("effective",))
    before, after = plan.before, plan.after
    if before.valid_from is not None and day.surely_before(before.valid_from):
        yield Problem(where, "effective-date",
                      f"the plan takes effect {day}, before the structure it changes was in "
                      f"force (valid_from {before.valid_from} in {before.path})")
    end = before.valid_to
    if end is not None and end.known and (day.surely_before(end)
                                          or day.earliest() > _next(end.latest())):
        yield Problem(where, "effective-date",
                      f"the plan takes effect {day}, but the structure before is in force "
                      f"until {end} (valid_to in {before.path}); the plan should take "
                      "effect the day after", "warning")
    start = after.valid_from if after is not None else None
    if start is not None and start.known and not day.may_overlap(start):
        assert after is not None
        yield Problem(where, "effective-date",
                      f"the plan takes effect {day}, but its target is in force from {start} "
                      f"(valid_from in {after.path})", "warning")


def _next(day: dt.date) -> dt.date:
    return day if day == dt.date.max else day + dt.timedelta(days=1)
