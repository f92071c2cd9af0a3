"""Account plans of one shape once: the towns of a national model share one standard plan.

41,352 towns each extend the same template, keep the same old layout and take the same
standard plan; only their names, codes, files and place differ. Running the engine and
every rule once per town repeats the same work 41,352 times. Two plans have the same
*shape* when everything the accounting decides on is the same: the very same events,
template units, catalogue functions and outside bodies (the same objects, as the loader
shares what many files extend), and the same values of every other field the rules read.
What is left out (ids, names, codes, files, locations) only ever appears in a finding's
message or location.

The first plan of a shape is accounted the long way; its findings are kept for the shape
only when each is located in a shared file (a template, the standard plan) and its
message names nothing of that plan's own (its id, name, code, place, files). Then the
findings are the same for every plan of the shape, each at its true file:line:col.
Otherwise every plan of the shape is accounted the long way.

Why the place may differ: the rules decide on names and nameplates only by equality
(a nameplate already carried, a name that differs from the target's). Filling ``{place}``
with a text that holds a character found in no name of the shape keeps exactly the same
pairs of names equal, whatever the text. So a plan is given its shape's findings only
when its place holds such a character (大瑶镇 against the template's 党政办, 人民政府, ...),
and only the first plan with such a place teaches the shape.

The outcome (the structure after, flows, fates) of a plan accounted by its shape is run
when first asked for. :func:`known_check` and :func:`remember_check` do the same for
checking one structure (``orgchart.check``): a town like one checked before, and
:func:`known_replay` and :func:`remember_replay` for applying and accounting a history's
changes (``check_history``): towns with the same changes from the same start.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..base.errors import Problem
from ..model.history import History
from ..model.plan import Reorganisation
from ..model.structure import Structure

__all__ = ["known_accounting", "remember", "known_check", "remember_check", "known_replay",
           "remember_replay", "shape_of", "clear_shapes", "MAX_SHAPES"]

#: shapes kept per process (a national model has one; each holds one plan alive)
MAX_SHAPES = 64


@dataclasses.dataclass(frozen=True)
class _Known:
    """A shape accounted once: the plan it was worked out on (kept alive, so that the ids
    in the shape's key stay its objects'), the characters of its names, and its findings
    and staffing rows (None when they cannot be given to another plan)."""

    witness: Reorganisation
    chars: frozenset[str]
    result: tuple[tuple[Problem, ...], tuple[Any, ...]] | None


_SHAPES: dict[tuple[Any, ...], _Known] = {}


def clear_shapes() -> None:
    """Forget every shape accounted so far."""
    _SHAPES.clear()
    _EVENT_CHARS.clear()
    _CHECKED.clear()
    _REPLAYED.clear()


def known_accounting(plan: Reorganisation, translations: bool
                     ) -> tuple[list[Problem], list[Any]] | None:
    """Return the findings and staffing rows of ``plan`` when its shape is known to give
    them; None when it must be accounted the long way (then pass the result to
    :func:`remember`)."""
    key = shape_of(plan, translations)
    known = None if key is None else _SHAPES.get(key)
    if known is None or known.result is None or not _fresh(plan.before.place, known.chars):
        return None
    problems, rows = known.result
    return list(problems), list(rows)


def remember(plan: Reorganisation, translations: bool, problems: list[Problem],
             rows: list[Any]) -> None:
    """Keep what the long way found for ``plan``, for the other plans of its shape."""
    key = shape_of(plan, translations)
    if key is None or key in _SHAPES:
        return
    chars = _names_chars(plan)
    if not _fresh(plan.before.place, chars):
        return  # a place made of the names' characters may make two names equal
    result = (tuple(problems), tuple(rows)) if _shared(plan, problems) else None
    if len(_SHAPES) >= MAX_SHAPES:
        _SHAPES.clear()
    _SHAPES[key] = _Known(plan, chars, result)


#: structures checked, by shape: the structure (kept alive), its names' characters, and
#: its findings (None when they cannot be given to another structure)
_CHECKED: dict[tuple[Any, ...], tuple[Structure, frozenset[str], tuple[Problem, ...] | None]] = {}


def known_check(structure: Structure, strict: bool) -> list[Problem] | None:
    """Return the findings of checking ``structure`` when a structure of its shape (the same
    template units, catalogue and values; see :func:`shape_of`) gave them; None when it
    must be checked the long way (then pass the result to :func:`remember_check`)."""
    key = _check_key(structure, strict)
    known = None if key is None else _CHECKED.get(key)
    if known is None or known[2] is None or not _fresh(structure.place, known[1]):
        return None
    return list(known[2])


def remember_check(structure: Structure, strict: bool, problems: list[Problem]) -> None:
    """Keep what checking ``structure`` the long way found, for the others of its shape."""
    key = _check_key(structure, strict)
    if key is None or key in _CHECKED:
        return
    chars = frozenset("".join(u.name + "".join(u.nameplates) for u in structure.raw_units))
    if not _fresh(structure.place, chars):
        return
    shared = _names_nothing_own(problems, {structure.path, structure.where.file}, (
        structure.id, structure.name, structure.name_en, structure.code, structure.path,
        structure.note, structure.place))
    if len(_CHECKED) >= MAX_SHAPES:
        _CHECKED.clear()
    _CHECKED[key] = (structure, chars, tuple(problems) if shared else None)


#: histories whose changes were applied and accounted, by shape (the start's shape and the
#: changes' values): the history (kept alive), its names' characters, and what applying
#: and accounting its changes found (None when it cannot be given to another history)
_REPLAYED: dict[tuple[Any, ...], tuple[History, frozenset[str], tuple[Problem, ...] | None]] = {}


def known_replay(history: History) -> list[Problem] | None:
    """Return what applying and accounting the changes of ``history`` finds when a history
    of its shape gave it: the same start shape (see :func:`shape_of`) and changes of the
    same values (events, dates, evidence, sources); None when they must be applied the long
    way (then pass the findings to :func:`remember_replay`).

    The engine applies a change to the structure the change before it built, from the
    events' values alone: the same start shape and the same changes build structures that
    differ only in the start's own id, name, code, files and place, which the findings
    given must not name (and the place must hold a character no name or event holds)."""
    key = _history_key(history)
    known = None if key is None else _REPLAYED.get(key)
    if known is None or known[2] is None or not _fresh(history.start.place, known[1]):
        return None
    return list(known[2])


def remember_replay(history: History, problems: list[Problem]) -> None:
    """Keep what applying and accounting the changes of ``history`` the long way found."""
    key = _history_key(history)
    if key is None or key in _REPLAYED:
        return
    start = history.start
    chars = frozenset("".join(u.name + "".join(u.nameplates) for u in start.raw_units)
                      + repr([c.events for c in history.in_force]))
    if not _fresh(start.place, chars):
        return
    own_files = {history.path, history.smap.file, start.path, start.where.file,
                 *(c.smap.file for c in history.changes),
                 *(o.smap.file for c in history.changes for o in c.event_origins)}
    shared = _names_nothing_own(problems, own_files, (
        history.id, history.name, history.name_en, history.path, history.note, start.id,
        start.name, start.name_en, start.code, start.path, start.note, start.place))
    if len(_REPLAYED) >= MAX_SHAPES:
        _REPLAYED.clear()
    _REPLAYED[key] = (history, chars, tuple(problems) if shared else None)


def _history_key(history: History) -> tuple[Any, ...] | None:
    start = _structure_shape(history.start)
    if start is None:
        return None
    changes = tuple((c.id, _value(c.events), c.approved, c.effective, c.evidence,
                     _value(c.sources), c.structure, id(c.plan)) for c in history.in_force)
    key = (history.start.place is None, start, changes, _value(history.sources),
           history.default_evidence)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _value(item: object) -> object:
    """Return ``item`` as a value to compare, each part with its type: a schema model by
    the fields it was given and their values (the engine reads which staffing fields a unit
    gives)."""
    if isinstance(item, BaseModel):
        return (type(item), frozenset(item.model_fields_set),
                tuple(_value(getattr(item, n)) for n in type(item).model_fields))
    if isinstance(item, dict):
        return (dict, tuple((k, _value(v)) for k, v in item.items()))
    if isinstance(item, (tuple, list)):
        return (type(item), tuple(map(_value, item)))
    return (type(item), item)  # 1 and True are equal, but not the same value


def _check_key(structure: Structure, strict: bool) -> tuple[Any, ...] | None:
    shape = _structure_shape(structure)
    if shape is None:
        return None
    key = (strict, structure.place is None, shape)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _names_chars(plan: Reorganisation) -> frozenset[str]:
    """Return the characters of every text a place is filled into or compared with: the
    units' names and nameplates, and everything the events say."""
    units = (*plan.before.raw_units, *(plan.after.raw_units if plan.after else ()))
    chars = set("".join(u.name + "".join(u.nameplates) for u in units))
    key = _ids(plan.events)
    said = _EVENT_CHARS.get(key)
    if said is None:
        if len(_EVENT_CHARS) >= MAX_SHAPES:
            _EVENT_CHARS.clear()
        said = _EVENT_CHARS[key] = (plan.events, frozenset(repr(plan.events)))
    return frozenset(chars | said[1])


