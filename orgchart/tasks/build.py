"""Render every model under a folder into an output folder, with an index page.

The build's parts: where each chart goes (:mod:`.naming`), which files of the output
folder the build owns and its lock (:mod:`.outputs`), drawing the models, in a process
pool when there are many (:mod:`.pool`), and the index page (:mod:`.index`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import OrgChartError, RenderError
from ..charts import DiagramOptions
from ..views.page import without_pictures
from ..write.files import make_folder, write_atomic
from .index import Chart, html_index, index_page
from .modelfile import Failure, page_data, read_model
from .naming import build_path
from .outputs import (
    HTML_INDEX,
    LOCK_TIMEOUT,
    MANIFEST,
    check_index,
    claim,
    locked,
    maybe_target,
    not_ours,
    rel,
    remove_stale_temporaries,
    write_manifest,
)
from .pool import Done, chart_of, draw_alone, draw_in_pool, draw_model
from .validate import models_folder

__all__ = ["BuildResult", "OutputCheck", "build", "prepare", "stale_outputs",
           "DEFAULT_FORMATS"]

#: what ``build`` writes unless told: the DOT is what ``build --check`` compares, so a
#: default build is one that ``build --check`` can find up to date (as ``./run demo`` writes)
DEFAULT_FORMATS: tuple[str, ...] = ("svg", "png", "dot", "html")


@dataclass
class BuildResult:
    """What a build wrote and what failed (model path and one located line: a
    :class:`~orgchart.tasks.modelfile.Failure`)."""

    written: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)  # RenderWarnings


def prepare(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str]
            ) -> list[Path]:
    """Check both folders and make the output one; return the model files to draw.

    Raises:
        ModelError: ``models_dir`` is missing, is not a folder, or holds no model files.
        RenderError: ``output_dir`` cannot be made (a file has its name, no permission), or
            it is the models folder itself (the index page would land among the models), or
            it holds an index page ``README.md`` that orgchart did not write.
    """
    src, out = Path(models_dir), Path(output_dir)
    models = models_folder(src)
    if os.path.realpath(out) == os.path.realpath(src):
        raise RenderError(f"{out}: the output folder is the models folder; draw into another "
                          "folder, e.g. -o output")
    check_index(out)
    make_folder(out)
    return models


def build(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str],
          formats: Sequence[str] = DEFAULT_FORMATS, options: DiagramOptions | None = None,
          progress: Callable[[Path], None] | None = None, workers: int | None = None,
          models: Sequence[Path] | None = None, lock_timeout: float = LOCK_TIMEOUT,
          waiting: Callable[[], None] | None = None) -> BuildResult:
    """Render each model under ``models_dir`` into ``output_dir`` (same relative paths).

    Structures get their org chart, reorganisation plans their before/after diagram.
    A broken model does not stop the build: it is listed in ``failures``. Function
    catalogues are skipped. The index page ``output_dir/README.md`` links every chart.
    Large builds use one process per core (``workers``; default: the number of cores).
    ``models``: what :func:`prepare` returned, when the caller ran it already.
    One build writes into a folder at a time: another one waits for it, up to
    ``lock_timeout`` seconds, calling ``waiting`` once when it starts to wait.

    Raises:
        ModelError, RenderError: as :func:`prepare`.
        RenderError: another build held the output folder for ``lock_timeout`` seconds.
    """
    src, out = Path(models_dir), Path(output_dir)
    models = list(models) if models is not None else prepare(src, out)
    with locked(out, lock_timeout, waiting):
        return _build_locked(src, out, models, formats, options, progress, workers)


def _build_locked(src: Path, out: Path, models: Sequence[Path], formats: Sequence[str],
                  options: DiagramOptions | None, progress: Callable[[Path], None] | None,
                  workers: int | None) -> BuildResult:
    """:func:`build`, once the output folder is locked."""
    result = BuildResult()
    remove_stale_temporaries(out)
    owned = claim(out, src, models, formats)
    refused = {m: frozenset(t for fmt in formats if (t := maybe_target(src, out, m, fmt))
                            and os.path.lexists(t) and rel(out, t) not in owned)
               for m in models}
    done: list[Done | None] = [None] * len(models)
    jobs = workers if workers is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(models) >= 8 * jobs and "fork" in mp.get_all_start_methods():
        lost = draw_in_pool(jobs, src, out, models, formats, options, refused, done, progress)
        for i in lost:  # a worker died: draw each model it may have held in a process of its own
            done[i] = draw_alone(src, out, models[i], formats, options, refused[models[i]])
            if progress:
                progress(models[i])
    else:
        for i, model_path in enumerate(models):
            done[i] = draw_model(src, out, model_path, formats, options, refused[model_path])
            if progress:
                progress(model_path)
    for model_path, item in zip(models, done, strict=True):
        assert item is not None
        result.written.extend(item.written)
        if item.failure:
            result.failures.append(item.failure)
        if item.chart:
            result.charts.append(item.chart)
        result.warnings.extend((model_path, w) for w in item.warnings)
    if result.charts:
        index = out / "README.md"
        write_atomic(index, index_page(result.charts, formats).encode("utf-8"))
        result.written.append(index)
    if result.charts and "html" in formats:
        pages = out / HTML_INDEX
        if HTML_INDEX in owned:
            write_atomic(pages, html_index(result.charts).encode("utf-8"))
            result.written.append(pages)
        else:
            result.failures.append(Failure.of(pages, not_ours(
                pages, f"it is not listed in {out / MANIFEST}")))
    write_manifest(out, {r for r in owned if os.path.lexists(out / r)})
    return result


@dataclass
class OutputCheck:
    """What ``build --check`` found: DOT files and pages out of date, and models that cannot
    be drawn at all (no build can bring their charts up to date; fix the model first)."""

    stale: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def stale_outputs(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str],
                  options: DiagramOptions | None = None) -> OutputCheck:
    """Compare the DOT files in ``output_dir`` with what the models give now, and, when the
    folder holds pages (its ``index.html``), each page and that index.

    A page is compared without its pictures (:func:`~orgchart.views.page.without_pictures`):
    the SVG in it hangs on the fonts Graphviz finds, so the same page differs from machine
    to machine there; its data, script and style, and its views, do not. The chart's DOT
    stands for the picture.

    Raises:
        ModelError: ``models_dir`` is missing, is not a folder, or holds no model files.
    """
    src, out = Path(models_dir), Path(output_dir)
    found = OutputCheck()
    pages = (out / HTML_INDEX).is_file()
    charts: list[Chart] = []
    for model_path in models_folder(src):
        expected: dict[Path, str] = {}
        try:
            file = read_model(model_path)
            if not (file.has_chart or (pages and file.has_page)):
                continue
            failure = file.failure
            if failure is not None:
                found.failures.append(failure)
                continue
            if file.has_chart:
                expected[build_path(src, out, model_path, "dot")] = file.to_dot(options)
            if pages:
                page = build_path(src, out, model_path, "html")
                expected[page] = page_data(file, options, page.stem)
                charts.append(chart_of(src, model_path, file, None))
        except OrgChartError as err:
            found.failures.append(Failure.of(model_path, err))
            continue
        found.stale += [str(t) for t, text in expected.items() if not _same(t, text)]
    if pages and not _same(out / HTML_INDEX, html_index(charts)):
        found.stale.append(str(out / HTML_INDEX))
    return found


def _same(target: Path, expected: str) -> bool:
    """Tell whether ``target`` holds ``expected`` (a page: leaving its pictures out)."""
    if not target.is_file():
        return False
    text = target.read_text(encoding="utf-8", errors="replace")
    return (without_pictures(text) if target.suffix == ".html" else text) == expected
