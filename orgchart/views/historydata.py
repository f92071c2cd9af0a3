"""What a history's page knows of each change: plain JSON-ready records for the date slider.

A change's record carries its date as written (``约2019`` stays approximate), its document
(文号, issuer, title), approval and effective dates, status, evidence, sources, note and
what each of its events did. A fact the history does not give is left out, never filled in.
"""

from __future__ import annotations

from ..base import vocab
from ..model.history import Change, History
from ..schema.history import CHANGE_STATUSES
from .history import step_text
from .viewdata import Record, source_records

__all__ = ["change_record", "start_record"]


def change_record(history: History, change: Change) -> Record:
    """Return the record of one change, as the page's change panel shows it.

    >>> import orgchart
    >>> h = orgchart.load_history("tests/data/history/history.yaml")
    >>> rec = change_record(h, h.changes[0])
    >>> rec["when"], rec["number"], rec["issuer"], rec["status"]
    ('2015-11-18', '湘民行发〔2015〕25号', '湖南省民政厅', '施行')
    """
    rec: Record = {
        "id": change.id,
        "when": change.when.text("zh") if change.when is not None else "?",
        "status": CHANGE_STATUSES.get(change.status, change.status),
        "planned": change.status == "planned",
        "sources": source_records(change.sources),
        "steps": [f"{change.structure or history.start.id}: {step_text(st)}"
                  for st in history.steps() if st.change is change],
    }
    doc = change.document
    if doc is not None:
        rec.update({k: v for k, v in (("number", doc.number), ("title", doc.title),
                                      ("issuer", doc.issuer)) if v})
    for key, when in (("approved", change.approved), ("effective", change.effective)):
        if when is not None:
            rec[key] = when.text("zh")
    evidence = change.evidence or history.default_evidence
    if evidence:
        rec["evidence"] = vocab.label(vocab.EVIDENCE, evidence)
    if change.note:
        rec["note"] = change.note
    return rec


def start_record(history: History) -> Record:
    """Return what the slider's first stop says: the starting structure and its date."""
    rec: Record = {"id": "start", "name": history.start.name,
                   "sources": source_records(history.sources)}
    if history.start_date is not None:
        rec["when"] = history.start_date.text("zh")
    if history.note:
        rec["note"] = history.note
    return rec
