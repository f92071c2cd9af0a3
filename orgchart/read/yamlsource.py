"""Read YAML into plain data plus a map from every key path to its file:line:col."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from ..base.errors import Location, ModelError, Problem
from ..base.locations import KeyPath, SourceMap, spot
from . import parsecache
from .inputs import (
    MAX_INPUT_BYTES,
    control_character,
    decode_text,
    has_control_character,
    read_bytes,
    read_text,
)

__all__ = ["KeyPath", "SourceMap", "parse_yaml", "read_yaml", "read_text", "MAX_FILE_BYTES"]

#: Model files larger than this are refused before parsing (a township is ~20 KB).
MAX_FILE_BYTES = MAX_INPUT_BYTES
#: Deeper nesting than this is refused; real model files are 5 to 6 levels deep.
MAX_DEPTH = 64
#: A list (or mapping) with more entries than this is refused: at most this many units a
#: file (a county of 30,000 units fits; a national model joins files with 'members:').
MAX_ITEMS = 50_000
#: A file with more values (scalars, lists and mappings) than this is refused before it is
#: built in memory (a 30,063-unit file with staffing, functions and nameplates has 720,000).
MAX_NODES = 1_500_000
#: Texts longer than this are scanned for the limits above before they are composed.
_SCAN_ABOVE = 256 * 1024

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: the tags of plain scalars that a resolver could type, by their text (at most so many)
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 4096
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that types a plain scalar only where YAML 1.1 and the 1.2 core schema
    agree on it.

    ``yes``/``no``/``on``/``off`` stay text (1.1 read them as booleans), and so do the
    1.1-only numbers: ``010`` (8 in 1.1, 10 in 1.2), ``0x1F``, ``0o17``, ``0b11``,
    ``1_000`` and ``1:30`` (90 in 1.1). A count written so is then refused by the schema
    with a hint, and an id such as ``off`` is text. Dates (``2019-01-01``) stay dates.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """Return the tag of a node: PyYAML's BaseResolver.resolve for a loader with no
        path resolvers and no wildcard ones, in a third of the time (it runs for every
        node the C composer builds)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                resolvers = self.yaml_implicit_resolvers.get(value[:1])
                if resolvers:  # a key such as 'name', a number, a date: seen again and again
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = next((str(t) for t, regexp in resolvers if regexp.match(value)),
                                   _STR)
                        if len(_RESOLVED) < _RESOLVED_MAX:
                            _RESOLVED[value] = tag
                    return tag
            return _STR
        if kind is yaml.SequenceNode:
            return str(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG)
        return str(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG)


for _tag, _pattern, _first in (
        ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
        ("int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
        ("float", r"""[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?
                      |\.[0-9]+(?:[eE][-+][0-9]+)?
                      |[-+]?\.(?:inf|Inf|INF)
                      |\.(?:nan|NaN|NAN)""", "-+0123456789."),
        ("merge", r"<<", "<"),
        ("null", r"~|null|Null|NULL|", "~nN"),
        ("timestamp", r"""[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                          |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                           (?:[Tt]|[ \t]+)[0-9][0-9]?
                           :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                           (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?""", "0123456789"),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}",
                                  re.compile(f"^(?:{_pattern})$", re.X),
                                  [*_first, ""] if _tag == "null" else list(_first))
#: The tags a plain scalar resolves to; each is converted by its SafeConstructor method
#: directly (construct_object would remember every value in the constructor).
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                        ("bool", "int", "float", "null", "timestamp"))
_INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("int", "bool", "null"))
#: the booleans the resolver above takes, as PyYAML's constructor reads them
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_Scalar = yaml.ScalarNode


def _spot(node: yaml.Node) -> int:
    mark = node.start_mark
    return spot(mark.line + 1, mark.column + 1)


