"""The lineage diagram (沿革图) of a history: a body's predecessors, its own states (each
name it had) and its successors, left to right in date order, each line labelled with its
change's date as written and its document number (文号)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..base.words import WORDS, word
from ..model.history import Change, History, Key, Step
from ..model.structure import Structure
from ..schema import events as ev
from .markup import Html, attrs, esc, quote
from .options import DiagramOptions, theme_for
from .units import wrapped

__all__ = ["lineage_to_dot", "lineage_keys"]

#: steps that end a body: a line to a small end mark
_ENDS = ("abolish", "detach")


@dataclass
class _State:
    """One state of a body: the body under one name, from the change that made it."""

    node: str
    key: Key
    name: str | None
    marked: bool
    born: int  # the index of the change that made it; -1: there at the start
    notes: list[tuple[str, bool]] = field(default_factory=list)  # (text, unverified)


@dataclass(frozen=True)
class _Line:
    src: str
    dst: str
    change: Change
    kind: str
    marked: bool


class _Graph:
    """Every body's states and the lines between them, built step by step in change order."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.at = -1  # the change being applied
        start = list(_start(history.start))
        self.names: dict[Key, str] = {k: name for k, name, _ in start}
        self.start_marked = {k: marked for k, _, marked in start}
        self.version: dict[Key, int] = {}
        self.states: dict[str, _State] = {}
        self.lines: list[_Line] = []
        self.ends = 0
        for change, event, steps in _events(history):
            self.at = change.index
            self._event(change, event, steps)
        self.at = -1

    def current(self, key: Key) -> _State:
        """Return the body's state now; a body first met here was there from the start."""
        if key not in self.version:
            self.version[key] = 0
            self._add(key, self.names.get(key), self.start_marked.get(key, True), -1)
        return self.states[_node(key, self.version[key])]

    def _add(self, key: Key, name: str | None, marked: bool, born: int) -> _State:
        state = _State(_node(key, self.version[key]), key, name, marked, born)
        self.states[state.node] = state
        return state

    def _new(self, key: Key, name: str | None, marked: bool) -> _State:
        """Start a new state of ``key`` (a first one for a new body)."""
        self.version[key] = self.version.get(key, -1) + 1
        if name is not None:
            self.names[key] = name
        return self._add(key, self.names.get(key), marked, self.at)

    def _event(self, change: Change, event: ev.Event, steps: list[Step]) -> None:
        marked = _unverified(self.history, change, event)
        moves = [st for st in steps if st.targets and st.kind != "merged-into"]
        if isinstance(event, ev.Establish):
            self._new(steps[0].source, event.unit.name, marked).notes.append(
                _note(change, "establish", marked))
        elif isinstance(event, ev.Rename | ev.RenameStructure) and not moves:
            old = self.current(steps[0].source)
            new = self._new(old.key, event.name, marked)
            self.lines.append(_Line(old.node, new.node, change, event.type, marked))
        elif moves:
            targets = list(dict.fromkeys(t for st in moves for t in st.targets))
            sources = list(dict.fromkeys(st.source for st in moves))
            before = {k: self.current(k) for k in [*sources, *targets] if k in self.version
                   or k in sources}
            names = _target_names(event)
            after = {t: self._new(t, names.get(t[1]), marked) for t in targets}
            for st in moves:
                for t in st.targets:
                    self.lines.append(_Line(before[st.source].node, after[t].node, change,
                                            st.kind, marked))
            for t in targets:  # a body that took others in goes on as a new state
                if t in before and t not in sources:
                    self.lines.append(_Line(before[t].node, after[t].node, change, event.type,
                                            marked))
        elif steps[0].kind in _ENDS:
            old = self.current(steps[0].source)
            self.ends += 1
            end = _State(f"~end{self.ends}", old.key, None, marked, change.index)
            self.states[end.node] = end
            self.lines.append(_Line(old.node, end.node, change, steps[0].kind, marked))
        else:
            for st in steps:
                self.current(st.source).notes.append(_note(change, st.kind, marked))


def _node(key: Key, version: int) -> str:
    return f"{key[0]}/{key[1]}#{version}"


def _events(history: History) -> Iterator[tuple[Change, ev.Event, list[Step]]]:
    """Yield each event with its steps, in change order."""
    groups: dict[int, tuple[Change, ev.Event, list[Step]]] = {}
    for st in history.steps():
        groups.setdefault(id(st.event), (st.change, st.event, []))[2].append(st)
    yield from groups.values()


