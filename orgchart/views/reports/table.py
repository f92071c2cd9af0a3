"""A report table as data: title, two-level header, body, totals and notes.

Renderers (``orgchart.write.xlsx``, ``orgchart.write.tabletext``) turn a :class:`Table`
into bytes; nothing here knows a file format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ...base.words import word
from ...model.tally import Tally
from ...schema.structure import Staffing

__all__ = ["Cell", "Head", "Table", "count_cell", "tally_cell", "text_cell", "placed_header",
           "marks_note", "quota_tally", "rw"]


@dataclass(frozen=True)
class Cell:
    """One cell: its text as printed, and the number when it is an exact count.

    ``number`` is set only for a known figure (an estimate too, then ``estimated``): a
    spreadsheet stores it as a number and shows the ``≈`` through its number format.
    ``?`` and ``≥ n（k 个单位未知）`` stay text: unknown is not zero.
    """

    text: str
    number: int | None = None
    estimated: bool = False
    #: the text in a narrow column (a spreadsheet's), when it differs: a partial total
    narrow: str | None = None


@dataclass(frozen=True)
class Head:
    """A header cell spanning ``cols`` columns and ``rows`` header rows."""

    text: str
    cols: int = 1
    rows: int = 1


@dataclass(frozen=True)
class Table:
    """A report table (one sheet of a workbook, one section of a CSV or HTML page)."""

    #: the sheet's short name (at most 31 characters in a workbook)
    sheet: str
    title: str
    subtitle: str
    header: tuple[tuple[Head, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    totals: tuple[tuple[Cell, ...], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        """Return the number of columns."""
        return sum(h.cols for h in self.header[0])

    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        """Return the body rows, then the totals rows."""
        return self.body + self.totals


def rw(key: str, **fields: object) -> str:
    """Return the Chinese word ``report.KEY`` of :data:`~orgchart.base.words.WORDS`."""
    return word("report." + key, "zh", **fields)


def placed_header(table: Table) -> Iterator[tuple[int, int, Head]]:
    """Yield each header cell with its row and column (0-based), as an HTML table lays
    out ``rowspan`` and ``colspan``: a cell goes to the first column not taken by a cell
    from a row above.

    >>> t = Table("s", "t", "", ((Head("名称", rows=2), Head("编制", cols=2)),
    ...                          (Head("行政"), Head("事业"))), ())
    >>> [(r, c, h.text) for r, c, h in placed_header(t)]
    [(0, 0, '名称'), (0, 1, '编制'), (1, 1, '行政'), (1, 2, '事业')]
    """
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.header):
        c = 0
        for head in row:
            while (r, c) in taken:
                c += 1
            yield r, c, head
            taken.update((r + i, c + j) for i in range(head.rows) for j in range(head.cols))
            c += head.cols


def text_cell(text: str | None) -> Cell:
    """Return a text cell; a fact not given (None) prints as ``?``."""
    return Cell("?" if text is None else text)


def count_cell(value: int | None, estimated: bool = False) -> Cell:
    """Return a count: ``12``, ``≈12`` for an estimate, ``?`` when not known."""
    if value is None:
        return Cell("?")
    estimated = estimated and value != 0  # an estimate of none is no figure to doubt
    return Cell(("≈" if estimated else "") + str(value), value, estimated)


def tally_cell(total: Tally, estimated: bool = False) -> Cell:
    """Return a total: a number when complete, else ``≥ 48（3 个单位未知）`` or ``?``.

    >>> tally_cell(Tally(48, 3)).text, tally_cell(Tally(5), True).text
    ('≥ 48（3 个单位未知）', '≈5')
    >>> tally_cell(Tally(13, 2), True).text  # at least about 13
    '≥ ≈13（2 个单位未知）'
    """
    if total.complete:
        return count_cell(total.known, estimated)
    return Cell(total.text(estimated=estimated),
                narrow=total.text(estimated=estimated, narrow=True))


def quota_tally(staffing: Iterable[Staffing]) -> Tally:
    """Return the establishment (admin + institution + worker) of many units: the known
    posts, and how many units do not give all three types.

    >>> quota_tally([Staffing(admin=3), Staffing(admin=1, institution=0, worker=0)])
    Tally(known=4, unknown=1)
    """
    total = Tally()
    for st in staffing:
        known = sum(v for v in (st.admin, st.institution, st.worker) if v is not None)
        total += Tally(known, st.quota is None)
    return total


def marks_note(cells: tuple[tuple[Cell, ...], ...], unverified: bool) -> tuple[str, ...]:
    """Return the notes that explain the marks used in ``cells``."""
    texts = [c.text for row in cells for c in row]
    notes = []
    if any("?" in t or "≥" in t for t in texts):
        notes.append(word("report.note-unknown", "zh"))
    if any(t.startswith("≈") for t in texts):
        notes.append(word("report.note-estimate", "zh"))
    if unverified:
        notes.append(word("report.note-unverified", "zh"))
    return tuple(notes)
