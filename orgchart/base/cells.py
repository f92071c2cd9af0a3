"""The cells of orgchart's CSV tables, written and read back the same way.

The exporter (``exports.tables``), the statistics and the crosswalk write cells with
:func:`write_csv`; the table reader (``read.tables``) takes them back with
:func:`csv_value` and :func:`split_list`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["RELATION_COLUMNS", "csv_cell", "csv_value", "join_list", "split_list",
           "write_csv", "relations_path"]

#: The columns of the relations table, in order.
RELATION_COLUMNS: tuple[str, ...] = ("source", "target", "type", "note")


#: A cell starting with one of these is a formula to Excel or LibreOffice (OWASP, CSV
#: injection), or starts with the quote that :func:`csv_cell` puts before them.
_QUOTE_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a leading + is read as a formula


def csv_cell(value: str) -> str:
    """Return ``value`` as a cell that no spreadsheet runs as a formula.

    A text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``, and
    so does a text that starts with ``'`` itself, so that :func:`csv_value` can take exactly
    one away. Plain numbers (``-3``) stay numbers.

    >>> csv_cell("=1+1"), csv_cell("'a"), csv_cell("-3"), csv_cell("镇")
    ("'=1+1", "''a", '-3', '镇')
    """
    if value.startswith(_QUOTE_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """Return the text of a cell written by :func:`csv_cell`: without one leading ``'``."""
    return cell[1:] if cell.startswith("'") else cell


def join_list(items: Iterable[str]) -> str:
    r"""Join ``items`` with ``;``, putting a ``\`` before ``\``, ``;`` and ``；`` in them.

    >>> print(join_list(["a;b", "c"]))
    a\;b;c
    """
    return ";".join(re.sub(r"([\\;；])", r"\\\1", x) for x in items)


_LIST_TOKEN = re.compile(r"\\[\\;；]|[;；]|[^\\;；]+|\\")


def split_list(cell: str) -> list[str]:
    r"""Split a list cell on ``;`` or ``；``, as :func:`join_list` wrote it.

    ``\;``, ``\；`` and ``\\`` stand for the character itself, any other ``\`` for
    itself; items are stripped and empty ones left out.

    >>> split_list(r"a\;b；c;;d\\")
    ['a;b', 'c', 'd\\']
    """
    items, item = [], ""
    for token in _LIST_TOKEN.findall(cell):
        if token in (";", "；"):
            items.append(item)
            item = ""
        else:
            item += token[1] if len(token) == 2 and token[0] == "\\" else token
    return [x.strip() for x in (*items, item) if x.strip()]


def write_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Return a CSV table, every cell made safe with :func:`csv_cell`."""
    # each row is written ending in CRLF, so that a cell holding a lone CR is quoted too
    # (the csv module quotes only the line ending's characters), then ends in LF
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([csv_cell(c) for c in row])
        buf.seek(buf.tell() - 2)
        buf.write("\n")
        buf.truncate()
    return buf.getvalue()


def relations_path(units_table: str | os.PathLike[str]) -> Path:
    """Return where the relations table of a units table goes: ``NAME-relations.csv`` beside it.

    >>> relations_path("out/town.csv").as_posix()
    'out/town-relations.csv'
    """
    path = Path(units_table)
    return path.with_name(path.stem + "-relations.csv")
