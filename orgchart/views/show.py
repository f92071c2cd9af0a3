"""Draw a structure as an indented tree for the terminal."""

from __future__ import annotations

from ..base import vocab
from ..base.labels import staffing_badge
from ..base.words import word
from ..model.structure import Structure
from ..schema.structure import Unit

__all__ = ["format_tree"]


def format_tree(structure: Structure, lang: str = "zh") -> str:
    """Return the structure as a text tree with staffing per unit and in total.

    Every unit is shown: units whose parent chain loops (a model error that
    :func:`orgchart.rules.checks` reports) are listed under a "leadership loop" heading.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership",
    ...                   staffing=orgchart.Staffing(institution=0, worker=0, heads=1)),
    ...     orgchart.Unit(id="o1", name="党政办", kind="office", category="party-government",
    ...                   parent="gov", staffing=orgchart.Staffing(
    ...                       admin=5, institution=0, worker=0, heads=1, deputies=0))),
    ...     verified=True)
    >>> print(format_tree(s))
    某镇 [t]
    镇政府  (领导机构 · 政府)  行? 领1/?
    └── 党政办  (党政机构 · 办)  行5 领1/0
    <BLANKLINE>
    合计：行政编制 ≥ 5（1 个单位未知），领导正职 2，领导副职 ?（2 个机构）
    """
    name = structure.name_en if lang == "en" and structure.name_en else structure.name
    head = f"{name} [{structure.id}]"
    if structure.as_of:
        head += "  " + word("as-of", lang, date=structure.as_of.text(lang))
    lines = [head]
    seen: set[str] = set()
    for root in structure.roots():
        lines.append(_line(structure, root, lang))
        seen.add(root.id)
        _walk(structure, root, "", lines, lang, seen)
    looped = [u for u in structure.units if u.id not in seen]
    if looped:  # parent chains that never reach the top: show them, do not drop them
        lines.append("")
        lines.append(word("show.loop", lang))
        for unit in looped:
            if unit.id not in seen:
                lines.append(f"{_line(structure, unit, lang)}  ↻ parent: {unit.parent}")
                seen.add(unit.id)
                _walk(structure, unit, "", lines, lang, seen)
    estimated = structure.rollup_estimated()
    if structure.outside:
        lines.append("")
        lines.append(word("show.outside", lang) + word("list", lang).join(
            b.name_en if lang == "en" and b.name_en else b.name for b in structure.outside))
    lines.append("")
    totals = structure.totals().summary(lang, structure.totals_estimated())
    lines.append(word("show.total", lang, totals=totals, count=len(structure)))
    if structure.members:
        lines.append("")
        lines.append(word("show.members", lang, count=len(structure.members)))
        for m in structure.members:
            lines.append(f"  {m.name}  {staffing_badge(m.rollup(), m.rollup_estimated())}")
        rollup = structure.rollup().summary(lang, estimated)
        lines.append(word("show.total-members", lang, totals=rollup))
    if structure.reported:
        lines.append("")
        lines.append(word("show.reported", lang))
        for f in structure.reported:
            flag = "" if f.verified else "  " + word("unverified", lang)
            lines.append(f"  {f.name}: {f.value}{word('count.' + f.counts, lang)}{flag}")
    if estimated:
        lines.append(word("show.estimate", lang))
    return "\n".join(lines)


#: deeper levels are not indented further (a 5,000-level chain would print 50 million
#: spaces); their lines say their level instead
_MAX_INDENT = 40


def _walk(s: Structure, unit: Unit, prefix: str, lines: list[str], lang: str,
          seen: set[str]) -> None:
    """Append the subtree under ``unit``, depth first (with a stack: chains can be long)."""
    stack = [(_unseen_children(s, unit, seen), 0, prefix, 1)]
    while stack:
        kids, i, prefix, level = stack.pop()
        if i == len(kids):
            continue
        stack.append((kids, i + 1, prefix, level))
        kid, last = kids[i], i == len(kids) - 1
        deep = level > _MAX_INDENT
        lines.append(prefix + ("└── " if last else "├── ") + (f"[{level}] " if deep else "")
                     + _line(s, kid, lang))
        seen.add(kid.id)
        stack.append((_unseen_children(s, kid, seen), 0,
                      prefix if deep else prefix + ("    " if last else "│   "), level + 1))


def _unseen_children(s: Structure, unit: Unit, seen: set[str]) -> list[Unit]:
    return [k for k in s.children(unit.id) if k.id not in seen]


def _line(s: Structure, unit: Unit, lang: str) -> str:
    name = unit.name_en if lang == "en" and unit.name_en else unit.name
    tags = [vocab.label(vocab.CATEGORIES, unit.category, lang),
            s.kinds.get(unit.kind) or vocab.label(vocab.KINDS, unit.kind, lang)]
    if unit.rank:
        tags.append(vocab.shown(vocab.RANKS, unit.rank, lang))
    text = f"{name}  ({' · '.join(tags)})"
    if unit.nameplates:
        text += "  " + word("show.nameplates", lang) + word("list", lang).join(unit.nameplates)
    badge = staffing_badge(unit.staffing, s.is_estimated(unit))
    if badge:
        text += f"  {badge}"
    if not s.is_verified(unit):
        text += "  " + word("unverified", lang)
    return text
