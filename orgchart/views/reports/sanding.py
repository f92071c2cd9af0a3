"""The 三定 skeleton (职能配置、内设机构和人员编制规定) of a structure, as a document.

It follows the order of a 三定规定 since the 2018 reform (条 by 条: the basis, the body and
its rank, 主要职责, 内设机构 with their duties, 人员编制和领导职数, 其他事项, 附则), under
the section headings an office's draft uses. What the model does not know stays a blank to
fill in (〔 〕) or ``?``; estimated figures carry ``≈``, units not verified ``※``.
A county gives its own section, then one per member body, each on a new page.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...base import vocab
from ...base.words import word
from ...model.marks import estimated_types
from ...model.structure import Structure
from ...model.tally import Tally
from ...rules.identifiers import division_name
from ...schema.structure import Unit
from .document import (
    UNKNOWN,
    Block,
    Document,
    Grid,
    Heading,
    PageBreak,
    Para,
    marked,
)

__all__ = ["sanding_document", "STAFF_COLUMNS", "zh_number"]

#: the staffing types a 三定 fixes (核定): the establishment and the leadership posts
STAFF_COLUMNS: tuple[str, ...] = ("admin", "institution", "worker", "heads", "deputies")

_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """Return ``n`` (1 to 99) in Chinese numerals, as 第十二条 and （二十一） write it.

    >>> [zh_number(n) for n in (1, 10, 12, 20, 21, 99)]
    ['一', '十', '十二', '二十', '二十一', '九十九']
    """
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def sanding_document(s: Structure) -> Document:
    """Return the 三定 skeleton of ``s`` and, for a county, of each of its members."""
    parts = [s, *s.members]
    blocks: list[Block] = []
    for k, part in enumerate(parts):
        if k:
            blocks.append(PageBreak())
        blocks += _structure(part, heading=len(parts) > 1)
    title = _title(s)
    as_of = word("sanding.as-of", date=s.as_of) if s.as_of else word("sanding.no-date")
    return Document(title, as_of, tuple(blocks))


def _known_place(s: Structure) -> str | None:
    """Return the place a structure governs: its ``place``, else its division code's NBS
    name (a county file is named ``浏阳市（县级）机构编制总览`` but governs 浏阳市)."""
    return s.place or (division_name(s.code) if s.code else None)


def _place(s: Structure) -> str:
    return _known_place(s) or s.name


def _title(s: Structure) -> str:
    """Return the title: ``大瑶镇职能配置……``, or ``NAME：职能配置……`` without a place."""
    place = _known_place(s)
    if place:
        return word("sanding.title", place=place)
    return word("sanding.title-of", name=s.name)


class _Articles:
    """Numbers the 条 of one structure's section: 第一条, 第二条, ..."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, text: str) -> Para:
        self.n += 1
        return Para(word("sanding.article", n=zh_number(self.n)) + text)


def _structure(s: Structure, heading: bool) -> list[Block]:
    article = _Articles()
    place = _place(s)
    body = _governing(s)
    blocks: list[Block] = [Heading(_title(s), 1)] if heading else []
    blocks.append(article(word("sanding.basis", place=place)))
    if body is not None:
        rank = vocab.label(vocab.RANKS, body.rank) if body.rank else UNKNOWN
        blocks.append(article(word("sanding.body", name=marked(
            body.name, unverified=not s.is_verified(body)), rank=rank)))
    blocks.append(Heading(word("sanding.duties"), 2))
    blocks.append(article(word("sanding.duties-lead", place=place)))
    blocks += _duties(s)
    blocks.append(Heading(word("sanding.units"), 2))
    blocks.append(article(word("sanding.units-lead", place=place)))
    blocks += _units(s, body)
    blocks.append(Heading(word("sanding.staffing"), 2))
    blocks.append(article(_staffing_text(s)))
    blocks.append(_staffing_grid(s))
    blocks.append(Heading(word("sanding.other"), 2))
    other = list(_other(s))
    blocks.append(article(word("sanding.other-lead") if other else word("sanding.none")))
    blocks += [Para(f"（{zh_number(k)}）{text}") for k, text in enumerate(other, 1)]
    blocks.append(Heading(word("sanding.closing"), 2))
    blocks.append(article(word("sanding.interpret")))
    blocks.append(article(word("sanding.in-force")))
    blocks += _notes(s)
    return blocks


def _governing(s: Structure) -> Unit | None:
    """Return the governing body (党委、政府): the first leading unit without a parent."""
    return next((u for u in s.roots() if u.category == "leadership"), None)


def _duties(s: Structure) -> list[Block]:
    """The functions the units hold, in the catalogue's order (those it lacks last)."""
    held: dict[str, list[Unit]] = {}
    for u in s.units:
        for fid in u.functions:
            held.setdefault(fid, []).append(u)
    order = [f for f in s.functions if f in held] + [f for f in held if f not in s.functions]
    blocks: list[Block] = []
    for k, fid in enumerate(order, 1):
        fn = s.functions.get(fid)
        text = s.function_name(fid)
        if fn is not None and fn.description:
            text += "：" + fn.description.rstrip("。")
        # a duty none of whose holders is verified is itself not verified
        text = marked(text, unverified=not any(s.is_verified(u) for u in held[fid]))
        blocks.append(Para(f"（{zh_number(k)}）{text}。"))
    if not blocks:
        blocks.append(Para(word("sanding.no-functions")))
    return blocks


