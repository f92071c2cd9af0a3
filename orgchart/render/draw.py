"""Lay out and draw DOT text with the Graphviz library bundled in pygraphviz; write files."""

from __future__ import annotations

import contextlib
import errno
import locale
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import FontError, RenderError
from .fonts import INSTALL_HINT, find_cjk_fonts

__all__ = ["FORMATS", "CONTENT_SUFFIXES", "draw", "write_atomic", "write_all_atomic", "make_folder",
           "format_for", "graphviz_version", "TEMPORARY_PREFIX"]

#: Output formats: the DOT text itself, or what Graphviz draws from it.
FORMATS = ("svg", "png", "pdf", "dot")
_RASTER = {"png", "pdf"}
#: Suffixes that name one of :data:`FORMATS`.
_SUFFIX_FORMATS = {**{f: f for f in FORMATS}, "gv": "dot"}
#: Suffixes that say what a file holds: neither a diagram nor an export is written into a
#: file whose suffix names something else (the exporters use this set too).
CONTENT_SUFFIXES = frozenset({
    ".svg", ".png", ".pdf", ".dot", ".gv", ".yaml", ".yml", ".json", ".jsonld", ".graphml",
    ".gexf", ".xml", ".csv", ".mmd", ".mermaid", ".md", ".txt", ".xlsx", ".html", ".htm",
    ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".eps", ".ps"})
#: Temporary files are named this, the writing process's id and a random part, so that a
#: build can tell those of a dead process (which it removes) from those of a live one.
TEMPORARY_PREFIX = ".orgchart-tmp-"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Return the output format: ``fmt`` if given, else the file's suffix.

    A suffix that names another format (``x.png`` asked to hold SVG, ``x.yaml``) is refused,
    so that a file's name never lies about its content; ``.gv`` is DOT. A name without a
    suffix needs ``fmt``.

    Raises:
        RenderError: the format is not one of :data:`FORMATS`, or contradicts the suffix.
    """
    suffix = Path(path).suffix.lower()
    implied = _SUFFIX_FORMATS.get(suffix.lstrip("."))
    if fmt is None:
        if not suffix:
            raise RenderError(f"{path}: the name has no suffix, so the format is unknown; add "
                              + ", ".join("." + f for f in FORMATS) + " or give the format")
        chosen = implied or suffix.lstrip(".")
    else:
        chosen = fmt.lower()
    if chosen not in FORMATS:
        raise RenderError(f"{path}: unknown format {chosen!r}; choose one of: "
                          + ", ".join(FORMATS))
    if suffix in CONTENT_SUFFIXES and implied != chosen:
        fixed = Path(path).with_suffix("." + chosen)
        raise RenderError(f"{path}: the name ends in {suffix} but the format asked for (-f) is "
                          f"{chosen}; name the file {fixed}"
                          + (f", or ask for {implied} with -f {implied}" if implied else ""))
    return chosen


def draw(dot: str, fmt: str) -> bytes:
    """Lay out ``dot`` with the dot engine and draw it; return the file's bytes.

    Raises:
        FontError: Chinese text would be drawn to PNG/PDF with no CJK font installed.
        RenderError: Graphviz refused the DOT text.
    """
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt in _RASTER and _HAN.search(dot) and not find_cjk_fonts():
        raise FontError(f"no font with Chinese glyphs is installed, so the {fmt.upper()} "
                        f"would show boxes instead of characters; {INSTALL_HINT} "
                        "(check with 'orgchart doctor')")
    import pygraphviz

    try:
        with _quiet_fontconfig(), _pinned_environment():
            graph = pygraphviz.AGraph(string=dot)
            data = graph.draw(format=fmt, prog="dot")
    except (pygraphviz.DotError, ValueError, OSError) as err:
        raise RenderError(f"Graphviz could not draw the chart: {err}") from None
    if data is None:
        raise RenderError("Graphviz produced no output")
    return _normalise(bytes(data), fmt)


#: What Graphviz, pango, cairo and fontconfig read from the environment while drawing,
#: pinned so that the same DOT gives the same bytes under any locale and time zone: the
#: locale sets pango's language (which changes glyphs and widths, e.g. of a dash in a CJK
#: font), the time zone the form of the PDF creation date (cairo ignores
#: SOURCE_DATE_EPOCH; the date itself is blanked by _normalise). None: unset.
_DRAWING_ENV: dict[str, str | None] = {
    "LC_ALL": "C.UTF-8", "LC_CTYPE": None, "LC_MESSAGES": None, "LANG": "C.UTF-8",
    "LANGUAGE": None, "PANGO_LANGUAGE": None, "FC_LANG": None, "TZ": "UTC"}


@contextlib.contextmanager
def _pinned_environment() -> Iterator[None]:
    """Draw under :data:`_DRAWING_ENV` and the C locale's character type; restore after."""
    saved_env = {name: os.environ.get(name) for name in _DRAWING_ENV}
    saved_ctype = locale.setlocale(locale.LC_CTYPE)
    try:
        for name, value in _DRAWING_ENV.items():
            _set_env(name, value)
        time.tzset()
        for name in ("C.UTF-8", "C.utf8", "C"):  # pango's language: "c" for each of them
            with contextlib.suppress(locale.Error):
                locale.setlocale(locale.LC_CTYPE, name)
                break
        yield
    finally:
        for name, value in saved_env.items():
            _set_env(name, value)
        time.tzset()
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_CTYPE, saved_ctype)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@contextlib.contextmanager
def _quiet_fontconfig() -> Iterator[None]:
    """Drop the bundled fontconfig's warnings about newer system config files.

    The fontconfig inside the pygraphviz wheel can be older than the system's and warns
    about elements it does not know ('reset-dirs'); the warnings are harmless noise.
    Other messages on the C-level stderr are passed through.
    """
    try:
        saved = os.dup(2)
    except OSError:  # pragma: no cover - no stderr at all
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            for line in sink.read().decode("utf-8", "replace").splitlines(keepends=True):
                if not line.startswith("Fontconfig warning"):
                    sys.stderr.write(line)