class _Converter:
    """Turn a composed YAML node tree into dicts, lists and scalars, refusing what model
    files may not say, each problem at its node (the source map is recorded apart)."""

    def __init__(self, filename: str, aliases_possible: bool = True,
                 controls_possible: bool = True) -> None:
        self.file = filename
        #: whether a text may hold a control character; not one without any, written or
        #: escaped (every escape starts with a backslash)
        self.controls = controls_possible
        self.problems: list[Problem] = []
        #: the nodes converted, to tell an alias (the same node again); not needed in a
        #: text without '*', which can have no alias
        self.seen: set[int] | None = set() if aliases_possible else None
        #: a text is taken as it stands: no alias to tell, no control character to refuse
        self.plain = not aliases_possible and not controls_possible
        self.aliases = 0
        # one a parse, not one a process: it keeps what it constructs until dropped
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, depth: int) -> Any:
        """Return the value of ``node``, ``depth`` keys and indexes below the document."""
        if self.seen is not None:
            if id(node) in self.seen:  # an alias; parse_yaml locates each at its '*'
                self.aliases += 1
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(node, "yaml", f"nesting deeper than {MAX_DEPTH} levels is not supported")
            return None
        if node.__class__ is yaml.ScalarNode:
            return self._scalar(node)
        if len(node.value) > MAX_ITEMS:
            self._fail(node, "too-large", _too_many(
                len(node.value), "list" if isinstance(node, yaml.SequenceNode) else "mapping"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            if self.plain and depth < MAX_DEPTH:  # a list of texts, the most common
                return [item.value if item.__class__ is _Scalar and item.tag == _STR
                        else self.convert(item, depth + 1) for item in node.value]
            return [self.convert(item, depth + 1) for item in node.value]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, "yaml", "a mapping key must be plain text")
                continue
            key = str(key_node.value)
            why = control_character(key) if self.controls else None
            if why:
                self._fail(key_node, "control-character", f"in a key: {why}")
                continue
            if key == "<<":
                self._fail(key_node, "yaml", "merge keys (<<) are not supported; "
                           "share units with 'extends:'")
                continue
            if key in out:
                first = next(k for k, _ in node.value
                             if isinstance(k, yaml.ScalarNode) and str(k.value) == key)
                self._fail(key_node, "duplicate-key",
                           f"key {key!r} appears twice in this mapping (first at line "
                           f"{first.start_mark.line + 1}); remove one")
                continue
            if (self.plain and value_node.__class__ is _Scalar and value_node.tag == _STR
                    and depth < MAX_DEPTH):  # a text, the most common value
                out[key] = value_node.value
            else:
                out[key] = self.convert(value_node, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            tag, text = node.tag, node.value
            if tag == _STR:
                value = text
            elif tag == _INT and text.isascii() and text.isdigit() and (
                    text[0] != "0" or text == "0"):  # decimal: what PyYAML's int() gives
                value = int(text)
            elif tag == _BOOL and text in _BOOLS:
                value = _BOOLS[text]
            elif tag == _NULL:
                value = None
            elif tag in _PLAIN_TAGS:
                value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
            else:  # an explicit tag (!!binary, !!set, ...): whatever PyYAML makes of it
                value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as err:
            hint = ("write a real date (2019-06-30; 2019 and 2019-06 are dates too)"
                    if node.tag == _TIMESTAMP else "put it in quotes if it is text")
            self._fail(node, "yaml", f"cannot read value {node.value!r}: {err}; {hint}")
            return None
        why = control_character(value) if self.controls and isinstance(value, str) else None
        if why:
            self._fail(node, "control-character", why)
            return None
        return value

    def _fail(self, node: yaml.Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(Location(self.file, mark.line + 1, mark.column + 1),
                                     code, message))


def _record(node: yaml.Node, path: KeyPath, smap: SourceMap, depth: int | None) -> None:
    """Record where ``node`` (at ``path``) and what it holds stand, down to ``depth`` keys
    and indexes below the document (None: all of it), in a tree that parsed cleanly."""
    smap.values[path] = _spot(node)
    if depth is not None and len(path) >= depth:
        return
    if node.__class__ is yaml.MappingNode:
        for key_node, value_node in node.value:
            at = (*path, str(key_node.value))
            smap.keys[at] = _spot(key_node)
            _record(value_node, at, smap, depth)
    elif node.__class__ is yaml.SequenceNode:
        for i, item in enumerate(node.value):
            _record(item, (*path, i), smap, depth)


def _filler(raw: bytes, encoding: str = "utf-8") -> Callable[[SourceMap], None]:
    """Return what records every place of a text (parsed cleanly once) in a source map;
    it keeps the text's bytes (``raw``) compressed, a sixth of their size: a province of
    2,000 towns keeps 25 MB of YAML for places almost never asked for."""
    packed = zlib.compress(raw, 1)

    def fill(smap: SourceMap) -> None:
        with _no_gc():
            text = zlib.decompress(packed).decode(encoding, "surrogatepass")
            node = yaml.compose(text, Loader=_Loader)
            if node is not None:
                _record(node, (), smap, None)

    return fill


def parse_yaml(text: str, filename: str = "<string>", empty_ok: bool = False
               ) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and its source map.

    Args:
        empty_ok: an empty document gives ``None`` (a theme file may be empty; a model not).

    Raises:
        ModelError: the text is not valid YAML, or uses a feature model files refuse.

    >>> data, smap = parse_yaml("a:\\n  b: [1, 2]\\n", "x.yaml")
    >>> data, str(smap.at(("a", "b", 1)))
    ({'a': {'b': [1, 2]}}, 'x.yaml:2:10')
    """
    with _no_gc():  # the node tree is freed before the collector runs again
        return _parse(text, filename, empty_ok, None)


#: a value written as a bare ``?`` (``rank: ?``, ``{admin: ?}``), which YAML reads as the
#: start of a complex key, not as the text the README offers for "not known"
_BARE_QUESTION = re.compile(r":\s+\?\s*(?:$|[,}\]#])")


def _line_at(text: str, index: int) -> str:
    """Return line ``index`` (from 0) of ``text`` as YAML counts lines, or '' past the end."""
    lines = re.split("\r\n|[\n\r\x85\u2028\u2029]", text)
    return lines[index] if 0 <= index < len(lines) else ""


def _parse(text: str, filename: str, empty_ok: bool, raw: bytes | None
           ) -> tuple[Any, SourceMap]:
    """Parse ``text``; ``raw``, when given, is the file's bytes that it was decoded from
    (kept for the source map instead of a copy of the text)."""
    smap = SourceMap(filename)
    try:
        if len(text) > _SCAN_ABOVE:
            _scan_limits(text, filename)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Location(filename, mark.line + 1, mark.column + 1) if mark else Location(filename)
        what = err.problem or err.context or "syntax error"
        if err.context and err.context_mark and err.problem:
            cm = err.context_mark
            what += f" ({err.context} started at line {cm.line + 1}, column {cm.column + 1})"
        fix = "check indentation, colons and quotes around this point"
        if mark and _BARE_QUESTION.search(_line_at(text, mark.line)):
            fix = ("'?' alone starts a YAML key: to say not known, write unknown or '?' in "
                   "quotes")
        raise ModelError([Problem(where, "yaml", f"invalid YAML: {what}; {fix}")]) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses, e.g. a raw control
        before = text.encode("utf-8", "surrogatepass")[:err.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        where = Location(filename, line, len(before) - (before.rfind("\n") + 1) + 1)
        code = err.character if isinstance(err.character, int) else ord(err.character or "?")
        what = (control_character(chr(code), where=False)
                or f"character U+{code:04X} is not allowed here")
        raise ModelError([Problem(where, "yaml", f"invalid YAML: {what}")]) from None
    except yaml.YAMLError as err:
        raise ModelError([Problem(Location(filename), "yaml", f"invalid YAML: {err}")]) from None
    except RecursionError:
        raise ModelError([Problem(Location(filename), "yaml", f"nesting deeper than {MAX_DEPTH} "
                                  "levels is not supported")]) from None
    if node is None:
        if empty_ok:
            return None, smap
        raise ModelError([Problem(Location(filename), "empty-file",
                                  "the file is empty; a model needs at least 'structure:' "
                                  "and 'units:' (see 'orgchart schema')")])
    conv = _Converter(filename, "*" in text, "\\" in text or has_control_character(text))
    data = conv.convert(node, 0)
    if conv.aliases:
        conv.problems.extend(_alias_problems(text, filename))
    if conv.problems:
        raise ModelError(conv.problems)
    # the top-level keys now, the rest when a deeper place is first asked for
    _record(node, (), smap, smap.shallow)
    smap.fill = (_filler(text.encode("utf-8", "surrogatepass")) if raw is None else
                 _filler(raw, "utf-8-sig"))
    return data, smap


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector off: a composed tree and the data made of it have
    no cycles, and with a province already loaded each collection that the tree's
    thousands of nodes set off walks all of it (a third of the time of loading 2,000 towns
    and keeping them)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _too_many(count: int | None, what: str = "list") -> str:
    many = f"{count:,} entries" if count else f"more than {MAX_ITEMS:,} entries"
    return (f"{many} in one {what}; a file holds at most {MAX_ITEMS:,} units (or entries "
            "of any list): split it into files joined with 'members:'")


def _scan_limits(text: str, filename: str) -> None:
    """Refuse a text whose lists, values or nesting exceed the limits, reading its YAML
    events without building them (so a 15 MB file of empty entries costs seconds, not
    gigabytes); stop at the first limit crossed."""
    counts: list[int] = []  # events seen in each open list or mapping
    starts: list[Any] = []

    def fail(event: Any, code: str, message: str) -> ModelError:
        mark = event.start_mark
        return ModelError([Problem(Location(filename, mark.line + 1, mark.column + 1), code,
                                   message)])

    nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            counts.pop()
            starts.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise fail(event, "too-large", f"more than {MAX_NODES:,} values in one file; "
                       "split it into files joined with 'members:'")
        if counts:
            counts[-1] += 1
            if counts[-1] > MAX_ITEMS:
                mapping = isinstance(starts[-1], yaml.MappingStartEvent)
                if not mapping or counts[-1] > 2 * MAX_ITEMS:  # a key and a value an entry
                    raise fail(starts[-1], "too-large",
                               _too_many(None, "mapping" if mapping else "list"))
        if isinstance(event, yaml.CollectionStartEvent):
            if len(counts) >= MAX_DEPTH:
                raise fail(event, "yaml", f"nesting deeper than {MAX_DEPTH} levels is not "
                           "supported")
            counts.append(0)
            starts.append(event)


def _alias_problems(text: str, filename: str) -> list[Problem]:
    """Return a problem at each ``*alias`` of ``text`` (the composed node tree shares the
    anchored node, which knows only where the ``&anchor`` stands)."""
    anchors: dict[str, int] = {}
    problems: list[Problem] = []
    for event in yaml.parse(text, Loader=_Loader):
        mark: Any = event.start_mark
        anchor: str | None = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            line = anchors.get(anchor or "")
            at = f" (anchored at line {line})" if line else ""
            problems.append(Problem(Location(filename, mark.line + 1, mark.column + 1), "yaml",
                                    f"alias *{event.anchor}{at}: anchors and aliases (&, *) "
                                    "are not supported; write the value out, or share units "
                                    "with 'extends:'"))
        elif anchor:
            anchors[anchor] = mark.line + 1
    return problems


def read_yaml(path: str | os.PathLike[str], empty_ok: bool = False,
              what: str = "model file") -> tuple[Any, SourceMap]:
    """Read and parse a YAML model file; see :func:`parse_yaml`. A file parsed cleanly
    before is taken from the cache of parsed files (see :mod:`.parsecache`)."""
    name = os.fspath(path)
    raw = read_bytes(path, what)
    with _no_gc():  # unpickling makes as many containers as parsing
        cached = parsecache.lookup(raw)
    if cached is not None:
        data, values, keys = cached
        return data, SourceMap(name, values, keys, _filler(raw, "utf-8-sig"))
    with _no_gc():
        data, smap = _parse(decode_text(raw, name), name, empty_ok, raw)
    if data is not None:  # an empty file is refused or not by what reads it
        parsecache.store(raw, data, smap.values, smap.keys)
    return data, smap
