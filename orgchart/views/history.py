"""A history as text: the 沿革 of one body or all, each dated change with its document.

Towns, units and functions are written as ``名称（id）`` (:class:`~.events.Names`), by the
names they had at each change (:class:`ChangeNames`: before it, and after it for what it
made or renamed); a body no name is known for is written as its id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..base.words import WORDS, word
from ..model.history import Change, History, Lineage, Step
from .events import Names

__all__ = ["ChangeNames", "change_label", "change_document", "step_text", "format_changes",
           "format_lineage"]


@dataclass(frozen=True)
class ChangeNames:
    """The names of the bodies one change met: as they were before it, and after it."""

    before: Names = field(default_factory=Names)
    after: Names = field(default_factory=Names)


#: the names of each change, by change id; a change not in it names nothing
ByChange = Mapping[str, ChangeNames]
_NOTHING = ChangeNames()
#: the steps that name the functions they add or end
_FUNCTION_STEPS = ("add-functions", "end-functions")


def change_label(change: Change, lang: str = "zh") -> str:
    """Return one line naming the change: its date as written (约2021-06), document number,
    id, and its status when it is not in force."""
    doc = change.document
    parts = [change.when.text(lang) if change.when is not None else "?",
             doc.number if doc and doc.number else "", f"[{change.id}]"]
    if not change.in_force and f"status.{change.status}" in WORDS:
        parts.append(word(f"status.{change.status}", lang))
    return " ".join(p for p in parts if p)


def change_document(change: Change) -> str:
    """Return the issuer and the title of the change's document, as far as known."""
    doc = change.document
    if doc is None:
        return ""
    parts = [doc.issuer, f"《{doc.title}》" if doc.title else None]
    return " ".join(p for p in parts if p)


def step_text(step: Step, lang: str = "zh", names: ChangeNames = _NOTHING,
              functions: bool = False) -> str:
    """Return what one step did: the body it met by its name before the change, then the
    bodies that took its place by their names after it (a rename keeping its id: the new
    name); with ``functions``, the functions a step adds or ends, by their names.
    """
    what = word(f"step.{step.kind}", lang) if f"step.{step.kind}" in WORDS else step.kind
    source = _named(step.source[1], lang, names.before, names.after)
    to = [_named(t[1], lang, names.after, names.before) for t in step.targets
          if t != step.source]
    old, new = (n.units.get(step.source[1]) for n in (names.before, names.after))
    renamed = step.kind in ("rename", "rename-structure") or step.source in step.targets
    if renamed and not to and new and old and new != old:
        to = [new]
    text = f"{source} {what}" + (" → " + word("list", lang).join(to) if to else "")
    if functions and step.kind in _FUNCTION_STEPS:  # by name, as the diff writes them
        fns = getattr(step.event, "functions", ())
        text += word("colon", lang) + word("list", lang).join(
            names.before.functions.get(f) or names.after.functions.get(f) or f for f in fns)
    return text


def format_changes(history: History, lang: str = "zh", names: ByChange | None = None) -> str:
    """Return every change, in order: date, document, status and what it did, each body by
    its name (``names``: by change id) with its id."""
    names = names or {}
    start = _title(history.start.name, history.start.name_en, lang)
    lines = [word("bracket", lang, text=_title(history.name, history.name_en, lang),
                  inner=history.id),
             word("history.start", lang) + word("colon", lang) + start
             + (word("bracket", lang, text="", inner=history.start_date.text(lang))
                if history.start_date else "")]
    for change in history.changes:
        lines.append(f"- {change_label(change, lang)}  {change_document(change)}".rstrip())
        those = names.get(change.id, _NOTHING)
        where = change.structure or history.start.id
        steps = [st for st in history.steps() if st.change is change]
        if steps:  # one structure a change: named once, then each step
            lines.append(f"  {_named(where, lang, those.before, those.after)}"
                         + word("colon", lang).rstrip())
        lines.extend(f"    {step_text(st, lang, those, functions=True)}" for st in steps)
    if history.planned:
        lines.append(word("history.planned", lang) + word("colon", lang)
                     + word("list", lang).join(c.id for c in history.planned))
    return "\n".join(lines) + "\n"


def format_lineage(lineage: Lineage, lang: str = "zh", names: ByChange | None = None,
                   latest: Names | None = None) -> str:
    """Return a body's 沿革: its own dated steps, then its predecessors and successors;
    ``latest``: the names to title the body with (its latest name)."""
    names = names or {}
    s, unit = lineage.unit
    latest = latest or Names()
    head = _named(unit, lang, latest, latest)
    lines = [word("history.title", lang, body=head, structure=_named(s, lang, latest, latest))]
    for title, steps in (("history.own", lineage.steps), ("history.predecessors",
                         lineage.predecessors), ("history.successors", lineage.successors)):
        lines.append((word(title, lang) + word("colon", lang)
                      + ("" if steps else word("history.none", lang))).rstrip())
        lines.extend("  - " + "  ".join(p for p in (
            change_label(st.change, lang), change_document(st.change),
            step_text(st, lang, names.get(st.change.id, _NOTHING), functions=True)) if p)
            for st in steps)
    return "\n".join(lines) + "\n"


def _title(name: str, name_en: str | None, lang: str) -> str:
    return name_en if lang == "en" and name_en else name


def _named(ident: str, lang: str, first: Names, then: Names) -> str:
    name = first.units.get(ident) or then.units.get(ident)
    if not name or name == ident:
        return ident
    return word("bracket", lang, text=name, inner=ident)

