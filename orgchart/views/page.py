"""The interactive chart as one self-contained HTML page: the Graphviz SVG of each view, the
records of its boxes as JSON, and a small script and style sheet shipped with the package.

Nothing is fetched: a Content-Security-Policy forbids every request (a live preview allows
its own server only), so the page works from ``file://`` and from any static host.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["PageView", "node_ids", "html_page", "problems_page", "embed_json",
           "without_pictures"]

#: The SVG's own ids of a view's boxes: ``u:`` and the DOT node name (Graphviz expands
#: ``\N``); views after the first get ``vN:`` so that ids stay unique in the page.
_NODE_ID = 'node [id="{prefix}:\\N"]'


def node_ids(dot: str, view: int = 0) -> str:
    """Return ``dot`` with an ``id`` for every node: ``u:NAME`` (``vN:NAME`` in view N > 0).

    The default is set first, so the chart's own node attributes come after it unchanged.

    >>> node_ids('digraph "t" {\\n  "gov" [label="x"]\\n}\\n').splitlines()[1]
    '  node [id="u:\\\\N"]'
    """
    head, sep, rest = dot.partition("\n")
    prefix = "u" if view == 0 else f"v{view}"
    return head + sep + "  " + _NODE_ID.format(prefix=prefix) + "\n" + rest


@dataclass(frozen=True)
class PageView:
    """One chart the page can show: its label (a tab when ``tab``), SVG and box records."""

    label: str
    svg: str
    units: dict[str, Any]
    tab: bool = True


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("viewer", name).read_text(encoding="utf-8")


_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)


def embed_json(data: Any) -> str:
    """Return ``data`` as JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and
    ``&`` are escaped, so a name such as ``</script><script>`` stays text.

    >>> embed_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp(live: bool) -> str:
    connect = "'self'" if live else "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            f"img-src data:; connect-src {connect}; form-action 'none'; base-uri 'none'")


def _shell(title: str, body: str, script: str, live: str | None) -> str:
    esc = html.escape(title, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(live is not None)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc}</title>\n<style>\n{_asset('viewer.css')}</style>\n</head>\n<body>\n"
        f"{body}{script}{_live_script(live)}</body>\n</html>\n")


def _live_script(live: str | None) -> str:
    """A live preview's poll: reload when the server's version of the page changes."""
    if live is None:
        return ""
    token = embed_json(live)
    return ("<script>\n(function () { var v = " + token + "; setInterval(function () {\n"
            "  fetch('/_version', {cache: 'no-store'}).then(function (r) { return r.text(); })\n"
            "    .then(function (t) { if (t !== v) { location.reload(); } })\n"
            "    .catch(function () {}); }, 200); }());\n</script>\n")


_BAR = (
    '<header id="bar"><h1>{title}</h1>'
    '<input id="q" type="search" placeholder="搜索：名称、挂牌、职能或编号" '
    'aria-label="搜索机构"><span id="count"></span><span id="views"></span>'
    '<span id="steps" hidden><button id="prev" title="上一步 [">◀</button>'
    '<button id="next" title="下一步 ]">▶</button><span id="step"></span></span>'
    '<span id="slider" hidden><label for="when">日期</label>'
    '<input id="when" type="range" min="0" max="0" step="1" value="0">'
    '<output id="whenlabel" for="when"></output></span>'
    '<button id="back" hidden>返回</button><button id="fit" title="适应 0">适应</button>'
    '<button id="zin" title="放大 +">＋</button><button id="zout" title="缩小 −">－</button>'
    '<button id="png">导出 PNG</button><button id="print">打印 A3</button></header>\n')


_VIEW = re.compile(r'(<section class="view" data-view="\d+">).*?(</section>\n)', re.S)


def without_pictures(page: str) -> str:
    """Return a page with each view's SVG left out (its sections kept, empty): what the
    models alone decide, the same on every machine (the SVG's text positions hang on the
    fonts Graphviz finds). Model text in an SVG is escaped, so no name ends a section.

    >>> without_pictures('<p><section class="view" data-view="0"><svg>a</svg></section>\\n')
    '<p><section class="view" data-view="0"></section>\\n'
    """
    return _VIEW.sub(r"\1\2", page)


def html_page(title: str, views: Sequence[PageView], *, events: Sequence[Any] = (),
              event_view: int = 0, stops: Sequence[Any] = (), stop: int = 0,
              file: str = "chart", live: str | None = None) -> str:
    """Return the page: ``views`` (the first shown), ``events`` of a plan stepped through
    in view ``event_view``; ``stops`` of a history's date slider (each names its view and
    the changes that led to it), ``stop`` shown first; ``file`` names the exported PNG;
    ``live``: the version token of a live preview (the page then polls its server), None
    for a file.
    """
    sections = "".join(f'<section class="view" data-view="{i}">{_PROLOG.sub("", v.svg)}'
                       "</section>\n" for i, v in enumerate(views))
    data = {"views": [{"label": v.label, "tab": v.tab, "units": v.units} for v in views],
            "events": list(events), "eventView": event_view, "file": file,
            "stops": list(stops), "stop": stop}
    body = (_BAR.format(title=html.escape(title, quote=True))
            + '<div id="stops" hidden></div><div id="change" hidden></div>\n'
            + '<div id="hits"></div>\n<div id="main"><main id="stage" tabindex="0">\n'
            + sections + '</main>\n<aside id="side"></aside></div>\n'
            + '<script type="application/json" id="orgchart-data">' + embed_json(data)
            + "</script>\n")
    return _shell(title, body, f"<script>\n{_asset('viewer.js')}</script>\n", live)


def problems_page(title: str, lines: Sequence[str], live: str | None = None) -> str:
    """Return a page that shows why there is no chart: one located line per problem."""
    body = (f'<header id="bar"><h1>{html.escape(title, quote=True)}</h1></header>\n'
            f'<pre id="problems">{html.escape(chr(10).join(lines), quote=True)}</pre>\n')
    return _shell(title, body, "", live)
