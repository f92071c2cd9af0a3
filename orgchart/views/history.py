"""A history as text: the 沿革 of one body or all, each dated change with its document."""

from __future__ import annotations

from ..base.words import WORDS, word
from ..model.history import Change, History, Lineage, Step

__all__ = ["change_label", "change_document", "step_text", "format_changes", "format_lineage"]


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