#: the characters of a plan's events, by the events (kept alive, so that their ids stay
#: theirs): one plan that many towns extend is looked at once
_EVENT_CHARS: dict[tuple[int, ...], tuple[tuple[Any, ...], frozenset[str]]] = {}


def _fresh(place: str | None, chars: frozenset[str]) -> bool:
    """Tell whether ``place`` holds a character no name of the shape holds (or is None)."""
    return place is None or not set(place) <= chars


def _shared(plan: Reorganisation, problems: list[Problem]) -> bool:
    """Tell whether every finding is located in a shared file and names nothing of the
    plan's own, so that another plan of the shape has the very same findings."""
    sides = [s for s in (plan.before, plan.after) if s is not None]
    own_files = {plan.path, plan.smap.file, *(s.path for s in sides),
                 *(s.where.file for s in sides)}
    return _names_nothing_own(problems, own_files, (
        plan.id, plan.name, plan.path, plan.before.place,
        *(x for s in sides for x in (s.id, s.name, s.name_en, s.code, s.path, s.note))))


def _names_nothing_own(problems: list[Problem], own_files: set[str],
                       own_words: Iterable[str | None]) -> bool:
    """Tell whether no finding lies in one of ``own_files`` or names one of ``own_words``
    (a model's id, name, code, place, files): then a model of the same shape has them too."""
    words = [w for w in own_words if w]
    return not any(p.where.file in own_files or any(w in p.message for w in words)
                   for p in problems)


