"""A history as text: the 沿革 of one body or all, each dated change with its document."""

from __future__ import annotations

from typing import Any

from ..base import vocab
from ..base.words import WORDS, word
from ..model.history import Change, History, Lineage, Step

__all__ = ["change_label", "change_document", "event_line", "step_text", "format_changes",
           "format_lineage"]


def change_label(change: Change) -> str:
    """Return one line naming the change: its date as written (约2021-06), document number,
    id, and its status when it is not in force."""
    doc = change.document
    parts = [change.when.text("zh") if change.when is not None else "?",
             doc.number if doc and doc.number else "", f"[{change.id}]"]
    if not change.in_force and f"status.{change.status}" in WORDS:
        parts.append(word(f"status.{change.status}"))
    return " ".join(p for p in parts if p)


def change_document(change: Change) -> str:
    """Return the issuer and the title of the change's document, as far as known."""
    doc = change.document
    if doc is None:
        return ""
    parts = [doc.issuer, f"《{doc.title}》" if doc.title else None]
    return " ".join(p for p in parts if p)


def step_text(step: Step) -> str:
    """Return what one step did: ``town-b 乡镇合并 → town-bc``."""
    what = word(f"step.{step.kind}") if f"step.{step.kind}" in WORDS else step.kind
    to = "、".join(t[1] for t in step.targets if t != step.source)
    return f"{step.source[1]} {what}" + (f" → {to}" if to else "")


def format_changes(history: History) -> str:
    """Return every change, in order: date, document, status and what it did."""
    lines = [f"{history.name}（{history.id}）", f"起点：{history.start.name}"
             + (f"（{history.start_date}）" if history.start_date else "")]
    for change in history.changes:
        lines.append(f"- {change_label(change)}  {change_document(change)}".rstrip())
        s = change.structure or history.start.id
        steps = [st for st in history.steps() if st.change is change]
        for st in steps:
            lines.append(f"    {s}: {step_text(st)}")
    if history.planned:
        lines.append("规划中（未施行）：" + "、".join(c.id for c in history.planned))
    return "\n".join(lines) + "\n"


def format_lineage(lineage: Lineage) -> str:
    """Return a body's 沿革: its own dated steps, then its predecessors and successors."""
    s, unit = lineage.unit
    lines = [f"{unit}（{s}）沿革"]
    for title, steps in (("本机构", lineage.steps), ("前身", lineage.predecessors),
                         ("后继", lineage.successors)):
        lines.append(f"{title}：" + ("无" if not steps else ""))
        lines.extend(f"  - {change_label(st.change)}  {change_document(st.change)}  "
                     f"{step_text(st)}" for st in steps)
    return "\n".join(lines) + "\n"


#: keys of an event's data shown as who and whither (the rest follow as labelled fields)
_SUBJECT = ("unit", "units", "from", "structure")
_TARGET = ("into", "id", "to")


def event_line(data: dict[str, Any], lang: str = "zh") -> str:
    """Return one event (as :func:`~orgchart.schema.events.events_to_data` gives it) as a
    readable line: what happened, to which body, into which, then its other facts.

    >>> event_line({"type": "rename", "unit": "poverty-station", "id": "revitalisation-station",
    ...             "name": "乡村振兴工作站"})
    '更名：poverty-station → revitalisation-station；名称 乡村振兴工作站'
    """
    kind = str(data.get("type", ""))
    head = word(f"step.{kind}", lang) if f"step.{kind}" in WORDS else kind
    sep = word("list", lang)
    who = sep.join(_body(data[k]) for k in _SUBJECT if k in data)
    whither = sep.join(_body(data[k]) for k in _TARGET if k in data)
    line = head + word("colon", lang) + who + (f" → {whither}" if whither else "")
    rest = [_field(k, v, lang) for k, v in data.items()
            if k not in ("type", *_SUBJECT, *_TARGET)]
    return line + "".join(f"；{r}" for r in rest)


def _body(value: Any) -> str:
    """A body as written in an event: an id, a list of ids, or a new unit or town (its
    name, with the id)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "、".join(_body(v) for v in value)
    if isinstance(value, dict):
        ident = value.get("id") or value.get("structure") or value.get("unit")
        name = value.get("name")
        return f"{name}（{ident}）" if name and ident else str(name or ident or value)
    return str(value)


def _field(key: str, value: Any, lang: str) -> str:
    label = word(f"event.{key}", lang) if f"event.{key}" in WORDS else key
    if isinstance(value, dict) and key in ("staffing", "end_staffing", "new_staffing"):
        text = _staffing(value, lang)
    elif key == "level" and isinstance(value, str):
        text = vocab.label(vocab.LEVELS, value, lang)
    else:
        text = _value(value, lang)
    return f"{label} {text}"


def _staffing(value: dict[str, Any], lang: str) -> str:
    return "、".join(f"{vocab.label(vocab.STAFF_TYPES, k, lang)} {v}"
                    for k, v in value.items()) or "—"


def _value(value: Any, lang: str) -> str:
    """Return any other value of an event in words, never as Python writes it: a flag as
    是/否, a source by its title, a mapping as ``key → value`` (``finance → general-office``;
    posts by type in words, ``service-centre：事业编制 5``)."""
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, list | tuple):
        return "、".join(_value(v, lang) for v in value) or "—"
    if not isinstance(value, dict):
        return str(value)
    if any(k in value for k in ("id", "structure", "unit", "name")):
        return _body(value)
    if isinstance(value.get("type"), str) and "with" in value:  # a link: 业务指导（body）
        relation = vocab.label(vocab.RELATIONS, value["type"], lang)
        return f"{relation}（{_value(value['with'], lang)}）"
    if "title" in value or "url" in value:
        return " ".join(str(x) for x in (value.get("title"), value.get("url")) if x)
    if value and all(k in vocab.STAFF_TYPES for k in value):
        return _staffing(value, lang)
    parts = []
    for k, v in value.items():
        if isinstance(v, dict):
            parts.append(f"{k}{word('colon', lang)}{_value(v, lang)}")
        else:
            label = word(f"event.{k}", lang) if f"event.{k}" in WORDS else k
            parts.append(f"{label} → {_value(v, lang)}")
    return word("list", lang).join(parts) or "—"
