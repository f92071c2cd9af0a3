"""Structures and plans into the normalised tables of :mod:`orgchart.exports.dbschema`.

:class:`Rows` turns models into rows, table by table, giving each structure, unit, plan,
function, outside body and source its integer key; :func:`fill` writes them through an open
``sqlite3`` connection (the caller opens the file and makes it appear atomically). A
structure reached twice (a county's member that is also a file of the folder, a plan's
``to:``) is stored once. A history's states are not structures: they go to the
``history_*`` tables (:mod:`orgchart.exports.dbhistory`), keyed by history and date, so a
body of a history's start may share its id with one of today's files.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from ..base.errors import OrgChartError
from ..model.history import History
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import Event
from ..schema.structure import STAFF_FIELDS, FunctionDef, OutsideBody, Source, Unit
from .dbhistory import add_history
from .dbschema import INDEXES, SCHEMA_VERSION, TABLES, VIEWS
from .dbvalues import dated, moves

__all__ = ["Rows", "create", "fill"]

Row = tuple[Any, ...]


class Rows:
    """The rows of every table, gathered model by model (see :func:`fill`)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._sids: dict[str, tuple[int, str]] = {}  # structure id -> (sid, real path)
        self._pids: dict[str, tuple[int, str]] = {}  # plan id -> (pid, real path)
        self._hids: dict[str, tuple[int, str]] = {}  # history id -> (hid, real path)
        self._functions: dict[tuple[str, str, str | None, str | None], int] = {}
        self._sources: dict[Source, int] = {}
        self._bodies: dict[str, int] = {}
        self._next_uid = 1
        self._next_oid = 1
        self.next_bid = 1  # the next key of a history's body (history_bodies)

    def add(self, model: Structure | Reorganisation | History) -> None:
        """Add a structure (with its members), a plan (with its structures) or a history
        (with its changes and the states they give, in the ``history_*`` tables)."""
        if isinstance(model, Reorganisation):
            self.plan(model)
        elif isinstance(model, History):
            self.history(model)
        else:
            self.structure(model)

    def history(self, h: History) -> int:
        """Add ``h`` once; return its key.

        Raises:
            ModelError: a change cannot be applied.
        """
        if self.seen("history", h.id, h.path, self._hids):
            return self._hids[h.id][0]
        hid = len(self._hids) + 1
        self._hids[h.id] = (hid, os.path.realpath(h.path))
        add_history(self, hid, h)
        return hid

    @staticmethod
    def seen(kind: str, ident: str, path: str, known: dict[str, tuple[int, str]]) -> bool:
        """Say whether ``ident`` was added from ``path`` already.

        Raises:
            OrgChartError: another file gave it.
        """
        if ident not in known:
            return False
        other = known[ident][1]
        if other != os.path.realpath(path):
            raise OrgChartError(f"{path}: {kind} id {ident!r} is also the id of {other}; "
                                f"give one of them another id")
        return True

    def structure(self, s: Structure) -> int:
        """Add ``s`` and its members once; return its key."""
        if self.seen("structure", s.id, s.path, self._sids):
            return self._sids[s.id][0]
        members = [self.structure(m) for m in s.members]
        sid = len(self._sids) + 1
        self._sids[s.id] = (sid, os.path.realpath(s.path))
        t = self.tables
        t["structures"].append((
            sid, s.id, s.name, s.name_en, s.place, s.level, s.code, *dated(s.as_of),
            *dated(s.valid_from), *dated(s.valid_to), int(s.template),
            s.extends.id if s.extends is not None else None, s.file_level,
            int(s.staffing_estimated), s.path, s.note))
        t["structure_members"].extend((sid, i, m) for i, m in enumerate(members))
        fids = {fid: self._function(fid, fn) for fid, fn in s.functions.items()}
        t["structure_functions"].extend((sid, f) for f in sorted(set(fids.values())))
        oids = {b.id: self._outside(b, sid, None) for b in s.outside}
        uids = {u.id: self._next_uid + i for i, u in enumerate(s.units)}
        self._next_uid += len(s.units)
        for i, u in enumerate(s.units):
            self._unit(s, sid, i, u, uids, oids, fids)
        for i, cap in enumerate(s.caps):
            t["caps"].append((sid, i, cap.category, cap.kind, cap.max_units, cap.staffing,
                              cap.max_posts, cap.note))
            self.cite(cap.sources, sid, None, "cap", str(i))
        for fig in s.reported:
            t["reported"].append((sid, fig.id, fig.name, fig.value, fig.counts, fig.staffing,
                                  int(fig.verified), fig.note))
            self.cite(fig.sources, sid, None, "reported", fig.id)
        self.cite(s.sources, sid, None, "structure", None)
        return sid

    def _unit(self, s: Structure, sid: int, i: int, u: Unit, uids: dict[str, int],
              oids: dict[str, int], fids: dict[str, int]) -> None:
        t, uid = self.tables, uids[u.id]
        t["units"].append((
            uid, sid, i, u.id, u.name, u.name_en, u.short_name, u.kind, u.category,
            u.public_class, u.funding, u.rank, uids.get(u.parent or ""), u.parent,
            *dated(u.valid_from), *dated(u.valid_to), u.credit_code,
            s.level_of(u, "name"), u.note))
        st = u.staffing
        t["staffing"].append((uid, *(getattr(st, f) for f in STAFF_FIELDS),
                              s.level_of(u, "staffing"), int(s.is_estimated(u))))
        t["unit_functions"].extend((uid, k, f, fids.get(f)) for k, f in enumerate(u.functions))
        t["nameplates"].extend((uid, k, n) for k, n in enumerate(u.nameplates))
        t["links"].extend((uid, k, ln.type, ln.with_, uids.get(ln.with_), oids.get(ln.with_),
                           ln.note) for k, ln in enumerate(u.links))
        for fact, entry in sorted(u.facts.items()):
            t["evidence"].append((uid, fact, entry.evidence, entry.note))
            self.cite([x for x in entry.sources if isinstance(x, Source)], sid, None, "fact",
                       u.id, fact)
            refs = {x.id: x for x in s.evidence(u, fact).sources if x.id is not None}
            self.cite([refs[x] for x in entry.sources if isinstance(x, str) and x in refs],
                       sid, None, "fact", u.id, fact)
        self.cite(u.sources, sid, None, "unit", u.id)

    def plan(self, p: Reorganisation) -> int:
        """Add ``p`` with the structures before and after; return its key."""
        if self.seen("plan", p.id, p.path, self._pids):
            return self._pids[p.id][0]
        before = self.structure(p.before)
        after = self.structure(p.after) if p.after is not None else None
        pid = len(self._pids) + 1
        self._pids[p.id] = (pid, os.path.realpath(p.path))
        t = self.tables
        t["plans"].append((pid, p.id, p.name, before, after, *dated(p.effective),
                           p.file_level, p.path, p.note))
        oids = {b.id: self._outside(b, None, pid) for b in p.outside}
        for s in (p.before, p.after):  # the bodies the structures name, as the engine does
            for b in s.outside if s is not None else ():
                oids.setdefault(b.id, self._outside(b, None, pid))
        for i, event in enumerate(p.events):
            data, body = self.event_body(event)
            unit = data.get("unit")
            t["events"].append((pid, i, event.type, unit if isinstance(unit, str) else None,
                                event.evidence or p.file_level, event.note, body))
            for k, (src, dst, kind, n) in enumerate(moves(data)):
                t["event_staffing"].append((pid, i, k, src, dst, oids.get(src or ""),
                                            oids.get(dst or ""), kind, n))
            self.cite(event.sources, None, pid, "event", str(i))
        self.cite(p.sources, None, pid, "plan", None)
        return pid

    def event_body(self, event: Event) -> tuple[dict[str, Any], int]:
        """Return ``event`` as JSON data and the key of its text in ``event_bodies`` (events
        written alike share one row)."""
        data = event.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        body = self._bodies.get(text)
        if body is None:
            self._bodies[text] = body = len(self._bodies) + 1
            self.tables["event_bodies"].append((body, text))
        return data, body

    def _function(self, fid: str, fn: FunctionDef) -> int:
        key = (fid, fn.name, fn.name_en, fn.description)
        if key not in self._functions:
            self._functions[key] = n = len(self._functions) + 1
            self.tables["functions"].append((n, *key))
            self.cite(fn.sources, None, None, "function", fid)
        return self._functions[key]

    def _outside(self, b: OutsideBody, sid: int | None, pid: int | None) -> int:
        oid, self._next_oid = self._next_oid, self._next_oid + 1
        self.tables["outside_bodies"].append((oid, sid, pid, b.id, b.name, b.name_en, b.kind,
                                              b.level, b.note))
        self.cite(b.sources, sid, pid, "outside", b.id)
        return oid

    def cite(self, sources: Iterable[Source], sid: int | None, pid: int | None,
             subject: str, item: str | None, fact: str | None = None,
             hid: int | None = None) -> None:
        """Store ``sources`` once each and what cites them (a structure ``sid``, a plan
        ``pid`` or a history ``hid``, and the subject and item within it)."""
        for src in sources:
            key = self._sources.get(src)
            if key is None:
                self._sources[src] = key = len(self._sources) + 1
                self.tables["sources"].append((key, src.title, src.url, *dated(src.date),
                                               src.kind, src.id, src.note))
            self.tables["citations"].append((key, sid, pid, subject, item, fact, hid))


def create(conn: sqlite3.Connection) -> None:
    """Create the tables, indexes and views in an empty database."""
    for name, columns in TABLES.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
    for view, select in VIEWS.items():
        conn.execute(f"CREATE VIEW {view} AS {select.strip()}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def fill(conn: sqlite3.Connection,
         models: Iterable[Structure | Reorganisation | History]) -> Rows:
    """Create the tables in the empty database ``conn`` and write ``models`` into them.

    Raises:
        OrgChartError: two files give a structure (or plan, or history) the same id; a
            history's change cannot be applied.
    """
    create(conn)
    rows = Rows()
    for model in models:
        rows.add(model)
        _flush(conn, rows)
    for index in INDEXES:
        conn.execute(index)
    conn.commit()
    return rows


def _flush(conn: sqlite3.Connection, rows: Rows) -> None:
    """Write the rows gathered so far and forget them (keys stay), to keep memory flat."""
    for name, table in rows.tables.items():
        if table:
            marks = ", ".join("?" * len(table[0]))
            conn.executemany(f"INSERT INTO {name} VALUES ({marks})", table)
            table.clear()
