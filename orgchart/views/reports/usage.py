"""编制使用情况表: per unit the approved posts by type, the people in post, vacant (空编) and
over (超编) posts; the totals."""

from __future__ import annotations

from ...base import vocab
from ...base.words import word
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...model.tally import Tally, tally_staffing
from ...schema.structure import Unit
from .scope import Scope, as_of, per_structure, place_of, unit_name
from .table import Cell, Head, Table, count_cell, marks_note, quota_tally, rw, tally_cell

__all__ = ["usage"]


def usage(model: Structure | Reorganisation) -> list[Table]:
    """Return the 编制使用情况表 of a structure, a county (summary, then members) or a plan.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(id="gov", name="镇政府",
    ...     kind="government", category="leadership",
    ...     staffing=orgchart.Staffing(admin=3, institution=0, worker=0, actual=4)),))
    >>> [c.text for c in usage(s)[0].body[0]]
    ['1', '镇政府※', '3', '0', '0', '3', '4', '0', '1', '?']
    """
    return per_structure(model, _table, _summary)


def _header(first: tuple[Head, ...]) -> tuple[tuple[Head, ...], ...]:
    types = [vocab.label(vocab.STAFF_TYPES, k).removesuffix("编制") for k in vocab.QUOTA_TYPES]
    # the model keeps one headcount per unit: 实有, 空编 and 超编 are not split by type
    return ((*first, Head(rw("approved"), cols=4), Head(rw("per-unit"), cols=3),
             Head(vocab.label(vocab.STAFF_TYPES, "outside"), rows=2)),
            (*(Head(t) for t in types), Head(rw("total")), Head(rw("actual")),
             Head(rw("vacant")), Head(rw("over"))))


def _gap(u: Unit) -> int | None:
    """Return quota − actual, or None when either is not known."""
    st = u.staffing
    return None if st.quota is None or st.actual is None else st.quota - st.actual


def _cells(units: list[Unit], estimated: bool) -> tuple[Cell, ...]:
    totals = tally_staffing(u.staffing for u in units)
    gaps = [_gap(u) for u in units]
    vacant = sum((Tally().add(None if g is None else max(g, 0)) for g in gaps), Tally())
    over = sum((Tally().add(None if g is None else max(-g, 0)) for g in gaps), Tally())
    return (*(tally_cell(totals[k], estimated) for k in vocab.QUOTA_TYPES),
            tally_cell(quota_tally(u.staffing for u in units), estimated),
            tally_cell(totals.actual),
            tally_cell(vacant, estimated), tally_cell(over, estimated),
            tally_cell(totals.outside))


def _estimated(s: Structure, units: list[Unit]) -> bool:
    return any(s.is_estimated(u) and any(u.staffing.known().values()) for u in units)


def _table(scope: Scope) -> Table:
    s = scope.structure
    header = _header((Head(rw("index"), rows=2), Head(rw("unit"), rows=2)))
    body = tuple((Cell(str(i), i), Cell(unit_name(scope, u)), *_unit_cells(s, u))
                 for i, u in enumerate(s.units, 1))
    total = (Cell(""), Cell(rw("total")), *_cells(list(s.units), _estimated(s, list(s.units))))
    rows = (*body, total)
    return Table(scope.sheet, scope.title(rw("usage")), as_of(s), header, body, (total,),
                 (*marks_note(rows, any(scope.marked(u) for u in s.units)), rw("note-actual")))


def _unit_cells(s: Structure, u: Unit) -> tuple[Cell, ...]:
    est, st, gap = s.is_estimated(u), u.staffing, _gap(u)
    return (*(count_cell(getattr(st, k), est) for k in vocab.QUOTA_TYPES),
            count_cell(st.quota, est), count_cell(st.actual),
            count_cell(None if gap is None else max(gap, 0), est),
            count_cell(None if gap is None else max(-gap, 0), est), count_cell(st.outside))


def _summary(county: Structure) -> Table:
    """Return the county's summary: one row per member, its units added up."""
    header = _header((Head(rw("index"), rows=2), Head(rw("member"), rows=2)))
    body = []
    parts = ([county] if county.units else []) + list(county.members)
    for i, m in enumerate(parts, 1):
        units = list(m.units) if m is county else _all_units(m)
        est = m.totals_estimated() if m is county else m.rollup_estimated()
        body.append((Cell(str(i), i), Cell(rw("own-units") if m is county else m.name),
                     *_cells(units, est)))
    kept = [county, *(m for m in county.members if not m.rollup_estimated())]
    units = [u for m in kept for u in (m.units if m is county else _all_units(m))]
    left = len(county.members) + 1 - len(kept)
    total = (Cell(""), Cell(rw("total")), *_cells(units, county.totals_estimated()))
    notes = (*marks_note((*body, total), False), rw("note-actual"),
             *((word("staffing-members-left-out", "zh", count=left).strip("（）"),)
               if left else ()), rw("note-summary"))
    return Table(rw("summary"), f"{place_of(county)}{rw('usage')}（{rw('summary')}）",
                 as_of(county), header, tuple(body), (total,), notes)


def _all_units(s: Structure) -> list[Unit]:
    return [*s.units, *(u for m in s.members for u in _all_units(m))]
