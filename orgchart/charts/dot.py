"""Build the DOT text of a structure's org chart (机构设置图); pure text, no Graphviz."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..base import vocab
from ..base.labels import staffing_badge
from ..base.words import WORDS, word
from ..model.structure import Structure
from ..schema.structure import Unit
from .grid import first_of, grid_lines, grid_rows, hub_lines, hub_of
from .legend import Drawn, legend_label, title_label
from .markup import Html, attrs, esc, quote
from .options import DiagramOptions, check_size, drawn_texts, theme_for
from .units import name_html, unit_label, wrapped

__all__ = ["DiagramOptions", "to_dot", "quote", "attrs", "Html", "esc", "drawn_texts",
           "check_size", "theme_for"]

#: the post types a badge shows: one not known prints "?"
_POSTS = ("admin", "institution", "worker", "heads", "deputies")


_EDGE_KEYS = ("color", "style", "dir", "arrowhead", "arrowtail", "penwidth")


@dataclass
class _Builder:
    s: Structure
    opts: DiagramOptions
    theme: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    drawn: Drawn = field(default_factory=Drawn)
    #: where each unit's box stands in the order the chart draws them
    drawn_at: dict[str, int] = field(default_factory=dict)
    #: the first box of each group under a unit, left to right (the row under it)
    firsts: dict[str, list[str]] = field(default_factory=dict)
    #: the first box of each box of units led from outside, left to right
    last_row: list[str] = field(default_factory=list)

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
        roots = self.s.roots()
        led_units = [u for u in roots if u.parent is not None]
        self._led_from_outside(led_units)
        led = self.drawn.categories[:]
        for root in roots:
            if root.parent is None:
                self._unit_node(root, 2)
                self._subtree(root, 2)
        # the legend lists the governing body's categories first
        self.drawn.categories = [c for c in self.drawn.categories if c not in led] + led
        self._led_subtrees(led_units)
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
        self.drawn_at.setdefault(u.id, len(self.drawn_at))
        if u.category not in self.drawn.categories:
            self.drawn.categories.append(u.category)
        label = unit_label(self.s, u, self.opts, self.theme["layout"], marker=marker,
                           functions=self.opts.functions,
                           attribute_marker=self.theme["unverified"]["attribute_marker"])
        self.drawn.badges |= label.badge
        self.drawn.estimates |= label.estimated
        self.drawn.attributes |= label.attributes
        self.drawn.unknown |= label.badge and not u.staffing.known().keys() >= set(_POSTS)
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
        firsts = []
        grids = {c: self._rows([m.id for m in members], any(self.s.children(m.id) for m in members))
                 for c, members in groups.items()}
        # the leader's lines run along a row of points above the groups' frames
        hubs = {hub_of(parent.id, c): len(rows[0]) for c, rows in grids.items()} \
            if len(groups) > 1 else {}
        for line in hub_lines(parent.id, hubs, self.theme):
            self.emit(line, depth)
        for category, members in groups.items():
            self.emit(f"subgraph {quote(f'cluster_{parent.id}_{category}')} {{", depth)
            self.emit(self._frame(category), depth + 1)
            for unit in members:
                self._unit_node(unit, depth + 1)
            rows = grids[category]
            leader = hub_of(parent.id, category) if hubs else parent.id
            inside, outside = grid_lines(leader, rows, self.theme, bool(hubs))
            for line in inside:
                self.emit(line, depth + 1)
            self.emit("}", depth)
            for line in outside:
                self.emit(line, depth)
            firsts.append(first_of(rows))
        if len(firsts) > 1:  # keep the groups left to right in declared order
            self.emit("{rank=same; " + " -> ".join(quote(f) for f in firsts)
                      + " [style=invis]}", depth)
        self.firsts[parent.id] = firsts
        return children

    def _frame(self, category: str) -> str:
        """Return the graph line of the labelled box around a category's units."""
        frame = self.theme["frame"]
        fill = self.theme["category"].get(category, {}).get("cluster_fill", frame["fillcolor"])
        label = vocab.label(vocab.CATEGORIES, category, "en" if self.opts.lang == "en" else "zh")
        return f"graph {attrs({'label': label, 'style': 'rounded,filled', 'color': frame['color'], 'fillcolor': fill, 'fontsize': '12', 'margin': '10', 'peripheries': '1'})}"  # noqa: E501

    def _led_from_outside(self, units: list[Unit]) -> None:
        """Draw the units led from outside (派驻, 垂直管理: a 派出所 under the county police)
        in one box per category, side by side in a row above the governing body's (drawn
        first, so dot puts them left), each below the outside body that leads it (its edge
        is drawn with the links)."""
        groups: dict[str, list[Unit]] = {}
        for u in units:
            groups.setdefault(u.category, []).append(u)
        for category, members in groups.items():
            self.emit(f"subgraph {quote('cluster_led_' + category)} {{", 2)
            self.emit(self._frame(category), 3)
            for u in members:
                self._unit_node(u, 3)
            rows = self._rows([u.id for u in members], one_row=True)
            for line in grid_lines(None, rows, self.theme)[0]:
                self.emit(line, 3)
            self.emit("}", 2)
            self.last_row.append(rows[0][0])

    def _led_subtrees(self, units: list[Unit]) -> None:
        """Put the governing body a row below the boxes led from outside (in their row the
        bureaus' lines would push it aside), centred above its groups; draw their units."""
        for root in [u.id for u in self.s.roots() if u.parent is None][:1]:
            for first in self.last_row:
                self.emit(f"{quote(first)} -> {quote(root)} [style=invis, weight=0]", 2)
        for u in units:
            self._subtree(u, 2)

    def _rows(self, ids: list[str], one_row: bool = False) -> list[list[str]]:
        """Return a group's boxes row by row (side by side when they have boxes below)."""
        return grid_rows(ids, int(self.theme["layout"]["column"]), one_row)

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
        firsts = []
        for level, members in groups.items():
            label = (word("members." + level, lang) if "members." + level in WORDS
                     else vocab.label(vocab.LEVELS, level, lang))
            cluster = f"cluster_members_{level}"
            self.emit(f"subgraph {quote(cluster)} {{", 2)
            self.emit(f"graph {attrs({'label': f'{label}（{len(members)}）', 'style': 'rounded,filled', 'color': frame['color'], 'fillcolor': frame['fillcolor'], 'fontsize': '12', 'peripheries': '1'})}", 3)  # noqa: E501
            for m in members:
                name = wrapped(m.place or m.name, float(self.theme["layout"]["wrap"]))
                style_m = dict(style)
                # a member holding an unverified unit is not verified as a whole
                if self.opts.mark_unverified and not all(m.is_verified(u) for u in m):
                    name += esc(self.theme["unverified"]["marker"])
                    style_m["style"] = self.theme["unverified"]["style"]
                    self.drawn.unverified = True
                estimated = m.rollup_estimated()
                badge = staffing_badge(m.rollup(), estimated) if self.opts.staffing else ""
                self.drawn.badges |= bool(badge)
                self.drawn.estimates |= estimated and bool(badge)
                self.drawn.unknown |= "?" in badge or "≥" in badge
                extra = f'<BR/><FONT POINT-SIZE="9">{esc(badge)}</FONT>' if badge else ""
                self.emit(f"{quote('m:' + m.id)} {attrs({**style_m, 'label': Html(f'<{name}{extra}>')})}", 3)  # noqa: E501
            rows = self._rows(["m:" + m.id for m in members])
            inside, outside = grid_lines(roots[0].id if roots else None, rows, self.theme)
            for line in inside:
                self.emit(line, 3)
            self.emit("}", 2)
            for line in outside:
                self.emit(line, 2)
            firsts.append(first_of(rows))
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
        # left to right as the units they lead or guide stand, so that each stands above them:
        # those that lead units (派驻, drawn at the left) first
        leads = {u.parent for u in self.s.units}
        near = {b.id: min((self.drawn_at.get(u.id, len(self.drawn_at)) for u in self.s.units
                           if u.parent == b.id or any(k.with_ == b.id for k in u.links)),
                          default=len(self.drawn_at)) for b in bodies}
        bodies.sort(key=lambda b: (b.id not in leads, near[b.id]))
        for b in bodies:
            name = name_html(b.name, b.name_en, self.opts.lang,
                             width=float(self.theme["layout"]["wrap"]))
            text = Html(f"<<B>{name}</B>>")
            self.emit(f"{quote(b.id)} {attrs({**style, 'label': text})}", 3)
        if len(bodies) > 1:
            self.emit("{rank=same; " + " -> ".join(quote(b.id) for b in bodies)
                      + " [style=invis]}", 3)
        self.emit("}", 2)
        roots = [u.id for u in self.s.roots() if u.parent is None]
        # one row above the governing body, as county departments stand above a township
        # (or, when they lead units, above the row of those units, which stands above it)
        for b in bodies[:1] if not self.last_row else []:
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
        if rel != "leadership":  # a link leaves the ranks alone; an outside body that leads
            style["constraint"] = "false"  # a unit (派驻) stands above it
        else:  # straight above it
            style["weight"] = "10"
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
