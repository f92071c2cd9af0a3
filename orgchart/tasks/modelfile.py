"""What a model file is and what it yields: the one place that decides.

``validate``, ``build``, ``build --check``, ``render`` and ``export`` all ask
:func:`read_model` instead of each testing the loaded object's type: a structure or a
template gives an org chart, a plan gives a before/after chart once its accounting
holds, a function catalogue gives no chart.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..base.errors import ModelError, OrgChartError, Problem, errors_in, summary
from ..model.history import Assume, History
from ..model.structure import Catalogue, Structure
from ..read.loader import load
from ..rules.checks import check
from ..rules.evidence import plan_evidence_problems
from ..rules.history import check_history

if TYPE_CHECKING:
    from ..charts import DiagramOptions
    from ..model.plan import Reorganisation
    from ..rules.accounting import Accounting

__all__ = ["page_data", "FileKind", "Failure", "ModelFile", "located", "read_model"]

FileKind = Literal["structure", "template", "catalogue", "plan", "history"]


class Failure(NamedTuple):
    """A model file that gave no chart: its path and one located line saying why.

    ``reason`` starts with a location: the problem's file:line:col when the problem is in
    the model file itself, else the model's path (then what went wrong, located where it
    can be, e.g. in a template or at an output file).
    """

    model: Path
    reason: str

    @classmethod
    def of(cls, model: Path, problem: Problem | OrgChartError | str) -> Failure:
        """The failure of ``model`` because of ``problem`` (the first line of an error)."""
        if isinstance(problem, ModelError) and problem.problems:
            problem = problem.problems[0]
        if isinstance(problem, Problem):
            return cls(model, located(model, problem))
        lines = str(problem).splitlines()
        return cls(model, f"{model}: {lines[0] if lines else type(problem).__name__}")


def located(path: Path, problem: Problem) -> str:
    """Return ``problem`` as a line; one in another file than ``path`` (a plan's target, a
    template) starts with ``path``, so that the file it concerns is named."""
    same = (problem.where.file == str(path)
            or os.path.realpath(problem.where.file) == os.path.realpath(path))
    return str(problem) if same else f"{path}: {problem}"


@dataclass(frozen=True, eq=False)
class ModelFile:
    """A loaded model file, what kind it is, and what its checks found."""

    path: Path
    model: Structure | Catalogue | Reorganisation | History

    @property
    def kind(self) -> FileKind:
        if isinstance(self.model, History):
            return "history"
        if isinstance(self.model, Catalogue):
            return "catalogue"
        if isinstance(self.model, Structure):
            return "template" if self.model.template else "structure"
        return "plan"

    @functools.cached_property
    def accounting(self) -> Accounting | None:
        """The plan's accounting (None for other kinds); computed once, when asked for."""
        if isinstance(self.model, (Structure, Catalogue, History)):
            return None
        from ..rules.accounting import account

        return account(self.model)

    @functools.cached_property
    def problems(self) -> list[Problem]:
        """What ``validate`` reports: the checks of a structure, the accounting of a plan."""
        if isinstance(self.model, Structure):
            return list(check(self.model))
        if isinstance(self.model, History):
            return check_history(self.model)
        if self.accounting is not None:
            assert not isinstance(self.model, Catalogue)
            return [*self.accounting.problems, *plan_evidence_problems(self.model)]
        return []

    def strict_problems(self) -> list[Problem]:
        """What ``validate --strict`` reports: :attr:`problems`, with the checks a structure's
        unknown staffing figures kept from being made, and a plan's translation fields
        (``name_en``) compared with its target too."""
        if isinstance(self.model, Structure):
            return list(check(self.model, strict=True))
        if isinstance(self.model, (Catalogue, History)):
            return self.problems
        from ..rules.accounting import account

        return [*account(self.model, translations=True).problems,
                *plan_evidence_problems(self.model)]

    @property
    def chart_refused(self) -> str | None:
        """Why no chart can be drawn from this file, in one line; None when one can.

        A catalogue has nothing to draw; a structure with errors is not drawn (as
        :func:`orgchart.charts` refuses it), nor a plan whose accounting fails (its result
        would show a loss as if it were the plan).
        """
        if self.kind == "catalogue":
            return "a function catalogue has no chart"
        errors = errors_in(self.problems)
        return summary(errors) if errors else None

    @property
    def failure(self) -> Failure | None:
        """:attr:`chart_refused` as a :class:`Failure`, located; None when a chart can be
        drawn."""
        refused = self.chart_refused
        if refused is None:
            return None
        errors = errors_in(self.problems)
        if not errors:
            return Failure.of(self.path, refused)
        failure = Failure.of(self.path, errors[0])
        more = len(errors) - 1
        return failure._replace(reason=failure.reason + (f" (and {more} more)" if more else ""))

    @property
    def has_chart(self) -> bool:
        """Tell whether this kind of file is drawn as a chart (catalogues are not; a history
        only as a page, see :attr:`has_page`)."""
        return self.kind not in ("catalogue", "history")

    @property
    def has_page(self) -> bool:
        """Tell whether this kind of file gets an interactive page (a history: its date
        slider, and nothing else)."""
        return self.kind != "catalogue"

    def formats(self, wanted: Sequence[str]) -> list[str]:
        """Return the formats of ``wanted`` this file is drawn in (a history: html only)."""
        if self.kind == "history":
            return [f for f in wanted if f == "html"]
        return list(wanted) if self.has_chart else []

    def to_dot(self, options: DiagramOptions | None = None) -> str:
        """Return the chart as DOT text (see :attr:`chart_refused` first)."""
        if self.accounting is not None:
            from ..charts.reorg import reorg_to_dot

            return reorg_to_dot(self.accounting, options)
        assert isinstance(self.model, Structure), self.chart_refused
        from ..charts import to_dot

        return to_dot(self.model, options)

    def draw(self, target: Path, fmt: str | None = None,
             options: DiagramOptions | None = None) -> None:
        """Draw the chart into ``target`` (see :attr:`chart_refused` first); a history's
        page has a date slider.

        Raises:
            RenderError: a history in another format than html, or as
                :func:`orgchart.tasks.draw.render`.
        """
        if isinstance(self.model, History):
            from .draw import render_history

            render_history(self.model, target, fmt, options)
            return
        if self.accounting is not None:
            from .draw import render_reorg

            render_reorg(self.accounting, target, fmt, options)
            return
        assert isinstance(self.model, Structure), self.chart_refused
        from .draw import render

        render(self.model, target, fmt, options)


