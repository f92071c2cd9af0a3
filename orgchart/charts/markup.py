"""DOT syntax: quoting identifiers, attribute lists, HTML-like labels and their text."""

from __future__ import annotations

import html
import re

from ..base.labels import printable

__all__ = ["quote", "attrs", "Html", "esc"]


def quote(text: str) -> str:
    """Quote a DOT identifier or string.

    >>> quote('a"b')
    '"a\\\\"b"'
    """
    text = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


class Html(str):
    """An HTML-like label (``<...>``) built by this package from escaped text."""


_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def attrs(values: dict[str, str]) -> str:
    """Format a DOT attribute list; :class:`Html` labels are kept as they are.

    Any other value is quoted, even one that looks like HTML (text from a theme or model).

    >>> attrs({"shape": "box", "label": Html("<<B>x</B>>")})
    '[shape="box", label=<<B>x</B>>]'
    >>> attrs({"label": "<<B>x</B>>"})
    '[label="<<B>x</B>>"]'
    """
    parts = []
    for key, value in values.items():
        if not _ATTR_NAME.fullmatch(key):
            from ..base.errors import RenderError

            raise RenderError(f"{key!r} is not a Graphviz attribute name")
        if key == "label" and isinstance(value, Html):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]"


def esc(text: str) -> str:
    """Escape text for an HTML-like label: markup, and the backslash, since Graphviz reads
    ``\\N``, ``\\G``, ``\\E``, ``\\n``, ``\\l``, ``\\r`` and ``\\\\`` in HTML labels too."""
    # a lone tab inside <B></B> is a syntax error to Graphviz, which then drops the label
    return (html.escape(printable(text).replace("\\", "\\\\"), quote=True).replace("\n", "<BR/>")
            .replace("\t", " "))
