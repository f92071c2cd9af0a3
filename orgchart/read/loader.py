"""Load model files: validate each file, resolve ``extends:`` templates and catalogues."""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.errors import Location, ModelError, Problem
from ..base.locations import SourceMap
from ..base.text import fill_place, suggest
from ..model.structure import Catalogue, Origin, Structure
from ..schema.structure import CatalogueFile, FunctionDef, Staffing, StructureFile, Unit, UnitPatch
from .validation import validate
from .yamlsource import read_yaml

if TYPE_CHECKING:
    from ..model.plan import Reorganisation

__all__ = ["load", "load_structure", "load_catalogue", "load_plan", "MAX_NESTING"]

_KINDS_OF_FILE = ("structure", "catalogue", "reorganisation")
#: Files nested deeper than this through ``extends:`` and ``members:`` are refused (a town
#: extends a template, a county lists towns: real models are a few levels deep).
MAX_NESTING = 50


@dataclass
class _Session:
    """Files already read in one load, so a template shared by many towns is read once."""

    structures: dict[Path, Structure] = field(default_factory=dict)
    catalogues: dict[Path, Catalogue] = field(default_factory=dict)
    #: where each member file was listed, in the structure being read (with its members)
    member_at: dict[Path, Location] = field(default_factory=dict)


def load(path: str | os.PathLike[str]) -> Structure | Catalogue | Reorganisation:
    """Load a model file: a structure (机构设置), a function catalogue or a reorganisation.

    Raises:
        ModelError: the file cannot be read, is not valid, or names a missing template;
            ``err.problems`` lists every problem with its file:line:col.
    """
    data, smap = read_yaml(path)
    kind = _file_kind(data, smap)
    if kind == "catalogue":
        return _catalogue(data, smap)
    if kind == "reorganisation":
        return _plan(Path(path), data, smap)
    return _structure(Path(path), data, smap, _Session(), ())


def load_plan(path: str | os.PathLike[str]) -> Reorganisation:
    """Load a file that must hold a reorganisation plan."""
    model = load(path)
    if isinstance(model, (Structure, Catalogue)):
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind",
                                  "expected a reorganisation plan (starting with "
                                  "'reorganisation:')")])
    return model


def _plan(path: Path, data: Any, smap: SourceMap) -> Reorganisation:
    from ..model.plan import Reorganisation
    from ..schema.events import PlanFile

    doc, problems = validate(PlanFile, data, smap)
    if doc is None:
        raise ModelError(problems)
    session = _Session()
    before = _referenced(path, doc.from_, smap, ("from",), session)
    after = _referenced(path, doc.to, smap, ("to",), session) if doc.to else None
    events = tuple(doc.events)
    origins = tuple(Origin(smap, ("events", i)) for i in range(len(events)))
    functions, outside = dict(doc.functions), doc.outside
    if doc.extends:
        base, base_smap = _base_plan(path, doc.extends, smap)
        events = (*base.events, *events)
        origins = (*(Origin(base_smap, ("events", i)) for i in range(len(base.events))),
                   *origins)
        functions = {**base.functions, **functions}
        outside = _merge_by_id(base.outside, outside)
    return Reorganisation(
        id=doc.reorganisation, name=doc.name, before=before, events=events, after=after,
        effective=doc.effective, result=doc.result, functions=functions,
        outside=outside, sources=doc.sources, verified=doc.verified, note=doc.note,
        path=smap.file, smap=smap, event_origins=origins)


def _base_plan(path: Path, ref: str, smap: SourceMap) -> tuple[Any, SourceMap]:
    """Return the validated plan that a plan extends (its events come first), cached."""
    from ..schema.events import PlanFile

    target = _resolve(path.parent / ref)
    cached = _PLANS.get(_signature(target, smap))
    if cached is not None:
        return cached
    _, data, base_smap = _read_ref(path, ref, smap, ("extends",), "missing-plan",
                                   "reorganisation plan", "reorganisation")
    doc, problems = validate(PlanFile, data, base_smap)
    if doc is None:
        raise ModelError(problems)
    if doc.extends:
        raise ModelError([Problem(base_smap.at(("extends",)), "extends-loop",
                                  "a plan that others extend cannot extend a plan itself")])
    _PLANS[_signature(target, smap)] = (doc, base_smap)
    return doc, base_smap


