"""Evidence for each fact: how well it is established, and the sources that say it.

A fact of a unit (its name, category, rank, staffing, ...) takes the first level written:

1. the fact's own entry under the unit's ``facts:``;
2. for staffing only, the old flag ``staffing_estimated: true`` (the unit's, else the
   file's): the numbers are ``inferred``;
3. the unit's ``evidence:`` (or its old flag ``verified:``);
4. the file's ``evidence:`` (or its old flag ``verified:``).

The old flag ``verified: true`` is the level ``verified``; ``verified: false`` is
``inferred``, the weakest level, so that an old file never claims more than it did. Where
nothing is written at any step the level is None: not stated, which is not verified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ..base.vocab import EVIDENCE, FACTS
from ..schema.structure import FactEvidence, Source, Unit

__all__ = ["Evidence", "flag_level", "unit_level", "resolve_fact", "resolve_level",
           "source_index", "stated_facts", "weakest"]

#: where a fact's level was written (``basis`` of :class:`Evidence`)
FACT, ESTIMATE, UNIT, FILE, NONE = "fact", "staffing_estimated", "unit", "file", "none"


class Evidence(NamedTuple):
    """The evidence for one fact: its level and the sources that say it (a named tuple:
    charts and checks ask for tens of thousands).

    >>> Evidence("partial").verified
    False
    """

    #: verified, partial, reported or inferred; None: nothing says
    level: str | None
    sources: tuple[Source, ...] = ()
    #: where the level was written: fact, staffing_estimated, unit, file, or none
    basis: str = NONE
    #: ids the fact cites that no ``sources:`` declares
    missing: tuple[str, ...] = ()
    note: str | None = None

    @property
    def verified(self) -> bool:
        """Tell whether the fact is marked verified."""
        return self.level == "verified"


def flag_level(evidence: str | None, verified: bool | None) -> str | None:
    """Return the level that ``evidence:`` or, without it, the old ``verified:`` flag says.

    >>> flag_level(None, True), flag_level(None, False), flag_level("partial", True)
    ('verified', 'inferred', 'partial')
    """
    if evidence is not None:
        return evidence
    if verified is None:
        return None
    return "verified" if verified else "inferred"


def weakest(*levels: str | None) -> str | None:
    """Return the weakest of ``levels``; None (not stated) when any is None.

    >>> weakest("verified", "partial"), weakest("verified", None)
    ('partial', None)
    """
    if any(level is None for level in levels) or not levels:
        return None
    return max(levels, key=lambda level: list(EVIDENCE).index(str(level)))


def unit_level(unit: Unit) -> str | None:
    """Return the level a unit sets for all its facts, or None when it sets none."""
    return flag_level(unit.evidence, unit.verified)


def source_index(groups: Iterable[Iterable[Source]]) -> dict[str, Source]:
    """Return the sources that have an id, by id; the first group that declares one wins."""
    index: dict[str, Source] = {}
    for group in groups:
        for src in group:
            if src.id is not None:
                index.setdefault(src.id, src)
    return index


def _cited(entry: FactEvidence, index: Mapping[str, Source]
           ) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    found: list[Source] = []
    missing: list[str] = []
    for ref in entry.sources:
        if isinstance(ref, Source):
            found.append(ref)
        elif ref in index:
            found.append(index[ref])
        else:
            missing.append(ref)
    return tuple(found), tuple(missing)


def resolve_fact(unit: Unit, fact: str, *, file_level: str | None, file_estimated: bool,
                 index: Mapping[str, Source], file_sources: tuple[Source, ...]) -> Evidence:
    """Return the evidence of ``fact`` of ``unit``, resolving fact -> unit -> file.

    Args:
        file_level: the level the structure file sets for every unit (None: none).
        file_estimated: the file's ``staffing_estimated`` flag.
        index: the sources a fact may cite by id (the unit's, the file's, its templates').
        file_sources: the sources of the file, for facts and units that name none.
    """
    entry = unit.facts.get(fact)
    sources: tuple[Source, ...] = unit.sources or file_sources
    missing: tuple[str, ...] = ()
    note = None
    if entry is not None:
        cited, missing = _cited(entry, index)
        sources = cited or sources
        note = entry.note
        if entry.evidence is not None:
            return Evidence(entry.evidence, sources, FACT, missing, note)
    if fact == "staffing":
        estimated = unit.staffing_estimated
        if estimated is None and file_estimated:
            estimated = True
        if estimated:
            return Evidence("inferred", sources, ESTIMATE, missing, note)
    own = unit_level(unit)
    if own is not None:
        return Evidence(own, sources, UNIT, missing, note)
    return Evidence(file_level, sources, FILE if file_level else NONE, missing, note)


def resolve_level(unit: Unit, fact: str, *, file_level: str | None,
                  file_estimated: bool) -> str | None:
    """Return only the level of ``fact`` of ``unit``, as :func:`resolve_fact` finds it."""
    entry = unit.facts.get(fact) if unit.facts else None
    if entry is not None and entry.evidence is not None:
        return entry.evidence
    if fact == "staffing" and (unit.staffing_estimated
                               or (unit.staffing_estimated is None and file_estimated)):
        return "inferred"
    return unit_level(unit) or file_level


def stated_facts(unit: Unit) -> list[str]:
    """Return the facts ``unit`` states (has a value for, or names under ``facts:``), in
    the order of the vocabulary.

    >>> u = Unit(id="o", name="党政办", kind="office", category="party-government")
    >>> stated_facts(u)
    ['name', 'category', 'kind']
    """
    stated = {"name", "category", "kind", *unit.facts}
    for fact in ("nameplates", "rank", "public_class", "funding", "functions", "valid_from",
                 "valid_to", "parent", "links"):
        if getattr(unit, fact):
            stated.add(fact)
    if not unit.staffing.is_empty():
        stated.add("staffing")
    return [f for f in FACTS if f in stated]
