"""A Word document as data: headings, paragraphs, tables and pictures, in order.

The content modules (:mod:`.sanding`, :mod:`.reform`) build a :class:`Document`;
:mod:`orgchart.write.docx` turns it into a ``.docx`` file. Nothing here knows the format.
Marks are in the text itself: ``?`` unknown, ``≈`` estimate, ``※`` not verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["Heading", "Para", "Grid", "Picture", "PageBreak", "Block", "Document",
           "UNKNOWN", "ESTIMATE", "UNVERIFIED", "marked"]

#: the marks every report uses (as the charts and tables do)
UNKNOWN, ESTIMATE, UNVERIFIED = "?", "≈", "※"


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 a structure's (or part's) title, 2 a section (一、主要职责)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph of body text; ``indent``: a first-line indent of two characters, as
    official documents set body text; ``small``: a note in a smaller size."""

    text: str
    indent: bool = True
    small: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: one header row, body rows, totals rows (set bold), every cell text."""

    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    #: relative column widths (None: equal)
    widths: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Picture:
    """An image the renderer is handed by name (the content cannot draw it), with a
    caption below it."""

    key: str
    caption: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (between the structures of a county)."""


Block: TypeAlias = Heading | Para | Grid | Picture | PageBreak


@dataclass(frozen=True)
class Document:
    """A whole document: its title, a line under it, and its blocks."""

    title: str
    subtitle: str
    blocks: tuple[Block, ...]

    def pictures(self) -> tuple[str, ...]:
        """Return the keys of the pictures the document needs."""
        return tuple(b.key for b in self.blocks if isinstance(b, Picture))


def marked(text: str, *, estimated: bool = False, unverified: bool = False) -> str:
    """Return ``text`` with the estimate mark before it and the unverified mark after it.

    >>> marked("12", estimated=True), marked("财政所", unverified=True), marked("?", estimated=True)
    ('≈12', '财政所※', '?')
    """
    if estimated and text != UNKNOWN:
        text = ESTIMATE + text
    return text + UNVERIFIED if unverified else text
