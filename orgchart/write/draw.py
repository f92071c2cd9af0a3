"""Lay out and draw DOT text with the Graphviz library bundled in pygraphviz, in a helper
process that contains its crashes; turn its messages into errors and warnings.

Writing the drawings into files is :mod:`orgchart.write.files`'s."""

from __future__ import annotations

import atexit
import contextlib
import locale
import os
import re
import signal
import struct
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from ..base.errors import FontError, RenderError, RenderWarning
from ..base.suffixes import CONTENT_SUFFIXES
from .fonts import INSTALL_HINT, find_cjk_fonts

__all__ = ["FORMATS", "draw", "format_for", "graphviz_version"]

#: Output formats: the DOT text itself, or what Graphviz draws from it.
FORMATS = ("svg", "png", "pdf", "dot")
_RASTER = {"png", "pdf"}
#: Suffixes that name one of :data:`FORMATS`.
_SUFFIX_FORMATS = {**{f: f for f in FORMATS}, "gv": "dot"}
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

    Graphviz runs in a forked helper process where the system has ``fork``, so that an
    abort inside Graphviz (its orthogonal edge router asserts on some charts) cannot take
    the calling process down: the chart is then drawn again with ``splines=polyline`` and
    a :class:`~orgchart.base.errors.RenderWarning` says so. Graphviz's messages are not
    printed: a message about a label raises RenderError (the chart lost text); other
    errors and warnings (Graphviz drew the chart) become RenderWarnings.

    Raises:
        FontError: Chinese text would be drawn to PNG/PDF with no CJK font installed.
        RenderError: Graphviz refused the DOT text, complained about a label, or crashed
            even with polyline edges.
    """
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt in _RASTER and _HAN.search(dot) and not find_cjk_fonts():
        raise FontError(f"no font with Chinese glyphs is installed, so the {fmt.upper()} "
                        f"would show boxes instead of characters; {INSTALL_HINT} "
                        "(check with 'orgchart doctor')")
    try:
        data, messages = _draw_contained(dot, fmt)
    except GraphvizCrash as crash:
        if not _ORTHO.search(dot):
            raise RenderError(f"Graphviz crashed drawing the chart ({crash}); try another "
                              "theme 'splines' value, and please report the model") from None
        warnings.warn(RenderWarning(
            f"Graphviz crashed routing orthogonal edges ({crash}); the chart is drawn with "
            "splines=polyline instead (set 'graph: {splines: polyline}' in a --theme file "
            "to ask for it)"), stacklevel=2)
        try:
            data, messages = _draw_contained(_ORTHO.sub('splines="polyline"', dot), fmt)
        except GraphvizCrash as again:
            raise RenderError(f"Graphviz crashed drawing the chart ({again}), with orthogonal "
                              "and with polyline edges; please report the model") from None
    _check_messages(messages)
    if not data:
        raise RenderError("Graphviz produced no output")
    return _normalise(data, fmt)


_ORTHO = re.compile(r'\bsplines="ortho"')


class GraphvizCrash(Exception):
    """The process that ran Graphviz died (an assertion, a segmentation fault)."""


def _check_messages(text: str) -> None:
    """Turn what Graphviz wrote on its error channel into RenderError or RenderWarnings."""
    blocks: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("Fontconfig warning") or _BIG.match(line):
            continue
        if line.startswith(("Error:", "Warning:")) or not blocks:
            blocks.append(line.strip())
        else:
            blocks[-1] += " " + line.strip()
    for block in blocks:
        if " in label of " in block:
            raise RenderError(f"Graphviz could not draw a label of the chart ({block}); "
                              "this is a bug in orgchart, please report the model")
    for block in blocks:
        lost = _LOST_EDGE.match(block)
        if lost:  # a known fault of dot's layout with clusters: the rest is drawn
            said = (f"Graphviz lost the line from {lost[1]} to {lost[2]} while laying the "
                    "chart out, so the chart does not show it")
        elif block.startswith("Error:"):  # Graphviz still drew the chart
            said = f"Graphviz reported an error, the chart may be incomplete: {block}"
        else:
            said = "Graphviz: " + block.removeprefix("Warning:").strip()
        warnings.warn(RenderWarning(said), stacklevel=3)


_LOST_EDGE = re.compile(r"Error: lost (\S+) (\S+) edge$")


#: pygraphviz's own note (on Python's stderr) for charts of over 1,000 nodes: our
#: layout.max_units limit bounds the time instead
_BIG = re.compile(r"Warning: graph has \d+ nodes\.\.\.layout may take a long time")


def _draw_here(dot: str, fmt: str, err_fd: int) -> tuple[bytes, str]:
    """Draw in this process, Graphviz's error channel (C-level stderr) going to ``err_fd``.

    Returns the drawing and what Graphviz wrote on its error channel.
    """
    import pygraphviz

    os.ftruncate(err_fd, 0)
    os.lseek(err_fd, 0, os.SEEK_SET)
    saved = os.dup(2)
    os.dup2(err_fd, 2)
    try:
        with _pinned_environment():
            graph = pygraphviz.AGraph(string=dot)
            data = graph.draw(format=fmt, prog="dot")
    except (pygraphviz.DotError, ValueError, OSError) as err:
        raise RenderError(f"Graphviz could not draw the chart: {err}") from None
    finally:
        if sys.stderr:
            sys.stderr.flush()  # pygraphviz writes some warnings there
        os.dup2(saved, 2)
        os.close(saved)
    messages = os.pread(err_fd, os.fstat(err_fd).st_size, 0).decode("utf-8", "replace")
    return bytes(data or b""), messages


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



_lock = threading.Lock()
_helper: _Helper | None = None


def _draw_contained(dot: str, fmt: str) -> tuple[bytes, str]:
    """Draw in the helper process (in this one where there is no fork)."""
    global _helper
    with _lock:
        if not hasattr(os, "fork"):  # pragma: no cover - Windows
            with tempfile.TemporaryFile() as err:
                return _draw_here(dot, fmt, err.fileno())
        fontconfig = os.environ.get("FONTCONFIG_FILE")
        if _helper is not None and _helper.owner != os.getpid():  # forked: the parent's
            _helper.detach()
            _helper = None
        if _helper is not None and _helper.fontconfig != fontconfig:  # a --font-file
            _helper.close()
            _helper = None
        if _helper is None:
            _helper = _Helper(fontconfig)
        try:
            return _helper.draw(dot, fmt)
        except RenderError:  # Graphviz refused the text; the helper goes on
            raise
        except BaseException:  # it died, or this process was interrupted mid-exchange
            _helper.close()
            _helper = None
            raise


def _forget_helper() -> None:
    """Let the helper go without waiting for it (its pipes closed, it ends at once)."""
    global _helper
    if _helper is not None:
        _helper.detach()
        _helper = None


def _stop_helper() -> None:
    """Close the helper's pipes, so that it ends, and reap it; the next draw forks anew."""
    global _helper
    if _helper is not None:
        _helper.detach()
        if _helper.pid:
            with contextlib.suppress(OSError):
                os.waitpid(_helper.pid, 0)
        _helper = None