def _read_ref(path: Path, ref: str, smap: SourceMap, key: tuple[str | int, ...], code: str,
              what: str, kind: str = "structure") -> tuple[Path, Any, SourceMap]:
    """Read a file that ``path`` names (relative to its folder) and check its kind."""
    target = _resolve(path.parent / ref)
    unusable = _unusable(target)
    if unusable == "not found":
        raise ModelError([Problem(smap.at(key), code,
                                  f"{what} {ref!r} not found (looked for "
                                  f"{os.path.relpath(target)}); the path is relative to this "
                                  "file")])
    if unusable:
        raise ModelError([Problem(smap.at(key), code, f"{what} {ref!r} {unusable}")])
    try:
        data, ref_smap = read_yaml(_shown(target, smap))
        found = _file_kind(data, ref_smap)
    except ModelError as err:
        if target.suffix.lower() in (".yaml", ".yml"):
            raise  # a model file with a mistake: the mistake is located in it
        reason = err.problems[0].message.split(";")[0] if err.problems else "unreadable"
        raise ModelError([Problem(smap.at(key), code,
                                  f"{what} {ref!r} is not an orgchart model file ({reason}); "
                                  "name a .yaml model file")]) from None
    if found != kind:
        raise ModelError([Problem(smap.at(key), code, f"{ref!r} is not a {kind} file")])
    return target, data, ref_smap


def _unusable(target: Path) -> str | None:
    """Say why ``target`` cannot be read as a model file; None when it is a regular file."""
    try:
        st = os.stat(target)
    except ValueError:  # a NUL in the name
        return "is not a valid file name"
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return "not found"
        if err.errno == errno.ELOOP:
            return ("is a symbolic link loop (the link leads back to itself); fix or remove "
                    "the link")
        if err.errno == errno.ENAMETOOLONG:
            return ("has a name too long for the file system (over 255 bytes in one part of "
                    "the path); shorten it")
        return f"cannot be read: {err.strerror}"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a model file; name a .yaml file inside it"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a pipe, device or socket); name a .yaml model file"
    return None


def _referenced(path: Path, ref: str, smap: SourceMap, key: tuple[str, ...],
                session: _Session) -> Structure:
    target, data, ssmap = _read_ref(path, ref, smap, key, "missing-structure", "structure")
    session.member_at = {}  # 'from:' and 'to:' may list the same towns
    return _structure(target, data, ssmap, session, ())


def load_structure(path: str | os.PathLike[str]) -> Structure:
    """Load a file that must hold a structure."""
    model = load(path)
    if not isinstance(model, Structure):
        found = ("a function catalogue" if isinstance(model, Catalogue) else
                 "a reorganisation plan (use 'orgchart reorg' for plans)")
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind",
                                  "expected a structure file (starting with 'structure:'), "
                                  f"found {found}")])
    return model


def load_catalogue(path: str | os.PathLike[str]) -> Catalogue:
    """Load a file that must hold a function catalogue."""
    data, smap = read_yaml(path)
    if _file_kind(data, smap) != "catalogue":
        raise ModelError([Problem(Location(smap.file), "file-kind",
                                  "expected a function catalogue (starting with 'catalogue:')")])
    return _catalogue(data, smap)


def _file_kind(data: Any, smap: SourceMap) -> str:
    if isinstance(data, dict):
        for key in _KINDS_OF_FILE:
            if key in data:
                return key
    keys = list(data) if isinstance(data, dict) else []
    hint = next((suggest(k, _KINDS_OF_FILE) for k in keys if suggest(k, _KINDS_OF_FILE)), "")
    raise ModelError([Problem(smap.at(()), "file-kind",
                              "a model file must start with 'structure: ID' (or 'catalogue: ID' "
                              f"for shared functions, 'reorganisation: ID' for a plan){hint}")])


def _catalogue(data: Any, smap: SourceMap) -> Catalogue:
    doc, problems = validate(CatalogueFile, data, smap)
    if doc is None:
        raise ModelError(problems)
    return Catalogue(doc.catalogue, doc.name, dict(doc.functions), smap.file, doc.sources,
                     doc.verified)


