"""GraphML and GEXF exports through networkx, with list attributes flattened.

Flattening (networkx's writers take only scalars): lists become one string joined with
"; " (functions, nameplates, source titles); the staffing record becomes one attribute per
type (``staffing.admin``, ``staffing.institution``, ...); empty values are left out; dates
are written as in the model (``2019``, ``about 2019-06``). In GEXF a unit's ``valid_from`` /
``valid_to`` also give its ``start`` / ``end`` days (a year spans its first to its last day;
a unit without dates of its own takes the structure's), so Gephi's timeline shows when
units existed.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from ..base.labels import printable
from ..base.when import When
from ..model.structure import Structure

__all__ = ["flat_graph", "to_graphml", "to_gexf", "SEPARATOR"]

SEPARATOR = "; "


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return printable(SEPARATOR.join(str(v.get("title", v) if isinstance(v, dict) else v)
                                        for v in value))
    if isinstance(value, When):
        return str(value)
    return printable(value) if isinstance(value, str) else value


def flat_graph(s: Structure) -> nx.MultiDiGraph:
    """Return :meth:`Structure.to_networkx` with every attribute a string, number or bool."""
    g = s.to_networkx()
    flat = nx.MultiDiGraph(**{k: _flat(v) for k, v in g.graph.items() if v is not None})
    for node, attrs in g.nodes(data=True):
        out: dict[str, Any] = {}
        for key, value in attrs.items():
            if key in ("staffing", "evidence"):
                out.update({f"{key}.{k}": v for k, v in value.items() if v is not None})
            elif value not in (None, (), [], ""):
                out[key] = _flat(value)
        out["label"] = _flat(attrs.get("name", node))
        flat.add_node(node, **out)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, relation=key,
                      **{k: _flat(val) for k, val in attrs.items() if val is not None})
    return flat


def _day(value: str | When | None, *, first: bool) -> str | None:
    """Return the first (or last) day a date may mean, ISO-written; None when unknown."""
    if value is None:
        return None
    when = When.parse(value)
    if not when.known:
        return None
    return (when.earliest() if first else when.latest()).isoformat()


def to_graphml(s: Structure) -> str:
    """Return the structure as GraphML text."""
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(s), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_gexf(s: Structure) -> str:
    """Return the structure as GEXF 1.2 text, with unit lifetimes as start/end dates."""
    g = flat_graph(s)
    g.graph["mode"] = "dynamic"
    g.graph["timeformat"] = "date"
    # GEXF times are days: a year or a month spans from its first to its last day (an
    # approximate one, the wider span), and the date as written stays in valid_from and
    # valid_to; a unit without dates of its own lives as long as its structure does
    start, end = _day(s.valid_from, first=True), _day(s.valid_to, first=False)
    for _node, attrs in g.nodes(data=True):
        unit = not attrs.get("outside")
        first = _day(attrs["valid_from"], first=True) if "valid_from" in attrs else start
        last = _day(attrs["valid_to"], first=False) if "valid_to" in attrs else end
        if first and (unit or "valid_from" in attrs):
            attrs["start"] = first
        if last and (unit or "valid_to" in attrs):
            attrs["end"] = last
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(g)
    # networkx stamps today's date; the (optional) attribute would make the export differ
    # from one day to the next, so it is left out
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue().decode("utf-8")
