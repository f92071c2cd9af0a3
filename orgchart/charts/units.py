"""The box of a unit, one label for every chart: the structure chart and the reform chart."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..base.labels import staffing_badge
from ..base.words import word
from ..base.wrap import wrap
from ..model.evidence import stated_facts
from ..model.structure import Structure
from ..schema.structure import Unit
from .markup import Html, esc
from .options import DiagramOptions

__all__ = ["UnitLabel", "name_html", "unit_label", "unverified_facts", "wrapped",
           "BOX_FACTS"]

#: the facts a unit's box shows in a place of their own (each is marked there); the
#: others are marked after the name
BOX_FACTS = frozenset({"name", "nameplates", "staffing", "functions"})


def wrapped(text: str, width: float | None) -> str:
    """Return ``text`` escaped for a label, broken into lines ``width`` characters wide
    (Chinese characters; a Latin letter is half of one), or on one line when ``width`` is None.

    >>> wrapped("县工商行政管理局（今市场监督管理局）", 12)
    '县工商行政管理局<BR/>（今市场监督管理局）'
    """
    return esc(text) if width is None else "<BR/>".join(esc(line) for line in wrap(text, width))


def name_html(zh: str, en: str | None, lang: str, note: str = "",
              width: float | None = None) -> str:
    """Return a name as label text in ``lang``: English, Chinese, or both (English smaller),
    wrapped at ``width`` (see :func:`wrapped`).

    A missing English name falls back to the Chinese one; ``note`` follows the Chinese name.

    >>> name_html("党政办", "General Office", "both", " 新设")
    '党政办 新设<BR/><FONT POINT-SIZE="9">General Office</FONT>'
    """
    if lang == "en" and en:
        return wrapped(en, width) + esc(note)
    if lang == "both" and en:
        return (f'{wrapped(zh, width)}{esc(note)}<BR/>'
                f'<FONT POINT-SIZE="9">{wrapped(en, width)}</FONT>')
    return wrapped(zh, width) + esc(note)


class UnitLabel(NamedTuple):
    """A unit's HTML-like label, and what in it the legend explains."""

    html: Html
    #: a staffing badge was drawn
    badge: bool
    #: the badge shows estimated posts
    estimated: bool
    #: a fact of a verified unit is marked not verified (the attribute mark)
    attributes: bool = False


def unverified_facts(s: Structure, u: Unit) -> set[str]:
    """Return the facts ``u`` states that are not verified."""
    return {f for f in stated_facts(u) if s.level_of(u, f) != "verified"}


def unit_label(s: Structure, u: Unit, opts: DiagramOptions, layout: dict[str, Any], *,
               marker: str = "", struck: bool = False, note: str = "",
               functions: bool = False, attribute_marker: str = "†") -> UnitLabel:
    """Return the label of ``u`` (a unit of ``s``): its name, nameplates, staffing badge
    (when ``opts.staffing``) and, with ``functions``, its functions, all in ``opts.lang``;
    long texts wrap at the theme's ``layout`` widths (``wrap``, ``wrap_small``).

    ``marker`` follows the name (the unverified mark); ``struck`` strikes the name through
    (a unit that is gone); ``note`` is added to the name (a new unit). In a unit that is
    itself verified (no ``marker``), each fact that is not is marked with
    ``attribute_marker`` where the box shows it (a nameplate, the functions), and after the
    name for the facts the box does not show (category, rank, dates, ...); staffing that is
    not verified is marked ``≈`` on its badge.
    """
    width, small = float(layout["wrap"]), float(layout["wrap_small"])
    loose = unverified_facts(s, u) if opts.mark_unverified and s.is_verified(u) else set()
    mark = esc(attribute_marker)
    name = name_html(u.name, u.name_en, opts.lang, note, width)
    if struck:
        name = f"<S>{name}</S>"
    after_name = mark if loose - BOX_FACTS else ""
    rows = [f"<TR><TD><B>{name}</B>{esc(marker)}{after_name}</TD></TR>"]
    plate_mark = mark if "nameplates" in loose else ""
    for plate in u.nameplates:
        text = word("nameplate", opts.lang, plate=plate)
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{wrapped(text, small)}{plate_mark}'
                    '</FONT></TD></TR>')
    estimated = s.is_estimated(u)
    badge = staffing_badge(u.staffing, estimated) if opts.staffing else ""
    if badge:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{esc(badge)}</FONT></TD></TR>')
    drawn_functions = functions and bool(u.functions)
    if drawn_functions:
        names = [s.function_name(f, opts.lang) for f in u.functions]
        fn_mark = mark if "functions" in loose else ""
        rows.append('<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">'
                    + "<BR/>".join(wrapped("· " + n, small) for n in names) + fn_mark
                    + "</FONT></TD></TR>")
    html = Html('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows)
                + "</TABLE>>")
    attributes = bool(after_name or (plate_mark and u.nameplates)
                      or (drawn_functions and "functions" in loose))
    return UnitLabel(html, bool(badge), estimated and bool(badge), attributes)
