"""The box of a unit, one label for every chart: the structure chart and the reform chart."""

from __future__ import annotations

from typing import NamedTuple

from ..base.labels import staffing_badge
from ..base.words import word
from ..model.structure import Structure
from ..schema.structure import Unit
from .markup import Html, esc
from .options import DiagramOptions

__all__ = ["UnitLabel", "name_html", "unit_label"]


def name_html(zh: str, en: str | None, lang: str, note: str = "") -> str:
    """Return a name as label text in ``lang``: English, Chinese, or both (English smaller).

    A missing English name falls back to the Chinese one; ``note`` follows the first line.

    >>> name_html("党政办", "General Office", "both", " 新设")
    '党政办 新设<BR/><FONT POINT-SIZE="9">General Office</FONT>'
    """
    if lang == "en" and en:
        return esc(en + note)
    if lang == "both" and en:
        return f'{esc(zh + note)}<BR/><FONT POINT-SIZE="9">{esc(en)}</FONT>'
    return esc(zh + note)


class UnitLabel(NamedTuple):
    """A unit's HTML-like label, and what in it the legend explains."""

    html: Html
    #: a staffing badge was drawn
    badge: bool
    #: the badge shows estimated posts
    estimated: bool


def unit_label(s: Structure, u: Unit, opts: DiagramOptions, *, marker: str = "",
               struck: bool = False, note: str = "", functions: bool = False) -> UnitLabel:
    """Return the label of ``u`` (a unit of ``s``): its name, nameplates, staffing badge
    (when ``opts.staffing``) and, with ``functions``, its functions, all in ``opts.lang``.

    ``marker`` follows the name (the unverified mark); ``struck`` strikes the name through
    (a unit that is gone); ``note`` is added to the name (a new unit).
    """
    name = name_html(u.name, u.name_en, opts.lang, note)
    if struck:
        name = f"<S>{name}</S>"
    rows = [f"<TR><TD><B>{name}</B>{esc(marker)}</TD></TR>"]
    for plate in u.nameplates:
        text = word("nameplate", opts.lang, plate=plate)
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{esc(text)}</FONT></TD></TR>')
    estimated = s.is_estimated(u)
    badge = staffing_badge(u.staffing, estimated) if opts.staffing else ""
    if badge:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{esc(badge)}</FONT></TD></TR>')
    if functions and u.functions:
        names = [s.function_name(f, opts.lang) for f in u.functions]
        rows.append('<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">'
                    + "<BR/>".join(esc("· " + n) for n in names) + "</FONT></TD></TR>")
    html = Html('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows)
                + "</TABLE>>")
    return UnitLabel(html, bool(badge), estimated and bool(badge))
