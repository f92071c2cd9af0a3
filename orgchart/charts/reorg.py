"""Before/after diagrams of a reorganisation: old units linked to where they went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, get_args

from ..base import vocab
from ..base.words import word
from ..model.marks import estimated_types, unit_marked
from ..model.structure import Structure
from ..read.theme import LinkKind
from ..rules.accounting import Accounting
from ..schema.structure import Unit
from .fans import bundle, fan_lines, link_line
from .markup import Html, attrs, esc, quote
from .options import DiagramOptions, theme_for
from .units import unit_label, wrapped

__all__ = ["reorg_to_dot", "LINK_KINDS"]

#: The kinds of old -> new link, least telling first; the theme's ``link`` table draws them.
LINK_KINDS: tuple[str, ...] = get_args(LinkKind)
_STRUCTURAL = {"merge": "merge", "split": "split", "abolish": "transfer", "rename": "rename",
               "detach": "transfer",
               "transfer-functions": "transfer", "transfer-staffing": "transfer"}


def _links(acc: Accounting, first: dict[str, str]
           ) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Return (old id, new id, link kind, functions moved) for every old unit.

    A unit is one node on each side whatever ids a rename gave it: what happens to it under
    a later id is drawn from its old node, and a rename with a new id is one 更名 arrow.
    """
    before, after, out = acc.plan.before, acc.after, acc.outcome
    outside = acc.plan.outside_ids()
    links: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def add(src: str, dst: str, kind: str, fn: str | None = None) -> None:
        dst = out.follow(dst)[-1]
        if dst not in after and dst not in outside:
            return
        old_kind, fns = links.get((src, dst), (kind, []))
        rank = LINK_KINDS
        best = kind if rank.index(kind) > rank.index(old_kind) else old_kind
        links[(src, dst)] = (best, fns + ([fn] if fn else []))

    for u in before.units:
        ids = out.follow(u.id)
        for fate in sorted(f for uid in ids for f in out.fates.get(uid, [])):
            for t in fate.targets:
                add(u.id, t, _STRUCTURAL.get(fate.what, "kept"))
        if ids[-1] in after:
            add(u.id, ids[-1], "kept")
    for f in out.flows:
        src = first.get(f.source) if f.source is not None else None
        if f.kind == "function" and src is not None and f.target is not None:
            if first.get(f.target) == src:
                continue  # a rename gave the unit a new id: nothing moved
            add(src, f.target, "transfer", f.item)
        elif f.kind == "staffing" and f.source in outside and f.target is not None:
            add(f.source, f.target, "transfer")  # posts moved down (下沉) from outside
    return [(s, d, k, tuple(fns)) for (s, d), (k, fns) in links.items()]


def _changed(acc: Accounting) -> set[str]:
    before, after = acc.plan.before, acc.after
    ids = {u.id for u in before.units if acc.outcome.fates.get(u.id) or u.id not in after}
    ids |= {u.id for u in after.units if u.id not in before or u != before.unit(u.id)}
    return ids


