"""Draw charts into files: a structure's org chart, a plan's before/after chart."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.errors import ModelError, RenderError, errors_in
from ..charts.dot import DiagramOptions, check_size, drawn_texts, to_dot
from ..model.structure import Structure
from ..rules.checks import check
from ..write.draw import draw, format_for
from ..write.files import write_atomic

if TYPE_CHECKING:
    from ..model.history import History
    from ..rules.accounting import Accounting

__all__ = ["render", "render_reorg", "render_history"]


def render(structure: Structure, path: str | os.PathLike[str], format: str | None = None,
           options: DiagramOptions | None = None, **kw: Any) -> str:
    """Draw the structure's org chart to ``path`` (svg, png, pdf, dot or html); return the format.

    The file is written atomically. Options as in :func:`to_dot`.

    Raises:
        ModelError: the structure has errors (see :func:`orgchart.rules.checks`); nothing is drawn.
        RenderError: unknown format, a suffix that names another format (``x.png`` with
            ``format="svg"``), more units than the theme's ``layout.max_units`` (4,000)
            for a drawn format, or Graphviz failed.
        FontError: Chinese text to PNG/PDF with no CJK font installed.
    """
    fmt = format_for(path, format)
    opts = replace(options, **kw) if options else DiagramOptions(**kw)
    if fmt != "dot":  # before the checks: refusing costs nothing, checking a huge model does
        check_size(len(structure) + len(structure.members), structure.path, opts)
    errors = errors_in(check(structure))
    if errors:
        raise ModelError(errors)
    _before_drawing(fmt, opts, drawn_texts(structure, opts))
    if fmt == "html":
        from .webpage import structure_page

        page = structure_page(structure, opts, file=Path(path).stem)
        write_atomic(path, page.encode("utf-8"))
    else:
        write_atomic(path, draw(to_dot(structure, opts), fmt))
    return fmt


def render_reorg(acc: Accounting, path: str | os.PathLike[str], format: str | None = None,
                 options: DiagramOptions | None = None, view: str = "full") -> str:
    """Draw the before/after diagram to ``path``; return the format."""
    fmt = format_for(path, format)
    opts = options or DiagramOptions()
    if fmt != "dot":
        check_size(len(acc.plan.before) + len(acc.after), acc.plan.path, opts)
    _before_drawing(fmt, opts, [("the plan's name", acc.plan.name),
                                *drawn_texts(acc.plan.before, opts),
                                *drawn_texts(acc.after, opts)])
    if fmt == "html":
        from .webpage import plan_page

        write_atomic(path, plan_page(acc, opts, file=Path(path).stem).encode("utf-8"))
        return fmt
    from ..charts.reorg import reorg_to_dot

    write_atomic(path, draw(reorg_to_dot(acc, options, view), fmt))
    return fmt


def render_history(history: History, path: str | os.PathLike[str], format: str | None = None,
                   options: DiagramOptions | None = None) -> str:
    """Draw the page of a history, with its date slider, to ``path``; return the format.

    Raises:
        RenderError: a format other than html (a history is a page of many dates).
        ModelError: a change in force cannot be applied.
    """
    fmt = format_for(path, format)
    if fmt != "html":
        raise RenderError(f"{path}: a history is drawn as a page with a date slider; write "
                          "it as html (-o FILE.html), or draw one date's structure with "
                          "'orgchart asof HISTORY DATE -o FILE.yaml' and render that")
    opts = options or DiagramOptions()
    from .historypage import history_page

    write_atomic(path, history_page(history, opts, file=Path(path).stem).encode("utf-8"))
    return fmt


def _before_drawing(fmt: str, opts: DiagramOptions, texts: Iterable[tuple[str, str]]) -> None:
    """Make ``--font-file`` visible to fontconfig, then warn about characters no font has
    (both charts alike: a plan's chart ignored the font file)."""
    if opts.font_file:
        from ..write.fonts import use_font_file

        use_font_file(opts.font_file)
    if fmt != "dot":
        from ..write.fonts import warn_missing_glyphs

        warn_missing_glyphs(texts)
