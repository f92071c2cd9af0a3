"""Render every model under a folder into an output folder, with an index page."""

from __future__ import annotations

import html
import multiprocessing as mp
import os
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import OrgChartError, RenderError, RenderWarning
from .files import models_folder
from .loader import load
from .model import Catalogue, Structure
from .render import DiagramOptions, render, to_dot
from .render.draw import make_folder, write_atomic

__all__ = ["BuildResult", "build", "stale_outputs", "DEFAULT_FORMATS"]

DEFAULT_FORMATS: tuple[str, ...] = ("svg", "png")


@dataclass
class BuildResult:
    """What a build wrote and what failed (model path and one-line reason)."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)  # RenderWarnings


def _target(models_dir: Path, output_dir: Path, model: Path, fmt: str) -> Path:
    rel = model.relative_to(models_dir).with_suffix(f".{fmt}")
    target = (output_dir / rel).resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise OrgChartError(f"{model}: refusing to write {output_dir / rel}: it leads outside "
                            f"{output_dir} (a symbolic link?); remove the link")
    return output_dir / rel


def _remove_stale_temporaries(out: Path) -> None:
    """Delete temporary files that a killed build left behind (see write_atomic)."""
    if out.is_dir():
        for tmp in out.rglob(".orgchart-tmp-*"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()


@dataclass(frozen=True)
class Chart:
    """One drawn model, for the index page."""

    rel: Path
    name: str
    kind: str
    verified: bool


@dataclass(frozen=True)
class _Done:
    written: tuple[Path, ...] = ()
    failure: str | None = None
    chart: Chart | None = None
    warnings: tuple[str, ...] = ()


def _draw_model(src: Path, out: Path, model_path: Path, formats: Sequence[str],
                options: DiagramOptions | None) -> _Done:
    """Draw one model file, keeping the drawing's warnings (a pool worker cannot print)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RenderWarning)
        done = _draw_one(src, out, model_path, formats, options)
    said = [str(w.message) for w in caught if issubclass(w.category, RenderWarning)]
    for w in caught:
        if not issubclass(w.category, RenderWarning):
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return replace(done, warnings=tuple(dict.fromkeys(said)))


def _draw_one(src: Path, out: Path, model_path: Path, formats: Sequence[str],
              options: DiagramOptions | None) -> _Done:
    """Draw one model file: a structure's org chart or a plan's before/after diagram."""
    try:
        model = load(model_path)
        if isinstance(model, Catalogue):
            return _Done()
        written = []
        if isinstance(model, Structure):
            for fmt in formats:
                target = _target(src, out, model_path, fmt)
                render(model, target, fmt, options)
                written.append(target)
            kind = "template" if model.template else "structure"
        else:
            from .accounting import account
            from .render.reorg import render_reorg

            acc = account(model)
            if not acc.ok:
                errors = [p for p in acc.problems if p.severity == "error"]
                return _Done(failure=f"{errors[0]} (and {len(errors) - 1} more)"
                             if len(errors) > 1 else str(errors[0]))
            for fmt in formats:
                target = _target(src, out, model_path, fmt)
                render_reorg(acc, target, fmt, options)
                written.append(target)
            kind = "reorganisation"
        return _Done(tuple(written), None, Chart(model_path.relative_to(src), model.name, kind,
                                                 model.verified))
    except OrgChartError as err:
        return _Done(failure=str(err).splitlines()[0])


def prepare(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str]
            ) -> list[Path]:
    """Check both folders and make the output one; return the model files to draw.

    Raises:
        ModelError: ``models_dir`` is missing, is not a folder, or holds no model files.
        RenderError: ``output_dir`` cannot be made (a file has its name, no permission), or
            it is the models folder itself (the index page would land among the models).
    """
    src, out = Path(models_dir), Path(output_dir)
    models = models_folder(src)
    if out.resolve() == src.resolve():
        raise RenderError(f"{out}: the output folder is the models folder; draw into another "
                          "folder, e.g. -o output")
    make_folder(out)
    return models


