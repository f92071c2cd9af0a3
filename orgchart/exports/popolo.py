"""Popolo JSON: organizations with parents, other names (renames, nameplates) and dates."""

from __future__ import annotations

import json
from typing import Any

from .. import vocab
from ..model import Structure
from ..reorg import Reorganisation

__all__ = ["to_popolo"]


def _org(s: Structure, u: Any) -> dict[str, Any]:
    org: dict[str, Any] = {"id": f"{s.id}/{u.id}", "name": u.name,
                           "classification": vocab.label(vocab.CATEGORIES, u.category)}
    if u.parent:
        org["parent_id"] = f"{s.id}/{u.parent}"
    others = [{"name": n, "note": "挂牌"} for n in u.nameplates]
    if u.short_name:
        others.append({"name": u.short_name, "note": "简称"})
    if u.name_en:
        others.append({"name": u.name_en, "note": "English name"})
    if others:
        org["other_names"] = others
    if u.valid_from:
        org["founding_date"] = u.valid_from.isoformat()
    if u.valid_to:
        org["dissolution_date"] = u.valid_to.isoformat()
    if u.sources:
        org["sources"] = [{"url": x.url, "note": x.title} for x in u.sources if x.url]
    return org


def to_popolo(model: Structure | Reorganisation) -> str:
    """Return Popolo ``{"organizations": [...]}``.

    For a reorganisation, the units before and after are listed; renamed units carry their
    former name in ``other_names`` with an ``end_date``, abolished or merged units a
    ``dissolution_date``, and new units a ``founding_date`` (the plan's effective date).
    """
    if isinstance(model, Structure):
        orgs = [_org(model, u) for u in model.units]
    else:
        after = model.apply()
        day = model.effective.isoformat() if model.effective else None
        orgs = []
        for u in model.before.units:
            org = _org(model.before, u)
            if u.id not in after:
                if day:
                    org["dissolution_date"] = day
            else:
                org["id"] = f"{after.id}/{u.id}"
                new = after.unit(u.id)
                if new.name != u.name:
                    org["other_names"] = [*org.get("other_names", []),
                                          {"name": u.name, "note": "former name",
                                           **({"end_date": day} if day else {})}]
                    org["name"] = new.name
            orgs.append(org)
        for u in after.units:
            if u.id not in model.before:
                org = _org(after, u)
                if day:
                    org["founding_date"] = day
                orgs.append(org)
    return json.dumps({"organizations": orgs}, ensure_ascii=False, indent=2) + "\n"
