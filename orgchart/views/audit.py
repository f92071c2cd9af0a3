"""The audit of a model: every fact with its evidence level and sources (``orgchart audit``).

A researcher reads at once what to trust: a count per level first, then one row per fact
(a unit's name, category, rank, staffing, ...; a plan's events), then the sources the rows
cite by number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..base import vocab
from ..base.cells import join_list, write_csv
from ..base.labels import align_table, printable, staffing_badge
from ..model.evidence import Evidence, stated_facts
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import Event
from ..schema.structure import Source, Unit

__all__ = ["AuditRow", "AUDIT_COLUMNS", "audit_rows", "audit_text", "audit_csv"]

#: the columns of ``orgchart audit --format csv``
AUDIT_COLUMNS = ("structure", "unit", "unit_name", "fact", "value", "evidence", "basis",
                 "source_kinds", "sources", "note")

#: what a level that no file, unit or fact states is called in the text view
NOT_STATED = "not stated"


@dataclass(frozen=True)
class AuditRow:
    """One fact: whose it is, what it says, and its evidence."""

    structure: str
    unit: str
    unit_name: str
    fact: str
    value: str
    evidence: Evidence


def audit_rows(model: Structure | Reorganisation) -> list[AuditRow]:
    """Return one row per fact of ``model``: each unit's stated facts (members' too, after
    the structure's own), or each event of a plan.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "Town", default_evidence="partial", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
    ...                   facts={"name": "verified"}),))
    >>> [(r.fact, r.evidence.level) for r in audit_rows(s)]
    [('name', 'verified'), ('category', 'partial'), ('kind', 'partial')]
    """
    if isinstance(model, Reorganisation):
        return [AuditRow(model.id, _subject(e), "", "event", f"{i + 1}. {e.type}",
                         model.event_evidence(i)) for i, e in enumerate(model.events)]
    rows = [AuditRow(model.id, u.id, u.name, fact, _value(u, fact), model.evidence(u, fact))
            for u in model.units for fact in stated_facts(u)]
    for member in model.members:
        rows.extend(audit_rows(member))
    return rows


def _subject(event: Event) -> str:
    """Return the unit(s) an event concerns, as ids."""
    unit = getattr(event, "unit", None)
    if isinstance(unit, Unit):
        return unit.id
    if isinstance(unit, str):
        return unit
    units = getattr(event, "units", None) or ()
    return join_list(units)


def _value(u: Unit, fact: str) -> str:
    """Return a fact's value in short text."""
    if fact == "name":
        return u.name
    if fact == "staffing":
        return staffing_badge(u.staffing)
    if fact in ("category", "kind"):
        table = vocab.CATEGORIES if fact == "category" else vocab.KINDS
        return vocab.label(table, getattr(u, fact))
    if fact == "links":
        return join_list(f"{link.type}:{link.with_}" for link in u.links)
    value = getattr(u, fact)
    if isinstance(value, tuple):
        return join_list(value)
    return "" if value is None else str(value)


def _level(ev: Evidence) -> str:
    return ev.level or NOT_STATED


def audit_text(model: Structure | Reorganisation) -> str:
    """Return the audit as text: counts per level, a table of facts, the sources cited."""
    rows = audit_rows(model)
    numbers: dict[Source, int] = {}
    for r in rows:
        for src in r.evidence.sources:
            numbers.setdefault(src, len(numbers) + 1)
    counts = Counter(_level(r.evidence) for r in rows)
    order = [*vocab.EVIDENCE, NOT_STATED]
    lines = [f"{model.name} ({model.id}): {len(rows)} facts",
             "  " + ", ".join(f"{level} {counts[level]}" for level in order if counts[level]),
             ""]
    table = [["structure", "unit", "name", "fact", "evidence", "basis", "sources", "value"]]
    for r in rows:
        cited = " ".join(f"[{numbers[s]}]" for s in r.evidence.sources) or "—"
        table.append([r.structure, r.unit, r.unit_name, r.fact, _level(r.evidence),
                      r.evidence.basis, cited, r.value])
    if len({r.structure for r in rows}) <= 1:  # one structure: its id is in the head
        table = [row[1:] for row in table]
    if rows:
        lines.append(align_table(table))
    if numbers:
        lines += ["", "sources:"]
        lines += [f"  [{n}] {_source_text(src)}" for src, n in numbers.items()]
    missing = sorted({m for r in rows for m in r.evidence.missing})
    if missing:
        lines += ["", "cited but not declared: " + ", ".join(missing)]
    return printable("\n".join(lines)) + "\n"


def _source_text(src: Source) -> str:
    parts = [src.kind or "kind not stated", src.title]
    if src.date:
        parts.append(str(src.date))
    if src.url:
        parts.append(src.url)
    return " | ".join(parts)


def audit_csv(model: Structure | Reorganisation) -> str:
    """Return the audit as CSV (:data:`AUDIT_COLUMNS`), one row per fact; a level that
    nothing states is an empty cell, never a level."""
    out = []
    for r in audit_rows(model):
        ev = r.evidence
        out.append([r.structure, r.unit, r.unit_name, r.fact, r.value, ev.level or "",
                    ev.basis, join_list(s.kind or "" for s in ev.sources),
                    join_list(" ".join(x for x in (s.title, s.url) if x) for s in ev.sources),
                    ev.note or ""])
    return write_csv(AUDIT_COLUMNS, out)
