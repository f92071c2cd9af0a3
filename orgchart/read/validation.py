"""Turn pydantic validation errors into located, readable problems."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..base.errors import Problem
from ..base.locations import KeyPath, SourceMap
from ..base.text import suggest

__all__ = ["validate"]

_M = typing.TypeVar("_M", bound=BaseModel)


def validate(model: type[_M], data: Any, smap: SourceMap) -> tuple[_M | None, list[Problem]]:
    """Validate ``data`` against ``model``; return the object or every problem, located."""
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        errors = err.errors(include_url=False)
        # a list whose items failed is then also "too short": only the items' errors count
        inner = {tuple(e["loc"][:k]) for e in errors for k in range(len(e["loc"]))}
        errors = [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in inner)]
        return None, [_problem(model, data, smap, e) for e in errors]


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[KeyPath, tuple[Any, ...]]:
    """Split a pydantic ``loc`` into the part that exists in ``data`` and the rest.

    Pydantic adds type tags (``function-after[...]``) to ``loc``; they are skipped.
    """
    path: list[str | int] = []
    node = data
    for i, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
            path.append(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            path.append(step)
        elif isinstance(step, str) and ("[" in step or step in _TYPE_TAGS):
            continue
        elif isinstance(node, dict) and isinstance(step, str) and node.get("type") == step:
            continue  # the tag of a tagged union (an event's type)
        else:
            return tuple(path), loc[i:]
    return tuple(path), ()


_TYPE_TAGS = {"str", "int", "bool", "date", "list", "dict", "tuple", "none", "literal"}


def _fields_at(model: type[BaseModel], path: KeyPath, data: Any = None) -> list[str]:
    """Return the keys allowed in the mapping at ``path`` inside ``model``.

    ``data`` (the document) picks the member of a tagged union by its ``type``.
    """
    current: Any = model
    node = data
    for step in path:
        if not isinstance(step, int):
            current = _unwrap(current, node)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(step, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step) or next(
                (f for f in current.model_fields.values() if f.alias == step), None)
            if field is None:
                return []
            current = field.annotation
        else:
            current = _dict_value(current)
    current = _unwrap(current, node)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any, node: Any = None) -> Any:
    """Strip Optional, Annotated, tuple[...] and list[...] down to the element type.

    In a union of models, the one whose ``type`` tag matches ``node["type"]`` is chosen.
    """
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tag = node.get("type") if isinstance(node, dict) else None
            tagged = [m for m in models if "type" in m.model_fields
                      and tag in typing.get_args(m.model_fields["type"].annotation)]
            tp = (tagged or models or args)[0]
        elif origin in (tuple, list):
            tp = typing.get_args(tp)[0]
        else:
            return tp


def _dict_value(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[1] if typing.get_origin(tp) is dict and len(args) == 2 else None


def _show(path: KeyPath) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _problem(model: type[BaseModel], data: Any, smap: SourceMap, e: Any) -> Problem:
    kind, loc = e["type"], tuple(e["loc"])
    path, rest = _data_path(data, loc)
    value = e.get("input")
    if kind == "extra_forbidden":
        key = str(rest[0]) if rest else str(path[-1])
        owner = path if rest else path[:-1]  # the mapping the key stands in
        hint = suggest(key, _fields_at(model, owner, data)) or (
            "; see 'orgchart schema' for the allowed keys")
        return Problem(smap.at(path, key=True), "unknown-key",
                       f"unknown key {key!r} in {_show(owner) or 'file'}{hint}")
    if kind == "missing":
        key = str(rest[0]) if rest else str(loc[-1])
        return Problem(smap.at(path), "missing-key",
                       f"{_show(path) or 'the file'} needs the key {key!r}")
    if kind == "union_tag_invalid":  # an event (or other tagged entry) of no known type
        ctx = e.get("ctx") or {}
        key, tag = str(ctx.get("discriminator", "")).strip("'"), str(ctx.get("tag", ""))
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        where = (*path, key) if isinstance(value, dict) and key in value else path
        return Problem(smap.at(where), "bad-value",
                       f"{_show(path)}: unknown {key} {tag!r}{suggest(tag, tags)}; write one "
                       f"of: {', '.join(tags)}")
    what = _show(path) or "value"
    at_key = bool(loc) and loc[-1] == "[key]"  # a mapping key that is refused, not its value
    return Problem(smap.at(path, key=at_key), "bad-value", f"{what}: {_message(kind, e, value)}")


_YAML11_INT = re.compile(r"[-+]?(?:0[0-9_]+|0[xX][0-9a-fA-F_]+|0[oObB][0-9_]+"
                         r"|[0-9][0-9_]*(?::[0-5]?[0-9])+|[0-9]+(?:_[0-9]*)+)")


def _number_hint(value: Any) -> str:
    """Explain a number written the YAML 1.1 way (read as text, see yamlsource)."""
    if not isinstance(value, str) or not _YAML11_INT.fullmatch(value.strip()):
        return ""
    why = "(YAML 1.1 and 1.2 read leading zeros, 0x/0o/0b, _ and 1:30 differently)"
    text = value.strip().replace("_", "")
    digits = text.lstrip("+-")
    base = {"x": 16, "o": 8, "b": 2}.get(digits[1:2].lower(), 10)
    try:
        number = int(digits[2:] if base != 10 else digits, base)
    except ValueError:  # 1:30
        return f"; write it in plain decimal digits {why}"
    sign = "-" if text.startswith("-") and number else ""
    return f"; write it in plain decimal digits, e.g. {sign}{number} {why}"


def _message(kind: str, e: Any, value: Any) -> str:
    got = f", not {value!r}" if not isinstance(value, (dict, list)) else ""
    ctx = e.get("ctx") or {}
    if kind.startswith("int_"):
        return f"expected a whole number{got}{_number_hint(value)}"
    if kind == "greater_than_equal":
        return f"must not be below {ctx.get('ge')}{got}"
    if kind in ("string_type",):
        return f"expected text{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"is not a valid value here{got} (ids: no spaces, quotes, brackets or commas)"
    if kind.startswith("bool"):
        return f"expected true or false{got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of 'key: value' lines{got}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list of '- item' lines{got}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}{got}"
    msg = str(e["msg"])
    return msg[0].lower() + msg[1:] if msg else kind
