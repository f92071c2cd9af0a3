"""Build the DOT text of a structure's org chart (机构设置图); pure text, no Graphviz."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..base import vocab
from ..base.labels import staffing_badge
from ..base.words import WORDS, word
from ..model.structure import Structure
from ..schema.structure import Unit
from .legend import Drawn, legend_label, title_label
from .markup import Html, attrs, esc, quote
from .options import DiagramOptions, check_size, drawn_texts, theme_for
from .units import name_html, unit_label

__all__ = ["DiagramOptions", "to_dot", "quote", "attrs", "Html", "esc", "drawn_texts",
           "check_size", "theme_for"]


_EDGE_KEYS = ("color", "style", "dir", "arrowhead", "arrowtail", "penwidth")


@dataclass
class _Builder:
    s: Structure
    opts: DiagramOptions
    theme: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    drawn: Drawn = field(default_factory=Drawn)

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("  " * depth + line)

    def build(self) -> str:
        fonts = self.opts.fonts()
        layout = self.theme["layout"]
        graph = {**self.theme["graph"], "charset": "UTF-8", "rankdir": self.opts.direction,
                 "compound": "true", "newrank": "true", "ordering": "out", "fontname": fonts}
        if graph.get("splines") == "ortho" and len(self.s) > int(layout["ortho_max_units"]):
            graph["splines"] = layout["large_splines"]
        self.lines.append(f"digraph {quote(self.s.id)} {{")
        self.emit(f"graph {attrs(graph)}")
        self.emit(f"node {attrs({**self.theme['node'], 'fontname': fonts})}")
        self.emit(f"edge {attrs({**self.theme['edge'], 'fontname': fonts})}")
        # The title is the label of a borderless cluster around the chart, so that the
        # graph's own label can carry the legend below it without moving any unit.
        self.emit('subgraph "cluster_chart" {')
        chart = {"peripheries": "0", "labelloc": "t"}
        if self.opts.title:
            chart["label"] = title_label(self.s, self.opts, self.theme, self.drawn)
        self.emit(f"graph {attrs(chart)}", 2)
        for root in self.s.roots():
            self._unit_node(root, 2)
            self._subtree(root, 2)
        self._members()
        self._outside()
        self._relations()
        self.emit("}")
        legend = legend_label(self.s, self.opts, self.theme, self.drawn) \
            if self.opts.legend else None
        if legend:
            self.emit(f"graph {attrs({'label': legend, 'labelloc': 'b', 'fontsize': '12'})}")
        self.lines.append("}")
        return "\n".join(self.lines) + "\n"

    def _unit_node(self, u: Unit, depth: int) -> None:
        style: dict[str, str] = {
            k: v for k, v in self.theme["category"].get(u.category, {}).items()
            if k != "cluster_fill"}
        style.update(self.theme["kind"].get(u.kind, {}))
        marker = ""
        if self.opts.mark_unverified and not self.s.is_verified(u):
            style["style"] = self.theme["unverified"]["style"]
            marker = self.theme["unverified"]["marker"]
            self.drawn.unverified = True
        if u.category not in self.drawn.categories:
            self.drawn.categories.append(u.category)
        label = unit_label(self.s, u, self.opts, marker=marker, functions=self.opts.functions,
                           attribute_marker=self.theme["unverified"]["attribute_marker"])
        self.drawn.badges |= label.badge
        self.drawn.estimates |= label.estimated
        self.drawn.attributes |= label.attributes
        self.emit(f"{quote(u.id)} {attrs({**style, 'label': label.html})}", depth)

    def _subtree(self, root: Unit, depth: int) -> None:
        """Draw the units under ``root``, depth first (with a stack: chains can be long)."""
        stack = [root]
        while stack:
            stack.extend(reversed(self._level(stack.pop(), depth)))

    def _level(self, parent: Unit, depth: int) -> list[Unit]:
        """Draw the groups of ``parent``'s children; return the children."""
        children = self.s.children(parent.id)
        groups: dict[str, list[Unit]] = {}
        for kid in children:
            groups.setdefault(kid.category, []).append(kid)
        for category, members in groups.items():
            cluster = f"cluster_{parent.id}_{category}"
            columns = self._columns(members)
            frame = self.theme["frame"]
            fill = self.theme["category"].get(category, {}).get("cluster_fill",
                                                                frame["fillcolor"])
            label = vocab.label(vocab.CATEGORIES, category,
                                "en" if self.opts.lang == "en" else "zh")
            self.emit(f"subgraph {quote(cluster)} {{", depth)
            self.emit(f"graph {attrs({'label': label, 'style': 'rounded,filled', 'color': frame['color'], 'fillcolor': fill, 'fontsize': '12', 'margin': '10', 'peripheries': '1'})}",  # noqa: E501
                      depth + 1)
            for column in columns:
                for unit in column:
                    self._unit_node(unit, depth + 1)
                for a, b in zip(column, column[1:], strict=False):
                    self.emit(f"{quote(a.id)} -> {quote(b.id)} [style=invis]", depth + 1)
            self.emit("}", depth)
            for i, column in enumerate(columns):
                edge = {} if i == 0 else {"style": "invis"}
                self.emit(f"{quote(parent.id)} -> {quote(column[0].id)} {attrs(edge)}", depth)

        firsts = [members[0].id for members in groups.values()]
        if len(firsts) > 1:  # keep the groups left to right in declared order
            self.emit("{rank=same; " + " -> ".join(quote(f) for f in firsts)
                      + " [style=invis]}", depth)
        return children

    def _columns(self, members: list[Unit]) -> list[list[Unit]]:
        size = max(1, int(self.theme["layout"]["column"]))
        if any(self.s.children(m.id) for m in members):
            return [[m] for m in members]
        return [members[i:i + size] for i in range(0, len(members), size)]

    def _members(self) -> None:
        """Draw member structures (a county's towns) as one box each, grouped by level."""
        if not self.s.members:
            return
        roots = [u for u in self.s.roots() if u.parent is None]
        groups: dict[str, list[Any]] = {}
        for m in self.s.members:
            groups.setdefault(m.level or "other", []).append(m)
        lang = "en" if self.opts.lang == "en" else "zh"
        style = dict(self.theme["member"])
        frame = self.theme["frame"]
        size = max(1, int(self.theme["layout"]["column"]))
        firsts = []
        for level, members in groups.items():
            label = word("members." + level, lang) if "members." + level in WORDS else level
            cluster = f"cluster_members_{level}"
            self.emit(f"subgraph {quote(cluster)} {{", 2)
            self.emit(f"graph {attrs({'label': f'{label}（{len(members)}）', 'style': 'rounded,filled', 'color': frame['color'], 'fillcolor': frame['fillcolor'], 'fontsize': '12', 'peripheries': '1'})}", 3)  # noqa: E501
            columns = [members[i:i + size] for i in range(0, len(members), size)]
            for column in columns:
                for m in column:
                    name = esc(m.place or m.name)
                    style_m = dict(style)
                    if self.opts.mark_unverified and not m.verified:
                        name += esc(self.theme["unverified"]["marker"])
                        style_m["style"] = self.theme["unverified"]["style"]
                        self.drawn.unverified = True
                    estimated = m.rollup_estimated()
                    badge = staffing_badge(m.rollup(), estimated) if self.opts.staffing else ""
                    self.drawn.badges |= bool(badge)
                    self.drawn.estimates |= estimated and bool(badge)
                    extra = f'<BR/><FONT POINT-SIZE="9">{esc(badge)}</FONT>' if badge else ""
                    self.emit(f"{quote('m:' + m.id)} {attrs({**style_m, 'label': Html(f'<{name}{extra}>')})}", 3)  # noqa: E501
                for a, b in zip(column, column[1:], strict=False):
                    self.emit(f"{quote('m:' + a.id)} -> {quote('m:' + b.id)} [style=invis]", 3)
            self.emit("}", 2)
            for i, column in enumerate(columns):
                firsts.append("m:" + column[0].id)
                for root in roots[:1]:
                    edge = {} if i == 0 else {"style": "invis"}
                    self.emit(f"{quote(root.id)} -> {quote('m:' + column[0].id)} {attrs(edge)}",
                              2)
        if len(firsts) > 1:
            self.emit("{rank=same; " + " -> ".join(quote(f) for f in firsts)
                      + " [style=invis]}", 2)

    def _outside(self) -> None:
        linked = {link.with_ for u in self.s.units for link in u.links}
        linked |= {u.parent for u in self.s.units if u.parent}
        bodies = [b for b in self.s.outside if b.id in linked]
        if not bodies:
            return
        style = {k: v for k, v in self.theme["outside"].items() if k != "cluster_fill"}
        label = word("outside-bodies", self.opts.lang)
        self.emit("subgraph \"cluster_outside\" {", 2)
        self.emit(f"graph {attrs({'label': label, 'style': 'dashed', 'color': self.theme['frame']['color'], 'fontsize': '12', 'peripheries': '1'})}", 3)  # noqa: E501
        for b in bodies:
            text = Html(f"<<B>{name_html(b.name, b.name_en, self.opts.lang)}</B>>")
            self.emit(f"{quote(b.id)} {attrs({**style, 'label': text})}", 3)
        self.emit("}", 2)
        roots = [u.id for u in self.s.roots() if u.parent is None]
        # one row above the governing body, as county departments stand above a township
        for b in bodies[:1]:
            for root in roots[:1]:
                self.emit(f"{quote(b.id)} -> {quote(root)} [style=invis]", 2)

    def _relations(self) -> None:
        for u in self.s.units:
            if u.parent is not None and u.parent not in self.s:
                self._relation_edge(u.parent, u.id, "leadership")
            for link in u.links:
                if link.type == "co-location":
                    self._relation_edge(u.id, link.with_, link.type)
                else:
                    self._relation_edge(link.with_, u.id, link.type)

    def _relation_edge(self, tail: str, head: str, rel: str) -> None:
        style = {k: v for k, v in self.theme["relation"].get(rel, {}).items() if k in _EDGE_KEYS}
        style["constraint"] = "false"
        if rel not in self.drawn.relations and rel != "leadership":
            self.drawn.relations.append(rel)
        self.emit(f"{quote(tail)} -> {quote(head)} {attrs(style)}", 2)


def to_dot(structure: Structure, options: DiagramOptions | None = None, **kw: Any) -> str:
    """Return the DOT text of the structure's org chart.

    Options are a :class:`DiagramOptions` or its fields as keywords (``lang="both"``,
    ``staffing=False``, ``functions=True``, ``direction="LR"``, ``theme="my.yaml"``, ...).

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership"),))
    >>> print(to_dot(s, legend=False, title=False).splitlines()[6][:60])
        "gov" [fillcolor="#c53030", fontcolor="white", color="#9
    """
    opts = replace(options, **kw) if options else DiagramOptions(**kw)
    theme = theme_for(opts)
    return _Builder(structure, opts, theme).build()
