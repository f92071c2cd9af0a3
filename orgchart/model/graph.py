"""Project a structure onto a networkx MultiDiGraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from .evidence import stated_facts

if TYPE_CHECKING:
    from .structure import Structure

__all__ = ["to_networkx"]


def to_networkx(structure: Structure) -> nx.MultiDiGraph:
    """Return the structure as a MultiDiGraph (see :meth:`Structure.to_networkx`)."""
    g = nx.MultiDiGraph(id=structure.id, name=structure.name, level=structure.level,
                        code=structure.code,
                        **{key: str(value) for key in ("as_of", "valid_from", "valid_to")
                           if (value := getattr(structure, key)) is not None})
    for unit in structure.units:
        attrs: dict[str, Any] = unit.model_dump(exclude={"id", "links", "facts", "evidence"},
                                                by_alias=True)
        attrs["staffing"] = unit.staffing.model_dump()
        attrs["outside"] = False
        attrs["verified"] = structure.is_verified(unit)
        attrs["staffing_estimated"] = structure.is_estimated(unit)
        attrs["evidence"] = {f: ev.level for f in stated_facts(unit)  # resolved, per fact
                             if (ev := structure.evidence(unit, f)).level is not None}
        g.add_node(unit.id, **attrs)
    for body in structure.outside:
        g.add_node(body.id, **body.model_dump(exclude={"id"}), outside=True)
    for unit in structure.units:
        if unit.parent is not None:
            g.add_edge(unit.parent, unit.id, key="leadership")
        for link in unit.links:
            if link.type == "co-location":
                g.add_edge(unit.id, link.with_, key=link.type, note=link.note)
            else:
                g.add_edge(link.with_, unit.id, key=link.type, note=link.note)
    return g

