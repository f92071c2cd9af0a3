"""核定表 / 一览表: per unit its rank, category, funding, posts by type and leadership posts,
with subtotals by category and the total."""

from __future__ import annotations

from ...base import vocab
from ...base.words import word
from ...model.marks import member_total, reported_lines
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...model.tally import StaffTotals, Tally, tally_staffing
from ...schema.structure import Unit
from .scope import Scope, as_of, per_structure, place_of, unit_name
from .table import Cell, Head, Table, count_cell, marks_note, quota_tally, rw, tally_cell, text_cell

__all__ = ["roster", "STAFF_COLUMNS"]

#: the staffing columns of the roster, in order (quota is admin + institution + worker)
STAFF_COLUMNS: tuple[str, ...] = ("admin", "institution", "worker", "quota", "heads", "deputies")


def roster(model: Structure | Reorganisation) -> list[Table]:
    """Return the 核定表 of a structure, of a county (a summary, then each member) or of a
    plan (before and after).

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(id="gov", name="镇政府",
    ...     kind="government", category="leadership", staffing=orgchart.Staffing(admin=3)),))
    >>> t = roster(s)[0]
    >>> [c.text for c in t.body[0]][:6], t.totals[-1][8].text
    (['1', '镇政府※', '?', '领导机构', '?', '3'], '≥ 3（1 个单位未知）')
    """
    return per_structure(model, _table, _summary)


def _header(first: tuple[Head, ...]) -> tuple[tuple[Head, ...], ...]:
    types = [vocab.label(vocab.STAFF_TYPES, k).removesuffix("编制") for k in vocab.QUOTA_TYPES]
    return ((*first, Head(rw("posts"), cols=4), Head(rw("leaders"), cols=2)),
            (*(Head(t) for t in types), Head(rw("total")), Head("正职"), Head("副职")))


def _staff_cells(s: Structure, u: Unit) -> tuple[Cell, ...]:
    est = s.is_estimated(u)
    return tuple(count_cell(getattr(u.staffing, k), est) for k in STAFF_COLUMNS)


def _total_cells(scope: Scope, units: list[Unit]) -> tuple[Cell, ...]:
    s = scope.structure
    totals = tally_staffing(u.staffing for u in units)
    est = any(s.is_estimated(u) and any(u.staffing.known().values()) for u in units)
    quota = quota_tally(u.staffing for u in units)
    return tuple(tally_cell(quota if k == "quota" else totals[k], est) for k in STAFF_COLUMNS)


def _table(scope: Scope) -> Table:
    s = scope.structure
    first = tuple(Head(rw(k), rows=2) for k in ("index", "unit", "rank", "category", "funding"))
    header = _header(first)
    header = ((*header[0], Head(rw("remark"), rows=2)), header[1])
    body = tuple((Cell(str(i), i), Cell(unit_name(scope, u)),
                  text_cell(_label(vocab.RANKS, u.rank)),
                  Cell(vocab.label(vocab.CATEGORIES, u.category)),
                  text_cell(_label(vocab.FUNDINGS, u.funding)),
                  *_staff_cells(s, u), Cell(_remark(u)))
                 for i, u in enumerate(s.units, 1))
    groups: dict[str, list[Unit]] = {}
    for u in s.units:
        groups.setdefault(u.category, []).append(u)
    totals: list[tuple[Cell, ...]] = []
    if len(groups) > 1:
        totals += [_total_row(scope, rw("subtotal",
            what=vocab.label(vocab.CATEGORIES, cat)), units) for cat, units in groups.items()]
    totals.append(_total_row(scope, rw("total"), list(s.units)))
    rows = (*body, *totals)
    # a total a source gives for the whole structure, when its units' posts are not given
    reported = tuple(reported_lines(s, "zh", "※"))
    return Table(scope.sheet, scope.title(rw("roster")), as_of(s), header, body,
                 tuple(totals), marks_note(rows, any(scope.marked(u) for u in s.units))
                 + reported)


def _total_row(scope: Scope, label: str, units: list[Unit]) -> tuple[Cell, ...]:
    return (Cell(""), Cell(label), Cell(""), Cell(""), Cell(""),
            *_total_cells(scope, units), Cell(""))


def _label(table: dict[str, tuple[str, str]], key: str | None) -> str | None:
    return None if key is None else vocab.label(table, key)


def _remark(u: Unit) -> str:
    return "".join(word("nameplate", "zh", plate=p) for p in u.nameplates)


def _summary(county: Structure) -> Table:
    """Return the county's summary: one row per member (its units and posts added up)."""
    header = _header((Head(rw("index"), rows=2), Head(rw("member"), rows=2),
                      Head(rw("units"), rows=2)))
    parts = ([county] if county.units else []) + list(county.members)
    body = []
    for i, m in enumerate(parts, 1):
        units = list(m.units) if m is county else _all_units(m)
        scope = Scope(m, "")
        body.append((Cell(str(i), i), Cell(rw("own-units") if m is county else m.name),
                     Cell(str(len(units)), len(units)),
                     *_member_totals(scope, units, m is not county)))
    kept = member_total(county)
    total_row = (Cell(""), Cell(rw("total")), Cell(""),
                 *(tally_cell(kept.staffing.quota if k == "quota" else kept.staffing[k],
                              kept.estimated) for k in STAFF_COLUMNS))
    left = (word("staffing-members-left-out", "zh", count=len(kept.left_out)).strip("（）"),) \
        if kept.left_out else ()
    rows = (*body, total_row)
    return Table(rw("summary"), f"{place_of(county)}{rw('roster')}（{rw('summary')}）",
                 as_of(county), header, tuple(body), (total_row,),
                 (*marks_note(rows, False), *left, rw("note-summary")))


def _member_totals(scope: Scope, units: list[Unit], rolled: bool,
                   county: Structure | None = None) -> tuple[Cell, ...]:
    s = county or scope.structure
    totals = tally_staffing(u.staffing for u in units)
    est = s.rollup_estimated() if rolled else s.totals_estimated()
    quota = quota_tally(u.staffing for u in units)
    unknown = _unknown_bodies(s) if rolled else 0  # a town without units: not zero
    if unknown:
        totals += StaffTotals.not_known(unknown)
        quota += Tally(0, unknown)
    return tuple(tally_cell(quota if k == "quota" else totals[k], est) for k in STAFF_COLUMNS)


def _unknown_bodies(s: Structure) -> int:
    return (not s.posts_known) + sum(_unknown_bodies(m) for m in s.members)


def _all_units(s: Structure) -> list[Unit]:
    return [*s.units, *(u for m in s.members for u in _all_units(m))]
