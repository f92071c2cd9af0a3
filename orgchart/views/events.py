"""Change events as readable lines: what happened, to which body, then its other facts in
words (Chinese, or English with ``lang="en"``), never as Python prints values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base import vocab
from ..base.words import WORDS, word
from ..model.structure import Structure

__all__ = ["Names", "event_line", "format_event_lines", "unknown_change_lines"]


@dataclass(frozen=True)
class Names:
    """The names to write next to ids: units (``名称（id）``) and catalogue functions (their
    name alone). An id without a name is written as the id."""

    units: Mapping[str, str] = field(default_factory=dict)
    functions: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, structures: Iterable[Structure], lang: str = "zh") -> Names:
        """Return the names that ``structures`` give themselves, their units, outside
        bodies, members and catalogue functions; where two name one id, the first (the
        older: a renamed unit is known by its old name, its new name follows the rename)."""
        units: dict[str, str] = {}
        functions: dict[str, str] = {}
        for s in structures:
            for i, n in [(s.id, s.name), *((o.id, o.name) for o in s.outside),
                         *((u.id, u.name) for u in s.units), *((m.id, m.name) for m in s.members)]:
                units.setdefault(i, n)
            for f in s.functions:
                functions.setdefault(f, s.function_name(f, lang))
        return cls(units, functions)


_NO_NAMES: Names = Names()

#: keys of an event's data shown as who and whither (the rest follow as labelled fields)
_SUBJECT = ("unit", "units", "from", "structure")
_TARGET = ("into", "id", "to")
#: keys whose value is a list of function ids, and keys whose mapping is unit -> posts
_FUNCTION_LISTS = ("functions", "end_functions")
_STAFFING = ("staffing", "end_staffing", "new_staffing")


def format_event_lines(events: list[dict[str, Any]], lang: str = "zh",
                       names: Names = _NO_NAMES) -> str:
    """Return one line per event (as :func:`~orgchart.schema.events.events_to_data` gives
    them), or a line saying there are none."""
    if not events:
        return word("diff.none", lang)
    return "\n".join(event_line(e, lang, names) for e in events)


def unknown_change_lines(changes: list[tuple[str, str, int | None, int | None]],
                         lang: str = "zh", names: Names = _NO_NAMES) -> list[str]:
    """Return a line for each staffing figure known on one side only (as
    :func:`~orgchart.rules.diff.unknown_changes` gives them): no event says it.

    >>> unknown_change_lines([("gov", "admin", 3, None)], names=Names({"gov": "镇政府"}))
    ['另：镇政府（gov）的行政编制由 3 变为 未知（未知的数字不能写成增减事件）']
    """
    def figure(value: int | None) -> str:
        return word("unknown", lang) if value is None else str(value)

    return [word("diff.unknown", lang, unit=_unit(unit, lang, names),
                 type=vocab.label(vocab.STAFF_TYPES, kind, lang), old=figure(old),
                 new=figure(new)) for unit, kind, old, new in changes]


def event_line(data: dict[str, Any], lang: str = "zh", names: Names = _NO_NAMES) -> str:
    """Return one event (as :func:`~orgchart.schema.events.events_to_data` gives it) as a
    readable line: what happened, to which body, into which, then its other facts.

    >>> event_line({"type": "rename", "unit": "poverty-station", "id": "revitalisation-station",
    ...             "name": "乡村振兴工作站"})
    '更名：poverty-station → revitalisation-station；名称 乡村振兴工作站'
    >>> event_line({"type": "abolish", "unit": "f", "functions_to": {"fin": "g"}},
    ...            names=Names({"f": "财政所", "g": "党政办"}, {"fin": "财政"}))
    '撤销：财政所（f）；职能划入 财政 → 党政办（g）'
    """
    kind = str(data.get("type", ""))
    head = word(f"step.{kind}", lang) if f"step.{kind}" in WORDS else kind
    sep = word("list", lang)
    who = sep.join(_body(data[k], lang, names) for k in _SUBJECT if k in data)
    whither = sep.join(_body(data[k], lang, names) for k in _TARGET if k in data)
    line = head + word("colon", lang) + who + (f" → {whither}" if whither else "")
    rest = [_field(k, v, lang, names) for k, v in data.items()
            if k not in ("type", *_SUBJECT, *_TARGET)]
    return "".join([line, *(word("semicolon", lang) + r for r in rest)])


def _unit(ident: str, lang: str, names: Names) -> str:
    name = names.units.get(ident)
    if not name or name == ident:
        return ident
    return _bracket(name, ident, lang)


def _bracket(text: str, inner: str, lang: str) -> str:
    return word("bracket", lang, text=text, inner=inner)


def _body(value: Any, lang: str, names: Names) -> str:
    """A body as written in an event: an id, a list of ids, a new unit or town (its name,
    with the id), or a split's part (the unit and what it takes)."""
    if isinstance(value, str):
        return _unit(value, lang, names)
    if isinstance(value, list):
        return word("list", lang).join(_body(v, lang, names) for v in value)
    if isinstance(value, dict):
        new = value.get("new")
        if isinstance(new, dict) and "unit" in value:
            return _part(value, {**new, "id": value["unit"]}, lang, names)
        if "unit" in value and isinstance(value["unit"], str) and "name" not in value:
            return _part(value, {"id": value["unit"]}, lang, names)
        ident = value.get("id") or value.get("structure") or value.get("unit")
        name = value.get("name")
        if isinstance(name, str) and isinstance(ident, str):
            return _bracket(name, ident, lang)
        return _unit(ident, lang, names) if isinstance(ident, str) else _value(value, lang, names)
    return str(value)


