"""Popolo JSON: organizations with parents, other names (renames, nameplates) and dates.

Each unit carries ``verified`` (an extension Popolo leaves room for: its own flag, else its
structure's), so that a reconstruction is not read as an official record.

Every ``parent_id`` names an organization in the file: outside bodies (a county bureau
that stations a unit in the town) are listed after the units, classified by their kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..base import vocab
from ..base.when import When
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.structure import OutsideBody

__all__ = ["to_popolo", "popolo_date"]


def _org(u: Any, ident: Callable[[str], str], s: Structure) -> dict[str, Any]:
    org: dict[str, Any] = {"id": ident(u.id), "name": u.name,
                           "classification": vocab.label(vocab.CATEGORIES, u.category),
                           "verified": s.is_verified(u)}
    if u.parent:
        org["parent_id"] = ident(u.parent)
    others = [{"name": n, "note": "挂牌"} for n in u.nameplates]
    if u.short_name:
        others.append({"name": u.short_name, "note": "简称"})
    if u.name_en:
        others.append({"name": u.name_en, "note": "English name"})
    if others:
        org["other_names"] = others
    if popolo_date(u.valid_from):
        org["founding_date"] = popolo_date(u.valid_from)
    if popolo_date(u.valid_to):
        org["dissolution_date"] = popolo_date(u.valid_to)
    if any(x.url for x in u.sources):
        org["sources"] = [{"url": x.url, "note": x.title} for x in u.sources if x.url]
    return org


def popolo_date(when: When | None) -> str | None:
    """Return a date as Popolo writes it (``2019``, ``2019-06`` or ``2019-06-30``), or None
    for an unknown or approximate date, which Popolo's date pattern cannot hold: an
    approximate year left out is unknown, written as a bare year it would look exact.

    >>> popolo_date(When(2019, 6)), popolo_date(When(2019, about=True))
    ('2019-06', None)
    """
    if when is None or not when.known or when.about:
        return None
    return str(when)


def _body(b: OutsideBody, ident: Callable[[str], str]) -> dict[str, Any]:
    org: dict[str, Any] = {"id": ident(b.id), "name": b.name,
                           "classification": vocab.label(vocab.KINDS, b.kind)}
    if b.name_en:
        org["other_names"] = [{"name": b.name_en, "note": "English name"}]
    if any(x.url for x in b.sources):
        org["sources"] = [{"url": x.url, "note": x.title} for x in b.sources if x.url]
    return org


def _renamed(org: dict[str, Any], old: Any, new: Any, day: str | None) -> None:
    """Date the other names of a unit that stays: those it lost end, nameplates it gained start."""
    end = {"end_date": day} if day else {}
    others = [{**o, "start_date": day} if day and o["note"] == "挂牌"
              and o["name"] not in old.nameplates else o for o in org.get("other_names", [])]
    for note, before, after in (("former name", old.name, new.name),
                                ("former 简称", old.short_name, new.short_name),
                                ("former English name", old.name_en, new.name_en)):
        if before and before != after:
            others.append({"name": before, "note": note, **end})
    others += [{"name": n, "note": "former 挂牌", **end} for n in old.nameplates
               if n not in new.nameplates]
    if others:
        org["other_names"] = others


def to_popolo(model: Structure | Reorganisation) -> str:
    """Return Popolo ``{"organizations": [...]}``.

    For a reorganisation, the units before and after are listed, each once: a unit that
    stays is shown as it is after the plan (under the id of the structure after), with the
    names it lost in ``other_names`` with an ``end_date`` (notes ``former name``,
    ``former 简称``, ``former English name``, ``former 挂牌``) and the nameplates it gained
    with a ``start_date``; a unit a rename gave a new id is the same organization, with
    its id before in ``identifiers`` (scheme ``former id``); abolished or merged units
    keep the id of the structure before and get a ``dissolution_date``, and new units a
    ``founding_date``. The dates are the plan's effective date (left out when it has none,
    or when it is unknown or approximate: see :func:`popolo_date`).
    """
    if isinstance(model, Structure):
        s = model

        def ident(x: str) -> str:
            return f"{s.id}/{x}"

        orgs = [_org(u, ident, s) for u in s.units] + [_body(b, ident) for b in s.outside]
        return json.dumps({"organizations": orgs}, ensure_ascii=False, indent=2) + "\n"
    before, outcome = model.before, model.run()
    after = outcome.structure
    day = popolo_date(model.effective)
    # a unit that a rename gave a new id stays one organization, under its id after the plan
    final = {u.id: outcome.follow(u.id)[-1] for u in before.units}
    renamed = {v for k, v in final.items() if v != k and v in after}

    def plan_ident(x: str) -> str:
        there = x in after or after.outside_body(x) is not None
        return f"{after.id if there else before.id}/{x}"

    orgs = []
    for u in before.units:
        if final[u.id] not in after:
            org = _org(u, plan_ident, before)
            if day:
                org["dissolution_date"] = day
        else:
            new = after.unit(final[u.id])
            org = _org(new, plan_ident, after)
            _renamed(org, u, new, day)
            if new.id != u.id:
                org["identifiers"] = [{"scheme": "former id",
                                       "identifier": f"{before.id}/{u.id}"}]
        orgs.append(org)
    for u in after.units:
        if u.id not in before and u.id not in renamed:
            org = _org(u, plan_ident, after)
            if day:
                org["founding_date"] = day
            orgs.append(org)
    bodies = {b.id: b for b in (*before.outside, *after.outside)}
    orgs += [_body(b, plan_ident) for b in bodies.values()]
    return json.dumps({"organizations": orgs}, ensure_ascii=False, indent=2) + "\n"
