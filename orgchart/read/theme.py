"""Theme files: read, checked like models (located), and merged over the default look."""

from __future__ import annotations

import os
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..base.errors import Location, ModelError, Problem
from ..base.locations import SourceMap
from ..base.style import DEFAULT_THEME, merge_theme
from ..schema.structure import Category, Kind, RelationType
from .validation import validate
from .yamlsource import read_yaml

__all__ = ["LinkKind", "check_theme", "load_theme", "theme_of"]


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


#: The kinds of old -> new link a reform chart draws, least telling first.
LinkKind = Literal["kept", "transfer", "rename", "merge", "split"]


class _Unverified(BaseModel):
    model_config = ConfigDict(extra="forbid")
    style: _Attr = "filled,dashed"
    marker: _Text = "※"
    attribute_marker: _Text = "†"


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
    wrap: Annotated[int, Field(strict=True, ge=4)] = 12
    wrap_small: Annotated[int, Field(strict=True, ge=4)] = 16
    wrap_title: Annotated[int, Field(strict=True, ge=4)] = 30


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
    frame: _Table = {}
    member: _Table = {}
    bus: _Table = {}
    change: dict[Literal["gone", "new"], _Table] = {}
    link: dict[LinkKind, _Table] = {}
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

    for name in ("graph", "node", "edge", "outside", "frame", "member", "bus"):
        colours(out.get(name, {}), (name,))
    for name in ("category", "kind", "relation", "change", "link"):
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
    try:  # a drawing asks twice (size check, then DOT), a build once per chart
        info = os.stat(path)
        stamp: tuple[str, int, int] | None = (os.path.realpath(path), info.st_mtime_ns,
                                              info.st_size)
    except OSError:
        stamp = None  # read_yaml says what is wrong, located
    if stamp in _loaded:
        return _loaded[stamp]
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
    theme = merge_theme(DEFAULT_THEME, checked)
    if stamp is not None:
        _loaded[stamp] = theme
    return theme


#: theme files read in this process, by real path, modification time and size
_loaded: dict[tuple[str, int, int] | None, dict[str, Any]] = {}


def theme_of(theme_data: dict[str, Any], path: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Return the theme a diagram uses: ``theme_data`` given in code (checked), else the file's.

    Raises:
        ModelError: as :func:`load_theme`; a value of ``theme_data`` is located by its path.
    """
    if not theme_data:
        return load_theme(path)
    checked, problems = check_theme(theme_data, SourceMap("theme_data"))
    if problems:
        raise ModelError(problems)
    return merge_theme(DEFAULT_THEME, checked)
