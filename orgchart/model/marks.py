"""What charts and exports mark as not verified or estimated, decided in one place.

Every decision goes through :meth:`Structure.is_verified` and :meth:`Structure.is_estimated`
(and a plan's own ``verified`` flag), so that a finer account of evidence behind those two
reaches every chart and export at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.words import word
from ..schema.structure import Unit
from .structure import Structure
from .tally import StaffTotals

__all__ = ["reported_lines", "estimated_types", "MemberTotal", "member_total", "unit_marked"]


def unit_marked(s: Structure, u: Unit, plan_verified: bool = True) -> bool:
    """Tell whether ``u`` (a unit of ``s``) is drawn as not verified (※, dashed frame).

    ``plan_verified`` False: ``u`` is what an unverified plan made or changed, so it is a
    reconstruction whatever its structure says.
    """
    return not plan_verified or not s.is_verified(u)


def estimated_types(s: Structure) -> frozenset[str]:
    """Return the staffing types whose total over ``s``'s units adds in an estimate.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "镇", staffing_estimated=True, units=(orgchart.Unit(
    ...     id="gov", name="镇政府", kind="government", category="leadership",
    ...     staffing=orgchart.Staffing(admin=3)),))
    >>> sorted(estimated_types(s))
    ['admin']
    """
    return frozenset(k for u in s.units if s.is_estimated(u)
                     for k, v in vars(u.staffing).items() if v)


@dataclass(frozen=True)
class MemberTotal:
    """The staffing of a structure with its members, where only figures that are not
    estimates are added: a sum of estimates (a county's towns, each a copy of one template)
    is no estimate of the whole, so it is not made at all."""

    #: the structure's own units and the members whose figures are not estimates, added up
    staffing: StaffTotals
    #: the structure's own units hold an estimate (the sum is marked ≈)
    estimated: bool
    #: members whose figures are (partly) estimates: named, not added
    left_out: tuple[Structure, ...]

    @property
    def added(self) -> bool:
        """Tell whether anything was added up (else only words can be printed)."""
        return any(t.known for t in self.staffing.tallies)


def member_total(s: Structure) -> MemberTotal:
    """Return the staffing of ``s`` and its members, members with estimates left out."""
    left_out = tuple(m for m in s.members if m.rollup_estimated())
    kept = [m.rollup() for m in s.members if not m.rollup_estimated()]
    return MemberTotal(sum(kept, s.totals()), s.totals_estimated(), left_out)


def reported_lines(s: Structure, lang: str = "zh", marker: str = "") -> list[str]:
    """Return the figures sources give for the whole structure (not spread over its units),
    a heading first, each unverified one after ``marker``; none when there are none: a
    chart's title and a report's notes both print them, since a town whose units' posts are
    not known may still have a reported total.

    >>> import orgchart
    >>> from orgchart.schema.structure import Figure
    >>> reported_lines(orgchart.Structure("t", "镇", units=(), reported=(
    ...     Figure(id="posts", name="核定编制", value=99),)), marker="※")
    ['来源报道的数字（未分配到单位）：', '※核定编制 99 名']
    """
    if not s.reported:
        return []
    lines = [word("reported", lang)]
    for f in s.reported:
        flag = marker if not f.verified else ""
        lines.append(f"{flag}{f.name} {f.value}{word('count.' + f.counts, lang)}")
    return lines

