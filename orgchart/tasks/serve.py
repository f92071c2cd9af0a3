"""``orgchart serve``: a live preview on 127.0.0.1. The page asks the server for the version
of the model files a few times a second and reloads when a file was saved; a model with
errors shows them, one ``file:line:col`` line each, instead of the chart."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from ..base.errors import (
    Location,
    ModelError,
    OrgChartError,
    Problem,
    errors_in,
    problem_lines,
)
from ..charts import DiagramOptions
from ..model.history import History
from ..model.structure import Structure
from ..views.page import problems_page
from .modelfile import located, read_model
from .validate import models_folder
from .webpage import plan_page, structure_page

__all__ = ["Preview", "make_server", "render_live", "serve"]

_SUFFIXES = (".yaml", ".yml")


@dataclass
class Preview:
    """What the server shows: the model file ``path``, or the models under a folder.

    ``watch`` is the folder whose YAML files are watched: a file's folder's parent (so a
    town's template beside it is seen too), or the folder itself.
    """

    path: Path
    options: DiagramOptions = field(default_factory=DiagramOptions)
    _cache: dict[tuple[str, str], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def watch(self) -> Path:
        return self.path if self.path.is_dir() else self.path.resolve().parent.parent

    def version(self) -> str:
        """A token that changes whenever a watched model file is saved, added or removed."""
        h = hashlib.sha1()
        for root, dirs, files in os.walk(self.watch):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(_SUFFIXES):
                    try:
                        st = os.stat(os.path.join(root, name))
                    except OSError:
                        continue
                    h.update(f"{root}/{name}:{st.st_mtime_ns}:{st.st_size}\n".encode())
        return h.hexdigest()[:16]

    def page(self, model: Path, version: str | None = None) -> str:
        """Return the live page of ``model``: its chart, or its problems."""
        version = version or self.version()
        key = (str(model), version)
        with self._lock:
            if key not in self._cache:
                self._cache.clear()
                self._cache[key] = render_live(model, self.options, version)
            return self._cache[key]

    def listing(self) -> str:
        """A folder's page: a link to each model file's preview."""
        try:
            models = models_folder(self.path)
        except OrgChartError as err:
            return problems_page(str(self.path), str(err).splitlines(), self.version())
        import html

        links = "".join(
            f'<li><a href="/view/{html.escape(quote(m.relative_to(self.path).as_posix()))}">'
            f"{html.escape(m.relative_to(self.path).as_posix())}</a></li>" for m in models)
        return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>"
                f"{html.escape(str(self.path))}</title></head><body><ul>{links}</ul>"
                "</body></html>\n")


def render_live(model: Path, options: DiagramOptions, version: str) -> str:
    """Return the page of ``model`` for a live preview (version token ``version``)."""
    title = str(model)
    try:
        file = read_model(model)
        if file.chart_refused is not None:
            errors = errors_in(file.problems)
            lines = [located(model, p) for p in errors] or [f"{model}: {file.chart_refused}"]
            return problems_page(title, lines, version)
        if file.accounting is not None:
            return plan_page(file.accounting, options, file=model.stem, live=version)
        if isinstance(file.model, History):
            from .historypage import history_page

            return history_page(file.model, options, file=model.stem, live=version)
        assert isinstance(file.model, Structure)
        return structure_page(file.model, options, file=model.stem, live=version)
    except ModelError as err:
        return problems_page(title, problem_lines(list(err.problems)) or [str(err)], version)
    except OrgChartError as err:
        return problems_page(title, str(err).splitlines(), version)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            route = unquote(self.path.split("?", 1)[0])
            if route == "/_version":
                self._send(preview.version(), "text/plain")
            elif route == "/" and preview.path.is_dir():
                self._send(preview.listing(), "text/html")
            elif route == "/":
                self._send(preview.page(preview.path), "text/html")
            elif route.startswith("/view/") and preview.path.is_dir():
                model = (preview.path / route[len("/view/"):]).resolve()
                if not model.is_relative_to(preview.path.resolve()) or not model.is_file():
                    self.send_error(404)
                    return
                self._send(preview.page(model), "text/html")
            else:
                self.send_error(404)

        def _send(self, text: str, kind: str) -> None:
            data = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def make_server(path: Path, options: DiagramOptions, port: int = 8000
                ) -> ThreadingHTTPServer:
    """Return the live preview's server of ``path``, listening on 127.0.0.1:``port``.

    Raises:
        ModelError: ``path`` does not exist (a mistyped name would be served as an empty
            page for ever).
        OrgChartError: the port cannot be opened.
    """
    if not os.path.lexists(path):
        raise ModelError([Problem(Location(os.fspath(path)), "file",
                                  "no such file or folder; check the path")])
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), _handler(Preview(path, options)))
    except OSError as err:
        raise OrgChartError(f"127.0.0.1:{port}: cannot listen: {err.strerror or err}; "
                            "choose another port with --port") from None


def serve(path: Path, options: DiagramOptions, port: int = 8000,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the live preview of ``path`` on 127.0.0.1:``port`` until interrupted;
    ``ready`` gets the address once the server listens.

    Raises:
        OrgChartError: the port cannot be opened.
    """
    with make_server(path, options, port) as server:
        if ready:
            ready(f"http://127.0.0.1:{server.server_address[1]}/")
        server.serve_forever()
