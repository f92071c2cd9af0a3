"""Render every model under a folder into an output folder, with an index page."""

from __future__ import annotations

import contextlib
import html
import multiprocessing as mp
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..base.errors import OrgChartError, RenderError, RenderWarning
from ..charts import DiagramOptions
from ..write.files import TEMPORARY_PREFIX, make_folder, write_atomic
from .modelfile import read_model
from .validate import models_folder

__all__ = ["BuildResult", "OutputCheck", "build", "stale_outputs", "DEFAULT_FORMATS"]

DEFAULT_FORMATS: tuple[str, ...] = ("svg", "png")
#: The file in an output folder that lists what builds wrote there: only those files, and
#: files that do not exist yet, may be (re)written by the next build.
MANIFEST = ".orgchart-build"
#: The first line of the index page: a page without it was not written by orgchart.
INDEX_MARKER = ("<!-- written by orgchart build; it replaces this page and the files listed in "
                f"{MANIFEST} -->")
#: How long a build waits for another one writing into the same folder, in seconds.
LOCK_TIMEOUT = 600.0


@dataclass
class BuildResult:
    """What a build wrote and what failed (model path and one-line reason)."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)  # RenderWarnings


def _target(models_dir: Path, output_dir: Path, model: Path, fmt: str) -> Path:
    rel = model.relative_to(models_dir).with_suffix(f".{fmt}")
    target = Path(os.path.realpath(output_dir / rel))  # Path.resolve raises on a symlink loop
    if not target.is_relative_to(os.path.realpath(output_dir)):
        raise OrgChartError(f"{model}: refusing to write {output_dir / rel}: it leads outside "
                            f"{output_dir} (a symbolic link?); remove the link")
    return output_dir / rel


def _remove_stale_temporaries(out: Path, pids: Collection[int] | None = None) -> None:
    """Delete temporary files that killed processes left behind (see write_atomic).

    Only those of ``pids``, or, by default, of processes that are no longer running: a
    render or an export writing into the folder at the same time keeps its file.
    """
    if not os.path.isdir(out):  # os.path: False, not OSError, on a name too long
        return
    for tmp in out.rglob(TEMPORARY_PREFIX + "*"):
        writer = tmp.name[len(TEMPORARY_PREFIX):].split("-", 1)[0]
        pid = int(writer) if writer.isdigit() else None
        if pids is not None and pid not in pids:
            continue
        if pids is None and pid is not None and _running(pid):
            continue
        if tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether a process with this id exists (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


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
                options: DiagramOptions | None, refused: Collection[Path] = ()) -> _Done:
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
              options: DiagramOptions | None, refused: Collection[Path] = ()) -> _Done:
    """Draw one model file: a structure's org chart or a plan's before/after diagram.

    ``refused``: existing files the build does not own; a model that would replace one
    is not drawn at all.
    """
    try:
        file = read_model(model_path)
        if not file.has_chart:
            return _Done()
        why = file.chart_refused
        if why is not None:
            return _Done(failure=why)
        for fmt in formats:
            target = _target(src, out, model_path, fmt)
            if target in refused:
                return _Done(failure=_not_ours(target, f"it is not listed in {out / MANIFEST}"))
        written = []
        for fmt in formats:
            target = _target(src, out, model_path, fmt)
            file.draw(target, fmt, options)
            written.append(target)
        kind = "reorganisation" if file.kind == "plan" else file.kind
        return _Done(tuple(written), None, Chart(model_path.relative_to(src), file.model.name,
                                                 kind, file.model.verified))
    except OrgChartError as err:
        return _Done(failure=str(err).splitlines()[0])


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
              options: DiagramOptions | None, refused: Collection[Path]) -> _Done:
    """Draw one model in a pool worker, unless the build that asked for it is gone."""
    if os.getppid() != parent:
        os._exit(1)
    return _draw_model(src, out, model_path, formats, options, refused)


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
    _check_index(out)
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
    with _locked(out, lock_timeout, waiting):
        return _build_locked(src, out, models, formats, options, progress, workers)


@contextlib.contextmanager
def _locked(out: Path, timeout: float, waiting: Callable[[], None] | None) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (flock on the folder itself)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    try:
        fd = os.open(out, os.O_RDONLY)
    except OSError as err:
        raise RenderError(f"{out}: cannot open the output folder: {err.strerror or err}; "
                          "check that it is a readable folder") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RenderError(
                        f"{out}: another orgchart build is writing into this folder (waited "
                        f"{timeout:g} s); wait for it to finish, or build into another "
                        "folder") from None
                if waiting is not None:
                    waiting()
                    waiting = None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _build_locked(src: Path, out: Path, models: Sequence[Path], formats: Sequence[str],
                  options: DiagramOptions | None, progress: Callable[[Path], None] | None,
                  workers: int | None) -> BuildResult:
    """:func:`build`, once the output folder is locked."""
    result = BuildResult()
    _remove_stale_temporaries(out)
    owned = _claim(out, src, models, formats)
    refused = {m: frozenset(t for fmt in formats if (t := _maybe_target(src, out, m, fmt))
                            and os.path.lexists(t) and _rel(out, t) not in owned)
               for m in models}
    done: list[_Done | None] = [None] * len(models)
    jobs = workers if workers is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(models) >= 8 * jobs and "fork" in mp.get_all_start_methods():
        lost = _draw_in_pool(jobs, src, out, models, formats, options, refused, done, progress)
        for i in lost:  # a worker died: draw each model it may have held in a process of its own
            done[i] = _draw_alone(src, out, models[i], formats, options, refused[models[i]])
            if progress:
                progress(models[i])
    else:
        for i, model_path in enumerate(models):
            done[i] = _draw_model(src, out, model_path, formats, options, refused[model_path])
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
    _write_manifest(out, {rel for rel in owned if os.path.lexists(out / rel)})
    return result


def _draw_in_pool(jobs: int, src: Path, out: Path, models: Sequence[Path],
                  formats: Sequence[str], options: DiagramOptions | None,
                  refused: dict[Path, frozenset[Path]], done: list[_Done | None],
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
        _remove_stale_temporaries(out, _stop_pool(pool))  # a worker stopped mid-write
        raise
    pool.shutdown()
    return sorted(lost)


def _draw_alone(src: Path, out: Path, model_path: Path, formats: Sequence[str],
                options: DiagramOptions | None, refused: Collection[Path]) -> _Done:
    """Draw one model in a process of its own; a death becomes that model's failure."""
    parent = os.getpid()
    pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"),
                               initializer=_start_worker, initargs=(parent,))
    try:
        return pool.submit(_pool_job, parent, src, out, model_path, formats, options,
                           refused).result()
    except BrokenProcessPool:
        return _Done(failure="the drawing process died (a crash in Graphviz, or out of "
                             "memory?); draw it alone with 'orgchart render' to see more")
    except BaseException:
        _remove_stale_temporaries(out, _stop_pool(pool))
        raise
    finally:
        pool.shutdown()