def build(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str],
          formats: Sequence[str] = DEFAULT_FORMATS, options: DiagramOptions | None = None,
          progress: Callable[[Path], None] | None = None, workers: int | None = None,
          models: Sequence[Path] | None = None) -> BuildResult:
    """Render each model under ``models_dir`` into ``output_dir`` (same relative paths).

    Structures get their org chart, reorganisation plans their before/after diagram.
    A broken model does not stop the build: it is listed in ``failures``. Function
    catalogues are skipped. The index page ``output_dir/README.md`` links every chart.
    Large builds use one process per core (``workers``; default: the number of cores).
    ``models``: what :func:`prepare` returned, when the caller ran it already.

    Raises:
        ModelError, RenderError: as :func:`prepare`.
    """
    src, out = Path(models_dir), Path(output_dir)
    result = BuildResult()
    models = list(models) if models is not None else prepare(src, out)
    _remove_stale_temporaries(out)
    done: list[_Done | None] = [None] * len(models)
    jobs = workers if workers is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(models) >= 8 * jobs and "fork" in mp.get_all_start_methods():
        lost = _draw_in_pool(jobs, src, out, models, formats, options, done, progress)
        for i in lost:  # a worker died: draw each model it may have held in a process of its own
            done[i] = _draw_alone(src, out, models[i], formats, options)
            if progress:
                progress(models[i])
    else:
        for i, model_path in enumerate(models):
            done[i] = _draw_model(src, out, model_path, formats, options)
            if progress:
                progress(model_path)
    for model_path, item in zip(models, done, strict=True):
        assert item is not None
        result.written.extend(item.written)
        if item.failure:
            result.failures.append((model_path, item.failure))
        if item.chart:
            result.charts.append(item.chart)
        result.warnings.extend((model_path, w) for w in item.warnings)
    if result.charts:
        index = out / "README.md"
        write_atomic(index, _index(result.charts, formats).encode("utf-8"))
        result.written.append(index)
    return result


def _draw_in_pool(jobs: int, src: Path, out: Path, models: Sequence[Path],
                  formats: Sequence[str], options: DiagramOptions | None,
                  done: list[_Done | None], progress: Callable[[Path], None] | None
                  ) -> list[int]:
    """Draw the models in a process pool; return the indexes lost when a worker died."""
    lost = []
    with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
        futures = {pool.submit(_draw_model, src, out, m, formats, options): i
                   for i, m in enumerate(models)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                done[i] = future.result()
            except BrokenProcessPool:  # every model not drawn yet is lost with the pool
                lost.append(i)
                continue
            if progress:
                progress(models[i])
    return sorted(lost)


def _draw_alone(src: Path, out: Path, model_path: Path, formats: Sequence[str],
                options: DiagramOptions | None) -> _Done:
    """Draw one model in a process of its own; a death becomes that model's failure."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
        try:
            return pool.submit(_draw_model, src, out, model_path, formats, options).result()
        except BrokenProcessPool:
            return _Done(failure="the drawing process died (a crash in Graphviz, or out of "
                                 "memory?); draw it alone with 'orgchart render' to see more")


def _index(charts: list[Chart], formats: Sequence[str]) -> str:
    lines = ["# Rendered models", "",
             "Generated by `orgchart build` from `models/`; do not edit by hand.", ""]
    for chart in charts:
        stem = chart.rel.with_suffix("").as_posix()
        lines.append(f"## {_md(chart.name)}")
        lines.append("")
        verified = "verified" if chart.verified else "not verified: contains reconstructions"
        lines.append(f"`models/{chart.rel.as_posix()}` ({chart.kind}; {verified})")
        lines.append("")
        if "png" in formats:
            lines.append(f"![{_md(chart.name)}]({stem}.png)")
            lines.append("")
        links = ", ".join(f"[{fmt.upper()}]({stem}.{fmt})" for fmt in formats)
        lines.append(f"Files: {links}")
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape text for a Markdown page: no HTML, no link or image syntax."""
    out = html.escape(text.replace("\n", " "), quote=True)
    for char in "\\[]()*_`#|":  # the backslash first, so that it is escaped once
        out = out.replace(char, "\\" + char)
    return out


def stale_outputs(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str],
                  options: DiagramOptions | None = None) -> list[str]:
    """Return the DOT files in ``output_dir`` that are missing or differ from the models.

    Raises:
        ModelError: ``models_dir`` is missing, is not a folder, or holds no model files.
    """
    src, out = Path(models_dir), Path(output_dir)
    stale = []
    for model_path in models_folder(src):
        model = load(model_path)
        if isinstance(model, Catalogue):
            continue
        target = _target(src, out, model_path, "dot")
        if isinstance(model, Structure):
            expected = to_dot(model, options)
        else:
            from .accounting import account
            from .render.reorg import reorg_to_dot

            expected = reorg_to_dot(account(model), options)
        if not target.is_file() or target.read_text(encoding="utf-8") != expected:
            stale.append(str(target))
    return stale
