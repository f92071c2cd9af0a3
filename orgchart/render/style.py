"""The look of a diagram, as plain data: one table, overridable by a theme file."""

from __future__ import annotations

import copy
import os
import re
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..schema import Category, Kind, RelationType

if TYPE_CHECKING:
    from ..errors import Problem
    from ..locations import SourceMap

__all__ = ["DEFAULT_THEME", "FONT_FAMILIES", "load_theme", "merge_theme", "check_theme",
           "theme_of"]

#: Families tried in order; the list is also the SVG font-family fallback for browsers.
FONT_FAMILIES: Final[tuple[str, ...]] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "sans-serif",
)

DEFAULT_THEME: Final[dict[str, Any]] = {
    "graph": {
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.22",
        "ranksep": "0.45",
        "fontsize": "20",
        "splines": "ortho",
    },
    "node": {
        "shape": "box",
        "style": "filled",
        "fontsize": "12",
        "margin": "0.14,0.06",
        "penwidth": "1.2",
        "color": "#4a5568",
        "fillcolor": "white",
        "fontcolor": "#1a202c",
    },
    "edge": {"color": "#4a5568", "arrowsize": "0.6", "penwidth": "1.1", "fontsize": "10"},
    # fill and border per category; the cluster around a category gets "cluster_fill"
    "category": {
        "leadership": {"fillcolor": "#c53030", "fontcolor": "white", "color": "#9b2c2c",
                       "penwidth": "2", "cluster_fill": "#fff5f5"},
        "party-government": {"fillcolor": "#fed7d7", "color": "#c53030",
                             "cluster_fill": "#fffafa"},
        "enforcement": {"fillcolor": "#feebc8", "color": "#c05621", "cluster_fill": "#fffaf0"},
        "public-institution": {"fillcolor": "#c6f6d5", "color": "#2f855a",
                               "cluster_fill": "#f0fff4"},
        "stationed": {"fillcolor": "#bee3f8", "color": "#2b6cb0", "cluster_fill": "#ebf8ff"},
        "vertical": {"fillcolor": "#e9d8fd", "color": "#6b46c1", "cluster_fill": "#faf5ff"},
        "mass-organisation": {"fillcolor": "#fefcbf", "color": "#b7791f",
                              "cluster_fill": "#fffff0"},
        "other": {"fillcolor": "#edf2f7", "color": "#718096", "cluster_fill": "#f7fafc"},
    },
    # extra attributes per unit kind (none by default; a theme may set shapes here)
    "kind": {},
    "outside": {"fillcolor": "#f7fafc", "color": "#a0aec0", "style": "filled,dashed",
                "fontcolor": "#4a5568", "cluster_fill": "white"},
    "unverified": {"style": "filled,dashed", "marker": "※"},
    # edge styles per relation; "sample" is how the legend draws the line
    "relation": {
        "leadership": {},
        "dual-leadership": {"color": "#c53030", "style": "bold", "sample": "━━▶"},
        "guidance": {"color": "#2b6cb0", "style": "dashed", "sample": "╌╌▶"},
        "stationed": {"color": "#6b46c1", "style": "dotted", "sample": "┈┈▶"},
        "co-location": {"color": "#c05621", "style": "dashed", "dir": "both",
                        "arrowhead": "none", "arrowtail": "none", "sample": "╌╌╌"},
    },
    # layout: units per column inside a category box before a new column starts;
    # orthogonal edges cost seconds on big charts (4.8 s for 385 units against 0.1 s for
    # polyline, bench/RESULTS.md), so charts with more units use "large_splines"
    # "max_units": charts with more boxes are refused before layout, which grows faster
    # than the size (a county of township trees: 2,000 units 1.4 s, 4,000 units 14 s and
    # 350 MB, 8,000 units 61 s and 1.1 GB; 30,000 did not finish in 14.8 GB)
    "layout": {"column": 6, "ortho_max_units": 120, "large_splines": "polyline",
               "max_units": 4000},
}


