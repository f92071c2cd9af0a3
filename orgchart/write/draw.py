"""Lay out and draw DOT text with the Graphviz library bundled in pygraphviz: the output
format, the fallback when Graphviz crashes, its messages as errors and warnings, output
that does not change from run to run.

Graphviz runs in the process of :mod:`orgchart.write.helper`; writing the drawings into
files is :mod:`orgchart.write.files`'s."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from ..base.errors import FontError, RenderError, RenderWarning
from ..base.suffixes import CONTENT_SUFFIXES
from .fonts import INSTALL_HINT, has_cjk_font
from .helper import GraphvizCrash, draw_contained

__all__ = ["FORMATS", "draw", "format_for", "graphviz_version"]

#: Output formats: the DOT text itself, what Graphviz draws from it, or the interactive
#: page (``html``: the SVG in a page, assembled by :mod:`orgchart.tasks.webpage`).
FORMATS = ("svg", "png", "pdf", "dot", "html")
_RASTER = {"png", "pdf"}
#: Suffixes that name one of :data:`FORMATS`.
_SUFFIX_FORMATS = {**{f: f for f in FORMATS}, "gv": "dot", "htm": "html"}
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
    if fmt not in FORMATS or fmt == "html":
        raise RenderError(f"Graphviz does not draw {fmt!r}; draw one of: svg, png, pdf, dot")
    if fmt in _RASTER and _HAN.search(dot) and not has_cjk_font():
        raise FontError(f"no font with Chinese glyphs is installed, so the {fmt.upper()} "
                        f"would show boxes instead of characters; {INSTALL_HINT} "
                        "(check with 'orgchart doctor')")
    try:
        data, messages = draw_contained(dot, fmt)
    except GraphvizCrash as crash:
        if not _ORTHO.search(dot):
            raise RenderError(f"Graphviz crashed drawing the chart ({crash}); try another "
                              "theme 'splines' value, and please report the model") from None
        warnings.warn(RenderWarning(
            f"Graphviz crashed routing orthogonal edges ({crash}); the chart is drawn with "
            "splines=polyline instead (set 'graph: {splines: polyline}' in a --theme file "
            "to ask for it)"), stacklevel=2)
        try:
            data, messages = draw_contained(_ORTHO.sub('splines="polyline"', dot), fmt)
        except GraphvizCrash as again:
            raise RenderError(f"Graphviz crashed drawing the chart ({again}), with orthogonal "
                              "and with polyline edges; please report the model") from None
    _check_messages(messages)
    if not data:
        raise RenderError("Graphviz produced no output")
    return _normalise(data, fmt)


_ORTHO = re.compile(r'\bsplines="ortho"')


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
