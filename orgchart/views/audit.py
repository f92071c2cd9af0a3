"""The audit of a model: every fact with its evidence level and sources (``orgchart audit``).

A researcher reads at once what to trust: a count per level first, then one row per fact
(a unit's name, category, rank, staffing, ...; a plan's events), then the sources the rows
cite by number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..base import vocab
from ..base.cells import join_list, write_csv
from ..base.labels import align_table, printable, staffing_badge
from ..base.words import WORDS, word
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

#: the text view's columns (words ``audit.<column>``)
_TEXT_COLUMNS = ("structure", "unit", "name", "fact", "evidence", "basis", "cited", "value")

#: a unit's facts whose values are keys of a vocabulary, printed as its label
_TABLES = {"category": vocab.CATEGORIES, "kind": vocab.KINDS, "rank": vocab.RANKS,
           "public_class": vocab.PUBLIC_CLASSES, "funding": vocab.FUNDINGS}


@dataclass(frozen=True)
class AuditRow:
    """One fact: whose it is, what it says, and its evidence."""

    structure: str
    unit: str
    unit_name: str
    fact: str
    value: str
    evidence: Evidence


def audit_rows(model: Structure | Reorganisation, lang: str = "zh") -> list[AuditRow]:
    """Return one row per fact of ``model``: each unit's stated facts (members' too, after
    the structure's own), or each event of a plan; values in ``lang`` (zh or en).

    >>> import orgchart
    >>> s = orgchart.Structure("t", "Town", default_evidence="partial", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
    ...                   facts={"name": "verified"}),))
    >>> [(r.fact, r.evidence.level) for r in audit_rows(s)]
    [('name', 'verified'), ('category', 'partial'), ('kind', 'partial')]
    """
    if isinstance(model, Reorganisation):
        return _event_rows(model, lang)
    names = _names(model, lang)
    rows = [AuditRow(model.id, u.id, u.name, fact, _value(u, fact, lang, model.kinds, names),
                     model.evidence(u, fact))
            for u in model.units for fact in stated_facts(u)]
    for member in model.members:
        rows.extend(audit_rows(member, lang))
    return rows


def _event_rows(plan: Reorganisation, lang: str) -> list[AuditRow]:
    """One row per event of ``plan``: the units it concerns (named as before the plan, a
    new unit by its own name) and what it does, in words."""
    names = _names(plan.before, lang)
    names |= {o.id: o.name for o in plan.outside if o.id not in names}
    new = (u for e in plan.events for u in _new_units(e))
    names |= {u.id: u.name for u in new if u.id not in names}
    return [AuditRow(plan.id, join_list(_subject(e)),
                     join_list(names.get(u, "") for u in _subject(e)), "event",
                     f"{i + 1}. " + (word(f"step.{e.type}", lang) if f"step.{e.type}" in WORDS
                                     else e.type),
                     plan.event_evidence(i)) for i, e in enumerate(plan.events)]


def _new_units(event: Event) -> list[Unit]:
    """Return the units an event makes, each with its own name: established (``unit``),
    made by a merge (``new``) or a split (each part's ``new``)."""
    into = getattr(event, "into", None)
    parts = into if isinstance(into, list | tuple) else ()
    found = [getattr(event, "unit", None), getattr(event, "new", None),
             *(getattr(p, "new", None) for p in parts)]
    return [u for u in found if isinstance(u, Unit)]


def _subject(event: Event) -> list[str]:
    """Return the ids of the unit(s) an event concerns (a transfer: the giver)."""
    unit = getattr(event, "unit", None) or getattr(event, "from_", None)
    if isinstance(unit, Unit):
        return [unit.id]
    if isinstance(unit, str):
        return [unit]
    return list(getattr(event, "units", None) or ())


def _names(model: Structure, lang: str) -> dict[str, str]:
    """Return how the audit names each unit, outside body and catalogue function of
    ``model`` by its id: by its name, with the id in brackets when another one shares the
    name (two 综合办公室 are told apart)."""
    bodies = [(o.id, o.name) for o in model.outside] + [(u.id, u.name) for u in model.units]
    out: dict[str, str] = {}
    for group in (bodies, [(f, model.function_name(f, lang)) for f in model.functions]):
        shared = Counter(name for _, name in group)
        out |= {i: word("bracket", lang, text=n, inner=i) if shared[n] > 1 and n != i else n
                for i, n in group}
    return out


def _value(u: Unit, fact: str, lang: str = "zh", kinds: Mapping[str, str] | None = None,
           names: Mapping[str, str] | None = None) -> str:
    """Return a fact's value in short text, as ``show`` prints it (a declared kind by the
    label its file gives, unknown as 未知; functions, the parent and linked bodies by the
    names ``names`` gives their ids)."""
    kinds, names = kinds or {}, names or {}
    if fact == "name":
        return u.name
    if fact == "staffing":
        return staffing_badge(u.staffing)
    if fact == "kind" and u.kind in kinds:
        return kinds[u.kind]
    if fact in _TABLES:
        return vocab.shown(_TABLES[fact], getattr(u, fact), lang)
    if fact == "links":
        return join_list(f"{vocab.label(vocab.RELATIONS, link.type, lang)}:"
                         f"{names.get(link.with_, link.with_)}" for link in u.links)
    if fact == "functions":
        return join_list(names.get(f, f) for f in u.functions)
    if fact == "parent" and u.parent is not None:
        return names.get(u.parent, u.parent)
    value = getattr(u, fact)
    if isinstance(value, tuple):
        return join_list(value)
    return "" if value is None else str(value)


def _level(ev: Evidence) -> str:
    return ev.level or NOT_STATED


def _said(level: str, lang: str) -> str:
    """Return an evidence level (or :data:`NOT_STATED`) in ``lang``: in English as a model
    file writes it (``partial``), in Chinese its label (部分核实)."""
    if level == NOT_STATED:
        return word("audit.not-stated", lang)
    return level if lang == "en" else vocab.label(vocab.EVIDENCE, level, lang)


def audit_text(model: Structure | Reorganisation, lang: str = "zh") -> str:
    """Return the audit as text, in Chinese (``zh``) or English (``en``): counts per level,
    a table of facts, the sources cited."""
    rows = audit_rows(model, lang)
    numbers: dict[Source, int] = {}
    for r in rows:
        for src in r.evidence.sources:
            numbers.setdefault(src, len(numbers) + 1)
    counts = Counter(_level(r.evidence) for r in rows)
    order = [*vocab.EVIDENCE, NOT_STATED]
    comma = word("comma", lang)
    lines = [word("audit.head", lang, name=model.name, id=model.id, count=len(rows)),
             "  " + comma.join(f"{_said(level, lang)} {counts[level]}"
                               for level in order if counts[level]),
             ""]
    table = [[word("audit." + c, lang) for c in _TEXT_COLUMNS]]
    for r in rows:
        cited = " ".join(f"[{numbers[s]}]" for s in r.evidence.sources) or "—"
        fact = r.fact if r.fact == "event" else vocab.label(vocab.FACTS, r.fact, lang)
        table.append([r.structure, r.unit, r.unit_name,
                      word("audit.event", lang) if r.fact == "event" else fact,
                      _said(_level(r.evidence), lang),
                      word("audit.basis." + r.evidence.basis, lang), cited, r.value])
    if len({r.structure for r in rows}) <= 1:  # one structure: its id is in the head
        table = [row[1:] for row in table]
    if rows:
        lines.append(align_table(table))
    if numbers:
        lines += ["", word("audit.sources", lang)]
        lines += [f"  [{n}] {_source_text(src, lang)}" for src, n in numbers.items()]
    missing = sorted({m for r in rows for m in r.evidence.missing})
    if missing:
        lines += ["", word("audit.missing", lang) + ", ".join(missing)]
    return printable("\n".join(lines)) + "\n"


def _source_text(src: Source, lang: str = "zh") -> str:
    kind = (vocab.label(vocab.SOURCE_KINDS, src.kind, lang) if src.kind
            else word("audit.kind-not-stated", lang))
    parts = [kind, src.title]
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
