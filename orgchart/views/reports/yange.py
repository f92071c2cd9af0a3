"""沿革表: per unit of a history, one row per dated change that met it, with the change's
document and the unit as it stood after the change.

A unit is followed across renames (one table from 扶贫工作站 to 乡村振兴工作站); a merge or a
split ends it and the bodies it made get tables of their own. A unit that was there at the
history's start has a first row with that state (no document). Only units some change met
get a table; planned and repealed changes are left out (a note counts them).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...base import vocab
from ...engine.ledger import Body, Moment, bodies, moments
from ...model.history import Change, History, Step
from ...model.structure import Structure
from .table import Cell, Head, Table, count_cell, rw, text_cell

__all__ = ["yange", "YANGE_COLUMNS"]

Key = tuple[str, str]

#: the columns of a 沿革表, in order (report.* words)
YANGE_COLUMNS: tuple[str, ...] = ("doc-number", "doc-date", "doc-title", "unit", "reports-to",
                                  "funding", "duties", "quota", "leaders")


def yange(history: History) -> list[Table]:
    """Return the 沿革表 of every unit a change in force met, in order of first change.

    Raises:
        ModelError: a change cannot be applied.
    """
    ledger = moments(history)
    steps = [s for s in history.steps() if s.change.in_force]
    units = {k for m in ledger for k, b in bodies(m.state).items() if b.unit is not None}
    tables = []
    for chain in _chains(steps, units):
        met = {id(s.change) for s in steps if s.source in chain or set(s.targets) & chain}
        tables.append(_table(history, ledger, chain, met, steps))
    return tables


def _chains(steps: list[Step], units: set[Key]) -> Iterator[set[Key]]:
    """Yield the units met by a step, each with the ids it had across renames."""
    renamed = {s.source: s.targets[0] for s in steps if s.kind == "rename" and s.targets}
    seen: set[Key] = set()
    for st in steps:
        for key in (st.source, *st.targets):
            if key in seen or key not in units:
                continue
            chain = {key}
            back = {v: k for k, v in renamed.items()}
            k = key
            while k in back:
                k = back[k]
                chain.add(k)
            k = key
            while k in renamed:
                k = renamed[k]
                chain.add(k)
            seen |= chain
            yield chain


def _table(history: History, ledger: list[Moment], chain: set[Key], met: set[int],
           steps: list[Step]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    last: Body | None = None
    for m in ledger:
        here = bodies(m.state)
        body = next((here[k] for k in sorted(chain) if k in here), None)
        if m.change is None:
            if body is not None:
                start = m.when.text() if m.when is not None else "?"
                rows.append((Cell(""), text_cell(start), Cell(rw("yange-start")),
                             *_state(body)))
        elif id(m.change) in met:
            state = _state(body) if body is not None else _gone(m.change, chain, steps, here)
            rows.append((*_document(m.change), *state))
        last = body or last
    assert last is not None
    name = last.name
    uid = last.unit.id if last.unit is not None else ""
    header = (tuple(Head(rw(k)) for k in YANGE_COLUMNS),)
    planned = sum(1 for c in history.changes if not c.in_force)
    notes = (rw("yange-planned", n=planned),) if planned else ()
    return Table(name, rw("yange-title", name=name),
                 f"{history.name}（{last.holder.name}，{uid}）", header, tuple(rows),
                 notes=(rw("yange-note"), *notes))


def _document(change: Change) -> tuple[Cell, Cell, Cell]:
    doc = change.document
    day = change.approved.text() if change.approved is not None else "?"
    if change.effective is not None and change.effective != change.approved:
        day += rw("yange-effective", date=change.effective.text())
    return (text_cell(doc.number if doc else None), Cell(day),
            text_cell(doc.title if doc else None))


def _state(body: Body) -> tuple[Cell, ...]:
    u, s = body.unit, body.holder
    assert u is not None
    parent = _parent_name(s, u.parent)
    funding = None if u.funding is None else vocab.label(vocab.FUNDINGS, u.funding)
    duties = "；".join(s.function_name(f) for f in u.functions) or None
    st, est = u.staffing, s.is_estimated(u)
    heads = "?" if st.heads is None else str(st.heads)
    deputies = "?" if st.deputies is None else str(st.deputies)
    return (Cell(u.name), Cell(parent), text_cell(funding), text_cell(duties),
            count_cell(st.quota, est), Cell(rw("yange-leaders", heads=heads, deputies=deputies)))


def _parent_name(s: Structure, parent: str | None) -> str:
    """Return the name of the body a unit reports to: its parent, else its structure."""
    if parent is None:
        return s.name
    if parent in s:
        return s.unit(parent).name
    body = s.outside_body(parent)
    return body.name if body is not None else parent


def _gone(change: Change, chain: set[Key], steps: list[Step], here: dict[Key, Body]
          ) -> tuple[Cell, ...]:
    """The cells of a change that ended the unit: how it ended, and no figures (the unit
    no longer has any)."""
    step = next(s for s in steps if s.change is change and s.source in chain)
    targets = "、".join(here[t].name if t in here else t[1] for t in step.targets)
    how = rw("yange-" + step.kind, into=targets) if step.kind in ("merge", "split") else \
        rw("yange-ended")
    return (Cell(how), Cell(""), Cell(""), Cell(""), Cell(""), Cell(""))

