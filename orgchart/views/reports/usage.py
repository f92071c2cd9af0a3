"""编制使用情况表: per unit, for each staffing type (行政, 事业, 工勤) and in all, the approved
posts (核定), the people in post (实有), vacant (空编) and over (超编) posts; subtotals by
category and the total."""

from __future__ import annotations

from collections.abc import Iterable

from ...base import vocab
from ...base.words import word
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...model.tally import Tally
from ...model.vacancy import unit_vacant_over, vacant_over
from ...schema.structure import Staffing, Unit
from .scope import Scope, as_of, per_structure, place_of, unit_name
from .table import Cell, Head, Table, count_cell, marks_note, rw, tally_cell

__all__ = ["usage", "USAGE_GROUPS"]

#: the column groups: each establishment type, then the unit's total (合计)
USAGE_GROUPS: tuple[str, ...] = (*vocab.QUOTA_TYPES, "total")


def usage(model: Structure | Reorganisation) -> list[Table]:
    """Return the 编制使用情况表 of a structure, a county (summary, then members) or a plan.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(id="gov", name="镇政府",
    ...     kind="government", category="leadership", staffing=orgchart.Staffing(
    ...         admin=3, institution=0, worker=0, actual=4, actual_admin=4)),))
    >>> [c.text for c in usage(s)[0].body[0]]  # doctest: +NORMALIZE_WHITESPACE
    ['1', '镇政府※', '3', '4', '0', '1', '0', '?', '0', '?', '0', '?', '0', '?',
     '3', '4', '0', '1', '?']
    """
    return per_structure(model, _table, _summary)


def _header(first: tuple[Head, ...]) -> tuple[tuple[Head, ...], ...]:
    groups = [vocab.label(vocab.STAFF_TYPES, k) for k in vocab.QUOTA_TYPES] + [rw("total")]
    return ((*first, *(Head(g, cols=4) for g in groups),
             Head(vocab.label(vocab.STAFF_TYPES, "outside"), rows=2)),
            tuple(Head(rw(k)) for _ in groups for k in ("approved-short", "actual-short",
                                                        "vacant", "over")))


def _posts_people(st: Staffing, group: str) -> tuple[int | None, int | None]:
    """Return a group's approved posts and people in post (the total: the unit's 编制 and
    its 实有人数, written or the sum of the three types')."""
    if group == "total":
        return st.quota, st.headcount
    return getattr(st, group), getattr(st, vocab.ACTUAL_OF[group])


def _figures(st: Staffing, group: str) -> tuple[int | None, ...]:
    """Return a group's 核定, 实有, 空编 and 超编 (the total's 空编, 超编: the sums of the
    types' where these are known, see :func:`~orgchart.model.vacancy.unit_vacant_over`)."""
    posts, people = _posts_people(st, group)
    return posts, people, *(unit_vacant_over(st) if group == "total"
                            else vacant_over(posts, people))


def _unit_cells(s: Structure, u: Unit) -> tuple[Cell, ...]:
    est, st = s.is_estimated(u), u.staffing
    cells: list[Cell] = []
    for group in USAGE_GROUPS:
        posts, people, vacant, over = _figures(st, group)
        # 实有 is a headcount, not a post: it is no estimate of posts; 空编, 超编 come of both
        cells += [count_cell(posts, est), count_cell(people), count_cell(vacant, est),
                  count_cell(over, est)]
    return (*cells, count_cell(st.outside))


def _cells(units: Iterable[Unit], estimated: bool) -> tuple[Cell, ...]:
    """Return the totals of ``units``: each figure added unit by unit (a unit's 空编 does
    not make up for another's 超编), partial where some units do not give it."""
    sums = [Tally() for _ in range(4 * len(USAGE_GROUPS))]
    outside = Tally()
    for u in units:
        st = u.staffing
        for i, group in enumerate(USAGE_GROUPS):
            for j, value in enumerate(_figures(st, group)):
                sums[4 * i + j] = sums[4 * i + j].add(value)
        outside = outside.add(st.outside)
    return (*(tally_cell(t, estimated and i % 4 != 1) for i, t in enumerate(sums)),
            tally_cell(outside))


def _estimated(s: Structure, units: list[Unit]) -> bool:
    return any(s.is_estimated(u) and any(u.staffing.known().values()) for u in units)


def _table(scope: Scope) -> Table:
    s = scope.structure
    header = _header((Head(rw("index"), rows=2), Head(rw("unit"), rows=2)))
    body = tuple((Cell(str(i), i), Cell(unit_name(scope, u)), *_unit_cells(s, u))
                 for i, u in enumerate(s.units, 1))
    groups: dict[str, list[Unit]] = {}
    for u in s.units:
        groups.setdefault(u.category, []).append(u)
    totals = [(Cell(""), Cell(rw("subtotal", what=vocab.label(vocab.CATEGORIES, cat))),
               *_cells(units, _estimated(s, units)))
              for cat, units in groups.items()] if len(groups) > 1 else []
    totals.append((Cell(""), Cell(rw("total")),
                   *_cells(s.units, _estimated(s, list(s.units)))))
    rows = (*body, *totals)
    return Table(scope.sheet, scope.title(rw("usage")), as_of(s), header, body, tuple(totals),
                 (*marks_note(rows, any(scope.marked(u) for u in s.units)), rw("note-actual")))


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
