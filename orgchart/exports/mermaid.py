"""Mermaid flowcharts that GitHub renders in Markdown, styled by category."""

from __future__ import annotations

import zlib

from ..base import vocab
from ..base.labels import staffing_badge
from ..base.style import DEFAULT_THEME
from ..model.structure import Structure
from ..schema.structure import Unit

__all__ = ["to_mermaid"]

_ARROWS = {"dual-leadership": "==>", "guidance": "-.->", "stationed": "-.->",
           "co-location": "-.-"}


def _text(value: str) -> str:
    """Quote label text for Mermaid: entity codes for quotes and markup characters.

    ``#`` comes first, as Mermaid reads ``#quot;`` or ``#35;`` in a name as an entity code;
    ``%`` is coded, as Mermaid reads ``%%{init: ...}%%`` anywhere in the text as a directive
    (one can hide every box), and so is the backtick, which makes a Markdown label; so is
    ``:``, as Mermaid cuts the last ``;`` off a line matching ``style.*:\\S*#.*;`` (or the
    same with ``classDef``) before it reads entity codes; line breaks become ``<br/>`` so
    that a name cannot end the statement it is in.
    """
    for char, entity in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"),
                         (">", "#gt;"), ("%", "#37;"), ("`", "#96;"), (":", "#58;")):
        value = value.replace(char, entity)
    return "<br/>".join(value.splitlines())


def _node_id(unit_id: str) -> str:
    """Return an ASCII node id: the id's ASCII letters and digits, then a checksum of it.

    Mermaid's grammar is safest with ASCII ids; the checksum keeps ids apart that differ
    only in other characters (e.g. Chinese unit ids).
    """
    readable = "".join(c if c.isascii() and c.isalnum() else "_" for c in unit_id)
    return f"n_{readable}_{zlib.crc32(unit_id.encode('utf-8')):08x}"


def to_mermaid(s: Structure, staffing: bool = True) -> str:
    """Return a Mermaid ``flowchart TD`` of the structure, units grouped by category.

    A unit that is not verified is marked ``※`` with a dashed frame (class ``unverified``),
    estimated staffing ``≈``, as in the charts. Member structures (a county's towns) follow
    as one subgraph each, with every unit of theirs, under the structure's governing body.

    >>> import orgchart
    >>> t = orgchart.Structure("t", "镇", verified=True, units=(orgchart.Unit(
    ...     id="gov", name='镇"政府"', kind="government", category="leadership"),))
    >>> print(to_mermaid(t).splitlines()[2])
        n_gov_e9daa7d6["镇#quot;政府#quot;<br/><small>?</small>"]
    """
    lines = ["flowchart TD", f"    %% {_text(' '.join(s.name.split()))}"]
    classes: dict[str, list[str]] = {}
    ids = _structure(s, staffing, lines, classes)
    roots = [ids[u.id] for u in s.units if u.parent is None]
    _members(s, roots[0] if roots else None, staffing, lines, classes)
    theme = DEFAULT_THEME["category"]
    for cat in sorted({c for c in classes if c not in ("outside", "unverified")}):
        style = theme.get(cat.replace("_", "-"), {})
        lines.append(f"    classDef {cat} fill:{style.get('fillcolor', '#fff')},"
                     f"stroke:{style.get('color', '#333')},color:{style.get('fontcolor', '#000')}")
    lines.append("    classDef outside fill:#f7fafc,stroke:#a0aec0,stroke-dasharray:4")
    if "unverified" in classes:
        lines.append("    classDef unverified stroke-dasharray:4")
    for cls, members in classes.items():
        if cls != "outside":
            lines.append(f"    class {','.join(members)} {cls}")
    return "\n".join(lines) + "\n"