def _units(s: Structure, body: Unit | None) -> list[Block]:
    """The units by category (党政机构, 执法机构, 事业单位, ...), each with its duties."""
    blocks: list[Block] = []
    units = [u for u in s.units if u is not body]
    k = 0
    for category in vocab.CATEGORIES:
        group = [u for u in units if u.category == category]
        if not group:
            continue
        blocks.append(Para(word("sanding.category", category=vocab.label(
            vocab.CATEGORIES, category), count=len(group))))
        for u in group:
            k += 1
            blocks.append(Para(f"（{zh_number(k)}）{_unit_text(s, u)}"))
    if not blocks:
        blocks.append(Para(word("sanding.none")))
    return blocks


def _unit_text(s: Structure, u: Unit) -> str:
    name = marked(u.name, unverified=not s.is_verified(u))
    if u.nameplates:
        name += word("nameplate", plate="、".join(u.nameplates))
    if u.rank:
        name += word("sanding.rank", rank=vocab.label(vocab.RANKS, u.rank))
    if not u.functions:
        return name + "。" + word("sanding.unit-no-duties")
    duties = word("list").join(s.function_name(f) for f in u.functions)
    return name + "。" + word("sanding.unit-duties", duties=duties)


def _tally_words(label: str, total: Tally, estimated: bool) -> str:
    if total.nothing_known:
        return word("sanding.figure-unknown", label=label)
    return f"{label}{total.text(estimated=estimated)}名"


def _staffing_text(s: Structure) -> str:
    totals, guessed = s.totals(), estimated_types(s)
    quota = word("list").join(
        _tally_words(vocab.label(vocab.STAFF_TYPES, t), totals[t], t in guessed)
        for t in vocab.QUOTA_TYPES)
    heads = word("list").join(
        _tally_words(vocab.label(vocab.STAFF_TYPES, t), totals[t], t in guessed)
        for t in ("heads", "deputies"))
    return word("sanding.staffing-text", place=_place(s), quota=quota, heads=heads)


def _staff_cell(s: Structure, u: Unit, t: str) -> str:
    value = getattr(u.staffing, t)
    if value is None:
        return UNKNOWN
    return marked(str(value), estimated=s.is_estimated(u))


def _staffing_grid(s: Structure) -> Grid:
    header = (word("sanding.col-unit"),
              *(vocab.label(vocab.STAFF_TYPES, t) for t in STAFF_COLUMNS))
    body = tuple((marked(u.name, unverified=not s.is_verified(u)),
                  *(_staff_cell(s, u, t) for t in STAFF_COLUMNS)) for u in s.units)
    totals, guessed = s.totals(), estimated_types(s)
    total_row = (word("sanding.total"), *(
        totals[t].text(estimated=t in guessed) for t in STAFF_COLUMNS))
    return Grid(header, body, (total_row,), (4, 2, 2, 2, 2, 2))


def _other(s: Structure) -> Iterator[str]:
    """其他事项: shared duties to divide, relations, caps, outside bodies."""
    holders: dict[str, list[str]] = {}
    for u in s.units:
        for fid in u.functions:
            holders.setdefault(fid, []).append(u.name)
    for fid, held_by in holders.items():
        if len(held_by) > 1:
            yield word("sanding.shared", duty=s.function_name(fid),
                       units=word("list").join(held_by))
    bodies = {b.id: b.name for b in s.outside}
    names = {u.id: u.name for u in s.units}
    for u in s.units:
        for link in u.links:
            other = names.get(link.with_) or bodies.get(link.with_, link.with_)
            yield word("sanding.link", unit=u.name, other=other,
                       relation=vocab.label(vocab.RELATIONS, link.type))
    for cap in s.caps:
        what = vocab.label(vocab.CATEGORIES, cap.category) if cap.category else (
            vocab.label(vocab.KINDS, cap.kind) if cap.kind else word("sanding.units-all"))
        if cap.max_units is not None:
            count = sum(1 for u in s.units if (cap.category in (None, u.category))
                        and (cap.kind in (None, u.kind)))
            yield word("sanding.cap-units", what=what, limit=cap.max_units, count=count)
        elif cap.staffing is not None:
            yield word("sanding.cap-posts", what=what, limit=cap.max_posts,
                       type=vocab.label(vocab.STAFF_TYPES, cap.staffing))


def _notes(s: Structure) -> list[Block]:
    notes: list[Block] = [Para(word("sanding.marks"), indent=False, small=True)]
    if s.sources:
        notes.append(Para(word("sanding.sources"), indent=False, small=True))
        notes += [Para(f"{k}. {src.title}" + (f"（{src.date}）" if src.date else ""),
                       indent=False, small=True) for k, src in enumerate(s.sources, 1)]
    return notes
