"""The reform report of a reorganisation plan, as a document: the plan's summary, the
crosswalk (原机构 → 现机构, 职能去向, 编制去向), the staffing balance per type, and the
before/after chart (a picture the task draws: views cannot draw).

It reuses the accounting (:mod:`orgchart.rules.accounting`) as it is: the same rows as
``orgchart reorg --table``. A plan not verified marks its title and every unit row ``※``;
figures that are (partly) estimates carry ``≈``; what no unit gives prints ``?``.
"""

from __future__ import annotations

from collections import Counter

from ...base import vocab
from ...base.errors import errors_in
from ...base.words import word
from ...rules.accounting import Accounting, StaffRow
from ...rules.crosswalk import event_words
from .document import UNKNOWN, Block, Document, Grid, Heading, Para, Picture, marked

__all__ = ["reform_document", "CHART"]

#: the key of the before/after chart the renderer is handed
CHART = "before-after"


def reform_document(acc: Accounting) -> Document:
    """Return the reform report of an accounted plan."""
    plan = acc.plan
    unverified = not plan.verified
    title = marked(word("reform.title", name=plan.name), unverified=unverified)
    when = str(plan.effective) if plan.effective else UNKNOWN
    blocks: list[Block] = [Heading(word("reform.summary"), 1), *_summary(acc)]
    blocks += [Heading(word("reform.crosswalk"), 1), _crosswalk(acc)]
    blocks += [Heading(word("reform.balance"), 1), _balance(acc), *_balance_notes(acc)]
    blocks += [Heading(word("reform.chart"), 1),
               Picture(CHART, word("reform.caption", name=plan.name))]
    blocks.append(Para(word("reform.marks"), indent=False, small=True))
    if plan.sources:
        blocks.append(Para(word("sanding.sources"), indent=False, small=True))
        blocks += [Para(f"{k}. {src.title}" + (f"（{src.date}）" if src.date else ""),
                        indent=False, small=True) for k, src in enumerate(plan.sources, 1)]
    return Document(title, word("reform.subtitle", date=when), tuple(blocks))


def _summary(acc: Accounting) -> list[Block]:
    plan, after = acc.plan, acc.after
    before = plan.before
    events = Counter(e.type for e in plan.events)
    done = word("list").join(f"{vocab.label(vocab.EVENT_TYPES, t)} {n} 项"
                             for t, n in events.most_common())
    est_before, est_after = before.rollup_estimated(), after.rollup_estimated()
    quota_before = marked(before.totals().quota.text(), estimated=est_before)
    quota_after = marked(after.totals().quota.text(), estimated=est_after)
    text = word("reform.summary-text", before=before.name, after=after.name,
                old=len(before), new=len(after), events=len(plan.events), done=done,
                quota_before=quota_before, quota_after=quota_after)
    blocks: list[Block] = [Para(text)]
    verdict = "reform.ok" if acc.ok else "reform.not-ok"
    blocks.append(Para(word(verdict, errors=len(errors_in(acc.problems)))))
    if not plan.verified:
        blocks.append(Para(word("reform.unverified")))
    return blocks


def _crosswalk(acc: Accounting) -> Grid:
    unverified = not acc.plan.verified
    header = tuple(word("crosswalk." + k) for k in
                   ("old", "event", "new", "functions", "posts", "nameplates"))
    body = tuple((marked(r.old or "—", unverified=unverified and bool(r.old)),
                  event_words(r.event), "\n".join(r.new) or "—",
                  "\n".join(r.functions) or "—", r.staffing or "—",
                  "\n".join(r.nameplates) or "—") for r in acc.crosswalk)
    return Grid(header, body, (), (3, 2, 3, 4, 2, 2))


def _balance(acc: Accounting) -> Grid:
    header = tuple(word("balance." + k) for k in (
        "type", "old", "in", "out", "ended", "created", "expected", "new")) + (
        word("reform.verdict"),)
    est_before = acc.plan.before.rollup_estimated()
    est_after = acc.after.rollup_estimated()
    body = tuple(_balance_row(r, est_before, est_after) for r in acc.staffing)
    return Grid(header, body, (), (3, 2, 2, 2, 2, 2, 2, 2, 3))


def _balance_row(r: StaffRow, est_before: bool, est_after: bool) -> tuple[str, ...]:
    verdict = ("balance.ok" if r.balanced else "balance.imbalance" if r.checked
               else "reform.unchecked")
    return (vocab.label(vocab.STAFF_TYPES, r.type),
            marked(r.old_total.text(), estimated=est_before),
            str(r.moved_in), str(r.moved_out), str(r.ended), str(r.created),
            marked(str(r.expected), estimated=est_before) if r.checked else UNKNOWN,
            marked(r.new_total.text(), estimated=est_after), word(verdict))


def _balance_notes(acc: Accounting) -> list[Block]:
    notes: list[Block] = []
    if acc.plan.before.rollup_estimated() or acc.after.rollup_estimated():
        notes.append(Para(word("balance.estimate"), indent=False, small=True))
    return notes
