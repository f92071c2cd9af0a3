"""Draw one model file where ``-o`` says: ``orgchart render`` and ``orgchart reorg -o``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.errors import OrgChartError, RenderError, errors_in
from ..charts import DiagramOptions
from ..read.loader import load_plan
from ..write.draw import format_for
from .modelfile import read_model
from .naming import drawing_path

if TYPE_CHECKING:
    from ..model.history import Assume
    from ..rules.accounting import Accounting

__all__ = ["render_file", "PlanRun", "account_plan", "draw_plan"]


def render_file(path: str | os.PathLike[str], output: str | None = None,
                fmt: str | None = None, options: DiagramOptions | None = None,
                as_of: str | None = None, assume: Assume | None = None) -> Path:
    """Draw the chart of the model file ``path`` (a plan: its before/after chart) into
    ``output`` as :func:`~orgchart.tasks.naming.drawing_path` completes it; return the file.
    With ``as_of``, ``path`` is a history and its structure on that date is drawn.

    Raises:
        ModelError: the file cannot be read.
        RenderError: it gives no chart (a catalogue, errors, a failing accounting), or it
            cannot be drawn or written (see :func:`orgchart.tasks.draw.render`).
    """
    target = drawing_path(path, output, fmt)
    file = read_model(path, as_of, assume)
    refused = file.chart_refused
    if refused is not None:
        raise RenderError(f"{path}: nothing drawn: {refused}")
    file.draw(target, fmt, options)
    return target


@dataclass(frozen=True)
class PlanRun:
    """A plan's accounting, and where its chart is to be drawn (None: not drawn)."""

    path: Path
    accounting: Accounting
    target: Path | None = None

    @property
    def failure(self) -> str | None:
        """One line saying that the accounting fails, and with how many errors; None when
        it holds."""
        errors = errors_in(self.accounting.problems)
        if not errors:
            return None
        return f"the accounting of {self.path} fails: {len(errors)} error(s)"


def account_plan(plan: str | os.PathLike[str], output: str | None = None, *,
                 translations: bool = False) -> PlanRun:
    """Load and account a plan; name its chart's file from ``output`` first (a name that
    cannot hold a chart is refused before the work); ``translations``: compare ``name_en``
    with the target too.

    Raises:
        ModelError: the plan cannot be read.
        RenderError: ``output`` names a file that cannot hold a chart.
    """
    from ..rules.accounting import account

    target = None if output is None else drawing_path(plan, output, None)
    if target is not None:
        format_for(target)
    return PlanRun(Path(plan), account(load_plan(plan), translations=translations), target)


def draw_plan(run: PlanRun, options: DiagramOptions | None = None, view: str = "full") -> Path:
    """Draw the before/after chart of an accounted plan into ``run.target``; return it.

    Raises:
        OrgChartError: the accounting fails (:attr:`PlanRun.failure`), or there is no target.
        RenderError: as :func:`orgchart.tasks.draw.render_reorg`.
    """
    from .draw import render_reorg

    if run.failure is not None:
        raise OrgChartError(run.failure)
    if run.target is None:
        raise OrgChartError(f"{run.path}: no output file named; name one with -o")
    render_reorg(run.accounting, run.target, None, options, view=view)
    return run.target
