"""Short text forms shared by the terminal view and the diagrams."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import vocab, words

if TYPE_CHECKING:
    from ..schema.structure import Staffing

__all__ = ["staffing_badge", "staffing_summary", "display_width", "align_table", "printable",
           "UNPRINTABLE"]


def staffing_badge(st: Staffing, estimated: bool = False) -> str:
    """Return a compact badge such as ``行3 事5 领1/2`` (empty when nothing is set).

    An estimated record is prefixed with ``≈``.

    >>> from orgchart import Staffing
    >>> staffing_badge(Staffing(admin=3, institution=5, heads=1, deputies=2))
    '行3 事5 领1/2'
    >>> staffing_badge(Staffing(admin=3), estimated=True)
    '≈行3'
    """
    parts = [f"{vocab.STAFF_BADGES[k]}{getattr(st, k)}" for k in vocab.QUOTA_TYPES
             if getattr(st, k)]
    if st.heads or st.deputies:
        parts.append(f"领{st.heads}/{st.deputies}")
    if st.outside:
        parts.append(f"外{st.outside}")
    return ("≈" if estimated and parts else "") + " ".join(parts)


def staffing_summary(st: Staffing, lang: str = "zh", estimated: bool = False) -> str:
    """Return every non-zero staffing figure with its full label (``≈`` first if estimated).

    >>> from orgchart import Staffing
    >>> staffing_summary(Staffing(admin=48, institution=65, actual=113))
    '行政编制 48，事业编制 65，实有人数 113'
    >>> staffing_summary(Staffing(admin=48), "en", estimated=True)
    '≈administrative posts 48'
    """
    comma = words.word("comma", lang)  # Chinese text takes the full-width comma
    text = comma.join(f"{vocab.label(vocab.STAFF_TYPES, k, lang)} {v}"
                      for k, v in st.model_dump().items() if v)
    if not text:
        return "—"
    return ("≈" if estimated else "") + text


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