# at exit the helper is only let go: waiting for it would add 2.5 ms to every command that
# draws. (A forked child finds its parent's helper by the owner's pid, not with an at-fork
# hook: a hook made every command's exit 6 ms slower.)
atexit.register(_forget_helper)

_HEAD = struct.Struct("!BQQQ")  # status (0 drawn, 1 refused), data, error, messages


class _Helper:
    """A forked process that draws DOT text it reads from a pipe, one chart at a time.

    It is forked once and reused (a fork per chart would double the time of a small
    chart); it ends when its request pipe closes, i.e. when this process ends.
    """

    def __init__(self, fontconfig: str | None) -> None:
        import pygraphviz  # noqa: F401 - loaded once, before the fork

        self.fontconfig = fontconfig
        self.owner = os.getpid()
        self.errors = tempfile.TemporaryFile()
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the helper; measured through the parent
            try:
                keep = sorted({0, 1, 2, req_r, res_w, self.errors.fileno()})
                for low, high in zip(keep, [*keep[1:], 65536], strict=True):
                    os.closerange(low + 1, high)
                # hold no terminal or pipe of the caller's: a reader of this process's
                # output would wait for the helper too; Graphviz's channel (fd 2) is
                # pointed at the errors file while a chart is drawn
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.close(null)
                # Python's stdout and stderr may be objects on closed files (pytest's capture)
                sys.stdout = sys.stderr = open(2, "w", encoding="utf-8", errors="replace",  # noqa: SIM115
                                               closefd=False)
                _serve(req_r, res_w, self.errors.fileno())
            finally:
                os._exit(0)
        os.close(req_r)
        os.close(res_w)
        self.pid, self.requests, self.results = pid, req_w, res_r

    def draw(self, dot: str, fmt: str) -> tuple[bytes, str]:
        request = dot.encode("utf-8")
        try:
            _write_all(self.requests, struct.pack("!QQ", len(fmt), len(request))
                       + fmt.encode() + request)
            status, n_data, n_error, n_messages = _HEAD.unpack(
                _read_exact(self.results, _HEAD.size))
            data = _read_exact(self.results, n_data)
            error = _read_exact(self.results, n_error).decode("utf-8", "replace")
            messages = _read_exact(self.results, n_messages).decode("utf-8", "replace")
        except (EOFError, BrokenPipeError):
            raise GraphvizCrash(self._death()) from None
        if status:
            raise RenderError(f"Graphviz could not draw the chart: {error}")
        return data, messages

    def _death(self) -> str:
        """Reap the dead helper; describe how it died and what Graphviz said last."""
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            how = f"signal {signal.Signals(number).name}" if number in set(signal.Signals) \
                else f"signal {number}"
        else:
            how = f"exit code {os.waitstatus_to_exitcode(status)}"
        said = os.pread(self.errors.fileno(), 1 << 16, 0).decode("utf-8", "replace")
        last = [line.strip() for line in said.splitlines()
                if line.strip() and not line.startswith("Fontconfig warning")]
        return how + (f": {last[-1]}" if last else "")

    def close(self) -> None:
        """Stop the helper (if it still runs) and free its pipes."""
        self.detach()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0

    def detach(self) -> None:
        for fd in (self.requests, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.requests = self.results = -1
        self.errors.close()


def _serve(requests: int, results: int, err_fd: int) -> None:  # pragma: no cover - helper
    """The helper's loop: read a request, draw, answer; return at the end of the requests."""
    while True:
        try:
            n_fmt, n_dot = struct.unpack("!QQ", _read_exact(requests, 16))
        except EOFError:
            return
        fmt = _read_exact(requests, n_fmt).decode()
        dot = _read_exact(requests, n_dot).decode("utf-8")
        status, data, error, messages = 0, b"", b"", ""
        try:
            data, messages = _draw_here(dot, fmt, err_fd)
        except RenderError as err:
            status, error = 1, str(err).removeprefix(
                "Graphviz could not draw the chart: ").encode("utf-8")
        encoded = messages.encode("utf-8")
        _write_all(results, _HEAD.pack(status, len(data), len(error), len(encoded))
                   + data + error + encoded)


def _read_exact(fd: int, size: int) -> bytes:
    """Read ``size`` bytes from ``fd``; EOFError when it ends before."""
    parts = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _normalise(data: bytes, fmt: str) -> bytes:
    """Remove what changes from run to run or machine to machine (versions, dates)."""
    if fmt == "svg":
        return re.sub(rb"<!-- Generated by graphviz version [^>]*-->\n", b"", data)
    if fmt == "pdf":  # same length keeps the PDF cross-reference offsets valid
        return re.sub(rb"/CreationDate \(D:[^)]*\)",
                      lambda m: b"/CreationDate (D:" + b"0" * (len(m.group(0)) - 18) + b")",
                      data)
    return data


def graphviz_version() -> str:
    """Return the version of the Graphviz library that pygraphviz bundles."""
    from pygraphviz import graphviz as gv

    return f"{gv.GRAPHVIZ_MAJOR_VERSION}.{gv.GRAPHVIZ_MINOR_VERSION}.{gv.GRAPHVIZ_PATCH_VERSION}"
