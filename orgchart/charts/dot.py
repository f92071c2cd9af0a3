"""Build the DOT text of a structure's org chart (机构设置图); pure text, no Graphviz."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..base import vocab
from ..base.labels import printable, staffing_badge, staffing_summary
from ..base.style import DEFAULT_THEME, FONT_FAMILIES
from ..model.structure import Structure
from ..schema.structure import Unit

__all__ = ["DiagramOptions", "to_dot", "quote", "attrs", "Html", "esc", "drawn_texts",
           "check_size", "theme_for"]


@dataclass(frozen=True)
class DiagramOptions:
    """What a diagram shows and how it looks."""

    lang: str = "zh"
    staffing: bool = True
    functions: bool = False
    direction: str = "TB"
    theme: str | None = None
    font: str | None = None
    font_file: str | None = None
    mark_unverified: bool = True  # a reconstruction never looks like an official chart
    legend: bool = True
    title: bool = True
    theme_data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        from ..base.errors import RenderError

        if self.lang not in ("zh", "en", "both"):
            raise RenderError(f"unknown lang {self.lang!r}; choose zh, en or both")
        if self.direction not in ("TB", "LR"):
            raise RenderError(f"unknown direction {self.direction!r}; choose TB or LR")

    def fonts(self) -> str:
        """Return the font-family list used in DOT (and so in SVG)."""
        families = ((self.font,) if self.font else ()) + FONT_FAMILIES
        return ",".join(dict.fromkeys(families))


def quote(text: str) -> str:
    """Quote a DOT identifier or string.

    >>> quote('a"b')
    '"a\\\\"b"'
    """
    text = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


class Html(str):
    """An HTML-like label (``<...>``) built by this package from escaped text."""


_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def attrs(values: dict[str, str]) -> str:
    """Format a DOT attribute list; :class:`Html` labels are kept as they are.

    Any other value is quoted, even one that looks like HTML (text from a theme or model).

    >>> attrs({"shape": "box", "label": Html("<<B>x</B>>")})
    '[shape="box", label=<<B>x</B>>]'
    >>> attrs({"label": "<<B>x</B>>"})
    '[label="<<B>x</B>>"]'
    """
    parts = []
    for key, value in values.items():
        if not _ATTR_NAME.fullmatch(key):
            from ..base.errors import RenderError

            raise RenderError(f"{key!r} is not a Graphviz attribute name")
        if key == "label" and isinstance(value, Html):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]"


def esc(text: str) -> str:
    """Escape text for an HTML-like label: markup, and the backslash, since Graphviz reads
    ``\\N``, ``\\G``, ``\\E``, ``\\n``, ``\\l``, ``\\r`` and ``\\\\`` in HTML labels too."""
    # a lone tab inside <B></B> is a syntax error to Graphviz, which then drops the label
    return (html.escape(printable(text).replace("\\", "\\\\"), quote=True).replace("\n", "<BR/>")
            .replace("\t", " "))


_MEMBER_LEVELS = {"subdistrict": ("街道", "sub-districts"), "town": ("镇", "towns"),
                  "township": ("乡", "townships"), "county": ("县", "counties")}

_EDGE_KEYS = ("color", "style", "dir", "arrowhead", "arrowtail", "penwidth")


@dataclass
class _Builder:
    s: Structure
    opts: DiagramOptions
    theme: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    used_categories: list[str] = field(default_factory=list)
    used_relations: list[str] = field(default_factory=list)
    used_unverified: bool = False
    used_estimates: bool = False
    used_badges: bool = False  # a staffing badge was drawn, so the legend explains them

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
            chart["label"] = Html(self._title())
        self.emit(f"graph {attrs(chart)}", 2)
        for root in self.s.roots():
            self._unit_node(root, 2)
            self._subtree(root, 2)
        self._members()
        self._outside()
        self._relations()
        self.emit("}")
        if self.opts.legend:
            self._legend()
        self.lines.append("}")
        return "\n".join(self.lines) + "\n"

    def _title(self) -> str:
        name = self._name(self.s.name, self.s.name_en)
        rows = [f'<TR><TD><B>{name}</B></TD></TR>']
        info = []
        if self.s.as_of:
            info.append(("截至 " if self.opts.lang != "en" else "as of ") + str(self.s.as_of))
        if self.opts.staffing:
            lang = "en" if self.opts.lang == "en" else "zh"
            estimated = self.s.rollup_estimated()  # a sum of estimates is one
            self.used_estimates |= estimated
            if self.s.members:
                info.append(("编制合计（含下属）：" if lang == "zh" else "Staffing with members: ")
                            + staffing_summary(self.s.rollup(), lang, estimated))
            else:
                info.append(("编制合计：" if lang == "zh" else "Staffing: ")
                            + staffing_summary(self.s.totals(), lang, estimated))
        if info:
            rows.append(f'<TR><TD><FONT POINT-SIZE="11">{esc("　".join(info))}</FONT></TD></TR>')
        rows += [f'<TR><TD><FONT POINT-SIZE="10">{esc(line)}</FONT></TD></TR>'
                 for line in self._reported()]
        return '<<TABLE BORDER="0" CELLSPACING="2">' + "".join(rows) + "</TABLE>>"

    def _reported(self) -> list[str]:
        """Return one line per figure a source gives for the whole structure."""
        if not self.s.reported:
            return []
        zh = self.opts.lang != "en"
        marker = self.theme["unverified"]["marker"] if self.opts.mark_unverified else ""
        lines = ["来源报道的数字（未分配到单位）：" if zh else "Figures reported by sources "
                 "(not assigned to units):"]
        for f in self.s.reported:
            unit = (_FIGURE_UNITS_ZH if zh else _FIGURE_UNITS_EN)[f.counts]
            flag = marker if marker and not f.verified else ""
            lines.append(f"{flag}{f.name} {f.value}{unit}")
        return lines

    def _name(self, zh: str, en: str | None) -> str:
        if self.opts.lang == "en" and en:
            return esc(en)
        if self.opts.lang == "both" and en:
            return f'{esc(zh)}<BR/><FONT POINT-SIZE="9">{esc(en)}</FONT>'
        return esc(zh)

    def _label(self, u: Unit) -> str:
        marker = ""
        if self.opts.mark_unverified and not self.s.is_verified(u):
            marker = esc(self.theme["unverified"]["marker"])
            self.used_unverified = True
        rows = [f"<TR><TD><B>{self._name(u.name, u.name_en)}</B>{marker}</TD></TR>"]
        for plate in u.nameplates:
            text = f"（挂{plate}牌子）" if self.opts.lang != "en" else f"(also: {plate})"
            rows.append(f'<TR><TD><FONT POINT-SIZE="9">{esc(text)}</FONT></TD></TR>')
        estimated = self.s.is_estimated(u)
        badge = staffing_badge(u.staffing, estimated) if self.opts.staffing else ""
        if badge:
            self.used_badges = True
            self.used_estimates |= estimated
            rows.append(f'<TR><TD><FONT POINT-SIZE="9">{esc(badge)}</FONT></TD></TR>')
        if self.opts.functions and u.functions:
            names = [self.s.function_name(f, self.opts.lang) for f in u.functions]
            rows.append('<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">'
                        + "<BR/>".join(esc("· " + n) for n in names) + "</FONT></TD></TR>")
        return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + \
            "</TABLE>>"

    def _unit_node(self, u: Unit, depth: int) -> None:
        style: dict[str, str] = {
            k: v for k, v in self.theme["category"].get(u.category, {}).items()
            if k != "cluster_fill"}
        style.update(self.theme["kind"].get(u.kind, {}))
        if self.opts.mark_unverified and not self.s.is_verified(u):
            style["style"] = self.theme["unverified"]["style"]
        if u.category not in self.used_categories:
            self.used_categories.append(u.category)
        self.emit(f"{quote(u.id)} {attrs({**style, 'label': Html(self._label(u))})}", depth)

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
            fill = self.theme["category"].get(category, {}).get("cluster_fill", "white")
            label = vocab.label(vocab.CATEGORIES, category,
                                "en" if self.opts.lang == "en" else "zh")
            self.emit(f"subgraph {quote(cluster)} {{", depth)
            self.emit(f"graph {attrs({'label': label, 'style': 'rounded,filled', 'color': '#a0aec0', 'fillcolor': fill, 'fontsize': '12', 'margin': '10', 'peripheries': '1'})}",  # noqa: E501
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
        fill = self.theme["category"]["leadership"]
        style = {"fillcolor": "#fff5f5", "color": fill.get("color", "#9b2c2c")}
        size = max(1, int(self.theme["layout"]["column"]))
        firsts = []
        for level, members in groups.items():
            label = _MEMBER_LEVELS.get(level, (level, level))[lang == "en"]
            cluster = f"cluster_members_{level}"
            self.emit(f"subgraph {quote(cluster)} {{", 2)
            self.emit(f"graph {attrs({'label': f'{label}（{len(members)}）', 'style': 'rounded,filled', 'color': '#a0aec0', 'fillcolor': 'white', 'fontsize': '12', 'peripheries': '1'})}", 3)  # noqa: E501
            columns = [members[i:i + size] for i in range(0, len(members), size)]
            for column in columns:
                for m in column:
                    name = esc(m.place or m.name)
                    style_m = dict(style)
                    if self.opts.mark_unverified and not m.verified:
                        name += esc(self.theme["unverified"]["marker"])
                        style_m["style"] = self.theme["unverified"]["style"]
                        self.used_unverified = True
                    estimated = m.rollup_estimated()
                    badge = staffing_badge(m.rollup(), estimated) if self.opts.staffing else ""
                    self.used_badges |= bool(badge)
                    self.used_estimates |= estimated and bool(badge)
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
        label = "外部机构" if self.opts.lang != "en" else "Outside bodies"
        self.emit("subgraph \"cluster_outside\" {", 2)
        self.emit(f"graph {attrs({'label': label, 'style': 'dashed', 'color': '#a0aec0', 'fontsize': '12', 'peripheries': '1'})}", 3)  # noqa: E501
        for b in bodies:
            text = Html(f"<<B>{self._name(b.name, b.name_en)}</B>>")
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
        if rel not in self.used_relations and rel != "leadership":
            self.used_relations.append(rel)
        self.emit(f"{quote(tail)} -> {quote(head)} {attrs(style)}", 2)

    def _legend(self) -> None:
        rows = []
        lang = "en" if self.opts.lang == "en" else "zh"
        for cat in self.used_categories:
            c = self.theme["category"].get(cat, {})
            rows.append(f'<TR><TD BGCOLOR="{esc(c.get("fillcolor", "white"))}" WIDTH="24" '
                        f'BORDER="1" COLOR="{esc(c.get("color", "black"))}">'
                        f'</TD><TD ALIGN="LEFT">{esc(vocab.label(vocab.CATEGORIES, cat, lang))}'
                        "</TD></TR>")
        for rel in self.used_relations:
            r = self.theme["relation"].get(rel, {})
            rows.append(f'<TR><TD><FONT COLOR="{esc(r.get("color", "black"))}">'
                        f'{esc(r.get("sample", "──▶"))}</FONT></TD><TD ALIGN="LEFT">'
                        f"{esc(vocab.label(vocab.RELATIONS, rel, lang))}</TD></TR>")
        if self.s.members:
            text = ("下属机构（编制为其合计）" if lang == "zh"
                    else "member body (staffing: its total)")
            rows.append(f'<TR><TD BGCOLOR="#fff5f5" BORDER="1" COLOR="#9b2c2c"></TD>'
                        f'<TD ALIGN="LEFT">{esc(text)}</TD></TR>')
        if self.used_unverified:
            text = ("未经核实（含推定、估算）" if lang == "zh"
                    else "not verified (incl. reconstructions, estimates)")
            rows.append(f'<TR><TD>{esc(self.theme["unverified"]["marker"])} ┆</TD>'
                        f'<TD ALIGN="LEFT">{esc(text)}</TD></TR>')
        if self.used_badges:
            text = ("行 行政编制 事 事业编制 工 工勤编制 领 正职/副职" if lang == "zh"
                    else "行 admin, 事 institution, 工 worker posts; 领 heads/deputies")
            if self.used_estimates:
                text += "；≈ 估算" if lang == "zh" else "; ≈ estimate"
            rows.append(f'<TR><TD COLSPAN="2"><FONT POINT-SIZE="9">{esc(text)}</FONT></TD></TR>')
        if not rows:
            return
        title = "图例" if lang == "zh" else "Legend"
        table = (f'<<TABLE BORDER="1" COLOR="#a0aec0" CELLBORDER="0" CELLSPACING="3">'
                 f'<TR><TD COLSPAN="2"><B>{title}</B></TD></TR>' + "".join(rows) + "</TABLE>>")
        self.emit(f"graph {attrs({'label': Html(table), 'labelloc': 'b', 'fontsize': '12'})}")


_FIGURE_UNITS_ZH = {"posts": " 名", "people": " 人", "units": " 个"}
_FIGURE_UNITS_EN = {"posts": " posts", "people": " people", "units": " units"}


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



def theme_for(opts: DiagramOptions) -> dict[str, Any]:
    """Return the theme a chart uses: the default, or the options' theme file and data
    (whose checks are imported only then: a plain chart does not need them)."""
    if not opts.theme_data and opts.theme is None:
        return DEFAULT_THEME
    from ..read.theme import theme_of

    return theme_of(opts.theme_data, opts.theme)


def drawn_texts(structure: Structure, opts: DiagramOptions) -> Iterator[tuple[str, str]]:
    """Yield (what it is, text) for the model text the chart draws, to check its glyphs."""
    yield "the title", f"{structure.name} {structure.name_en or ''}"
    for u in structure.units:
        texts = [u.name, u.name_en or "", *u.nameplates]
        if opts.functions:
            texts += [structure.function_name(f, opts.lang) for f in u.functions]
        yield f"unit {u.id!r} ({u.name})", " ".join(texts)
    for b in structure.outside:
        yield f"outside body {b.id!r}", f"{b.name} {b.name_en or ''}"
    for m in structure.members:
        yield f"member {m.id!r}", m.place or m.name


def check_size(boxes: int, where: str, opts: DiagramOptions) -> None:
    """Refuse, before any layout, a chart with more boxes than the theme's ``max_units``.

    Raises:
        RenderError: too many boxes; the message says how to draw less.
    """
    from ..base.errors import RenderError

    limit = int(theme_for(opts)["layout"]["max_units"])
    if boxes > limit:
        raise RenderError(
            f"{where}: {boxes:,} units are too many to draw (limit {limit:,}: layout time and "
            "memory grow faster than the chart); draw a county overview instead (a file that "
            "lists each town's file under members: draws each town as one box), split the "
            "file, write DOT with -f dot, or raise layout.max_units in a --theme file")
