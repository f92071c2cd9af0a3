"""Staffing statistics: per unit, category or kind; vacancies; caps; county roll-ups."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from ..base import vocab
from ..base.labels import align_table
from ..base.words import word
from ..model.structure import Structure, sum_staffing
from ..rules.checks import cap_usage
from ..schema.structure import Figure, Unit

__all__ = ["StatRow", "CapRow", "staffing_stats", "cap_stats", "format_stats"]



@dataclass(frozen=True)
class StatRow:
    """Staffing of one group of units.

    ``actual``, ``vacancies`` and ``overstaffed`` count only the units that give an actual
    headcount (实有人数): vacancies (空编) add up quota − actual of each unit below its
    quota, overstaffing (超编) actual − quota of each unit above it, so one unit's
    overstaffing never hides another's vacancies. They are None when no unit gives it;
    ``without_actual`` is the number of units that do not. Grouped by unit, ``group`` is
    the unit's id (``member-id/unit-id`` for a member's unit) and ``name`` its name; other
    groupings have no name.
    """

    group: str
    name: str | None
    units: int
    admin: int
    institution: int
    worker: int
    quota: int
    heads: int
    deputies: int
    actual: int | None
    vacancies: int | None
    overstaffed: int | None
    without_actual: int
    outside: int
    #: some of the figures are estimates (the units' or file's ``staffing_estimated``)
    estimated: bool = False


@dataclass(frozen=True)
class CapRow:
    """How much of one policy cap a structure uses."""

    structure: str
    cap: str
    used: int
    limit: int

    @property
    def ok(self) -> bool:
        """Tell whether the cap holds."""
        return self.used <= self.limit


def _row(group: str, units: list[Unit], name: str | None = None,
         estimated: bool = False) -> StatRow:
    """Add up ``units``; ``estimated``: some of their posts are estimates."""
    st = sum_staffing(u.staffing for u in units)
    gaps = [u.staffing.quota - u.staffing.actual for u in units
            if u.staffing.actual is not None]
    vacancies = sum(max(gap, 0) for gap in gaps) if gaps else None
    overstaffed = sum(max(-gap, 0) for gap in gaps) if gaps else None
    return StatRow(group, name, len(units), st.admin, st.institution, st.worker, st.quota, st.heads,
                   st.deputies, st.actual, vacancies, overstaffed, len(units) - len(gaps),
                   st.outside, estimated)


def _group_key(top: Structure, s: Structure, u: Unit, by: str) -> str:
    if by == "category":
        return vocab.label(vocab.CATEGORIES, u.category)
    if by == "kind":
        return u.kind  # labelled later: two kinds may share a label
    return u.id if s is top else f"{s.id}/{u.id}"  # units of the same name stay apart


def staffing_stats(s: Structure, by: str = "unit") -> list[StatRow]:
    """Return staffing per group, then the total (for a county: with every member).

    ``by``: unit, category, kind, or member (one row per member structure, e.g. per town).
    """
    rows: list[StatRow] = []
    if by == "member":
        if s.units:
            rows.append(_row(s.name, list(s.units), estimated=s.totals_estimated()))
        for m in s.members:
            rows.append(_row(m.name, _all_units(m), estimated=m.rollup_estimated()))
    else:
        groups: dict[str, list[Unit]] = {}
        estimated: dict[str, bool] = {}
        structures = _all(s)
        for struct in structures:  # each unit judged in its own structure (templates are shared)
            for u in struct.units:
                key = _group_key(s, struct, u, by)
                groups.setdefault(key, []).append(u)
                estimated[key] = estimated.get(key, False) or (
                    struct.is_estimated(u) and not u.staffing.is_empty())
        labels = {k: k for k in groups}
        if by == "kind":
            declared = {k: v for x in reversed(structures) for k, v in x.kinds.items()}
            labels = {k: declared.get(k) or vocab.label(vocab.KINDS, k) for k in groups}
            uses = Counter(labels.values())  # two kinds may share a label: name them both
            labels = {k: f"{x} ({k})" if uses[x] > 1 else x for k, x in labels.items()}
        rows = [_row(labels[k], v, v[0].name if by == "unit" else None, estimated[k])
                for k, v in groups.items()]
    rows.append(_row("合计" if by != "member" else "合计（含下属）", _all_units(s),
                     estimated=s.rollup_estimated()))
    return rows


def _all(s: Structure) -> list[Structure]:
    return [s, *(x for m in s.members for x in _all(m))]


def _all_units(s: Structure) -> list[Unit]:
    return [u for x in _all(s) for u in x.units]


def cap_stats(s: Structure) -> list[CapRow]:
    """Return the use of every policy cap, for the structure and each member."""
    rows = []
    for struct in _all(s):
        for cap in struct.caps:
            used, what = cap_usage(struct, cap)
            limit = cap.max_units if cap.max_units is not None else cap.max_posts
            assert limit is not None
            rows.append(CapRow(struct.name, what, used, limit))
    return rows


def format_stats(rows: list[StatRow], caps: list[CapRow], fmt: str = "table",
                 reported: tuple[Figure, ...] = (), lang: str = "zh") -> str:
    """Return the statistics as an aligned table, CSV or JSON.

    ``lang`` is the language of the table's head and notes (zh or en); CSV and JSON keep
    their field names. ``reported`` figures (given by sources for the whole structure, not
    derived from its units) are listed after the caps in a table and under "reported" in
    JSON; the CSV holds the staffing rows only.
    """
    if fmt == "json":
        return json.dumps({"staffing": [asdict(r) for r in rows],
                           "caps": [{**asdict(c), "ok": c.ok} for c in caps],
                           "reported": [f.model_dump(mode="json", exclude_defaults=True)
                                        for f in reported]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        from ..base.cells import write_csv

        return write_csv(StatRow.__dataclass_fields__,
                         (["" if v is None else str(v) for v in asdict(r).values()]
                          for r in rows))
    named = any(r.name is not None for r in rows)
    head = [word("stats." + k, lang) for k in (("unit", "name") if named else ("group",))]
    head += [word("stats." + k, lang) for k in (
        "units", "admin", "institution", "worker", "quota", "heads", "deputies", "actual",
        "vacancies", "overstaffed", "without_actual", "outside", "estimated")]
    body = [[r.group, *([r.name or ""] if named else []),
             *("" if v is None else str(v) for v in list(asdict(r).values())[2:-1]),
             "≈" if r.estimated else ""]
            for r in rows]
    text = align_table([head, *body])
    if any(r.estimated for r in rows):
        text += "\n" + word("stats.estimate-note", lang)
    if rows and rows[-1].without_actual:
        total = rows[-1]
        text += "\n" + word("stats.no-actual-note", lang, missing=total.without_actual,
                             units=total.units)
    if caps:
        head = [word("stats." + k, lang) for k in ("structure", "cap", "used", "limit")]
        text += "\n\n" + align_table([[*head, ""],
                                 *([c.structure, c.cap, str(c.used), str(c.limit),
                                    word("stats.cap-ok" if c.ok else "stats.cap-exceeded",
                                         lang)] for c in caps)])
    if reported:
        head = [word("stats." + k, lang) for k in ("figure", "name", "value", "counts")]
        text += ("\n\n" + word("stats.reported", lang) + "\n"
                 + align_table([[*head, ""],
                                *([f.id, f.name, str(f.value),
                                   word("count." + f.counts, lang).strip(),
                                   word("verified" if f.verified else "not-verified", lang)]
                                  for f in reported)]))
    return text + "\n"

