"""Which structures a report covers: one, a county and its members, or a plan's two sides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...base.words import word
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...rules.identifiers import division_name
from ...schema.structure import Unit
from .table import Table

__all__ = ["Scope", "per_structure", "unit_name", "as_of", "place_of"]


@dataclass(frozen=True)
class Scope:
    """One structure to report on, and how its sheet is named."""

    structure: Structure
    sheet: str
    #: "改革前" or "改革后" for a plan's side, else empty
    side: str = ""
    #: units an unverified plan made or changed: marked ※ whatever the structure says
    changed: frozenset[str] = field(default_factory=frozenset)

    def marked(self, u: Unit) -> bool:
        """Tell whether ``u`` prints with ※ (not verified)."""
        return u.id in self.changed or not self.structure.is_verified(u)

    def title(self, what: str) -> str:
        """Return the table's title: the structure's name, the side, then ``what``."""
        s = self.structure
        side = f"（{self.side}）" if self.side else ""
        return f"{place_of(s)}{side}{what}"


def place_of(s: Structure) -> str:
    """Return what a title calls ``s``: its place, else its division code's NBS name (a
    county file named ``浏阳市（县级）机构编制总览`` governs 浏阳市), else its name."""
    return s.place or (division_name(s.code) if s.code else None) or s.name


def unit_name(scope: Scope, u: Unit) -> str:
    """Return a unit's name as a report prints it: with ※ when it is not verified."""
    return u.name + ("※" if scope.marked(u) else "")


def as_of(s: Structure) -> str:
    """Return the table's subtitle: the date of the data, or that it is not given."""
    when = s.as_of or s.valid_from
    date = word("as-of", "zh", date=str(when)) if when else word("report.no-date", "zh")
    return f"{date}　{word('report.unit-posts', 'zh')}"


Build = Callable[[Scope], Table]
Summary = Callable[[Structure], Table]


def per_structure(model: Structure | Reorganisation, build: Build,
                  summary: Summary) -> list[Table]:
    """Return the tables of a report: a plan's before and after, a county's summary then
    its own bodies and each member, or one structure's table."""
    if isinstance(model, Reorganisation):
        before, after = model.before, model.run().structure
        changed = frozenset() if model.verified else frozenset(
            u.id for u in after.units if u.id not in before or before.unit(u.id) != u)
        return [build(Scope(before, word("before", "zh"), word("before", "zh"))),
                build(Scope(after, word("after", "zh"), word("after", "zh"), changed))]
    if not model.members:
        return [build(Scope(model, _sheet(model)))]
    tables = [summary(model)]
    if model.units:
        tables.append(build(Scope(model, word("report.own-units", "zh"))))
    return tables + [build(Scope(m, _sheet(m))) for m in model.members]


def _sheet(s: Structure) -> str:
    return s.place or s.name