def _start(s: Structure) -> Iterator[tuple[Key, str, bool]]:
    """Yield the bodies at the start: (key, name, not verified)."""
    yield (s.id, s.id), s.name, s.file_level != "verified"
    for m in (s, *s.members):
        if m is not s:
            yield (s.id, m.id), m.name, m.file_level != "verified"
        yield from (((m.id, u.id), u.name, not m.is_verified(u)) for u in m.units)


def _target_names(event: ev.Event) -> dict[str, str]:
    """Return the names an event gives the bodies it makes (unit or town id -> name)."""
    if isinstance(event, ev.Rename) and event.id:
        return {event.id: event.name}
    if isinstance(event, ev.Merge) and event.new is not None:
        return {event.into: event.new.name}
    if isinstance(event, ev.MergeStructures):
        return {event.into.structure: event.into.name}
    if isinstance(event, ev.Split):
        return {p.unit: p.new.name for p in event.into if p.new is not None}
    return {}


def _unverified(history: History, change: Change, event: ev.Event) -> bool:
    """Tell whether what the event says is not verified: its level, else its change's,
    else the history's (none stated: not verified)."""
    level = event.evidence or change.evidence or history.default_evidence
    if level is None and change.plan is not None:
        level = change.plan.file_level
    return level != "verified"


def _when(change: Change) -> str:
    return change.when.text("zh") if change.when is not None else "?"


def _what(change: Change, kind: str) -> str:
    """Return what a step did, and （规划） when its change is planned."""
    what = word(f"step.{kind}") if f"step.{kind}" in WORDS else kind
    return what + (word("status.planned") if change.status == "planned" else "")


def _note(change: Change, kind: str, marked: bool) -> tuple[str, bool]:
    return f"{_when(change)} {_what(change, kind)}", marked


def lineage_keys(history: History, unit: str | None = None,
                 structure: str | None = None) -> set[Key]:
    """Return the bodies drawn: ``unit``'s own, its predecessors and successors; without
    ``unit``, every body a change touched (in ``structure``, when given). Raises
    UnknownUnitError when no body has the id ``unit``."""
    if unit is not None:
        lin = history.lineage(unit, structure)
        steps = (*lin.steps, *lin.predecessors, *lin.successors)
        return {lin.unit, *(k for st in steps for k in (st.source, *st.targets))}
    return {k for st in history.steps() for k in (st.source, *st.targets)
            if structure is None or k[0] == structure}


def lineage_to_dot(history: History, unit: str | None = None, structure: str | None = None,
                   options: DiagramOptions | None = None) -> str:
    """Return the DOT text of the lineage diagram of ``unit`` (every touched body when
    None); raise as :func:`lineage_keys`."""
    opts, theme = options or DiagramOptions(), theme_for(options or DiagramOptions())
    keys = lineage_keys(history, unit, structure)
    graph = _Graph(history)
    for k in sorted(keys):
        graph.current(k)  # a body no change renamed or merged still gets its box
    states = [s for s in graph.states.values() if s.key in keys]
    drawn = {s.node for s in states}
    lines = [ln for ln in graph.lines if ln.src in drawn and ln.dst in drawn]
    own = _own(graph, history.lineage(unit, structure).unit) if unit is not None else set()
    marker = theme["unverified"]["marker"] if opts.mark_unverified else ""
    fonts = opts.fonts()
    names = [s.name for s in states if s.key in own and s.name]
    title = esc(f"{names[0]}（{unit}）{word('lineage.title')}" if names
                else f"{unit}{word('lineage.title')}" if unit else history.name)
    sub = esc(history.name if unit is not None else word("lineage.title"))
    out = [f"digraph {quote('lineage')} {{",
           "  graph " + attrs({"bgcolor": theme["graph"]["bgcolor"], "pad": "0.3",
                               "rankdir": "LR", "ranksep": "0.6", "nodesep": "0.25",
                               "newrank": "true", "charset": "UTF-8", "fontname": fonts,
                               "fontsize": "16", "labelloc": "t", "label": Html(
                                   f'<<B>{title}</B><BR/><FONT POINT-SIZE="11">{sub}</FONT>>')}),
           "  node " + attrs({**theme["node"], "fontname": fonts}),
           "  edge " + attrs({**theme["edge"], "fontname": fonts, "fontsize": "10"})]
    out.extend("  " + line for line in _legend(lines, states, theme, marker))
    out.extend("  " + line for line in _columns(history, states, theme))
    for st in states:
        out.append("  " + _box(st, st.key in own, theme, marker))
    for ln in lines:
        out.append("  " + _edge(ln, theme, marker))
    out.append("}")
    return "\n".join(out) + "\n"


