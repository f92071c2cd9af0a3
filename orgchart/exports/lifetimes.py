"""A history's bodies over time: GEXF with spells, Popolo with founding and dissolution dates.

Every body that existed in the history is one node (GEXF) or organization (Popolo): a unit
as ``<structure>/<unit>``, a member structure (a town of a county) as ``<structure>``. Its
spells are the stretches it existed (:func:`orgchart.engine.ledger.spells`). Dates are
days, widened as the dates allow: a spell starts on the first day its beginning may mean
(:meth:`When.earliest`; ``about 2019`` from 2018-01-01) and ends the day before the last day
its end may mean (:meth:`When.latest`), so that a spell covers every day the body may have
existed. A body there at the start begins on the history's ``as_of`` date (when the history
gives one); an end not known (the body is still there) or a date not known is left open.
Lineage (renames, merges, splits) gives GEXF edges from the body before to the body
after, starting when the change may have taken effect.

A unit whose structure ended (a town merged into a new one whose units are not known) ends
its spell there with ``untracked_after`` naming the change, and gets no dissolution date in
Popolo: it was not abolished, the history just does not follow it.

Popolo cannot hold an approximate date (:func:`~.popolo.popolo_date`): such a date is left
out, not made exact. A unit that a rename gave a new id stays one organization (its id
before in ``identifiers``, its former name in ``other_names`` with an ``end_date``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import networkx as nx

from ..base import vocab
from ..base.when import When  # noqa: F401 (spell_days's example)
from ..engine.ledger import Body, Spell, bodies, moments, spells
from ..model.history import History
from .popolo import popolo_date

__all__ = ["history_gexf", "history_popolo", "spell_days"]

Key = tuple[str, str]


def _node_id(key: Key, body: Body) -> str:
    return key[1] if body.unit is None else f"{key[0]}/{key[1]}"


def _last_seen(history: History) -> tuple[dict[Key, Body], dict[Key, list[Spell]]]:
    """Return each body as it was when last seen, and each body's spells."""
    ledger = moments(history)  # the changes are applied once
    seen: dict[Key, Body] = {}
    for m in ledger:
        seen.update(bodies(m.state))
    return seen, spells(history, ledger)


def spell_days(spell: Spell) -> tuple[str | None, str | None]:
    """Return a spell's first and last possible day, ISO-written; None when open.

    >>> spell_days(Spell(When(2019, about=True), When(2021, 3, 1)))
    ('2018-01-01', '2021-02-28')
    """
    start = spell.start.earliest().isoformat() if spell.start and spell.start.known else None
    end = None
    if spell.end is not None and spell.end.known:
        end = (spell.end.latest() - dt.timedelta(days=1)).isoformat()
    return start, end


def history_gexf(history: History) -> str:
    """Return the history as dynamic GEXF 1.2: each body a node with its spells."""
    seen, lives = _last_seen(history)
    g = nx.MultiDiGraph(name=history.name, mode="dynamic", timeformat="date")
    ids = {key: _node_id(key, seen[key]) for key in lives}
    for key, life in lives.items():
        body = seen[key]
        attrs: dict[str, Any] = {"label": body.name, "structure": key[0],
                                 "body": "structure" if body.unit is None else "unit"}
        if body.unit is not None:
            attrs["category"] = vocab.label(vocab.CATEGORIES, body.unit.category)
        for i, spell in enumerate(life):
            attrs[f"spell{i}.from"] = str(spell.start) if spell.start else ""
            attrs[f"spell{i}.to"] = str(spell.end) if spell.end else ""
        if life[-1].untracked and life[-1].ended is not None:
            attrs["untracked_after"] = life[-1].ended.id  # its structure ended, not the body
        attrs["spells"] = [spell_days(s) for s in life]
        g.add_node(ids[key], **attrs)
    for step in history.steps():
        if not step.change.in_force:
            continue
        for target in step.targets:
            if target != step.source and step.source in ids and target in ids:
                when = step.change.when
                extra = {"start": when.earliest().isoformat()} if when and when.known else {}
                g.add_edge(ids[step.source], ids[target], key=step.change.id,
                           relation=step.kind, change=step.change.id, **extra)
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(g)
    meta = writer.xml.find("meta")  # networkx stamps today's date: output would drift
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue().decode("utf-8")


def history_popolo(history: History) -> str:
    """Return Popolo ``{"organizations": [...]}``: every body of the history once."""
    seen, lives = _last_seen(history)
    renamed = {s.source: s for s in history.steps()
               if s.change.in_force and s.kind == "rename" and s.targets
               and s.targets[0] != s.source}
    folded = {step.targets[0]: key for key, step in renamed.items()}
    orgs = []
    for key, life in lives.items():
        if key in renamed and renamed[key].targets[0] in lives:
            continue  # the same organization as the body it was renamed to
        body = seen[key]
        org = _organization(key, body)
        first = key
        while first in folded:
            first = folded[first]
            before = seen[first]
            day = popolo_date(renamed[first].change.when)
            org.setdefault("identifiers", []).append(
                {"scheme": "former id", "identifier": _node_id(first, before)})
            if before.name != body.name:
                org.setdefault("other_names", []).append(
                    {"name": before.name, "note": "former name", **_end(day)})
        _dates(org, lives.get(first, life)[0], life[-1])
        orgs.append(org)
    return json.dumps({"organizations": orgs}, ensure_ascii=False, indent=2) + "\n"


def _end(day: str | None) -> dict[str, str]:
    return {"end_date": day} if day else {}


def _organization(key: Key, body: Body) -> dict[str, Any]:
    org: dict[str, Any] = {"id": _node_id(key, body), "name": body.name}
    if body.unit is not None:
        org["classification"] = vocab.label(vocab.CATEGORIES, body.unit.category)
        parent = body.unit.parent
        org["parent_id"] = f"{key[0]}/{parent}" if parent and parent in body.holder \
            else key[0]
    else:
        assert body.member is not None
        org["parent_id"] = key[0]
        if body.member.level:
            org["classification"] = vocab.label(vocab.LEVELS, body.member.level)
    return org


def _dates(org: dict[str, Any], first: Spell, last: Spell) -> None:
    """Set the founding date (made by a change: not there at the start) and the
    dissolution date (ended by a change), where Popolo can write them."""
    if first.began is not None and popolo_date(first.start):
        org["founding_date"] = popolo_date(first.start)
    if last.ended is not None and not last.untracked and popolo_date(last.end):
        org["dissolution_date"] = popolo_date(last.end)