def _structure(path: Path, data: Any, smap: SourceMap, session: _Session,
               stack: tuple[Path, ...]) -> Structure:
    doc, problems = validate(StructureFile, data, smap)
    if doc is None:
        raise ModelError(problems)
    base = _template(path, doc, smap, session, stack)
    functions: dict[str, FunctionDef] = dict(base.functions) if base else {}
    for i, cat_path in enumerate(doc.catalogues):
        functions.update(_shared_catalogue(path, cat_path, smap, ("catalogues", i), session))
    functions.update(doc.functions)
    place = doc.place or (base.place if base else None)
    builder = _UnitMerger(base, smap)
    builder.apply(doc)
    raw_units = builder.units()
    return Structure(
        id=doc.structure, name=doc.name, name_en=doc.name_en,
        units=tuple(_with_place(u, place) for u in raw_units) if place else raw_units,
        raw_units=raw_units, path=smap.file, place=place,
        level=doc.level or (base.level if base else None), code=doc.code,
        as_of=doc.as_of or (base.as_of if base else None),
        valid_from=doc.valid_from or (base.valid_from if base else None),
        valid_to=doc.valid_to or (base.valid_to if base else None),
        template=doc.template, extends=base, successor_of=doc.successor_of,
        members=_members(path, doc, smap, session, stack),
        functions=functions,
        kinds={**(base.kinds if base else {}), **doc.kinds},
        outside=_merge_by_id(base.outside if base else (), doc.outside),
        caps=doc.caps or (base.caps if base else ()),
        cap_origins=(tuple(Origin(smap, ("caps", i)) for i in range(len(doc.caps)))
                     if doc.caps or not base else base.cap_origins),
        sources=doc.sources, verified=doc.verified, note=doc.note, reported=doc.reported,
        staffing_estimated=(doc.staffing_estimated if doc.staffing_estimated is not None
                            else (base.staffing_estimated if base else False)),
        origins=builder.origins, where=smap.at(("structure",)),
        header={**(base.header if base else {}),
                **{k: smap.at((k,)) for k in _HEADER_KEYS if smap.has((k,))}},
        outside_where=({**(base.outside_where if base else {}),
                        **{b.id: smap.at(("outside", i, "id")) for i, b in enumerate(doc.outside)}}
                       if doc.outside else (base.outside_where if base else {})),
        resolve_problems=tuple(builder.problems),
    )


#: top-level keys whose location a check may need after loading (see Structure.header)
_HEADER_KEYS = ("valid_from", "valid_to", "as_of", "extends")


def _template(path: Path, doc: StructureFile, smap: SourceMap, session: _Session,
              stack: tuple[Path, ...]) -> Structure | None:
    if doc.extends is None:
        return None
    where = smap.at(("extends",))
    target = _resolve(path.parent / doc.extends)
    if target in stack or target == _resolve(path):
        chain = " -> ".join(p.name for p in (*stack, _resolve(path), target))
        raise ModelError([Problem(where, "extends-loop",
                                  f"templates extend each other in a loop: {chain}; "
                                  "remove one 'extends:'")])
    level = len(stack) + 1  # of this file; the template would be one deeper
    if level >= MAX_NESTING:
        raise _too_deep(where, "extends")
    if target in session.structures:
        return _not_too_deep(session.structures[target], level)
    cached = _TEMPLATES.get(_signature(target, smap))
    if cached is not None and cached[1] == _chain_versions(cached[0]):
        session.structures[target] = cached[0]
        return _not_too_deep(cached[0], level)
    _, data, tsmap = _read_ref(path, doc.extends, smap, ("extends",), "missing-template",
                               "template")
    result = _structure(target, data, tsmap, session, (*stack, _resolve(path)))
    session.structures[target] = result
    if not result.resolve_problems:
        _TEMPLATES[_signature(target, smap)] = (result, _chain_versions(result))
    return result


def _too_deep(where: Location, key: str) -> ModelError:
    how = ("extend a template nearer its top" if key == "extends" else
           "list these members in a structure nearer the top")
    return ModelError([Problem(where, "too-deep", f"this '{key}:' goes deeper than "
                               f"{MAX_NESTING} levels of files (extends: and members: "
                               f"counted together); make the chain shorter, e.g. {how}")])


def _not_too_deep(template: Structure, level: int) -> Structure:
    """Return a template already read, unless it makes the chain from a file at ``level``
    too deep: refused at the same 'extends:' as when the chain is read afresh."""
    depth, base = 1, template.extends
    while base is not None:
        depth += 1
        base = base.extends
    if level + depth <= MAX_NESTING:
        return template
    culprit = template  # the file at level MAX_NESTING, whose template is one too deep
    for _ in range(MAX_NESTING - level - 1):
        assert culprit.extends is not None
        culprit = culprit.extends
    raise _too_deep(culprit.header.get("extends", culprit.where), "extends")


