"""公示表: the six published columns per unit: 名称、级别、主要职责、内设机构、人员编制、
实有人员."""

from __future__ import annotations

from ...base import vocab
from ...base.words import word
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...model.tally import StaffTotals, tally_staffing
from ...schema.structure import Unit
from .scope import Scope, as_of, per_structure, place_of, unit_name
from .table import Cell, Head, Table, count_cell, marks_note, rw, tally_cell

__all__ = ["notice"]


def notice(model: Structure | Reorganisation) -> list[Table]:
    """Return the 公示表 of a structure, a county (its members, then each) or a plan.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", default_evidence="verified", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
    ...                   staffing=orgchart.Staffing(admin=3, institution=0, worker=1)),))
    >>> [c.text for c in notice(s)[0].body[0]]
    ['1', '镇政府', '?', '?', '无', '行政编制 3 名、工勤编制 1 名', '?']
    """
    return per_structure(model, _table, _summary)


def _header() -> tuple[tuple[Head, ...], ...]:
    return (tuple(Head(rw(k)) for k in ("index", "unit", "level", "duties", "inner", "staffing",
                                       "actual")),)


def staffing_text(totals: StaffTotals, estimated: bool) -> str:
    """Return ``行政编制 12 名、事业编制 3 名`` (the types with posts), ``≈`` first for an
    estimate, ``≥`` for a partial total; ``?`` when no type is known, ``无`` when all are 0."""
    types = [(k, totals[k]) for k in vocab.QUOTA_TYPES]
    if all(t.nothing_known for _k, t in types):
        return "?"
    shown = [f"{vocab.label(vocab.STAFF_TYPES, k)} {t.text()} 名" for k, t in types
             if t.known or not t.complete]
    if not shown:
        return word("report.none", "zh")
    return ("≈" if estimated else "") + "、".join(shown)


def _table(scope: Scope) -> Table:
    s = scope.structure
    body = tuple((Cell(str(i), i), Cell(unit_name(scope, u)), Cell(_rank(u)),
                  Cell(_duties(s, u)), Cell(_inner(s, u)),
                  Cell(staffing_text(tally_staffing([u.staffing]),
                                     s.is_estimated(u) and bool(u.staffing.quota))),
                  count_cell(u.staffing.headcount))
                 for i, u in enumerate(s.units, 1))
    return Table(scope.sheet, scope.title(rw("notice")), as_of(s), _header(), body, (),
                 marks_note(body, any(scope.marked(u) for u in s.units)))


def _rank(u: Unit) -> str:
    return "?" if u.rank is None else vocab.label(vocab.RANKS, u.rank)


def _duties(s: Structure, u: Unit) -> str:
    return "、".join(s.function_name(f) for f in u.functions) or "?"


def _inner(s: Structure, u: Unit) -> str:
    return "、".join(c.name for c in s.children(u.id)) or word("report.none", "zh")


def _summary(county: Structure) -> Table:
    """Return one row per member body: its level, its top units, its posts, its people."""
    body = []
    for i, m in enumerate(county.members, 1):
        units = [*m.units, *(u for x in m.members for u in x.units)]
        totals = tally_staffing(u.staffing for u in units)
        level = vocab.label(vocab.LEVELS, m.level) if m.level else "?"
        body.append((Cell(str(i), i), Cell(m.name), Cell(level), Cell("?"),
                     Cell("、".join(u.name for u in m.roots()) or rw("none")),
                     Cell(staffing_text(totals, m.rollup_estimated())),
                     tally_cell(totals.actual)))
    rows = tuple(body)
    return Table(rw("summary"), f"{place_of(county)}{rw('notice')}（{rw('summary')}）",
                 as_of(county), _header(), rows, (), (*marks_note(rows, False),
                                                       rw("note-summary")))