def page_data(file: ModelFile, options: DiagramOptions | None, name: str) -> str:
    """Return the page ``file`` draws (named ``name`` for its exported PNG) without its
    pictures: what ``build --check`` compares (see
    :func:`~orgchart.views.page.without_pictures`). Check :attr:`ModelFile.failure` first.

    Raises:
        ModelError: a history's change in force cannot be applied.
    """
    from ..charts import DiagramOptions

    opts = options or DiagramOptions()
    if isinstance(file.model, History):
        from .historypage import history_page

        return history_page(file.model, opts, file=name, pictures=False)
    from .webpage import plan_page, structure_page

    if file.accounting is not None:
        return plan_page(file.accounting, opts, file=name, pictures=False)
    assert isinstance(file.model, Structure), file.chart_refused
    return structure_page(file.model, opts, file=name, pictures=False)


def read_model(path: str | os.PathLike[str], as_of: str | None = None,
               assume: Assume | None = None) -> ModelFile:
    """Load a model file and say what it is; with ``as_of``, the file is a history and the
    model is its structure on that date (see :func:`orgchart.tasks.history.model_at`).

    Raises:
        ModelError: the file cannot be loaded (every problem, located).
    """
    if as_of is None and assume is None:
        return ModelFile(Path(path), load(path))
    from .history import model_at

    return ModelFile(Path(path), model_at(path, as_of, assume))
