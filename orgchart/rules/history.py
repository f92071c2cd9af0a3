"""Check a history (沿革): dates in order, successors, where functions go, ids over time.

Each rule is a small generator of located problems, as in :mod:`orgchart.rules.checks`;
the changes are also applied in order and each one's unit events accounted as a plan
(once for histories of one shape: the same changes from starts of one shape, as the
towns of a national model; see :func:`orgchart.rules.shapes.known_replay`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..base.errors import Location, Problem, sort_problems
from ..engine.timeline import replay
from ..model.history import Change, History, Step
from ..schema.events import Event, Merge, MergeStructures, Rename, Split
from .accounting import account
from .shapes import known_replay, remember_replay

__all__ = ["HISTORY_CHECKS", "check_history"]

HISTORY_CHECKS: dict[str, str] = {
    "change-order": "a change takes effect surely before the change written above it",
    "effective-before-approved": "a change takes effect surely before it is approved",
    "no-date": "a change says neither when it was approved nor when it takes effect",
    "successors": "a merged or renamed body has more than one successor, or a split fewer "
                  "than two parts",
    "id-reused": "an id names a body that a change created after another body with that id "
                 "had gone",
    "ambiguous-date": "a change's date may fall on either side of the date asked for",
}


def check_history(history: History) -> list[Problem]:
    """Return every problem of ``history``, sorted by file, line and column: the rules
    above, and what applying each change and accounting its events finds."""
    found: list[Problem] = []
    for rule in _RULES:
        found.extend(rule(history))
    applied_found = known_replay(history)  # towns with the same changes: found once
    if applied_found is None:
        applied_found = []
        for applied in replay(history, history.in_force):
            if not applied.runs:
                applied_found.extend(applied.problems)
            for plan, outcome in applied.runs:  # accounted from the run that applied it
                applied_found.extend(account(plan, outcome=outcome).problems)
        remember_replay(history, applied_found)
    found.extend(applied_found)
    return sort_problems(_unique(found))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for p in problems:
        seen.setdefault(str(p), p)
    return list(seen.values())


def _dates(history: History) -> Iterator[Problem]:
    latest: Change | None = None
    for change in history.changes:
        when = change.when
        if when is None:
            yield Problem(change.where("id"), "no-date", f"change {change.id!r} has no date; "
                          "write 'approved:' or 'effective:' (unknown, or about 2019, when "
                          "that is all that is known)")
            continue
        a, e = change.approved, change.effective
        if a is not None and e is not None and e.surely_before(a):
            yield Problem(change.where("effective"), "effective-before-approved",
                          f"change {change.id!r} takes effect {e}, before it is approved ({a}); "
                          "correct one of the dates")
        if latest is not None and latest.when is not None and when.surely_before(latest.when):
            key = "effective" if e is not None else "approved"
            yield Problem(change.where(key), "change-order",
                          f"change {change.id!r} ({when}) comes before change {latest.id!r} "
                          f"({latest.when}) written above it; keep the changes in date order")
        if latest is None or latest.when is None or when.sort_key() >= latest.when.sort_key():
            latest = change


def _at(step: Step, *sub: str | int) -> Location:
    change = step.change
    j = next(k for k, e in enumerate(change.events) if e is step.event)
    origin = change.event_origins[j]
    path = (*origin.path, *sub)
    return origin.smap.at(path if origin.smap.has(path) else origin.path)


def _successors(history: History) -> Iterator[Problem]:
    first: dict[tuple[str, str], Step] = {}
    for step in history.steps():
        if isinstance(step.event, Split) and step.kind == "split":
            parts = len(step.event.into) + int(step.event.keep)
            if parts < 2:
                yield Problem(_at(step, "into"), "successors",
                              f"split of {step.source[1]!r} into one body: a split has at least "
                              "two (the parts, and the unit itself with keep: true); write a "
                              "rename or a transfer instead")
        if step.kind not in ("merge", "rename", "merge-structures") or not step.targets:
            continue
        if step.targets[0] == step.source:  # a unit merged into itself stays
            continue
        before = first.get(step.source)
        if before is not None:
            yield Problem(_at(step), "successors",
                          f"{step.source[1]!r} already became {before.targets[0][1]!r} in "
                          f"change {before.change.id!r}; a merged or renamed body has exactly "
                          "one successor")
        else:
            first[step.source] = step


def _gone_by(event: Event, step: Step) -> bool:
    if isinstance(event, (Merge, MergeStructures, Rename)):
        return bool(step.targets) and step.targets[0] != step.source
    if isinstance(event, Split):
        return not event.keep
    return event.type in ("abolish", "detach")


def _created(step: Step) -> tuple[tuple[str, str], ...]:
    event = step.event
    if step.kind in ("establish", "merged-into") or isinstance(event, Rename):
        return step.targets if isinstance(event, Rename) else (step.source,)
    if isinstance(event, Split):
        return tuple(t for t, p in zip(step.targets, event.into, strict=True) if p.new is not None)
    return ()


def _ids_over_time(history: History) -> Iterator[Problem]:
    gone: dict[tuple[str, str], Step] = {}
    for step in history.steps():
        for key in _created(step):
            was = gone.get(key)
            if was is not None:
                yield Problem(_at(step), "id-reused",
                              f"id {key[1]!r} named another body until change "
                              f"{was.change.id!r}; give the new body another id")
        if _gone_by(step.event, step):
            gone[step.source] = step


_RULES: tuple[Callable[[History], Iterator[Problem]], ...] = (
    _dates, _successors, _ids_over_time)
