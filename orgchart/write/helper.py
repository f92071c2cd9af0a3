"""The process that runs Graphviz: forked once, fed DOT text through a pipe, so that a
crash inside Graphviz (an assertion, a segmentation fault) cannot take the caller down;
Graphviz's messages are captured, its environment pinned so that output is reproducible."""

from __future__ import annotations

import atexit
import contextlib
import locale
import os
import signal
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterator

from ..base.errors import RenderError

__all__ = ["GraphvizCrash", "draw_contained"]


class GraphvizCrash(Exception):
    """The process that ran Graphviz died (an assertion, a segmentation fault)."""



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
#: SOURCE_DATE_EPOCH; the date itself is blanked when drawn, see write.draw). None: unset.
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


def draw_contained(dot: str, fmt: str) -> tuple[bytes, str]:
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
