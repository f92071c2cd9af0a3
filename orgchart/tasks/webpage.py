"""The interactive chart of a model (``-f html``): the static chart's SVG, drawn by the same
Graphviz layout, wrapped with the records of its boxes into one offline HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..charts.dot import DiagramOptions, to_dot
from ..model.structure import Structure
from ..views.page import PageView, html_page, node_ids
from ..views.viewdata import member_record, plan_events, unit_records
from ..write.draw import draw

if TYPE_CHECKING:
    from ..rules.accounting import Accounting

__all__ = ["structure_page", "plan_page", "view_svg"]


def view_svg(dot: str, view: int, pictures: bool = True) -> str:
    """Return the SVG of a page's view ``view``; without ``pictures``, nothing (the page's
    data alone, see :func:`~orgchart.views.page.without_pictures`)."""
    return draw(node_ids(dot, view), "svg").decode("utf-8") if pictures else ""


def structure_page(s: Structure, options: DiagramOptions, *, file: str = "chart",
                   live: str | None = None, pictures: bool = True) -> str:
    """Return the page of a structure; a county's member towns are views of their own,
    opened from the town's box and left with the back button."""
    units = unit_records(s)
    units.update({"m:" + m.id: member_record(m, i) for i, m in enumerate(s.members, 1)})
    views = [PageView(s.name, view_svg(to_dot(s, options), 0, pictures), units)]
    views += [PageView(m.name, view_svg(to_dot(m, options), i, pictures), unit_records(m),
                       tab=False) for i, m in enumerate(s.members, 1)]
    return html_page(s.name, views, file=file, live=live)


def plan_page(acc: Accounting, options: DiagramOptions, *, file: str = "chart",
              live: str | None = None, pictures: bool = True) -> str:
    """Return the page of a plan: before and after side by side with each move, only what
    changed, the structure before, the structure after; its events one at a time."""
    from ..charts.reorg import reorg_to_dot

    before, after = acc.plan.before, acc.after
    both = {**unit_records(before, "b:"), **unit_records(after, "a:")}
    views: Sequence[PageView] = (
        PageView("对照", view_svg(reorg_to_dot(acc, options), 0, pictures), both),
        PageView("变化", view_svg(reorg_to_dot(acc, options, "delta"), 1, pictures), both),
        PageView("改革前", view_svg(to_dot(before, options), 2, pictures),
                 unit_records(before)),
        PageView("改革后", view_svg(to_dot(after, options), 3, pictures), unit_records(after)),
    )
    return html_page(acc.plan.name, views, events=plan_events(acc), event_view=0, file=file,
                     live=live)
