"""Report content as data: the tables a staffing office files (核定表, 编制使用情况表, 问题清单,
公示表) and its Word documents (三定 skeleton, reform report: ``sanding``, ``reform``).

Each kind is a function of a structure, a county (a summary, then each member) or a plan
(before and after) returning :class:`~.table.Table`\\ s; ``orgchart.write`` renders them.
"""

from __future__ import annotations

from .notice import notice
from .problems import problems
from .roster import roster
from .table import Cell, Head, Table
from .usage import usage

__all__ = ["Cell", "Head", "Table", "roster", "usage", "problems", "notice"]