def _part(value: dict[str, Any], unit: dict[str, Any], lang: str, names: Names) -> str:
    """One part of a split: the unit (its name, with the id), the functions and posts it
    takes: ``基层党建办公室（party-building-office；职能 党建、宣传）``."""
    ident = str(unit["id"])
    name = unit.get("name") if isinstance(unit.get("name"), str) else names.units.get(ident)
    named = isinstance(name, str) and name != ident
    inner = ([ident] if named else []) + [_field(k, value[k], lang, names) for k in value
                                          if k not in ("unit", "new")]
    head = str(name) if named else ident
    if not inner:
        return head
    return _bracket(head, word("semicolon", lang).join(inner), lang)


def _label(key: str, lang: str) -> str:
    return word(f"event.{key}", lang) if f"event.{key}" in WORDS else key


def _field(key: str, value: Any, lang: str, names: Names) -> str:
    return f"{_label(key, lang)} {_text(key, value, lang, names)}"


def _text(key: str, value: Any, lang: str, names: Names) -> str:
    """Return the value of the event field ``key`` in words."""
    if isinstance(value, dict) and key in _STAFFING:
        text = _staffing(value, lang)
    elif key == "level" and isinstance(value, str):
        text = vocab.label(vocab.LEVELS, value, lang)
    elif key in _FUNCTION_LISTS and isinstance(value, list):
        text = word("list", lang).join(names.functions.get(str(f), str(f)) for f in value) or "—"
    elif key == "functions_to" and isinstance(value, dict):
        text = word("list", lang).join(f"{names.functions.get(f, f)} → {_body(u, lang, names)}"
                        for f, u in value.items()) or "—"
    elif key in ("staffing_to", "nameplates_to") and isinstance(value, dict):
        colon = word("colon", lang)
        text = word("list", lang).join(f"{_unit(u, lang, names)}{colon}{_value(v, lang, names)}"
                                       for u, v in value.items()) or "—"
    elif key == "facts" and isinstance(value, dict):
        text = _facts(value, lang)
    elif key == "evidence" and isinstance(value, str):
        text = vocab.label(vocab.EVIDENCE, value, lang)
    elif key == "parent" and isinstance(value, str):
        text = _unit(value, lang, names)
    else:
        text = _value(value, lang, names)
    return text


def _facts(value: dict[str, Any], lang: str) -> str:
    """The evidence of a unit's facts: ``名称（机构存在）：推定（来源 nbs；说明 ...）``."""
    parts = []
    for fact, ev in value.items():
        head = vocab.label(vocab.FACTS, str(fact), lang)
        if not isinstance(ev, dict):
            parts.append(f"{head} {ev}")
            continue
        level = ev.get("evidence")
        text = head + word("colon", lang) + (vocab.label(vocab.EVIDENCE, level, lang)
                             if isinstance(level, str) else word("audit.not-stated", lang))
        extra = [f"{word(f'event.{k}', lang)} {_value(v, lang, _NO_NAMES)}"
                 for k, v in ev.items() if k in ("sources", "note") and v]
        if extra:
            text = _bracket(text, word("semicolon", lang).join(extra), lang)
        parts.append(text)
    return word("list", lang).join(parts) or "—"


def _staffing(value: dict[str, Any], lang: str) -> str:
    return word("list", lang).join(f"{vocab.label(vocab.STAFF_TYPES, k, lang)} {v}"
                    for k, v in value.items()) or "—"


def _value(value: Any, lang: str, names: Names) -> str:
    """Return any other value of an event in words, never as Python writes it: a flag as
    是/否, a source by its title, a mapping as ``key → value`` (``finance → general-office``;
    posts by type in words, ``service-centre：事业编制 5``)."""
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, list | tuple):
        return word("list", lang).join(_value(v, lang, names) for v in value) or "—"
    if not isinstance(value, dict):
        return "—" if value is None else str(value)
    if any(isinstance(value.get(k), str) for k in ("id", "structure", "unit", "name")):
        return _body(value, lang, names)
    if isinstance(value.get("type"), str) and "with" in value:  # a link: 业务指导（body）
        relation = vocab.label(vocab.RELATIONS, value["type"], lang)
        return _bracket(relation, _body(value["with"], lang, names), lang)
    if "title" in value or "url" in value:
        return " ".join(str(x) for x in (value.get("title"), value.get("url")) if x)
    if value and all(k in vocab.STAFF_TYPES for k in value):
        return _staffing(value, lang)
    parts = []
    for k, v in value.items():
        if isinstance(v, dict) and k not in ("facts",):
            parts.append(f"{_unit(k, lang, names)}{word('colon', lang)}{_value(v, lang, names)}")
        else:
            parts.append(f"{_label(k, lang)} → {_text(k, v, lang, names)}")
    return word("list", lang).join(parts) or "—"