def _normalise(data: bytes, fmt: str) -> bytes:
    """Remove what changes from run to run or machine to machine (versions, dates)."""
    if fmt == "svg":
        return re.sub(rb"<!-- Generated by graphviz version [^>]*-->\n", b"", data)
    if fmt == "pdf":  # same length keeps the PDF cross-reference offsets valid
        return re.sub(rb"/CreationDate \(D:[^)]*\)",
                      lambda m: b"/CreationDate (D:" + b"0" * (len(m.group(0)) - 18) + b")",
                      data)
    return data


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or Ctrl-C leaves either the old file or the new one, never a truncated file.

    Raises:
        RenderError: the file cannot be written (a folder, a missing or read-only folder, a
            full disk); nothing is left behind.
    """
    write_all_atomic({Path(path): data})


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write several files that belong together: all of them, or none when one cannot be.

    Every file is first written and synced beside its target under a temporary name; only
    when all are ready are they renamed into place.

    Raises:
        RenderError: as :func:`write_atomic`; no target is touched and no temporary file
            is left behind.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(Path(path), data), Path(path)))
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as err:
                raise RenderError(_cannot_write(target, err)) from None
    finally:
        for tmp, _target in staged:
            Path(tmp).unlink(missing_ok=True)  # gone already once renamed


def _stage(target: Path, data: bytes) -> str:
    """Write ``data`` to a synced temporary file beside ``target``; return its path."""
    if os.path.isdir(target):  # os.path: False, not OSError, on a name too long
        raise RenderError(f"{target}: is a folder; name a file inside it")
    make_folder(target.parent, target)
    try:
        handle, tmp = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-",
                                       dir=target.parent)
    except OSError as err:
        raise RenderError(_cannot_write(target, err)) from None
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise RenderError(_cannot_write(target, err)) from None
        raise
    return tmp


def make_folder(folder: str | os.PathLike[str], for_path: str | os.PathLike[str] | None = None
                ) -> None:
    """Create ``folder`` (and its parents) for writing ``for_path`` in it.

    Raises:
        RenderError: the folder cannot be made, e.g. because a file has its name.
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RenderError(_cannot_write(Path(for_path or folder), err)) from None


def _cannot_write(target: Path, err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return (f"{target}: cannot write: the name is too long for the file system (over 255 "
                "bytes in one part of the path); choose a shorter name")
    if err.errno == errno.ELOOP:
        return (f"{target}: cannot write: the path is a symbolic link loop; fix or remove the "
                "link, or choose another output path")
    for parent in [target, *target.parents]:
        if os.path.islink(parent) and not os.path.exists(parent):
            return (f"{target}: cannot write: {parent} is a symbolic link that leads nowhere (a "
                    "loop, or a missing target); fix or remove the link, or choose another "
                    "output path")
        if os.path.exists(parent) and not os.path.isdir(parent) and parent != target:
            return (f"{target}: cannot write: {parent} is a file, not a folder; choose another "
                    "output path")
    if os.path.exists(target) and not os.path.isdir(target) and isinstance(err, FileExistsError):
        return f"{target}: cannot write: it is a file, not a folder; choose another output path"
    return (f"{target}: cannot write: {err.strerror or err}; check that the folder exists "
            "and is writable, or choose another output path")


def graphviz_version() -> str:
    """Return the version of the Graphviz library that pygraphviz bundles."""
    from pygraphviz import graphviz as gv

    return f"{gv.GRAPHVIZ_MAJOR_VERSION}.{gv.GRAPHVIZ_MINOR_VERSION}.{gv.GRAPHVIZ_PATCH_VERSION}"