def _structure(s: Structure, staffing: bool, lines: list[str],
               classes: dict[str, list[str]]) -> dict[str, str]:
    """Add the units of ``s``, their relations and the outside bodies linked to them;
    return unit id -> node id."""
    ids = {u.id: _node_id(u.id) for u in s.units}
    ids.update({b.id: _node_id(b.id) for b in s.outside})
    for u in s.units:
        if u.parent is None:
            lines.append(f'    {ids[u.id]}["{_label(s, u, staffing)}"]')
    categories: dict[str, list[str]] = {}
    for u in s.units:
        if u.parent is not None:
            categories.setdefault(u.category, []).append(u.id)
        _classify(s, u, ids[u.id], classes)
    for cat, members in categories.items():
        lines.append(f'    subgraph c_{cat.replace("-", "_")}["'
                     f'{_text(vocab.label(vocab.CATEGORIES, cat))}"]')
        for uid in members:
            lines.append(f'        {ids[uid]}["{_label(s, s.unit(uid), staffing)}"]')
        lines.append("    end")
    linked = {k.with_ for u in s.units for k in u.links} | {u.parent for u in s.units}
    for b in s.outside:
        if b.id in linked:
            lines.append(f'    {ids[b.id]}["{_text(b.name)}"]:::outside')
    _edges(s, ids, lines)
    return ids


def _classify(s: Structure, u: Unit, node: str, classes: dict[str, list[str]]) -> None:
    classes.setdefault(u.category.replace("-", "_"), []).append(node)
    if not s.is_verified(u):
        classes.setdefault("unverified", []).append(node)


def _edges(s: Structure, ids: dict[str, str], lines: list[str]) -> None:
    for u in s.units:
        if u.parent is not None and u.parent in ids:
            lines.append(f"    {ids[u.parent]} --> {ids[u.id]}")
        for link in u.links:
            if link.with_ in ids:
                label = _text(vocab.label(vocab.RELATIONS, link.type))
                lines.append(f"    {ids[link.with_]} {_ARROWS[link.type]}|{label}| {ids[u.id]}")


def _members(s: Structure, root: str | None, staffing: bool, lines: list[str],
             classes: dict[str, list[str]], prefix: str = "m") -> None:
    """Add each member structure of ``s`` (a county's towns) as a subgraph of all its units,
    under ``root``. Node ids are the member's and unit's places in declared order
    (``m3_u5``): short, as a county has hundreds of units and Mermaid caps a diagram's
    text (50,000 characters by default); the units are not grouped by category inside a
    member, their class colours them."""
    for i, m in enumerate(s.members):
        mp = f"{prefix}{i}_"
        ids = {u.id: f"{mp}u{j}" for j, u in enumerate(m.units)}
        mark = "" if all(m.is_verified(u) for u in m.units) else "※"
        lines.append(f'    subgraph {mp}m["{_text((m.place or m.name) + mark)}"]')
        for u in m.units:
            lines.append(f'        {ids[u.id]}["{_label(m, u, staffing)}"]')
            _classify(m, u, ids[u.id], classes)
        lines.append("    end")
        tops = [ids[u.id] for u in m.units if u.parent is None or u.parent not in ids]
        if root is not None and tops:
            lines.append(f"    {root} --> {' & '.join(tops)}")
        for u in m.units:
            kids = [ids[k.id] for k in m.children(u.id)]
            if kids:
                lines.append(f"    {ids[u.id]} --> {' & '.join(kids)}")
            for link in u.links:
                if link.with_ in ids:
                    label = _text(vocab.label(vocab.RELATIONS, link.type))
                    lines.append(f"    {ids[link.with_]} {_ARROWS[link.type]}|{label}| "
                                 f"{ids[u.id]}")
        _members(m, tops[0] if tops else root, staffing, lines, classes, mp)


def _label(s: Structure, u: Unit, staffing: bool) -> str:
    badge = staffing_badge(u.staffing, s.is_estimated(u)) if staffing else ""
    mark = "" if s.is_verified(u) else "※"
    return _text(u.name + mark) + (f"<br/><small>{_text(badge)}</small>" if badge else "")