def _chain_versions(template: Structure) -> tuple[tuple[int, int], ...]:
    """Return the versions (mtime, size) of the templates a template extends, so that a
    cached template is read again when one of them changes, not only when it does."""
    versions = []
    base = template.extends
    while base is not None:
        try:
            st = Path(base.path).stat()
            versions.append((st.st_mtime_ns, st.st_size))
        except OSError:
            versions.append((-1, -1))
        base = base.extends
    return tuple(versions)


#: Templates already read in this process, by path and file signature: the 41,352 towns
#: of a national model share one template, which is then parsed once, not 41,352 times.
_TEMPLATES: dict[tuple[Path, int, int, str], tuple[Structure, tuple[tuple[int, int], ...]]] = {}
_CATALOGUES: dict[tuple[Path, int, int, str], Catalogue] = {}
_PLANS: dict[tuple[Path, int, int, str], tuple[Any, SourceMap]] = {}


def _resolve(path: Path) -> Path:
    """Return ``path`` made absolute with symlinks resolved.

    Remembered per absolute path: each resolve walks every component with lstat, and
    41,352 towns name the same templates.
    """
    return _resolve_absolute(path.absolute())


@functools.lru_cache(maxsize=4096)
def _resolve_absolute(path: Path) -> Path:
    # not Path.resolve: on Python < 3.13 it raises RuntimeError on a symlink loop, which
    # os.path.realpath leaves in the path for _unusable to report where it is named
    try:
        return Path(os.path.realpath(path))
    except ValueError:  # a NUL in the name
        return path