def reorg_to_dot(acc: Accounting, options: DiagramOptions | None = None, view: str = "full",
                 **kw: Any) -> str:
    """Return the DOT text of the before/after diagram of an accounted plan."""
    opts = replace(options, **kw) if options else DiagramOptions(**kw)
    theme = theme_for(opts)
    lang = "en" if opts.lang == "en" else "zh"
    before, after = acc.plan.before, acc.after
    changed = _changed(acc)
    keep = set(changed) if view == "delta" else None
    first = acc.outcome.first_ids(acc.plan.before)
    every = _links(acc, first)
    links = [lk for lk in every
             if keep is None or lk[0] in keep or lk[1] in keep or lk[2] != "kept"]
    if keep is not None:
        keep |= {s for s, _, _, _ in links} | {d for _, d, _, _ in links}
    fonts = opts.fonts()
    marked = _marked(acc, changed, keep) if opts.mark_unverified else set()
    summary = _summary(acc, lang, theme, {k for _, _, k, _ in every}, marked)
    title = wrapped(acc.plan.name, float(theme["layout"]["wrap_title"]))
    if marked and not acc.plan.verified:
        title += esc(theme["unverified"]["marker"])
    lines = [f"digraph {quote(acc.plan.id)} {{",
             "  " + "graph " + attrs({**theme["graph"], "rankdir": "LR", "splines": "polyline",
                                      "ranksep": "1.5", "nodesep": "0.15", "newrank": "true",
                                      "charset": "UTF-8", "fontname": fonts,
                                      "label": Html(f"<<B>{title}</B>>"), "labelloc": "t",
                                      "fontsize": "16"}),
             "  node " + attrs({**theme["node"], "fontname": fonts}),
             "  edge " + attrs({**theme["edge"], "fontname": fonts})]
    side_labels = {"b": word("side.before", lang) + before.name,
                   "a": word("side.after", lang) + after.name}
    outside = {b.id: b for b in (*before.outside, *acc.plan.outside, *after.outside)}
    ends = {"b": list(dict.fromkeys(s for s, _, _, _ in links if s in outside)),
            "a": list(dict.fromkeys(d for _, d, _, _ in links if d in outside))}
    units = {"b": [u for u in before.units if keep is None or u.id in keep],
             "a": [u for u in _declared(acc) if keep is None or u.id in keep]}
    # Outside bodies that posts come from stand in their own column between the sides, where
    # Graphviz puts them near the units they feed (their lines cross the fewest); those
    # that take posts or functions stand in the after column, above or below its units.
    order = _columns({side: [u.id for u in units[side]] for side in "ba"},
                     {"b": [], "a": ends["a"]}, links)
    ostyle = {k: v for k, v in theme["outside"].items() if k != "cluster_fill"}
    wrap = float(theme["layout"]["wrap"])
    # No side is a cluster: Graphviz keeps a column's order only outside clusters.
    shorter = min("ba", key=lambda side: (len(order[side]), side))
    for side, s in (("b", before), ("a", after)):
        # a side holding a reconstruction is titled like one
        mark = esc(theme["unverified"]["marker"]) if any(
            f"{side}:{u.id}" in marked for u in units[side]) else ""
        head = {"shape": "plaintext", "style": "", "fontsize": "16",
                "label": Html(f"<<B>{wrapped(side_labels[side], 2 * wrap)}{mark}</B>>")}
        lines.append(f"  {quote(side + ':')} {attrs(head)}")
        for u in units[side]:
            lines.append("  " + _node(side, u, s, acc, theme, opts, first,
                                      f"{side}:{u.id}" in marked))
        for body in ends[side]:  # outside bodies that posts or functions come from or go to
            text = Html(f"<<I>{wrapped(outside[body].name, wrap)}</I>>")
            lines.append(f"  {quote(side + ':' + body)} {attrs({**ostyle, 'label': text})}")
        column = [side + ":", *(f"{side}:{i}" for i in order[side])]
        if side == shorter:  # the summary and legend under the shorter column
            lines.append(f"  {quote(side + ':summary')} "
                         f"{attrs({'shape': 'plaintext', 'style': '', 'label': Html(summary)})}")
            column.append(side + ":summary")
        lines.append(_column(column, opts.order == "declared"))
    labels = {}
    for lk in links:
        if opts.functions and lk[3] and lk[2] != "kept":
            # an HTML label, so that a name written like markup stays text
            names = "、".join(after.function_name(f, lang) for f in lk[3])
            labels[lk] = {"label": Html("<" + esc(names) + ">")}
    # an outside source is its own junction: its lines are not bundled again
    fans, lone = bundle([lk for lk in links if lk[0] not in ends["b"]])
    lone += [lk for lk in links if lk[0] in ends["b"]]
    for fan in fans:  # a fan of lines: one trunk, then short branches
        lines += fan_lines(fan, dict(theme["link"][fan.kind]), theme["bus"], labels)
    for lk in lone:
        lines.append(link_line("b:" + lk[0], "a:" + lk[1],
                               {**theme["link"][lk[2]], **labels.get(lk, {})}))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _column(column: list[str], declared: bool) -> str:
    """Return the DOT statement standing one column's boxes in one rank: top to bottom in
    declared order (an invisible chain), or (``declared`` false) the head first, the summary
    last and the boxes between in whatever order crosses the fewest lines."""
    names = [quote(n) for n in column]
    if declared:
        return f"  {{rank=same; {' -> '.join(names)} [style=invis]}}"
    head, *rest = names
    tail = [rest.pop()] if column[-1].endswith(":summary") else []
    edges = [f"{head} -> {n}" for n in rest + tail] + [f"{n} -> {t}" for t in tail for n in rest]
    return f"  {{rank=same; {'; '.join(names + [e + ' [style=invis]' for e in edges])}}}"


def _declared(acc: Accounting) -> list[Unit]:
    """Return the units after the plan in declared order: the target's (``to:``) when the
    plan names one, then any unit the target lacks, in the order the events made them."""
    target = acc.plan.after
    if target is None:
        return list(acc.after.units)
    at = {u.id: i for i, u in enumerate(target.units)}
    return sorted(acc.after.units, key=lambda u: at.get(u.id, len(at)))


def _crossings(order: dict[str, list[str]], links: Iterable[tuple[str, str, str, Any]]
               ) -> int:
    """Return how many old -> new links cross when the columns stand in ``order``."""
    b = {n: i for i, n in enumerate(order["b"])}
    a = {n: i for i, n in enumerate(order["a"])}
    ends = [(b[s], a[d]) for s, d, _, _ in links if s in b and d in a]
    return sum(1 for i, (s, d) in enumerate(ends) for t, e in ends[i + 1:]
               if (s - t) * (d - e) < 0)


def _columns(units: dict[str, list[str]], ends: dict[str, list[str]],
             links: list[tuple[str, str, str, Any]]) -> dict[str, list[str]]:
    """Return each column's boxes top to bottom: its units in declared order, and the outside
    bodies above or below them, wherever fewer links cross (below when it is the same)."""
    options = []
    for b_top in (False, True):
        for a_top in (False, True):
            order = {side: (ends[side] + units[side]) if top else (units[side] + ends[side])
                     for side, top in (("b", b_top), ("a", a_top))}
            options.append((_crossings(order, links), b_top, a_top, order))
    return min(options, key=lambda o: o[:3])[3]


