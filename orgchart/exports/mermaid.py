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

    >>> import orgchart
    >>> t = orgchart.Structure("t", "镇", units=(orgchart.Unit(
    ...     id="gov", name='镇"政府"', kind="government", category="leadership"),))
    >>> print(to_mermaid(t).splitlines()[2])
        n_gov_e9daa7d6["镇#quot;政府#quot;<br/><small>?</small>"]
    """
    ids = {u.id: _node_id(u.id) for u in s.units}
    ids.update({b.id: _node_id(b.id) for b in s.outside})
    lines = ["flowchart TD", f"    %% {_text(' '.join(s.name.split()))}"]
    roots = [u for u in s.units if u.parent is None]
    for u in roots:
        lines.append(f'    {ids[u.id]}["{_label(s, u, staffing)}"]')
    categories: dict[str, list[str]] = {}
    for u in s.units:
        if u.parent is not None:
            categories.setdefault(u.category, []).append(u.id)
    for cat, members in categories.items():
        lines.append(f'    subgraph c_{cat.replace("-", "_")}["'
                     f'{_text(vocab.label(vocab.CATEGORIES, cat))}"]')
        for uid in members:
            u = s.unit(uid)
            lines.append(f'        {ids[uid]}["{_label(s, u, staffing)}"]')
        lines.append("    end")
    linked = {k.with_ for u in s.units for k in u.links} | {u.parent for u in s.units}
    for b in s.outside:
        if b.id in linked:
            lines.append(f'    {ids[b.id]}["{_text(b.name)}"]:::outside')
    for u in s.units:
        if u.parent is not None and u.parent in ids:
            lines.append(f"    {ids[u.parent]} --> {ids[u.id]}")
        for link in u.links:
            if link.with_ in ids:
                label = _text(vocab.label(vocab.RELATIONS, link.type))
                lines.append(f"    {ids[link.with_]} {_ARROWS[link.type]}|{label}| {ids[u.id]}")
    theme = DEFAULT_THEME["category"]
    for cat in sorted({u.category for u in s.units}):
        style = theme.get(cat, {})
        lines.append(f"    classDef {cat.replace('-', '_')} fill:{style.get('fillcolor', '#fff')},"
                     f"stroke:{style.get('color', '#333')},color:{style.get('fontcolor', '#000')}")
    lines.append("    classDef outside fill:#f7fafc,stroke:#a0aec0,stroke-dasharray:4")
    for u in s.units:
        lines.append(f"    class {ids[u.id]} {u.category.replace('-', '_')}")
    return "\n".join(lines) + "\n"


def _label(s: Structure, u: Unit, staffing: bool) -> str:
    badge = staffing_badge(u.staffing, s.is_estimated(u)) if staffing else ""
    return _text(u.name) + (f"<br/><small>{_text(badge)}</small>" if badge else "")
