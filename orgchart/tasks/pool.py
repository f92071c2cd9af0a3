"""Drawing a build's models: one model file into its charts, many in a process pool whose
workers die with the build."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import warnings
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from ..base.errors import OrgChartError, RenderWarning
from ..charts import DiagramOptions
from .index import Chart
from .modelfile import Failure, ModelFile, read_model
from .naming import build_path
from .outputs import MANIFEST, not_ours, remove_stale_temporaries

__all__ = ["Done", "chart_of", "draw_model", "draw_in_pool", "draw_alone"]


@dataclass(frozen=True)
class Done:
    """What drawing one model gave: the files written, or why not; the chart; warnings."""

    written: tuple[Path, ...] = ()
    failure: Failure | None = None
    chart: Chart | None = None
    warnings: tuple[str, ...] = ()


def chart_of(src: Path, model_path: Path, file: ModelFile,
             formats: tuple[str, ...] | None) -> Chart:
    """Return the index pages' entry of a model drawn in ``formats``."""
    kind = "reorganisation" if file.kind == "plan" else file.kind
    return Chart(model_path.relative_to(src), file.model.name, kind,
                 bool(getattr(file.model, "verified", False)), formats)


def draw_model(src: Path, out: Path, model_path: Path, formats: Sequence[str],
               options: DiagramOptions | None, refused: Collection[Path] = ()) -> Done:
    """Draw one model file, keeping the drawing's warnings (a pool worker cannot print)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RenderWarning)
        done = _draw_one(src, out, model_path, formats, options, refused)
    said = [str(w.message) for w in caught if issubclass(w.category, RenderWarning)]
    for w in caught:
        if not issubclass(w.category, RenderWarning):
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return replace(done, warnings=tuple(dict.fromkeys(said)))


def _draw_one(src: Path, out: Path, model_path: Path, formats: Sequence[str],
              options: DiagramOptions | None, refused: Collection[Path] = ()) -> Done:
    """Draw one model file: a structure's org chart or a plan's before/after diagram.

    ``refused``: existing files the build does not own; a model that would replace one
    is not drawn at all.
    """
    try:
        file = read_model(model_path)
        formats = file.formats(formats)
        if not formats:
            return Done()
        failure = file.failure
        if failure is not None:
            return Done(failure=failure)
        for fmt in formats:
            target = build_path(src, out, model_path, fmt)
            if target in refused:
                return Done(failure=Failure.of(model_path, not_ours(
                    target, f"it is not listed in {out / MANIFEST}")))
        written = []
        for fmt in formats:
            target = build_path(src, out, model_path, fmt)
            file.draw(target, fmt, options)
            written.append(target)
        return Done(tuple(written), None, chart_of(src, model_path, file, tuple(formats)))
    except OrgChartError as err:
        return Done(failure=Failure.of(model_path, err))


def _start_worker(parent: int) -> None:
    """Tie a pool worker's life to the build's: it dies when the parent does, however.

    Linux delivers SIGKILL to the worker when its parent dies (even by ``kill -9``); the
    parent's pid is also checked before each job (:func:`_pool_job`), for other systems and
    for a parent that died before this ran. Ctrl-C is the parent's to handle: the parent
    stops the pool, so workers print no traceback of their own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the pid check stays
            pass
    if os.getppid() != parent:
        os._exit(1)


def _pool_job(parent: int, src: Path, out: Path, model_path: Path, formats: Sequence[str],
              options: DiagramOptions | None, refused: Collection[Path]) -> Done:
    """Draw one model in a pool worker, unless the build that asked for it is gone."""
    if os.getppid() != parent:
        os._exit(1)
    return draw_model(src, out, model_path, formats, options, refused)


def _stop_pool(pool: ProcessPoolExecutor) -> set[int]:
    """Cancel what is queued and end the workers now (Ctrl-C, SIGTERM, an error).

    Return the workers' process ids.
    """
    pool.shutdown(wait=False, cancel_futures=True)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
    return {p.pid for p in processes if p.pid is not None}


def draw_in_pool(jobs: int, src: Path, out: Path, models: Sequence[Path],
                 formats: Sequence[str], options: DiagramOptions | None,
                 refused: dict[Path, frozenset[Path]], done: list[Done | None],
                 progress: Callable[[Path], None] | None) -> list[int]:
    """Draw the models in a process pool; return the indexes lost when a worker died.

    Workers die with the build (see :func:`_start_worker`); on Ctrl-C, SIGTERM or an error
    the pool is stopped and the temporary files of its workers removed.
    """
    parent = os.getpid()
    lost = []
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"),
                               initializer=_start_worker, initargs=(parent,))
    try:
        futures = {pool.submit(_pool_job, parent, src, out, m, formats, options, refused[m]): i
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
    except BaseException:
        remove_stale_temporaries(out, _stop_pool(pool))  # a worker stopped mid-write
        raise
    pool.shutdown()
    return sorted(lost)


def draw_alone(src: Path, out: Path, model_path: Path, formats: Sequence[str],
               options: DiagramOptions | None, refused: Collection[Path]) -> Done:
    """Draw one model in a process of its own; a death becomes that model's failure."""
    parent = os.getpid()
    pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"),
                               initializer=_start_worker, initargs=(parent,))
    try:
        return pool.submit(_pool_job, parent, src, out, model_path, formats, options,
                           refused).result()
    except BrokenProcessPool:
        return Done(failure=Failure.of(
            model_path, "the drawing process died (a crash in Graphviz, or out of memory?); "
                        "draw it alone with 'orgchart render' to see more"))
    except BaseException:
        remove_stale_temporaries(out, _stop_pool(pool))
        raise
    finally:
        pool.shutdown()
