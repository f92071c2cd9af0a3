"""Report tables as CSV (one block per table) and as a standalone HTML page."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence

from ..base.cells import csv_cell
from ..views.reports.table import Table, placed_header

__all__ = ["tables_to_csv", "tables_to_html"]


def tables_to_csv(tables: Sequence[Table]) -> str:
    """Return the tables one after another, each as title, subtitle, header rows (a spanned
    head written once, in its first column), body, totals and notes, a blank row between."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for i, t in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([csv_cell(t.title)])
        writer.writerow([csv_cell(t.subtitle)])
        grid = [[""] * t.width for _ in t.header]
        for r, c, head in placed_header(t):
            grid[r][c] = head.text
        writer.writerows([[csv_cell(x) for x in row] for row in grid])
        writer.writerows([[csv_cell(c.text) for c in row] for row in t.rows()])
        writer.writerows([[csv_cell(n)] for n in t.notes])
    return buf.getvalue()


_STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",SimSun,sans-serif;margin:2em}
table{border-collapse:collapse;margin-bottom:.5em}th,td{border:1px solid #000;padding:2px 6px}
th{background:#d9d9d9}td.n{text-align:right}tbody tr.total td{font-weight:bold}
caption{font-size:1.4em;font-weight:bold}p.sub{text-align:right;margin:0}p.note{font-size:.85em}
@media print{section{page-break-after:always}}"""


_NUM = ' class="n"'


def tables_to_html(tables: Sequence[Table], title: str) -> str:
    """Return a standalone HTML page with one section per table."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>"]
    for t in tables:
        parts.append(f'<section><table><caption>{e(t.title)}'
                     f'<p class="sub">{e(t.subtitle)}</p></caption><thead>')
        rows: list[list[str]] = [[] for _ in t.header]
        for r, _c, head in placed_header(t):
            span = (f' colspan="{head.cols}"' if head.cols > 1 else "") + \
                (f' rowspan="{head.rows}"' if head.rows > 1 else "")
            rows[r].append(f"<th{span}>{e(head.text)}</th>")
        parts += [f"<tr>{''.join(r)}</tr>" for r in rows]
        parts.append("</thead><tbody>")
        for i, row in enumerate(t.rows()):
            klass = ' class="total"' if i >= len(t.body) else ""
            cells = "".join(f"<td{_NUM if c.number is not None or c.text[:1] in '?≥≈' else ''}>"
                            f"{e(c.text)}</td>" for c in row)
            parts.append(f"<tr{klass}>{cells}</tr>")
        parts.append("</tbody></table>")
        parts += [f'<p class="note">{e(n)}</p>' for n in t.notes]
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
