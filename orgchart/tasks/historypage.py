"""The page of a history (``orgchart render HISTORY -o h.html``): a date slider whose stops
are the change dates, each with the structure in force, pre-drawn by the same Graphviz
layout as the static chart, so the page stays one offline, static, deterministic file.

Changes taking effect on the same date make one stop. Planned changes come after the
changes in force, as stops of their own, marked; they are applied one after another on
the last state in force. A member town drawn the same at several stops is drawn once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..base.errors import ModelError, errors_in
from ..charts.dot import DiagramOptions, to_dot
from ..engine.timeline import replay
from ..model.history import Change, History
from ..model.structure import Structure
from ..views.historydata import change_record, start_record
from ..views.page import PageView, embed_json, html_page
from ..views.viewdata import Record, member_record, unit_records
from .webpage import view_svg

__all__ = ["history_page"]


@dataclass
class _Stop:
    label: str
    state: Structure | None  # None: a planned change that cannot be applied
    changes: list[Change] = field(default_factory=list)
    planned: bool = False
    problem: str | None = None


def _same_date(a: Change, b: Change) -> bool:
    return str(a.when) == str(b.when) and a.status == b.status


def _stops(history: History) -> list[_Stop]:
    start = history.start_date.text("zh") if history.start_date is not None else "起点"
    stops = [_Stop(start, history.start)]
    state = history.start
    for applied in replay(history, history.in_force):
        errors = errors_in(applied.problems)
        if errors:
            raise ModelError(errors)
        state = dataclasses.replace(applied.state, as_of=applied.change.when)
        _add(stops, applied.change, state)
    for applied in replay(history, history.planned, start=state):
        errors = errors_in(applied.problems)
        stop = _add(stops, applied.change, None if errors else dataclasses.replace(
            applied.state, as_of=applied.change.when))
        if errors:
            stop.problem = str(errors[0])
            break
    return stops


def _add(stops: list[_Stop], change: Change, state: Structure | None) -> _Stop:
    last = stops[-1]
    if last.changes and _same_date(last.changes[-1], change) and state is not None:
        last.changes.append(change)
        last.state = state
        return last
    label = change.when.text("zh") if change.when is not None else "?"
    stops.append(_Stop(label, state, [change], planned=change.status == "planned"))
    return stops[-1]


class _Views:
    """The page's views, each drawn once: a stop's county, and its member towns (a town
    drawn alike at several stops shares one view)."""

    def __init__(self, options: DiagramOptions, pictures: bool) -> None:
        self.options = options
        self.pictures = pictures
        self.views: list[PageView] = []
        self.drawn: dict[str, int] = {}

    def add(self, label: str, dot: str, units: dict[str, Record]) -> int:
        key = dot + embed_json(units)  # a fact not drawn may differ: compare the records too
        if key in self.drawn:
            return self.drawn[key]
        i = len(self.views)
        svg = view_svg(dot, i, self.pictures)
        self.views.append(PageView(label, svg, units, tab=False))
        self.drawn[key] = i
        return i

    def state(self, s: Structure) -> int:
        towns = {m.id: self.add(m.name, to_dot(m, self.options), unit_records(m))
                 for m in s.members}
        units = unit_records(s)
        units.update({"m:" + m.id: member_record(m, towns[m.id]) for m in s.members})
        return self.add(s.name, to_dot(s, self.options), units)


def history_page(history: History, options: DiagramOptions, *, file: str = "chart",
                 live: str | None = None, pictures: bool = True) -> str:
    """Return the page of a history: a date slider over the structure in force at each
    change date, the change that led there with its document; planned changes apart
    (without ``pictures``: no SVG, as :func:`~orgchart.tasks.webpage.structure_page`).

    Raises:
        ModelError: a change in force cannot be applied.
    """
    views = _Views(options, pictures)
    stops: list[Record] = []
    shown = 0
    for stop in _stops(history):
        if stop.state is not None:
            shown = views.state(stop.state)
        rec: Record = {"label": stop.label, "view": shown, "planned": stop.planned,
                       "changes": [change_record(history, c) for c in stop.changes]}
        if not stop.changes:
            rec["start"] = start_record(history)
        if stop.problem:
            rec["problem"] = stop.problem
        stops.append(rec)
    current = max((i for i, s in enumerate(stops) if not s["planned"]), default=0)
    return html_page(history.name, views.views, stops=stops, stop=current, file=file,
                     live=live)
