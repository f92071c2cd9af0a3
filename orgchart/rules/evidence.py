"""Check the evidence of facts: a fact marked verified needs an official source or two
independent ones, and a source cited by id must be declared."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..base.errors import Location, Problem
from ..model.evidence import FACT, FILE, UNIT, Evidence, stated_facts
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.structure import Source, Unit

__all__ = ["EVIDENCE_CHECKS", "evidence_problems", "plan_evidence_problems", "well_sourced",
           "source_host"]

#: code -> what it means (part of ``orgchart validate --list-checks``)
EVIDENCE_CHECKS: dict[str, str] = {
    "weak-evidence": "a fact marked verified has neither an official source nor two "
                     "independent ones (a warning; an error with --strict)",
    "unknown-source": "a fact cites a source id that no 'sources:' declares",
}

_MIRROR_PREFIXES = ("www.", "m.", "wap.")


def source_host(src: Source) -> str:
    """Return what tells a source apart from another: its web host (without ``www.``,
    ``m.`` or ``wap.``), else its title.

    >>> source_host(Source(title="x", url="https://M.Example.org/a"))
    'example.org'
    """
    return _url_host(src.url) if src.url else src.title


@functools.lru_cache(maxsize=4096)
def _url_host(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    for prefix in _MIRROR_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix):]
    return host


def well_sourced(sources: tuple[Source, ...]) -> bool:
    """Tell whether sources can carry a verified fact: one official source, or two
    independent ones (different hosts; a mirror copies another source, so it counts not).

    >>> news = Source(title="a", url="https://a.example/1", kind="news")
    >>> well_sourced((news,)), well_sourced((news, Source(title="b", url="https://b.example/")))
    (False, True)
    """
    if any(src.kind == "official" for src in sources):
        return True
    return len({source_host(src) for src in sources if src.kind != "mirror"}) >= 2


def _described(sources: tuple[Source, ...]) -> str:
    if not sources:
        return "marked verified without a source"
    shown = ", ".join(source_host(s) + (f" ({s.kind})" if s.kind else "") for s in sources)
    return (f"marked verified on {shown}, which is neither an official source nor two "
            "independent ones")


_FIX = ("add an official source (kind: official) or a second independent one, or write the "
        "level the sources support (evidence: partial)")


def evidence_problems(s: Structure) -> Iterator[Problem]:
    """Yield the evidence problems of ``s``'s units: one per place a weak level was written
    (a fact's entry, a unit's flag, the file's), naming the facts that rest on it."""
    weak: dict[tuple[Location, tuple[Source, ...]], list[str]] = {}
    judged: dict[int, tuple[tuple[Source, ...], bool]] = {}  # by id: the tuple is kept
    for u in s.units:
        if u.facts:
            yield from _unknown_sources(s, u)
        for fact in stated_facts(u):
            if s.level_of(u, fact) != "verified":
                continue
            entry = u.facts.get(fact) if u.facts else None
            # a fact citing no sources of its own rests on its unit's, else on the file's
            sources = entry.sources if entry is not None and entry.sources else None
            if sources is None:
                base = u.sources or s.inherited_sources
                seen = judged.get(id(base))
                if seen is None:
                    seen = judged[id(base)] = (base, well_sourced(base))
                if seen[1]:
                    continue
            ev = s.evidence(u, fact)
            if sources is None or not well_sourced(ev.sources):
                weak.setdefault((_where(s, u, fact, ev), ev.sources), []).append(
                    f"{u.id}.{fact}")
    for (where, sources), facts in weak.items():
        shown = ", ".join(facts[:3]) + (f" and {len(facts) - 3} more" if len(facts) > 3 else "")
        yield Problem(where, "weak-evidence",
                      f"{shown}: {_described(sources)}; {_FIX}",
                      "warning")


def _unknown_sources(s: Structure, u: Unit) -> Iterator[Problem]:
    for fact, entry in u.facts.items():
        missing = set(s.evidence(u, fact).missing)
        for i, ref in enumerate(entry.sources):
            if isinstance(ref, str) and ref in missing:
                yield Problem(s.locate(u.id, "facts", fact, "sources", i), "unknown-source",
                              f"source {ref!r} of {u.id}.{fact} is not declared; give one of "
                              "the file's 'sources:' the 'id: " + ref + "', or fix the id")


def _where(s: Structure, u: Unit, fact: str, ev: Evidence) -> Location:
    if ev.basis == FACT:
        return s.locate(u.id, "facts", fact)
    if ev.basis == UNIT:
        return s.locate(u.id, "evidence" if u.evidence else "verified")
    assert ev.basis == FILE
    key = "evidence" if s.default_evidence and "evidence" in s.header \
        and s.header["evidence"].file == s.path else "verified"
    return s.locate_key(key)


def plan_evidence_problems(plan: Reorganisation) -> Iterator[Problem]:
    """Yield the evidence problems of a plan's events: a verified event needs an official
    source or two independent ones (its own sources, else the plan's)."""
    weak: dict[Location, list[str]] = {}
    for i, event in enumerate(plan.events):
        ev = plan.event_evidence(i)
        if ev.verified and not well_sourced(ev.sources):
            if event.evidence:
                where = plan.where(i, "evidence")
            else:
                key = "evidence" if plan.smap.has(("evidence",)) else "verified"
                where = plan.smap.at((key,))
            weak.setdefault(where, []).append(f"event {i + 1} ({event.type}) "
                                              + _described(ev.sources))
    for where, events in weak.items():
        shown = "; ".join(events[:3]) + (f"; and {len(events) - 3} more"
                                         if len(events) > 3 else "")
        yield Problem(where, "weak-evidence", f"{shown}; {_FIX}", "warning")
