"""A history (沿革) into the ``history_*`` tables of :mod:`orgchart.exports.dbschema`.

The changes are stored as written (document, dates, status, evidence, sources), with their
events (as a plan's are) and the lineage steps they make; the states are stored as the
ledger gives them (:mod:`orgchart.engine.ledger`): each body's spells, and its versions, the
stretches over which its name, kind, category, parent and code held. Planned and repealed
changes are stored but not applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..base.when import When
from ..engine.ledger import Body, Moment, Spell, bodies, moments, spells
from ..model.history import Change, History
from .dbvalues import dated, moves

if TYPE_CHECKING:
    from .database import Rows

__all__ = ["add_history"]

Key = tuple[str, str]
#: what a version holds: name, name_en, kind, category, parent, code
Record = tuple[str, str | None, str | None, str | None, str | None, str | None]


def add_history(rows: Rows, hid: int, h: History) -> None:
    """Add the rows of ``h`` (key ``hid``) to ``rows``.

    Raises:
        ModelError: a change cannot be applied.
    """
    ledger = moments(h)  # first: a history that does not apply adds nothing
    t = rows.tables
    t["histories"].append((hid, h.id, h.name, h.name_en, h.start.id, h.start.path,
                           *dated(h.start_date), h.default_evidence, h.path, h.note))
    rows.cite(h.sources, None, None, "history", None, hid=hid)
    for change in h.changes:
        _change(rows, hid, h, change)
    _steps(rows, hid, h)
    _bodies(rows, hid, ledger, spells(h, ledger))


def _change(rows: Rows, hid: int, h: History, c: Change) -> None:
    t, doc = rows.tables, c.document
    evidence = c.evidence or h.default_evidence
    t["history_changes"].append((
        hid, c.index, c.id, c.structure or h.start.id,
        doc.number if doc else None, doc.title if doc else None, doc.issuer if doc else None,
        *dated(c.approved), *dated(c.effective), c.status, evidence,
        c.plan.id if c.plan else None, c.plan.path if c.plan else None, c.note))
    rows.cite(c.sources, None, None, "change", c.id, hid=hid)
    for i, event in enumerate(c.events):
        data, body = rows.event_body(event)
        unit = data.get("unit")
        t["history_events"].append((hid, c.index, i, event.type,
                                    unit if isinstance(unit, str) else None,
                                    event.evidence or evidence, event.note, body))
        t["history_event_staffing"].extend((hid, c.index, i, k, src, dst, kind, n)
                                           for k, (src, dst, kind, n) in enumerate(moves(data)))
        rows.cite(event.sources, None, None, "event", f"{c.id}/{i}", hid=hid)


def _steps(rows: Rows, hid: int, h: History) -> None:
    """Store the lineage: each body an event turned into another (a rename to a new id, a
    merge, a split), numbered per event."""
    parts: dict[tuple[int, int], int] = {}
    for step in h.steps():
        c = step.change
        i = next(k for k, e in enumerate(c.events) if e is step.event)
        for target in step.targets:
            if target != step.source:
                parts[c.index, i] = part = parts.get((c.index, i), -1) + 1
                rows.tables["history_steps"].append((hid, c.index, i, part, step.kind,
                                                     *step.source, *target))


def _bodies(rows: Rows, hid: int, ledger: list[Moment],
            spelled: dict[Key, list[Spell]]) -> None:
    t, bids = rows.tables, {}
    members = {key for m in ledger for key, b in bodies(m.state).items() if b.unit is None}
    for key in spelled:
        bids[key] = bid = rows.next_bid
        rows.next_bid += 1
        t["history_bodies"].append((bid, hid, *key, "member" if key in members else "unit"))
    for key, spell_list in spelled.items():
        t["history_spells"].extend(
            (bids[key], k, *dated(sp.start), *dated(sp.end), _index(sp.began),
             _index(sp.ended), int(sp.untracked)) for k, sp in enumerate(spell_list))
    for key, k, since, until, began, record in _versions(ledger):
        t["history_versions"].append((bids[key], k, *dated(since), *dated(until), began,
                                      *record))


def _index(change: Change | None) -> int | None:
    return None if change is None else change.index


def _record(body: Body) -> Record:
    if body.unit is not None:
        u = body.unit
        return (u.name, u.name_en, u.kind, u.category, u.parent, None)
    m = body.member
    assert m is not None
    return (m.name, m.name_en, m.level, None, body.holder.id, m.code)


def _versions(ledger: list[Moment]) -> Iterator[
        tuple[Key, int, When | None, When | None, int | None, Record]]:
    """Yield each body's versions: (key, position, since, until, change that began it,
    record), a version ending when its record changes or its body ends."""
    open_: dict[Key, tuple[int, When | None, int | None, Record]] = {}
    count: dict[Key, int] = {}
    for moment in ledger:
        now = {key: _record(body) for key, body in bodies(moment.state).items()}
        when = moment.when
        for key in list(open_):
            k, since, began, record = open_[key]
            if now.get(key) != record:
                yield key, k, since, when or When.unknown(), began, record
                del open_[key]
        for key, record in now.items():
            if key not in open_:
                count[key] = k = count.get(key, -1) + 1
                open_[key] = (k, when, _index(moment.change), record)
    for key, (k, since, began, record) in open_.items():
        yield key, k, since, None, began, record