def _own(graph: _Graph, key: Key) -> set[Key]:
    """Return the ids a body had: ``key`` and the ids renames gave it before and after."""
    own, renames = {key}, [(graph.states[ln.src].key, graph.states[ln.dst].key)
                           for ln in graph.lines if ln.kind == "rename"]
    for old, new in renames:  # in date order: later ids, then earlier ones
        own |= {new} if old in own else set()
    for old, new in reversed(renames):
        own |= {old} if new in own else set()
    return own


def _columns(history: History, states: list[_State], theme: dict[str, Any]
             ) -> Iterator[str]:
    """Yield one column per change that made a drawn box, headed by its date, in date
    order left to right (the boxes there at the start first)."""
    born = sorted({st.born for st in states})
    for i in born:
        head = history.start_date if i < 0 else history.changes[i].when
        text = head.text("zh") if head is not None else "?"
        nodes = [st.node for st in states if st.born == i]
        head_style: dict[str, str] = {"shape": "plaintext", "style": "", "label": text,
                      "fontcolor": theme["change"]["gone"]["fontcolor"]}
        yield f"{quote(f'when{i + 1}')} {attrs(head_style)}"
        yield "{rank=same; " + "; ".join(quote(n) for n in [f"when{i + 1}", *nodes]) + "}"
    if len(born) > 1:
        yield " -> ".join(quote(f"when{i + 1}") for i in born) + " [style=invis]"


def _box(s: _State, own: bool, theme: dict[str, Any], marker: str) -> str:
    if s.node.startswith("~end"):
        return f"{quote(s.node)} {attrs({'shape': 'point', 'width': '0.12'})}"
    style: dict[str, str] = {}
    if own:
        style.update(theme["change"]["new"])
    mark = marker if s.marked else ""
    if mark:
        style["style"] = theme["unverified"]["style"]
    name = wrapped(s.name, float(theme["layout"]["wrap"])) if s.name else ""
    head = f"<B>{name}{esc(mark)}</B><BR/>" if name else f"<B>{esc(mark)}</B>" if mark else ""
    rows = [f'<FONT POINT-SIZE="9">{esc(s.key[1])}（{esc(s.key[0])}）</FONT>']
    rows += [f'<FONT POINT-SIZE="9">{esc(n + (marker if m else ""))}</FONT>'
             for n, m in s.notes]
    style["label"] = Html("<" + head + "<BR/>".join(rows) + ">")
    return f"{quote(s.node)} {attrs(style)}"


def _edge(ln: _Line, theme: dict[str, Any], marker: str) -> str:
    doc = ln.change.document
    head = _when(ln.change) + (f" {doc.number}" if doc and doc.number else "")
    tail = _what(ln.change, ln.kind) + (marker if ln.marked else "")
    style: dict[str, str] = {"label": Html(f"<{esc(head)}<BR/>{esc(tail)}>")}
    link = theme["link"].get({"rename-structure": "rename",
                              "merge-structures": "merge"}.get(ln.kind, ln.kind))
    style.update(link or {})
    if ln.change.status == "planned":
        style["style"] = "dashed"
    return f"{quote(ln.src)} -> {quote(ln.dst)} {attrs(style)}"


def _legend(lines: Iterable[_Line], states: list[_State], theme: dict[str, Any],
            marker: str) -> list[str]:
    """Return the legend node: planned lines and unverified marks, only when drawn."""
    rows = []
    if any(ln.change.status == "planned" for ln in lines):
        rows.append("╌╌▶ " + word("status.planned"))
    if marker and (any(s.marked for s in states) or any(ln.marked for ln in lines)):
        rows.append(f"{marker} ┆ " + word("legend.unverified"))
    cells = "".join(f'<TR><TD ALIGN="LEFT">{esc(r)}</TD></TR>' for r in rows)
    label = Html(f'<<TABLE BORDER="1" CELLBORDER="0" COLOR="{esc(theme["frame"]["color"])}">'
                 f"{cells}</TABLE>>")
    box: dict[str, str] = {"shape": "plaintext", "style": "", "label": label}
    return [f"{quote('legend')} {attrs(box)}"] if rows else []
