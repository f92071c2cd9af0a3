"""Staffing statistics: per unit, category or kind; vacancies; caps; county roll-ups."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from ..base import vocab
from ..base.labels import align_table
from ..base.words import word
from ..model.structure import Structure
from ..model.tally import StaffTotals, Tally, tally_staffing
from ..model.vacancy import unit_vacant_over
from ..rules.checks import cap_usage, cap_words
from ..schema.structure import Figure, Unit

__all__ = ["StatRow", "CapRow", "staffing_stats", "cap_stats", "format_stats"]



@dataclass(frozen=True)
class StatRow:
    """Staffing of one group of units.

    ``actual``, ``vacancies`` and ``overstaffed`` count only the units that give an actual
    headcount (实有人数): vacancies (空编) add up quota − actual of each unit below its
    quota, overstaffing (超编) actual − quota of each unit above it, so one unit's
    overstaffing never hides another's vacancies (a unit whose posts are not all known is
    left out of them too); within a unit whose per-type 空编 and 超编 are all known, they
    are the sums of the types' (3 行政 posts for 2 people and 0 工勤 posts for 1 person:
    1 vacant and 1 over, not 0 and 0). They are None when no unit gives it;
    ``without_actual`` is the number of units that do not. A unit's headcount is its
    ``actual`` as written, else the sum of its three types' (``actual_admin``, ... : the
    people in post on each type, a :class:`Tally` like the posts). Each staffing type is a
    :class:`Tally`: the posts of the units that give it, and how many do not (unknown is
    not zero). Grouped by unit, ``group`` is the unit's id (``member-id/unit-id`` for a
    member's unit) and ``name`` its name; other groupings have no name.
    """

    group: str
    name: str | None
    units: int
    admin: Tally
    institution: Tally
    worker: Tally
    quota: Tally
    heads: Tally
    deputies: Tally
    actual: Tally
    actual_admin: Tally
    actual_institution: Tally
    actual_worker: Tally
    vacancies: int | None
    overstaffed: int | None
    without_actual: int
    outside: Tally
    #: some of the figures are estimates (the units' or file's ``staffing_estimated``)
    estimated: bool = False


@dataclass(frozen=True)
class CapRow:
    """How much of one policy cap a structure uses."""

    structure: str
    cap: str
    #: the units counted, or the posts known (and how many units do not give them)
    used: Tally
    limit: int
    #: what the cap limits, in Chinese words (``党政机构机构数``); ``cap`` is the English
    words: str = ""

    @property
    def ok(self) -> bool | None:
        """Tell whether the cap holds; None when unknown posts leave it open."""
        if self.used.known > self.limit:
            return False
        return True if self.used.complete else None


def _row(group: str, units: list[Unit], name: str | None = None,
         estimated: bool = False, unknown_bodies: int = 0) -> StatRow:
    """Add up ``units``; ``estimated``: some of their posts are estimates;
    ``unknown_bodies``: how many structures without units (posts not known) the group
    holds besides: each counts as unknown, never as zero."""
    st = tally_staffing(u.staffing for u in units)
    without_actual = st.actual.unknown  # units without an actual figure, of those counted
    if unknown_bodies:
        st += StaffTotals.not_known(unknown_bodies)
    gaps = [(v, o) for v, o in (unit_vacant_over(u.staffing) for u in units)
            if v is not None and o is not None]
    vacancies = sum(v for v, _ in gaps) if gaps else None
    overstaffed = sum(o for _, o in gaps) if gaps else None
    return StatRow(group, name, len(units), st.admin, st.institution, st.worker, st.quota, st.heads,
                   st.deputies, st.actual, st.actual_admin, st.actual_institution,
                   st.actual_worker, vacancies, overstaffed, without_actual,
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
            rows.append(_row(m.name, _all_units(m), estimated=m.rollup_estimated(),
                             unknown_bodies=_unknown_bodies(m)))
    else:
        groups: dict[str, list[Unit]] = {}
        estimated: dict[str, bool] = {}
        structures = _all(s)
        for struct in structures:  # each unit judged in its own structure (templates are shared)
            for u in struct.units:
                key = _group_key(s, struct, u, by)
                groups.setdefault(key, []).append(u)
                estimated[key] = estimated.get(key, False) or struct.counts_estimate(u)
        labels = {k: k for k in groups}
        if by == "kind":
            declared = {k: v for x in reversed(structures) for k, v in x.kinds.items()}
            labels = {k: declared.get(k) or vocab.label(vocab.KINDS, k) for k in groups}
            uses = Counter(labels.values())  # two kinds may share a label: name them both
            labels = {k: f"{x} ({k})" if uses[x] > 1 else x for k, x in labels.items()}
        rows = [_row(labels[k], v, v[0].name if by == "unit" else None, estimated[k])
                for k, v in groups.items()]
    rows.append(_row("合计" if by != "member" else "合计（含下属）", _all_units(s),
                     estimated=s.rollup_estimated(), unknown_bodies=_unknown_bodies(s)))
    return rows


def _all(s: Structure) -> list[Structure]:
    return [s, *(x for m in s.members for x in _all(m))]


def _unknown_bodies(s: Structure) -> int:
    """How many structures under ``s`` (itself included) tell nothing of their posts."""
    return sum(not x.posts_known for x in _all(s))


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
            rows.append(CapRow(struct.name, what, used, limit, cap_words(cap)))
    return rows


_CAP_WORDS = {True: "stats.cap-ok", False: "stats.cap-exceeded", None: "stats.cap-unknown"}


def _fields(row: StatRow) -> list[object]:
    return [getattr(row, f) for f in StatRow.__dataclass_fields__]


def _table_cell(value: object) -> str:
    """Return a table cell: ``48``, ``≥48`` (some units do not give it) or ``?`` (not
    known: 空编 and 超编 of units whose posts or headcount are not known; never blank, which
    reads as nothing).

    >>> _table_cell(None), _table_cell(Tally(48, 1)), _table_cell(0)
    ('?', '≥48', '0')
    """
    if isinstance(value, Tally):
        return value.badge() if value.known or value.unknown else "0"
    return "?" if value is None else str(value)


def _csv_cell(value: object) -> str:
    """Return a CSV cell: a total only when it is complete (unknown is not zero: empty)."""
    if isinstance(value, Tally):
        return "" if value.value is None else str(value.value)
    return "" if value is None else str(value)


def _partial(row: StatRow) -> str:
    """Return the CSV's ``partial`` cell: each incomplete total, e.g. ``admin ≥ 48 (3 units
    unknown)``."""
    return "; ".join(f"{k} {t.text('en')}" for k, t in _tallies(row).items()
                     if not t.complete)


def _tallies(row: StatRow) -> dict[str, Tally]:
    """Return the staffing totals of a row by field name (quota included)."""
    return {k: v for k, v in zip(StatRow.__dataclass_fields__, _fields(row), strict=True)
            if isinstance(v, Tally)}


def _json_row(row: StatRow) -> dict[str, object]:
    """Return a row for JSON: a total as a number, null when nothing is known, or
    ``{"known": 48, "unknown": 3}`` when some units do not give it."""
    return {k: v.json() if isinstance(v, Tally) else v
            for k, v in zip(StatRow.__dataclass_fields__, _fields(row), strict=True)}


def format_stats(rows: list[StatRow], caps: list[CapRow], fmt: str = "table",
                 reported: tuple[Figure, ...] = (), lang: str = "zh") -> str:
    """Return the statistics as an aligned table, CSV or JSON.

    ``lang`` is the language of the table's head and notes (zh or en); CSV and JSON keep
    their field names. ``reported`` figures (given by sources for the whole structure, not
    derived from its units) are listed after the caps in a table and under "reported" in
    JSON; the CSV holds the staffing rows only.
    """
    if fmt == "json":
        return json.dumps({"staffing": [_json_row(r) for r in rows],
                           "caps": [{**{k: v for k, v in asdict(c).items() if k != "words"},
                                     "used": c.used.json(), "ok": c.ok} for c in caps],
                           "reported": [f.model_dump(mode="json", exclude_defaults=True)
                                        for f in reported]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        from ..base.cells import write_csv

        return write_csv([*StatRow.__dataclass_fields__, "partial"],
                         ([*(_csv_cell(v) for v in _fields(r)), _partial(r)] for r in rows))
    named = any(r.name is not None for r in rows)
    head = [word("stats." + k, lang) for k in (("unit", "name") if named else ("group",))]
    head += [word("stats." + k, lang) for k in (
        "units", "admin", "institution", "worker", "quota", "heads", "deputies", "actual",
        "actual_admin", "actual_institution", "actual_worker", "vacancies", "overstaffed",
        "without_actual", "outside", "estimated")]
    body = [[r.group, *([r.name or ""] if named else []),
             *(_table_cell(v) for v in _fields(r)[2:-1]), "≈" if r.estimated else ""]
            for r in rows]
    text = align_table([head, *body])
    if any(isinstance(v, Tally) and not v.complete for r in rows  # headcounts: below
           for k, v in zip(StatRow.__dataclass_fields__, _fields(r), strict=True)
           if k not in vocab.HEADCOUNT_TYPES):
        text += "\n" + word("stats.partial-note", lang)
    if any(r.estimated for r in rows):
        text += "\n" + word("stats.estimate-note", lang)
    if rows and rows[-1].without_actual:
        total = rows[-1]
        text += "\n" + word("stats.no-actual-note", lang, missing=total.without_actual,
                             units=total.units)
    if caps:
        head = [word("stats." + k, lang) for k in ("structure", "cap", "used", "limit")]
        text += "\n\n" + align_table([[*head, ""],
                                 *([c.structure, c.words if lang == "zh" and c.words else c.cap,
                                     c.used.text(lang), str(c.limit),
                                    word(_CAP_WORDS[c.ok],
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

