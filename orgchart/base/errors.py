"""Locations, problems and the library's exception types."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Location",
    "Problem",
    "Severity",
    "errors_in",
    "summary",
    "OrgChartError",
    "ModelError",
    "UnknownUnitError",
    "RenderError",
    "FontError",
    "RenderWarning",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a model file: 1-based line and column.

    >>> str(Location("models/town.yaml", 12, 5))
    'models/town.yaml:12:5'
    """

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One finding about a model: where, what kind, and how to fix it."""

    where: Location
    code: str
    message: str
    severity: Severity = "error"
    #: the finding in words of :data:`~orgchart.base.words.WORDS`: the key after
    #: ``problem.`` and its fields, for a report in Chinese (empty: the code's description)
    words: tuple[str, tuple[tuple[str, object], ...]] = field(default=("", ()), repr=False,
                                                             compare=False)
    sort_key: tuple[str, int, int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = (self.where.file, self.where.line, self.where.col, self.code)
        object.__setattr__(self, "sort_key", key)

    @property
    def is_error(self) -> bool:
        """Tell whether this finding fails a check (warnings do not)."""
        return self.severity == "error"

    def __str__(self) -> str:
        tag = "" if self.is_error else f"{self.severity}: "
        return f"{self.where}: {tag}{self.code}: {self.message}"


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that are errors, in their order."""
    return [p for p in problems if p.is_error]


def summary(problems: Sequence[Problem]) -> str:
    """Return the first problem and how many errors follow it, on one line.

    >>> p = Problem(Location("t.yaml", 3, 1), "x", "bad")
    >>> summary([p, p, p])
    't.yaml:3:1: x: bad (and 2 more)'
    """
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


#: At most this many problems are printed; the rest are counted.
MAX_SHOWN = 200


def problem_lines(problems: Sequence[Problem | str], limit: int = MAX_SHOWN) -> list[str]:
    """Return the first ``limit`` problems as lines, then one line counting the rest.

    >>> p = Problem(Location("x.yaml"), "missing-key", "units[0] needs the key 'id'")
    >>> problem_lines([p] * 3, limit=1)
    ["x.yaml:1:1: missing-key: units[0] needs the key 'id'", '... and 2 more problems']
    """
    lines = [str(p) for p in problems[:limit]]
    rest = len(problems) - limit
    if rest > 0:
        lines.append(f"... and {rest:,} more problem{'s' if rest > 1 else ''}")
    return lines


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems without duplicates, sorted by file, line, column and code."""
    unique = {(p.where, p.code, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.sort_key, p.message))


class OrgChartError(Exception):
    """Base class of every error the library raises."""


class ModelError(OrgChartError, ValueError):
    """A model file cannot be read; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__("\n".join(problem_lines(self.problems)))


class UnknownUnitError(OrgChartError, KeyError):
    """A unit id that the structure does not hold."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown unit"


class RenderError(OrgChartError, RuntimeError):
    """A diagram cannot be drawn or written."""


class FontError(RenderError):
    """No font with Chinese glyphs is available for a raster or PDF output."""


class RenderWarning(UserWarning):
    """A diagram was drawn, but not quite as asked (a fallback, a glyph the font lacks).

    Issued with :func:`warnings.warn`; the command line prints it as ``warning: ...``.
    """
