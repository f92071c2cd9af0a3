"""The text around a structure chart: its title above and its legend below."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..base import vocab
from ..base.words import word
from ..model.marks import member_total, reported_lines
from ..model.structure import Structure
from .markup import Html, esc
from .options import DiagramOptions
from .units import name_html

__all__ = ["Drawn", "title_label", "legend_label"]


@dataclass
class Drawn:
    """What a chart drew so far, so that its legend explains exactly that."""

    categories: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    unverified: bool = False
    #: a fact of a verified unit was marked not verified (the attribute mark)
    attributes: bool = False
    estimates: bool = False
    #: a staffing badge was drawn, so the legend explains them
    badges: bool = False
    #: a badge or total shows a figure not known (?) or only partly known (≥)
    unknown: bool = False


def title_label(s: Structure, opts: DiagramOptions, theme: dict[str, Any], drawn: Drawn) -> Html:
    """Return the chart's title: its name, date and staffing in total, and the figures
    sources give for the whole structure."""
    name = name_html(s.name, s.name_en, opts.lang, width=float(theme["layout"]["wrap_title"]))
    rows = [f'<TR><TD><B>{name}</B></TD></TR>']
    info = []
    if s.as_of:
        info.append(word("as-of", opts.lang, date=s.as_of.text(opts.lang)))
    if opts.staffing:
        lang = "en" if opts.lang == "en" else "zh"
        estimated = s.totals_estimated()  # a sum of one structure's estimates is one
        drawn.estimates |= estimated
        if s.members:
            summary = _member_total(s, lang)
            info.append(word("staffing-total-members", lang) + summary)
        else:
            summary = s.totals().summary(lang, estimated)
            info.append(word("staffing-total", lang) + summary)
        drawn.unknown |= "?" in summary or "≥" in summary
    if info:
        rows.append(f'<TR><TD><FONT POINT-SIZE="11">{esc("　".join(info))}</FONT></TD></TR>')
    marker = theme["unverified"]["marker"] if opts.mark_unverified else ""
    rows += [f'<TR><TD><FONT POINT-SIZE="10">{esc(line)}</FONT></TD></TR>'
             for line in reported_lines(s, opts.lang, marker)]
    return Html('<<TABLE BORDER="0" CELLSPACING="2">' + "".join(rows) + "</TABLE>>")


def _member_total(s: Structure, lang: str) -> str:
    """Return the staffing of ``s`` with its members, in words where members' figures are
    estimates: those are not added, since 32 copies of one town's estimate are no estimate
    of a county (audit E14)."""
    total = member_total(s)
    if not total.left_out:
        return total.staffing.summary(lang, total.estimated)
    n = len(total.left_out)
    if not total.added:
        return word("staffing-members-not-added", lang, count=n)
    return (total.staffing.summary(lang, total.estimated)
            + word("staffing-members-left-out", lang, count=n))


def legend_label(s: Structure, opts: DiagramOptions, theme: dict[str, Any],
                 drawn: Drawn) -> Html | None:
    """Return the legend of exactly what the chart drew, or None when it drew nothing to
    explain."""
    rows = []
    lang = "en" if opts.lang == "en" else "zh"
    node, edge, frame = theme["node"], theme["edge"], theme["frame"]
    for cat in drawn.categories:
        c = theme["category"].get(cat, {})
        fill, border = c.get("fillcolor", node["fillcolor"]), c.get("color", node["color"])
        rows.append(f'<TR><TD BGCOLOR="{esc(fill)}" WIDTH="24" '
                    f'BORDER="1" COLOR="{esc(border)}">'
                    f'</TD><TD ALIGN="LEFT">{esc(vocab.label(vocab.CATEGORIES, cat, lang))}'
                    "</TD></TR>")
    for rel in drawn.relations:
        r = theme["relation"].get(rel, {})
        rows.append(f'<TR><TD><FONT COLOR="{esc(r.get("color", edge["color"]))}">'
                    f'{esc(r.get("sample", "──▶"))}</FONT></TD><TD ALIGN="LEFT">'
                    f"{esc(vocab.label(vocab.RELATIONS, rel, lang))}</TD></TR>")
    if s.members:
        text = word("legend.member", lang)
        member = theme["member"]
        rows.append(f'<TR><TD BGCOLOR="{esc(member["fillcolor"])}" BORDER="1" '
                    f'COLOR="{esc(member["color"])}"></TD>'
                    f'<TD ALIGN="LEFT">{esc(text)}</TD></TR>')
    if drawn.unverified:
        text = word("legend.unverified", lang)
        rows.append(f'<TR><TD>{esc(theme["unverified"]["marker"])} ┆</TD>'
                    f'<TD ALIGN="LEFT">{esc(text)}</TD></TR>')
    if drawn.attributes:
        text = word("legend.attribute", lang)
        rows.append(f'<TR><TD>{esc(theme["unverified"]["attribute_marker"])}</TD>'
                    f'<TD ALIGN="LEFT">{esc(text)}</TD></TR>')
    if drawn.badges:
        text = word("legend.badges", lang)
        if drawn.estimates:
            text += word("legend.estimate", lang)
        if drawn.unknown:
            text += word("legend.unknown", lang)
        rows.append(f'<TR><TD COLSPAN="2"><FONT POINT-SIZE="9">{esc(text)}</FONT></TD></TR>')
    if not rows:
        return None
    title = word("legend", lang)
    table = (f'<<TABLE BORDER="1" COLOR="{esc(frame["color"])}" CELLBORDER="0" '
             'CELLSPACING="3">'
             f'<TR><TD COLSPAN="2"><B>{title}</B></TD></TR>' + "".join(rows) + "</TABLE>>")
    return Html(table)