def merge_theme(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` updated by ``override``, merging nested tables.

    >>> merge_theme({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}})
    {'a': {'x': 1, 'y': 3}}
    """
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_theme(out[key], value)
        else:
            out[key] = value
    return out


def _attribute_text(value: Any) -> Any:
    """Graphviz reads every attribute as text: numbers and flags are written as such."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("theme_value", "expected text or a number, not {got}",
                                  {"got": repr(value) if value is None else type(value).__name__})
    return value


#: A Graphviz attribute value: text, or a number or flag written as text.
_Attr = Annotated[str, BeforeValidator(_attribute_text)]
def _attribute_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise PydanticCustomError("theme_key", "is not a Graphviz attribute name (such as "
                                  "'fillcolor'); use letters, digits and '_'")
    return value


#: A Graphviz attribute name; written into DOT as it is, so nothing but a plain name.
_Name = Annotated[str, AfterValidator(_attribute_name)]
_Table = dict[_Name, _Attr]
_Text = Annotated[str, Field(strict=True)]


class _Unverified(BaseModel):
    model_config = ConfigDict(extra="forbid")
    style: _Attr = "filled,dashed"
    marker: _Text = "※"


class _RelationStyle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    color: _Attr | None = None
    style: _Attr | None = None
    dir: _Attr | None = None
    arrowhead: _Attr | None = None
    arrowtail: _Attr | None = None
    penwidth: _Attr | None = None
    sample: _Text | None = None


class _Layout(BaseModel):
    model_config = ConfigDict(extra="forbid")
    column: Annotated[int, Field(strict=True, ge=1)] = 6
    ortho_max_units: Annotated[int, Field(strict=True, ge=0)] = 120
    large_splines: Literal["polyline", "spline", "line", "ortho", "curved", "none"] = "polyline"
    max_units: Annotated[int, Field(strict=True, ge=1)] = 4000


class _Theme(BaseModel):
    """What a theme may set; every value that reaches DOT is checked here."""

    model_config = ConfigDict(extra="forbid")
    graph: _Table = {}
    node: _Table = {}
    edge: _Table = {}
    category: dict[Category, _Table] = {}
    kind: dict[Kind, _Table] = {}
    outside: _Table = {}
    unverified: _Unverified = _Unverified()
    relation: dict[RelationType, _RelationStyle] = {}
    layout: _Layout = _Layout()


#: Attributes that hold a colour (``cluster_fill`` is the theme's own).
_COLOUR_KEYS = frozenset({"color", "fillcolor", "fontcolor", "bgcolor", "pencolor",
                          "labelfontcolor", "cluster_fill"})
# one colour: #rrggbb(aa), a name (with an optional /scheme/), or "H S V"; a gradient is a
# list of them joined by ':', each with an optional ';fraction'
_ONE_COLOUR = (r"(?:#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?|(?:/[A-Za-z0-9]*/)?[A-Za-z][A-Za-z0-9]*"
               r"|[0-9.]+[ ,]+[0-9.]+[ ,]+[0-9.]+)(?:;[0-9.]+)?")
_COLOUR = re.compile(rf"{_ONE_COLOUR}(?::{_ONE_COLOUR})*")


def check_theme(data: Any, smap: SourceMap) -> tuple[dict[str, Any], list[Problem]]:
    """Check theme data (a file's tables, or a whole theme); return it as DOT text.

    Numbers and flags in attribute tables become text; what the data does not set is
    left out, so that the result can be merged over :data:`DEFAULT_THEME`.
    """
    from ..errors import Problem
    from ..validation import validate

    theme, problems = validate(_Theme, data, smap)
    if theme is None:
        return {}, problems
    out = theme.model_dump(exclude_unset=True, exclude_none=True)

    def colours(table: dict[str, Any], path: tuple[str, ...]) -> None:
        for key, value in table.items():
            if key in _COLOUR_KEYS and not _COLOUR.fullmatch(value):
                problems.append(Problem(
                    smap.at((*path, key)), "bad-value",
                    f"{'.'.join((*path, key))}: {value!r} is not a colour; write '#rrggbb' "
                    "or a colour name such as 'red'"))

    for name in ("graph", "node", "edge", "outside"):
        colours(out.get(name, {}), (name,))
    for name in ("category", "kind", "relation"):
        for key, table in out.get(name, {}).items():
            colours(table, (name, key))
    return out, problems


def load_theme(path: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Return the default theme, updated by a YAML theme file if one is given.

    The result is shared and must not be changed; use :func:`merge_theme` to derive one.

    Raises:
        ModelError: the theme file is unreadable or not a mapping of tables.
    """
    if path is None:
        return DEFAULT_THEME
    from ..errors import Location, ModelError, Problem
    from ..yamlsource import read_yaml

    data, smap = read_yaml(path, empty_ok=True, what="theme file")
    if not isinstance(data, dict):
        raise ModelError([Problem(Location(smap.file), "theme",
                                  "a theme file is a mapping of tables such as 'category:'")])
    for key, value in data.items():
        if key not in DEFAULT_THEME:
            raise ModelError([Problem(smap.at((key,), key=True), "theme",
                                      f"unknown theme table {key!r}; choose from: "
                                      + ", ".join(sorted(DEFAULT_THEME)))])
        if not isinstance(value, dict):
            raise ModelError([Problem(smap.at((key,)), "theme", f"{key!r} must be a mapping")])
    checked, problems = check_theme(data, smap)
    if problems:
        raise ModelError(problems)
    return merge_theme(DEFAULT_THEME, checked)


def theme_of(theme_data: dict[str, Any], path: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Return the theme a diagram uses: ``theme_data`` given in code (checked), else the file's.

    Raises:
        ModelError: as :func:`load_theme`; a value of ``theme_data`` is located by its path.
    """
    if not theme_data:
        return load_theme(path)
    from ..errors import ModelError
    from ..locations import SourceMap

    checked, problems = check_theme(theme_data, SourceMap("theme_data"))
    if problems:
        raise ModelError(problems)
    return merge_theme(DEFAULT_THEME, checked)
