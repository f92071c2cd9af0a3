"""A history as text: the 沿革 of one body or all, each dated change with its document."""

from __future__ import annotations

from ..model.history import Change, History, Lineage, Step

__all__ = ["format_changes", "format_lineage"]

_KIND = {"establish": "设立", "abolish": "撤销", "rename": "更名", "merge": "合并",
         "merged-into": "合并设立", "split": "拆分", "merge-structures": "乡镇合并",
         "rename-structure": "更名/改设", "detach": "划出"}


def _document(change: Change) -> str:
    doc = change.document
    if doc is None:
        return ""
    parts = [doc.issuer, f"《{doc.title}》" if doc.title else None]
    return " ".join(p for p in parts if p)


def _step(step: Step) -> str:
    what = _KIND.get(step.kind, step.kind)
    to = "、".join(t[1] for t in step.targets if t != step.source)
    return f"{step.source[1]} {what}" + (f" → {to}" if to else "")


def format_changes(history: History) -> str:
    """Return every change, in order: date, document, status and what it did."""
    lines = [f"{history.name}（{history.id}）", f"起点：{history.start.name}"
             + (f"（{history.start_date}）" if history.start_date else "")]
    for change in history.changes:
        lines.append(f"- {change.label()}  {_document(change)}")
        s = change.structure or history.start.id
        steps = [st for st in history.steps() if st.change is change]
        for st in steps:
            lines.append(f"    {s}: {_step(st)}")
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
        lines.extend(f"  - {st.change.label()}  {_document(st.change)}  {_step(st)}"
                     for st in steps)
    return "\n".join(lines) + "\n"
