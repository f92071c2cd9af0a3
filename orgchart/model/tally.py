"""Totals with partial knowledge: the sum of what is known, and how much is not known."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..base import vocab
from ..base.words import word
from ..schema.structure import STAFF_FIELDS, Staffing

__all__ = ["Tally", "StaffTotals", "tally_staffing"]


@dataclass(frozen=True)
class Tally:
    """A sum over units of which some may not give a value.

    ``known`` is the sum over the units whose value is known, ``unknown`` how many units'
    values are not known: the true total is at least ``known``.

    >>> Tally(48, 3).text(), Tally(48, 3).text("en"), Tally(48).text(), Tally(0, 2).text()
    ('≥ 48（3 个单位未知）', '≥ 48 (3 units unknown)', '48', '?')
    """

    known: int = 0
    unknown: int = 0

    @property
    def complete(self) -> bool:
        """Tell whether every unit's value is known (the sum is the total)."""
        return self.unknown == 0

    @property
    def value(self) -> int | None:
        """Return the total when it is complete, else None."""
        return self.known if self.complete else None

    @property
    def nothing_known(self) -> bool:
        """Tell whether no unit gives a value, though some units were counted."""
        return self.known == 0 and self.unknown > 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.known + other.known, self.unknown + other.unknown)

    def add(self, value: int | None) -> Tally:
        """Return this tally with one more unit's value (None: not known)."""
        return Tally(self.known + (value or 0), self.unknown + (value is None))

    def text(self, lang: str = "zh", estimated: bool = False, narrow: bool = False) -> str:
        r"""Return ``48``, ``≥ 48（3 个单位未知）`` or, when nothing is known, ``?``;
        ``estimated``: the known part is an estimate, marked ``≈`` next to the figure
        (``≥ ≈48（…）``: at least about 48), never on ``?`` or a 0 that is known;
        ``narrow``: a partial total on two short lines, for a narrow column.

        >>> Tally(13, 2).text(estimated=True), Tally(5).text(estimated=True)
        ('≥ ≈13（2 个单位未知）', '≈5')
        >>> Tally(48, 3).text(narrow=True)
        '≥ 48\n（3 未知）'
        """
        if self.nothing_known:
            return "?"
        figure = ("≈" if estimated and self.known else "") + str(self.known)
        if self.complete:
            return figure
        return word("tally.partial.narrow" if narrow else "tally.partial", lang,
                    known=figure, unknown=self.unknown)

    def badge(self, estimated: bool = False) -> str:
        """Return the short form of a diagram's badge: ``48``, ``≥48`` or ``?``, with
        ``≈`` before the figure when it is an estimate (``≥≈48``)."""
        if self.nothing_known:
            return "?"
        figure = ("≈" if estimated and self.known else "") + str(self.known)
        return figure if self.complete else f"≥{figure}"

    def json(self) -> int | dict[str, int] | None:
        """Return the tally for JSON: the number when complete, None when nothing is known,
        else ``{"known": 48, "unknown": 3}``."""
        if self.complete:
            return self.known
        if self.nothing_known:
            return None
        return {"known": self.known, "unknown": self.unknown}


@dataclass(frozen=True)
class StaffTotals(Mapping[str, Tally]):
    """The staffing of many units added up: staffing type -> :class:`Tally`.

    ``quota`` is the establishment (编制: admin + institution + worker), counted per unit: a
    unit that does not give one of the three is one unit unknown, however many it lacks.

    >>> t = tally_staffing([Staffing(admin=5, institution=0), Staffing(admin=3)])
    >>> t["admin"], t["institution"].text(), t.quota.text("en")
    (Tally(known=8, unknown=0), '?', '≥ 8 (2 units unknown)')
    """

    tallies: tuple[Tally, ...] = tuple(Tally() for _ in STAFF_FIELDS)
    quota: Tally = Tally()

    def __getitem__(self, key: str) -> Tally:
        try:
            return self.tallies[STAFF_FIELDS.index(key)]
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(STAFF_FIELDS)

    def __len__(self) -> int:
        return len(STAFF_FIELDS)

    def __getattr__(self, key: str) -> Tally:  # totals.admin, as Staffing reads
        if key in STAFF_FIELDS:
            return self[key]
        raise AttributeError(key)

    @classmethod
    def not_known(cls, bodies: int = 1) -> StaffTotals:
        """Return the totals of ``bodies`` whose posts are not known at all (a town made by
        a merger, whose units no file gives): every type unknown, nothing known.

        >>> StaffTotals.not_known().quota.text()
        '?'
        """
        return cls(tuple(Tally(0, bodies) for _ in STAFF_FIELDS), Tally(0, bodies))

    def __add__(self, other: StaffTotals) -> StaffTotals:
        return StaffTotals(tuple(a + b for a, b in zip(self.tallies, other.tallies,
                                                       strict=True)), self.quota + other.quota)

    def is_empty(self) -> bool:
        """Tell whether nothing is counted: no known post and no unknown figure."""
        return all(t == Tally() for t in self.tallies)

    def json(self) -> dict[str, Any]:
        """Return each type as :meth:`Tally.json` gives it."""
        return {k: t.json() for k, t in self.items()}

    def summary(self, lang: str = "zh", estimated: bool = False) -> str:
        """Return every type with a known post, with its full label (``≈`` first if
        estimated): ``行政编制 ≥ 8（1 个单位未知）`` when some units do not give it. The
        establishment types and leadership posts are also named when some unit does not give
        them (``工勤编制 ?``), so that a type left out is one known to be 0 everywhere; other
        figures (实有, 编外) only when some are known. ``—`` when every type is known to be 0,
        ``?`` when nothing but zeros is known.

        >>> tally_staffing([Staffing(admin=5, institution=0), Staffing(institution=0)]).summary()
        '行政编制 ≥ 5（1 个单位未知），工勤编制 ?，领导正职 ?，领导副职 ?'
        """
        shown = [(k, t) for k, t in self.items()
                 if t.known or (k in _ALWAYS_SAID and not t.complete)]
        if not any(t.known for _, t in shown):
            if any(t.nothing_known for t in self.tallies):
                return "?"
            return "—"
        comma = word("comma", lang)  # Chinese text takes the full-width comma
        text = comma.join(f"{vocab.label(vocab.STAFF_TYPES, k, lang)} {t.text(lang)}"
                          for k, t in shown)
        return ("≈" if estimated else "") + text


#: the types a summary names even when some unit does not give them: the establishment and
#: the leadership posts (a type left out of a total must be one known to be 0)
_ALWAYS_SAID: frozenset[str] = frozenset((*vocab.QUOTA_TYPES, "heads", "deputies"))


def tally_staffing(items: Iterable[Staffing]) -> StaffTotals:
    """Add staffing records type by type: the known figures, and how many are not known."""
    known = dict.fromkeys(STAFF_FIELDS, 0)
    unknown = dict.fromkeys(STAFF_FIELDS, 0)
    quota = Tally()
    for st in items:
        # a unit's 实有人数 as written, else the sum of its three types' (derived, not a default)
        for key, value in {**vars(st), "actual": st.headcount}.items():
            if value is None:
                unknown[key] += 1
            else:
                known[key] += value
        parts = [getattr(st, k) for k in vocab.QUOTA_TYPES]
        quota = Tally(quota.known + sum(p for p in parts if p is not None),
                      quota.unknown + (None in parts))
    return StaffTotals(tuple(Tally(known[k], unknown[k]) for k in STAFF_FIELDS), quota)
