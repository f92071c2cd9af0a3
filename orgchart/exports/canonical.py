"""The canonical form of a model: one self-contained YAML or JSON file, templates resolved."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..base.errors import OrgChartError
from ..base.when import When
from ..model.evidence import source_index
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.structure import Source

__all__ = ["structure_data", "plan_data", "to_yaml", "to_json", "events_document"]


def _rel(path: str, base: str | os.PathLike[str] | None) -> str:
    if base is None:
        return os.path.relpath(path)
    return os.path.relpath(path, Path(base).parent)


#: a structure's own scalar fields, written when set (the CSV tables cannot hold them)
STRUCTURE_SCALARS = ("name_en", "place", "level", "code", "as_of", "valid_from", "valid_to",
                     "successor_of", "note")


def structure_data(s: Structure, base: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return a structure as plain data in the file format (``extends`` resolved).

    Units are written raw, as in the model files: ``{place}`` in their names stays, and
    ``place`` is written, so that loading the data gives the same structure back.

    Args:
        base: the file the data will be written to; member paths are made relative to it.
    """
    data: dict[str, Any] = {"structure": s.id, "name": s.name}
    for key in STRUCTURE_SCALARS:
        value = getattr(s, key)
        if value is not None:
            data[key] = str(value) if isinstance(value, When) else value  # as written
    if s.template:
        data["template"] = True
    if s.default_evidence:  # the level as loaded: a file that stated none states none
        data["evidence"] = s.default_evidence
    elif s.verified:
        data["verified"] = True
    if s.staffing_estimated:
        data["staffing_estimated"] = True
    if s.sources:
        data["sources"] = [x.model_dump(mode="json", exclude_none=True) for x in s.sources]
    if s.members:
        data["members"] = [_rel(m.path, base) for m in s.members]
    if s.functions:
        data["functions"] = {k: f.model_dump(mode="json", exclude_defaults=True)
                             for k, f in s.functions.items()}
    if s.kinds:
        data["kinds"] = dict(s.kinds)
    if s.outside:
        data["outside"] = [b.model_dump(mode="json", exclude_defaults=True) for b in s.outside]
    if s.caps:
        data["caps"] = [c.model_dump(mode="json", exclude_defaults=True) for c in s.caps]
    if s.reported:
        data["reported"] = [f.model_dump(mode="json", exclude_defaults=True)
                            for f in s.reported]
    # a fact may cite a source its template (or a plan's structure before) declares, which
    # this file without 'extends' does not: such a citation is written out in full
    declared = source_index([*(u.sources for u in s.raw_units), s.sources])
    elsewhere = {k: v for k, v in s.sources_by_id.items() if k not in declared}
    data["units"] = [_unit(u, elsewhere) for u in s.raw_units]
    return data


_FIRST = ("id", "name", "name_en", "short_name", "kind", "category", "parent")


def _unit(u: Any, elsewhere: Mapping[str, Source] | None = None) -> dict[str, Any]:
    raw = u.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for entry in (raw.get("facts") or {}).values():
        if elsewhere and isinstance(entry, dict) and entry.get("sources"):
            entry["sources"] = [elsewhere[ref].model_dump(mode="json", exclude_none=True)
                                if isinstance(ref, str) and ref in elsewhere else ref
                                for ref in entry["sources"]]
    return {**{k: raw[k] for k in _FIRST if k in raw},
            **{k: v for k, v in raw.items() if k not in _FIRST}}


def plan_data(plan: Reorganisation, base: str | os.PathLike[str] | None = None
              ) -> dict[str, Any]:
    """Return a reorganisation plan as plain data in the file format."""
    from ..schema.events import events_to_data

    data: dict[str, Any] = {"reorganisation": plan.id, "name": plan.name,
                            "from": _rel(plan.before.path, base)}
    if plan.after is not None:
        data["to"] = _rel(plan.after.path, base)
    if plan.effective is not None:
        data["effective"] = str(plan.effective)
    if plan.result:
        data["result"] = dict(plan.result)
    if plan.functions:
        data["functions"] = {k: f.model_dump(mode="json", exclude_defaults=True)
                             for k, f in plan.functions.items()}
    if plan.outside:
        data["outside"] = [b.model_dump(mode="json", exclude_defaults=True)
                           for b in plan.outside]
    data["events"] = events_to_data(list(plan.events))
    if plan.sources:
        data["sources"] = [x.model_dump(mode="json", exclude_none=True) for x in plan.sources]
    if plan.default_evidence:
        data["evidence"] = plan.default_evidence
    elif plan.verified:
        data["verified"] = True
    if plan.note:
        data["note"] = plan.note
    return data


def _data(model: Structure | Reorganisation, base: str | os.PathLike[str] | None
          ) -> dict[str, Any]:
    if isinstance(model, Structure):
        return structure_data(model, base)
    return plan_data(model, base)


def to_yaml(model: Structure | Reorganisation, base: str | os.PathLike[str] | None = None
            ) -> str:
    """Return the canonical YAML of a structure or plan; ``load`` reads it back equal."""
    return yaml.safe_dump(_data(model, base), allow_unicode=True, sort_keys=False, width=100)


def to_json(model: Structure | Reorganisation, base: str | os.PathLike[str] | None = None
            ) -> str:
    """Return the canonical JSON of a structure or plan (YAML readers accept it too)."""
    return json.dumps(_data(model, base), ensure_ascii=False, indent=2) + "\n"


def events_document(events: list[Any], fmt: str) -> str:
    """Return change events as a plan file's ``events:``, in YAML or JSON.

    Raises:
        OrgChartError: ``fmt`` is neither yaml nor json.
    """
    from ..schema.events import events_to_data

    data = {"events": events_to_data(events)}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    raise OrgChartError(f"unknown events format {fmt!r}; choose yaml or json")
