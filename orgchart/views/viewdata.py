"""What the interactive chart knows of each drawn box: plain JSON-ready records.

The page (:mod:`orgchart.views.page`) draws nothing itself: it shows the Graphviz SVG of the
static chart and looks a box's record up by the box's DOT node name. A record carries what
the details panel shows: staffing by type, leadership posts, nameplates, functions, links,
sources, and the evidence marks (unverified, estimated posts). A fact the model lacks is
left out, never shown as zero (``actual`` headcount, rank, sources).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..base import vocab
from ..base.errors import Location
from ..model.structure import Structure
from ..model.tally import StaffTotals, Tally
from ..schema.structure import Source, Staffing, Unit

if TYPE_CHECKING:
    from ..rules.accounting import Accounting

__all__ = ["Record", "unit_records", "member_record", "plan_events", "source_records"]

Record = dict[str, Any]

_POSTS = ("admin", "institution", "worker")
_LEADERS = ("heads", "deputies")


def _figure(value: int | Tally | None) -> str:
    """A figure as the page prints it: ``12``, ``?`` when not known, ``≥ 48（3 个单位未知）``
    when a total adds units that do not give it."""
    if isinstance(value, Tally):
        return value.text()
    return "?" if value is None else str(value)


def _staffing(st: Staffing | StaffTotals) -> Record:
    """Posts by type and leadership posts, with Chinese labels (``?``: not known);
    ``actual``, ``outside`` and ``actual_by_type`` (实有 per type) only when something of
    them is known."""
    posts = [[vocab.label(vocab.STAFF_TYPES, k), _figure(getattr(st, k))] for k in _POSTS]
    leaders = [[vocab.label(vocab.STAFF_TYPES, k), _figure(getattr(st, k))] for k in _LEADERS]
    out: Record = {"posts": posts, "leaders": leaders}
    for key in ("actual", "outside"):
        # a unit's 实有人数 as written, else its three types' sum (a total's is added so)
        value = st.headcount if key == "actual" and isinstance(st, Staffing) else getattr(st, key)
        if _some(value):
            out[key] = _figure(value)
    by_type = [[vocab.label(vocab.STAFF_TYPES, k), _figure(getattr(st, vocab.ACTUAL_OF[k]))]
               for k in _POSTS]
    if any(_some(getattr(st, vocab.ACTUAL_OF[k])) for k in _POSTS):
        out["actual_by_type"] = by_type  # 实有 per type, ? for a type not given
    return out


def _some(value: int | Tally | None) -> bool:
    """Tell whether a figure says something: a known one (a known 0 too: nobody), or a
    total with a known part; a figure not given says nothing."""
    if isinstance(value, Tally):
        return not value.nothing_known
    return value is not None


def source_records(sources: Iterable[Source]) -> list[Record]:
    """Return each source as the page lists it: title, and its url and date when given."""
    out = []
    for src in sources:
        rec: Record = {"title": src.title}
        if src.url:
            rec["url"] = src.url
        if src.date is not None:
            rec["date"] = str(src.date)
        out.append(rec)
    return out


def _name_of(s: Structure, ident: str) -> str:
    if ident in s:
        return s.unit(ident).name
    body = s.outside_body(ident)
    return body.name if body is not None else ident


def _unit(s: Structure, u: Unit) -> Record:
    rec: Record = {
        "id": u.id, "name": u.name,
        "kind": vocab.label(vocab.KINDS, u.kind),
        "category": vocab.label(vocab.CATEGORIES, u.category),
        "staffing": _staffing(u.staffing),
        "nameplates": list(u.nameplates),
        "functions": [s.function_name(f) for f in u.functions],
        "links": [[vocab.label(vocab.RELATIONS, lk.type), _name_of(s, lk.with_)]
                  for lk in u.links],
        "sources": source_records(u.sources),
        "verified": s.is_verified(u),
        "estimated": s.is_estimated(u),
    }
    for key in ("name_en", "short_name", "note"):
        value = getattr(u, key)
        if value:
            rec[key] = value
    if u.rank:
        rec["rank"] = vocab.label(vocab.RANKS, u.rank)
    if u.parent:
        rec["parent"] = u.parent
        rec["parent_name"] = _name_of(s, u.parent)
    return rec


def unit_records(s: Structure, prefix: str = "") -> dict[str, Record]:
    """Return a record per unit and drawn outside body of ``s``, keyed by its DOT node name
    (the unit's id after ``prefix``: ``b:`` and ``a:`` in a plan's chart).

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(
    ...     id="gov", name="镇政府", kind="government", category="leadership"),))
    >>> rec = unit_records(s)["gov"]
    >>> rec["name"], rec["category"], rec["staffing"]["posts"][0]
    ('镇政府', '领导机构', ['行政编制', '?'])
    """
    out = {prefix + u.id: _unit(s, u) for u in s.units}
    for body in s.outside:
        out.setdefault(prefix + body.id, {"id": body.id, "name": body.name, "outside": True,
                                          "sources": source_records(body.sources)})
    return out


def member_record(m: Structure, view: int) -> Record:
    """The record of a member structure's box (a county's town): its staffing roll-up and
    the index of the page's view that shows it."""
    return {"id": m.id, "name": m.name, "place": m.place or m.name,
            "staffing": _staffing(m.rollup()), "estimated": m.rollup_estimated(),
            "verified": m.verified, "units": len(m), "view": view,
            "sources": source_records(m.sources)}


def _ids_in(value: Any) -> Iterable[str]:
    """Every string in an event's data: unit ids are among them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _ids_in(k)
            yield from _ids_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _ids_in(v)


def _where(at: Location) -> str:
    """Return where an event stands as the page gives it: the file's name, line and column
    (``plan.yaml:12:5``), never the folder it was read from (the same plan read by another
    path, or on another machine, gives the same page).

    >>> _where(Location("/home/someone/models/plan.yaml", 12, 5))
    'plan.yaml:12:5'
    """
    return f"{PurePath(at.file).name}:{at.line}:{at.col}"


def plan_events(acc: Accounting) -> list[Record]:
    """Return one record per event of the plan: its type, note, and the units it names,
    as ids of the chart's old side (``b``) and new side (``a``)."""
    before, after, out = acc.plan.before, acc.after, acc.outcome
    first = out.first_ids(before)
    events = []
    for i, event in enumerate(acc.plan.events):
        data = event.model_dump(mode="json", by_alias=True, exclude_none=True)
        named = [x for x in dict.fromkeys(_ids_in(data)) if x in before or x in after
                 or x in first]
        old = [first.get(x, x) for x in named if first.get(x, x) in before]
        new = [out.follow(x)[-1] for x in named]
        names = [_name_of(after, x) if x in after else _name_of(before, first.get(x, x))
                 for x in named]
        rec: Record = {"n": i + 1, "type": event.type, "names": list(dict.fromkeys(names)),
                       "b": list(dict.fromkeys(old)),
                       "a": [x for x in dict.fromkeys(new) if x in after],
                       "where": _where(acc.plan.where(i))}
        if event.note:
            rec["note"] = event.note
        events.append(rec)
    return events
