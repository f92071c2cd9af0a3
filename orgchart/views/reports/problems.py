"""问题清单: 超编, 超职数, 混编混岗, exceeded caps, units without a founding document or
source, and the checks unknown figures left undone, each with where it comes from."""

from __future__ import annotations

from collections.abc import Iterator

from ...base.errors import Problem
from ...base.words import word
from ...model.plan import Reorganisation
from ...model.structure import Structure
from ...rules.checks import check
from .scope import Scope, as_of, per_structure, place_of
from .table import Cell, Head, Table, rw

__all__ = ["problems", "PROBLEM_CODES", "describe"]

#: the findings of :func:`orgchart.rules.checks.check` a staffing office lists; each has
#: its name ``problem.label.CODE`` and description ``problem.CODE`` in the words table
PROBLEM_CODES: tuple[str, ...] = ("over-establishment", "leaders-over-quota", "mixed-staffing",
                                  "cap-exceeded", "check-skipped")


def describe(p: Problem) -> str:
    """Return a finding in Chinese: its own words, else its code's description.

    >>> from orgchart.base.errors import Location
    >>> describe(Problem(Location("t.yaml"), "mixed-staffing", "..."))
    '事业单位核有行政编制，或党政机构核有事业编制'
    >>> describe(Problem(Location("t.yaml"), "over-establishment", "...", "warning",
    ...                  ("over-establishment.unit",
    ...                   (("unit", "某站"), ("actual", 5), ("quota", 3), ("over", 2)))))
    '某站实有 5 人，核定编制 3 名，超编 2 名'
    """
    key, fields = p.words
    return word("problem." + (key or p.code), "zh", **dict(fields))


def problems(model: Structure | Reorganisation) -> list[Table]:
    """Return the 问题清单 of a structure, a county (summary, then members) or a plan.

    >>> import orgchart
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(id="gov", name="镇政府",
    ...     kind="government", category="leadership",
    ...     staffing=orgchart.Staffing(admin=3, institution=0, worker=0, actual=4)),))
    >>> [[c.text for c in row][1] for row in problems(s)[0].body]
    ['超编', '无设立文件或来源']
    >>> s = orgchart.Structure("t", "某镇", units=(orgchart.Unit(id="gov", name="镇政府",
    ...     kind="government", category="leadership",
    ...     staffing=orgchart.Staffing(admin=3, actual_admin=4, heads=1)),))
    >>> [[c.text for c in row][1] for row in problems(s)[0].body][:2]  # per type; not checked
    ['未能检查（数字未知）', '超编']
    """
    return per_structure(model, _table, _summary)


def _rows(s: Structure) -> Iterator[tuple[str, str, str]]:
    """Yield (problem, detail, where) for each finding about ``s``'s own units."""
    # the checks unknown figures left undone are listed whatever --strict says: a staffing
    # office must see what could not be checked (strict adds only those findings)
    found: list[Problem] = [p for p in check(s, strict=True) if p.code in PROBLEM_CODES]
    for p in sorted(found, key=lambda p: p.sort_key):
        yield word("problem.label." + p.code, "zh"), describe(p), str(p.where)
    for u in s.units:
        ev = s.evidence(u, "name")
        if not u.sources and not (ev.basis == "fact" and ev.sources):
            yield (word("report.no-source", "zh"),
                   word("report.no-source-text", "zh", name=u.name), str(s.locate(u.id)))


def _header(first: str) -> tuple[tuple[Head, ...], ...]:
    return ((Head(rw("index")), Head(rw(first)), Head(rw("problem")), Head(rw("detail")),
             Head(rw("where"))),)


def _table(scope: Scope) -> Table:
    s = scope.structure
    rows = list(_rows(s))
    body = tuple((Cell(str(i), i), Cell(kind), Cell(text), Cell(at))
                 for i, (kind, text, at) in enumerate(rows, 1))
    if not body:
        body = ((Cell(""), Cell(rw("none-found")), Cell(""), Cell("")),)
    header = ((Head(rw("index")), *_header("unit")[0][2:]),)
    return Table(scope.sheet, scope.title(rw("problems")), as_of(s), header, body)


def _summary(county: Structure) -> Table:
    """Return every finding of the county and its members, member by member."""
    parts = [county, *county.members]
    rows = [(m.name, *r) for m in parts for r in _rows(m)]
    body = tuple((Cell(str(i), i), Cell(name), Cell(kind), Cell(text), Cell(at))
                 for i, (name, kind, text, at) in enumerate(rows, 1))
    return Table(rw("summary"), f"{place_of(county)}{rw('problems')}（{rw('summary')}）",
                 as_of(county), _header("member"), body)