def _shown(target: Path, smap: SourceMap) -> str:
    """Return how messages name a referenced file: relative when the referring one is."""
    if os.path.isabs(smap.file):
        return str(target)
    return _relative(target, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative(target: Path, cwd: str) -> str:
    return os.path.relpath(target, cwd)


def _signature(path: Path, smap: SourceMap) -> tuple[Path, int, int, str]:
    """Return a cache key: the file, its version, and how messages will name it (so that
    a cached template's findings read the same as a fresh one's)."""
    try:
        st = path.stat()
    except OSError:
        return (path, -1, -1, "")
    return (path, st.st_mtime_ns, st.st_size, _shown(path, smap))


def _member(path: Path, member: str, smap: SourceMap, key: tuple[str, int], session: _Session,
            stack: tuple[Path, ...]) -> Structure:
    target = _resolve(path.parent / member)
    if target in stack or target == _resolve(path):
        raise ModelError([Problem(smap.at(key), "extends-loop",
                                  f"member {member!r} includes this file again; remove it")])
    first = session.member_at.get(target)
    if first is not None:  # counted twice in the totals: refused
        raise ModelError([Problem(smap.at(key), "duplicate-member", (
            f"member {member!r} is listed twice (first at line {first.line}); remove this entry"
            if first.file == smap.file else
            f"member {member!r} is already a member at {first}; a structure is counted in "
            "one place only: remove one of the entries"))])
    session.member_at[target] = smap.at(key)
    if len(stack) + 1 >= MAX_NESTING:
        raise _too_deep(smap.at(key), "members")
    if target not in session.structures:
        _, data, msmap = _read_ref(path, member, smap, key, "missing-member", "member structure")
        session.structures[target] = _structure(target, data, msmap, session,
                                                (*stack, _resolve(path)))
    return session.structures[target]


def _members(path: Path, doc: StructureFile, smap: SourceMap, session: _Session,
             stack: tuple[Path, ...]) -> tuple[Structure, ...]:
    """Read the member structures; two with the same id would be drawn as one box."""
    members: list[Structure] = []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for i, name in enumerate(doc.members):
        member = _member(path, name, smap, ("members", i), session, stack)
        if member.id in first:
            other = members[first[member.id]]
            problems.append(Problem(smap.at(("members", i)), "duplicate-member",
                                    f"member {name!r} ({member.path}) has the structure id "
                                    f"{member.id!r} of member {doc.members[first[member.id]]!r} "
                                    f"({other.path}); give each structure its own id"))
        first.setdefault(member.id, i)
        members.append(member)
    if problems:
        raise ModelError(problems)
    return tuple(members)


def _shared_catalogue(path: Path, cat_path: str, smap: SourceMap, key: tuple[str, int],
                      session: _Session) -> Mapping[str, FunctionDef]:
    target = _resolve(path.parent / cat_path)
    cached = _CATALOGUES.get(_signature(target, smap))
    if cached is not None:
        session.catalogues[target] = cached
    if target not in session.catalogues:
        _, data, csmap = _read_ref(path, cat_path, smap, key, "missing-catalogue",
                                   "function catalogue", "catalogue")
        session.catalogues[target] = _catalogue(data, csmap)
        _CATALOGUES[_signature(target, smap)] = session.catalogues[target]
    return session.catalogues[target].functions


def _merge_by_id(base: tuple[Any, ...], extra: tuple[Any, ...]) -> tuple[Any, ...]:
    ids = {item.id for item in extra}
    return tuple(item for item in base if item.id not in ids) + extra


class _UnitMerger:
    """Apply a file's units, replace, modify and remove to its template's units."""

    def __init__(self, base: Structure | None, smap: SourceMap) -> None:
        self.smap = smap
        self.order: list[str] = []
        self.by_id: dict[str, Unit] = {}
        self.origins: dict[str, tuple[Origin, ...]] = {}
        self.problems: list[Problem] = list(base.resolve_problems) if base else []
        if base:
            for unit in base.raw_units:
                self.order.append(unit.id)
                self.by_id[unit.id] = unit
                self.origins[unit.id] = base.origins.get(unit.id, ())

    def apply(self, doc: StructureFile) -> None:
        for i, unit in enumerate(doc.units):
            self._add(unit, ("units", i))
        for i, unit in enumerate(doc.replace):
            if self._known(unit.id, ("replace", i, "id"), "replace"):
                self.by_id[unit.id] = unit
                self.origins[unit.id] = (Origin(self.smap, ("replace", i)),)
        for unit_id, patch in doc.modify.items():
            if self._known(unit_id, ("modify", unit_id), "modify", key=True):
                self.by_id[unit_id] = _patched(self.by_id[unit_id], patch)
                self.origins[unit_id] = (Origin(self.smap, ("modify", unit_id)),
                                         *self.origins[unit_id])
        for i, unit_id in enumerate(doc.remove):
            if self._known(unit_id, ("remove", i), "remove"):
                self.order.remove(unit_id)
                del self.by_id[unit_id]

    def _add(self, unit: Unit, path: tuple[str | int, ...]) -> None:
        if unit.id in self.by_id:
            first = self.origins[unit.id]
            shown = f" (first at {first[-1].smap.at(first[-1].path)})" if first else ""
            self.problems.append(Problem(
                self.smap.at((*path, "id")), "duplicate-id",
                f"unit id {unit.id!r} is already used{shown}; pick another id, or use "
                "'replace:' or 'modify:' to change a template's unit"))
            return
        self.order.append(unit.id)
        self.by_id[unit.id] = unit
        self.origins[unit.id] = (Origin(self.smap, path),)

    def _known(self, unit_id: str, path: tuple[str | int, ...], what: str,
               key: bool = False) -> bool:
        if unit_id in self.by_id:
            return True
        self.problems.append(Problem(
            self.smap.at(path, key=key), "unknown-unit",
            f"{what}: no unit {unit_id!r} in the template{suggest(unit_id, self.by_id)}"))
        return False

    def units(self) -> tuple[Unit, ...]:
        return tuple(self.by_id[i] for i in self.order)


_REQUIRED = ("name", "kind", "category")


def _patched(unit: Unit, patch: UnitPatch) -> Unit:
    update: dict[str, Any] = {k: getattr(patch, k) for k in patch.model_fields_set
                              if not (k in _REQUIRED and getattr(patch, k) is None)}
    if "staffing" in update:
        update["staffing"] = Staffing(**{**unit.staffing.model_dump(), **(patch.staffing or {})})
    return unit.model_copy(update=update)


def _with_place(unit: Unit, place: str) -> Unit:
    if "{place}" not in unit.name and not any("{place}" in n for n in unit.nameplates):
        return unit
    return unit.model_copy(update={
        "name": fill_place(unit.name, place),
        "nameplates": tuple(fill_place(n, place) for n in unit.nameplates),
    })