def _not_ours(path: Path, why: str) -> str:
    return (f"{path}: refusing to replace it: orgchart did not write it ({why}); move it "
            "away, or build into another folder")


def _rel(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _maybe_target(src: Path, out: Path, model: Path, fmt: str) -> Path | None:
    try:
        return _target(src, out, model, fmt)
    except OrgChartError:  # reported when the model is drawn
        return None


def _claim(out: Path, src: Path, models: Sequence[Path], formats: Sequence[str]) -> set[str]:
    """Return the files this build may write in ``out``, and list them in the manifest first.

    They are the files earlier builds wrote (the manifest) and the build's targets that do
    not exist yet; listing them before drawing keeps a killed build's files its own. The
    index page is also the build's when its first line is :data:`INDEX_MARKER`.

    Raises:
        RenderError: ``out/README.md`` exists and orgchart did not write it.
    """
    owned = _read_manifest(out)
    index = out / "README.md"
    if os.path.lexists(index) and "README.md" not in owned:
        _check_index(out)
        owned.add("README.md")
    targets = [t for m in models for fmt in formats if (t := _maybe_target(src, out, m, fmt))]
    owned |= {_rel(out, t) for t in [*targets, index] if not os.path.lexists(t)}
    _write_manifest(out, owned)
    return owned


def _check_index(out: Path) -> None:
    """Refuse an index page that orgchart did not write (``-o docs``, ``-o .``).

    Raises:
        RenderError: ``out/README.md`` exists, is not listed in the manifest and does not
            start with :data:`INDEX_MARKER`.
    """
    index = out / "README.md"
    if (os.path.lexists(index) and "README.md" not in _read_manifest(out)
            and not _has_marker(index)):
        raise RenderError(_not_ours(index, "no 'written by orgchart build' line at its top"))


def _read_manifest(out: Path) -> set[str]:
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return set()
    except OSError as err:
        raise RenderError(f"{out / MANIFEST}: cannot read: {err.strerror or err}; remove it "
                          "or build into another folder") from None
    return {line for line in text.splitlines() if line.strip() and not line.startswith("#")}


def _write_manifest(out: Path, owned: set[str]) -> None:
    header = ("# written by orgchart build: the files it wrote in this folder, which the next "
              "build may replace; it replaces no other file\n")
    write_atomic(out / MANIFEST, (header + "".join(f"{rel}\n" for rel in sorted(owned)))
                 .encode("utf-8"))


def _has_marker(index: Path) -> bool:
    try:
        with index.open("rb") as f:
            first = f.readline(len(INDEX_MARKER) * 4)
    except OSError:
        return False
    return first.decode("utf-8", "replace").rstrip("\r\n") == INDEX_MARKER


def _index(charts: list[Chart], formats: Sequence[str]) -> str:
    lines = [INDEX_MARKER, "# Rendered models", "",
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


@dataclass
class OutputCheck:
    """What ``build --check`` found: DOT files out of date, and models that cannot be drawn
    at all (no build can bring their charts up to date; fix the model first)."""

    stale: list[str] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def stale_outputs(models_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str],
                  options: DiagramOptions | None = None) -> OutputCheck:
    """Compare the DOT files in ``output_dir`` with what the models give now.

    Raises:
        ModelError: ``models_dir`` is missing, is not a folder, or holds no model files.
    """
    src, out = Path(models_dir), Path(output_dir)
    found = OutputCheck()
    for model_path in models_folder(src):
        try:
            file = read_model(model_path)
            refused = file.chart_refused if file.has_chart else None
            if refused is not None:
                found.failures.append((model_path, refused))
                continue
            if not file.has_chart:
                continue
            target = _target(src, out, model_path, "dot")
            expected = file.to_dot(options)
        except OrgChartError as err:
            found.failures.append((model_path, str(err).splitlines()[0]))
            continue
        if not target.is_file() or target.read_text(encoding="utf-8") != expected:
            found.stale.append(str(target))
    return found
