"""Short text forms shared by the terminal view and the diagrams."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import vocab

if TYPE_CHECKING:
    from ..model.tally import StaffTotals
    from ..schema.structure import Staffing

__all__ = ["staffing_badge", "display_width", "align_table", "printable",
           "UNPRINTABLE"]


def staffing_badge(st: Staffing | StaffTotals, estimated: bool = False) -> str:
    """Return a compact badge such as ``行3 事5 领1/2`` (empty when every figure is 0).

    A figure not known prints ``?`` (``行5 事?``; ``?`` alone when no post is known), a
    total some units do not give ``≥`` (``行≥48``); an estimated record starts with ``≈``.

    >>> from orgchart import Staffing
    >>> staffing_badge(Staffing(admin=3, institution=5, worker=0, heads=1, deputies=2))
    '行3 事5 领1/2'
    >>> staffing_badge(Staffing(admin=3, institution=0, worker=0), estimated=True)
    '≈行3'
    >>> staffing_badge(Staffing(admin=3, institution=0, heads=1)), staffing_badge(Staffing())
    ('行3 工? 领1/?', '?')
    >>> staffing_badge(Staffing(), estimated=True)  # no figure, so nothing to call estimated
    '?'
    """
    quota = {k: getattr(st, k) for k in vocab.QUOTA_TYPES}
    parts = [f"{vocab.STAFF_BADGES[k]}{_cell(v)}" for k, v in quota.items() if _some(v)]
    unknown = [k for k, v in quota.items() if _cell(v) == "?"]
    if len(unknown) == len(quota):  # no type known: the unit's posts are not known
        parts.append("?")
    else:
        parts += [f"{vocab.STAFF_BADGES[k]}?" for k in unknown]
    if _some(st.heads) or _some(st.deputies):
        parts.append(f"领{_cell(st.heads)}/{_cell(st.deputies)}")
    if _some(st.outside):
        parts.append(f"外{_cell(st.outside)}")
    # ≈ marks figures that are not verified: a badge of nothing but ? holds none
    return ("≈" if estimated and parts and parts != ["?"] else "") + " ".join(parts)


def _cell(value: object) -> str:
    """Return one figure of a badge: ``3``, ``≥48`` (a partial total) or ``?``."""
    if value is None:
        return "?"
    if isinstance(value, int):
        return str(value)
    badge: str = value.badge()  # type: ignore[attr-defined]  # a Tally
    return badge


def _some(value: object) -> bool:
    """Tell whether a figure is known to hold posts (a partial total counts)."""
    return _cell(value) not in ("0", "?")


#: What no output may carry: C0 controls but tab and newline, DEL, C1, U+FFFE and U+FFFF
#: (the loader refuses them; a structure built in code may still hold them).
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def printable(text: str) -> str:
    """Return ``text`` with each unprintable character replaced by U+FFFD (�), so that no
    file written from it is ill-formed (XML, DOT) or drives a terminal.

    >>> printable("a\\x1b[2Jb\\tc") == "a\\ufffd[2Jb\\tc"
    True
    """
    return UNPRINTABLE.sub("\ufffd", text)


def display_width(text: str) -> int:
    """Return the width of ``text`` in a terminal: Chinese characters take two columns.

    >>> display_width("行政ab")
    6
    """
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def align_table(rows: list[list[str]]) -> str:
    """Return rows as a plain-text table with aligned columns (Chinese-aware).

    >>> print(align_table([["类型", "n"], ["a", "10"]]))
    类型  n
    a     10
    """
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (w - display_width(c))
                               for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)