def _marked(acc: Accounting, changed: set[str], keep: set[str] | None) -> set[str]:
    """Return the nodes (``b:id``, ``a:id``) drawn as not verified: units their structure
    does not verify, and on the after side every unit an unverified plan made or changed."""
    before, after, plan = acc.plan.before, acc.after, acc.plan
    out = {f"b:{u.id}" for u in before.units if unit_marked(before, u)}
    out |= {f"a:{u.id}" for u in after.units
            if unit_marked(after, u, plan.verified or u.id not in changed)}
    return out if keep is None else {n for n in out if n[2:] in keep}


def _node(side: str, u: Unit, s: Structure, acc: Accounting, theme: dict[str, Any],
          opts: DiagramOptions, first: dict[str, str], marked: bool) -> str:
    style = {k: v for k, v in theme["category"].get(u.category, {}).items()
             if k != "cluster_fill"}
    # a unit renamed with a new id is neither gone nor new: one unit, one 更名 arrow
    gone = side == "b" and acc.outcome.follow(u.id)[-1] not in acc.after
    new = side == "a" and u.id not in first
    if gone:
        style.update(theme["change"]["gone"])
    if new:
        style.update(theme["change"]["new"])
    marker = ""
    if marked:
        style["style"] = theme["unverified"]["style"]
        marker = theme["unverified"]["marker"]
    note = word("new-unit", opts.lang) if new else ""
    label = unit_label(s, u, opts, theme["layout"], marker=marker, struck=gone,
                       note=note).html
    return f"{quote(side + ':' + u.id)} {attrs({**style, 'label': label})}"


def _count(units: Iterable[Unit]) -> dict[str, int]:
    out: dict[str, int] = {}
    for u in units:
        out[u.category] = out.get(u.category, 0) + 1
    return out


def _summary(acc: Accounting, lang: str, theme: dict[str, Any], drawn: set[str],
             marked: set[str]) -> str:
    before, after = acc.plan.before, acc.after
    # a cell adding in an estimate is marked as one, as a badge is
    approx = (estimated_types(before), estimated_types(after))
    cb, ca = _count(before.units), _count(after.units)
    head = [word(key, lang) for key in ("summary.category", "before", "after")]
    # Graphviz refuses an empty <B></B> and drops the whole label: the English head is blank
    rows = ["<TR>" + "".join(f"<TD><B>{h}</B></TD>" if h else "<TD></TD>" for h in head)
            + "</TR>"]
    for cat in vocab.CATEGORIES:
        if cat in cb or cat in ca:
            rows.append(f"<TR><TD ALIGN=\"LEFT\">{esc(vocab.label(vocab.CATEGORIES, cat, lang))}"
                        f"</TD><TD>{cb.get(cat, 0)}</TD><TD>{ca.get(cat, 0)}</TD></TR>")
    for row in acc.staffing:
        if row.old or row.new:
            name = esc(vocab.label(vocab.STAFF_TYPES, row.type, lang))
            # a type some units do not give prints as ≥ n or ?, never as a bare sum
            old, new = (n.badge(row.type in est)
                        for est, n in zip(approx, (row.old_total, row.new_total), strict=True))
            rows.append(f"<TR><TD ALIGN=\"LEFT\">{name}</TD><TD>{esc(old)}</TD>"
                        f"<TD>{esc(new)}</TD></TR>")
    legend = "".join(
        f'<TR><TD ALIGN="LEFT" COLSPAN="3"><FONT COLOR="{esc(theme["link"][k]["color"])}">━━▶'
        f'</FONT> {esc(word("link." + k, lang))}</TD></TR>' for k in LINK_KINDS
        if k in drawn)
    marks = word("summary.marks", lang)
    if any(approx):
        marks += word("legend.estimate", lang)
    legend += f'<TR><TD ALIGN="LEFT" COLSPAN="3">{esc(marks)}</TD></TR>'
    marker = theme["unverified"]["marker"]
    if marked:
        text = f'{marker} ┆ {word("legend.unverified", lang)}'
        legend += f'<TR><TD ALIGN="LEFT" COLSPAN="3">{esc(text)}</TD></TR>'
    if marked and not acc.plan.verified:
        text = word("summary.plan-unverified", lang)
        legend += f'<TR><TD ALIGN="LEFT" COLSPAN="3">{esc(text)}</TD></TR>'
    return ('<<TABLE BORDER="0" CELLSPACING="4">'
            f'<TR><TD><TABLE BORDER="1" CELLBORDER="0" '
            f'COLOR="{esc(theme["frame"]["color"])}">{"".join(rows)}</TABLE>'
            f'</TD><TD COLSPAN="2"><TABLE BORDER="0">{legend}</TABLE></TD></TR></TABLE>>')