def shape_of(plan: Reorganisation, translations: bool = False) -> tuple[Any, ...] | None:
    """Return what the accounting of ``plan`` decides on, with objects by identity; None
    when the plan cannot share its accounting (members, differing places, a structure
    not read by the loader, a value that cannot be compared)."""
    before, after = plan.before, plan.after
    if after is not None and after.place != before.place:
        return None
    sides = [_structure_shape(before)]
    if after is not None:
        sides.append(_structure_shape(after))
    if None in sides:
        return None
    key = (translations, before.place is None, *sides, after is None, _ids(plan.events),
           _ids(plan.outside), _items(plan.functions), tuple(sorted(plan.result.items())),
           plan.effective, _ids(plan.sources), plan.verified, plan.default_evidence)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _structure_shape(s: Structure) -> tuple[Any, ...] | None:
    if s.members or s.resolve_problems:
        return None
    if s.units is s.raw_units and s.place is not None:
        return None  # not filled by the loader: the units cannot be placed again
    return (_ids(s.raw_units), s.level, s.as_of, s.valid_from, s.valid_to, s.template,
            s.successor_of, id(s.extends), _items(s.functions), tuple(s.kinds.items()),
            _ids(s.outside), _ids(s.caps), _ids(s.reported), _ids(s.sources), s.verified,
            s.staffing_estimated, s.default_evidence)


def _ids(items: Iterable[object]) -> tuple[int, ...]:
    return tuple(map(id, items))


def _items(mapping: Any) -> tuple[tuple[str, int], ...]:
    return tuple((k, id(v)) for k, v in mapping.items())
