"""Resolve a structure's units against its template: the file's units, replace, modify and
remove applied to the template's, with where each unit came from; {place} filled in."""

from __future__ import annotations

from typing import Any

from ..base.errors import Problem
from ..base.locations import SourceMap
from ..base.text import suggest
from ..model.structure import Origin, Structure
from ..schema.structure import Staffing, StructureFile, Unit, UnitPatch

__all__ = ["UnitMerger", "merge_by_id", "patched"]


def merge_by_id(base: tuple[Any, ...], extra: tuple[Any, ...]) -> tuple[Any, ...]:
    ids = {item.id for item in extra}
    return tuple(item for item in base if item.id not in ids) + extra

class UnitMerger:
    """Apply a file's units, replace, modify and remove to its template's units."""

    def __init__(self, base: Structure | None, smap: SourceMap) -> None:
        self.smap = smap
        self.order: list[str] = []
        self.by_id: dict[str, Unit] = {}
        self.origins: dict[str, tuple[Origin, ...]] = {}
        self.problems: list[Problem] = list(base.resolve_problems) if base else []
        if base:
            for unit in base.raw_units:
                self.order.append(unit.id)
                self.by_id[unit.id] = unit
                self.origins[unit.id] = base.origins.get(unit.id, ())

    def apply(self, doc: StructureFile) -> None:
        for i, unit in enumerate(doc.units):
            self._add(unit, ("units", i))
        for i, unit in enumerate(doc.replace):
            if self._known(unit.id, ("replace", i, "id"), "replace"):
                self.by_id[unit.id] = unit
                self.origins[unit.id] = (Origin(self.smap, ("replace", i)),)
        for unit_id, patch in doc.modify.items():
            if self._known(unit_id, ("modify", unit_id), "modify", key=True):
                self.by_id[unit_id] = patched(self.by_id[unit_id], patch)
                self.origins[unit_id] = (Origin(self.smap, ("modify", unit_id)),
                                         *self.origins[unit_id])
        for i, unit_id in enumerate(doc.remove):
            if self._known(unit_id, ("remove", i), "remove"):
                self.order.remove(unit_id)
                del self.by_id[unit_id]

    def _add(self, unit: Unit, path: tuple[str | int, ...]) -> None:
        if unit.id in self.by_id:
            first = self.origins[unit.id]
            shown = f" (first at {first[-1].smap.at(first[-1].path)})" if first else ""
            self.problems.append(Problem(
                self.smap.at((*path, "id")), "duplicate-id",
                f"unit id {unit.id!r} is already used{shown}; pick another id, or use "
                "'replace:' or 'modify:' to change a template's unit"))
            return
        self.order.append(unit.id)
        self.by_id[unit.id] = unit
        self.origins[unit.id] = (Origin(self.smap, path),)

    def _known(self, unit_id: str, path: tuple[str | int, ...], what: str,
               key: bool = False) -> bool:
        if unit_id in self.by_id:
            return True
        self.problems.append(Problem(
            self.smap.at(path, key=key), "unknown-unit",
            f"{what}: no unit {unit_id!r} in the template{suggest(unit_id, self.by_id)}"))
        return False

    def units(self) -> tuple[Unit, ...]:
        return tuple(self.by_id[i] for i in self.order)


_REQUIRED = ("name", "kind", "category")


def patched(unit: Unit, patch: UnitPatch) -> Unit:
    update: dict[str, Any] = {k: getattr(patch, k) for k in patch.model_fields_set
                              if not (k in _REQUIRED and getattr(patch, k) is None)}
    if "staffing" in update:
        update["staffing"] = Staffing(**{**unit.staffing.model_dump(), **(patch.staffing or {})})
    if "facts" in update:  # evidence per fact: the patch's facts over the template's
        update["facts"] = {**unit.facts, **patch.facts}
    return unit.model_copy(update=update)

