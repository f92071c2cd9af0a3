"""Break a long name into lines, at the points a Chinese reader expects: after 办公室, 中心,
、 or 和, before （, between English words; never inside a word or before a closing mark."""

from __future__ import annotations

import math
import unicodedata
from typing import Final

__all__ = ["text_width", "wrap"]

#: Line breaks go after these endings of a name's parts (the longest is tried first).
BREAK_AFTER: Final[tuple[str, ...]] = (
    "办公室", "委员会", "服务中心", "中心", "服务站", "工作站", "管理站", "管理所", "管理局",
    "党委", "政府", "人民政府", "主席团", "大队", "中队", "分局",
    "、", "，", "；", "）", "》", "」", " ",
)
#: Weaker points: after a joining word, so that 和 ends a line and the next part starts one.
BREAK_JOIN: Final[tuple[str, ...]] = ("和", "与", "及", "暨", "或", "/", "-")
#: A line never starts with these (closing marks) ...
_NO_START: Final = frozenset("）)》」』】〕，。、；：！？,.;:!?·")
#: ... and never ends with these (opening marks): a break goes before them.
_NO_END: Final = frozenset("（(《「『【〔")


def text_width(text: str) -> float:
    """Return the width of ``text`` in Chinese characters (a Latin letter is half of one).

    >>> text_width("党政办"), text_width("Office")
    (3, 3.0)
    """
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _cost(text: str, i: int) -> float | None:
    """Return how bad a break before ``text[i]`` is (0 best), or None when it is not allowed."""
    before, after = text[i - 1], text[i]
    if after in _NO_START or before in _NO_END:
        return None
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return None  # inside a Latin word or a number
    head = text[:i]
    if after in _NO_END or any(head.endswith(w) for w in BREAK_AFTER):
        return 0.0
    if any(head.endswith(w) for w in BREAK_JOIN):
        return 0.3
    return 0.6


def wrap(text: str, limit: float) -> list[str]:
    """Return ``text`` as lines of at most ``limit`` Chinese characters' width, as even as
    the break points allow; a text that fits is one line. The same text gives the same lines.

    >>> wrap("社会治安和应急管理办公室", 12)
    ['社会治安和应急管理办公室']
    >>> wrap("乡村振兴和农业农村综合服务中心", 12)
    ['乡村振兴和', '农业农村综合服务中心']
    >>> wrap("县工商行政管理局（今市场监督管理局）", 12)
    ['县工商行政管理局', '（今市场监督管理局）']
    """
    lines: list[str] = []
    rest = text
    while text_width(rest) > limit:
        cut = _best_cut(rest, limit)
        if cut is None:
            break
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*lines, rest] if rest or not lines else lines


def _best_cut(text: str, limit: float) -> int | None:
    """Return where the first line of ``text`` ends, aiming at lines of even width."""
    total = text_width(text)
    target = total / math.ceil(total / limit)
    best: tuple[float, int] | None = None
    width = 0.0
    for i in range(1, len(text)):
        width += text_width(text[i - 1])
        if width > limit:
            break
        cost = _cost(text, i)
        if cost is not None:
            score = (cost + abs(width - target) / limit, i)
            best = score if best is None or score < best else best
    if best is None:  # no allowed point within the limit (a long Latin word): cut it
        cut, width = 0, 0.0
        while cut < len(text) - 1 and width + text_width(text[cut]) <= limit:
            width += text_width(text[cut])
            cut += 1
        return max(cut, 1)
    return best[1]
