"""Load model files: validate each file, resolve ``extends:`` templates and catalogues."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.errors import Location, ModelError, Problem
from ..base.locations import SourceMap
from ..model.evidence import flag_level
from ..model.structure import Catalogue, Origin, Structure, with_place
from ..schema.structure import CatalogueFile, FunctionDef, StructureFile
from .inputs import read_bytes
from .merging import UnitMerger, merge_by_id
from .references import file_kind, read_ref, resolve, shown, signature
from .validation import validate
from .yamlsource import read_yaml

if TYPE_CHECKING:
    from ..model.history import History
    from ..model.plan import Reorganisation

__all__ = ["load", "load_histories", "load_structure", "load_catalogue", "load_plan",
           "load_history", "MAX_NESTING"]

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


def load(path: str | os.PathLike[str]
         ) -> Structure | Catalogue | Reorganisation | History:
    """Load a model file: a structure (机构设置), a function catalogue, a reorganisation or a
    history (沿革).

    Raises:
        ModelError: the file cannot be read, is not valid, or names a missing template;
            ``err.problems`` lists every problem with its file:line:col.
    """
    return _load(path, None)


def load_histories(paths: Iterable[str | os.PathLike[str]]) -> dict[str, History]:
    """Load the histories among ``paths`` (keyed by the path as given), each file read once.

    A file whose bytes do not hold the word ``history`` cannot be one and is not parsed
    here: a folder of 41,352 towns is parsed once, by :func:`load`, not twice.
    """

    found: dict[str, History] = {}
    for path in paths:
        if b"history" not in read_bytes(path):
            continue
        data, smap = read_yaml(path)
        if file_kind(data, smap) == "history":
            found[os.fspath(path)] = _history(Path(path), data, smap)
    return found


def _load(path: str | os.PathLike[str], want: str | None
          ) -> Structure | Catalogue | Reorganisation | History:
    """Read a model file once, and refuse it by its kind before building anything (a plan
    asked for as a structure would otherwise load its from: and to: files first)."""
    stamp = _stamp(Path(path))  # before reading: a file changed meanwhile is read anew
    data, smap = read_yaml(path)
    kind = file_kind(data, smap)
    if want is not None and kind != want:
        raise ModelError([Problem(Location(os.fspath(path)), "file-kind",
                                  _EXPECTED[want].format(found=_FOUND[kind]))])
    if kind == "catalogue":
        return _catalogue(data, smap)
    if kind == "reorganisation":
        return _plan(Path(path), data, smap)
    if kind == "history":
        return _history(Path(path), data, smap)
    return _kept(_structure(Path(path), data, smap, _Session(), ()), data,
                 (*stamp, smap.file))


_EXPECTED = {
    "structure": "expected a structure file (starting with 'structure:'), found {found}",
    "reorganisation": "expected a reorganisation plan (starting with 'reorganisation:')",
    "catalogue": "expected a function catalogue (starting with 'catalogue:')",
    "history": "expected a history (starting with 'history:')",
}
_FOUND = {"structure": "a structure", "catalogue": "a function catalogue",
          "history": "a history (use 'orgchart asof HISTORY DATE' for its structure on a date)",
          "reorganisation": "a reorganisation plan (use 'orgchart reorg' for plans)"}


def load_plan(path: str | os.PathLike[str]) -> Reorganisation:
    """Load a file that must hold a reorganisation plan."""
    from ..model.plan import Reorganisation

    plan = _load(path, "reorganisation")
    assert isinstance(plan, Reorganisation)
    return plan


def load_history(path: str | os.PathLike[str]) -> History:
    """Load a file that must hold a history (沿革)."""
    history = _load(path, "history")
    from ..model.history import History

    assert isinstance(history, History)
    return history


def _history(path: Path, data: Any, smap: SourceMap) -> History:
    from ..model.history import Change, History
    from ..schema.history import HistoryFile

    doc, problems = validate(HistoryFile, data, smap)
    if doc is None:
        raise ModelError(problems)
    start = _referenced(path, doc.start, smap, ("start",), _Session())
    by_id = {s.id: s for s in doc.sources if s.id}
    changes = []
    for i, entry in enumerate(doc.changes):
        plan = None
        events, origins = entry.events, tuple(Origin(smap, ("changes", i, "events", j))
                                              for j in range(len(entry.events)))
        if entry.plan is not None:
            key = ("changes", i, "plan")
            target, _, _ = read_ref(path, entry.plan, smap, key, "missing-plan",
                                    "reorganisation plan", "reorganisation")
            plan = load_plan(shown(target, smap))
            events, origins = plan.events, tuple(plan.event_origin(j)
                                                 for j in range(len(plan.events)))
        sources = []
        for j, ref in enumerate(entry.sources):
            if isinstance(ref, str):
                if ref not in by_id:
                    problems.append(Problem(smap.at(("changes", i, "sources", j)),
                                            "unknown-source", f"no source with id {ref!r} "
                                            "under the history's 'sources:'; add it there"))
                    continue
                sources.append(by_id[ref])
            else:
                sources.append(ref)
        changes.append(Change(
            id=entry.id, index=i, events=events, event_origins=origins,
            document=entry.document, approved=entry.approved, effective=entry.effective,
            status=entry.status, evidence=entry.evidence, sources=tuple(sources),
            note=entry.note, structure=entry.structure, plan=plan, smap=smap))
    if problems:
        raise ModelError(problems)
    return History(id=doc.history, name=doc.name, name_en=doc.name_en, start=start,
                   changes=tuple(changes), start_date=doc.as_of, sources=doc.sources,
                   default_evidence=doc.evidence, note=doc.note, path=smap.file, smap=smap)


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
        outside = merge_by_id(base.outside, outside)
    return Reorganisation(
        id=doc.reorganisation, name=doc.name, before=before, events=events, after=after,
        effective=doc.effective, result=doc.result, functions=functions,
        outside=outside, sources=doc.sources, verified=doc.verified, note=doc.note,
        default_evidence=_written_level(doc),
        path=smap.file, smap=smap, event_origins=origins)


def _base_plan(path: Path, ref: str, smap: SourceMap) -> tuple[Any, SourceMap]:
    """Return the validated plan that a plan extends (its events come first), cached."""
    from ..schema.events import PlanFile

    target = resolve(path.parent / ref)
    stamp = signature(target, smap)  # before reading: a file changed meanwhile is read anew
    cached = _PLANS.get(stamp)
    if cached is not None:
        return cached
    _, data, base_smap = read_ref(path, ref, smap, ("extends",), "missing-plan",
                                   "reorganisation plan", "reorganisation")
    doc, problems = validate(PlanFile, data, base_smap)
    if doc is None:
        raise ModelError(problems)
    if doc.extends:
        raise ModelError([Problem(base_smap.at(("extends",)), "extends-loop",
                                  "a plan that others extend cannot extend a plan itself")])
    _PLANS[stamp] = (doc, base_smap)
    return doc, base_smap


def _referenced(path: Path, ref: str, smap: SourceMap, key: tuple[str, ...],
                session: _Session) -> Structure:
    target = resolve(path.parent / ref)
    stamp = (*_stamp(target), shown(target, smap))
    built = _BUILT.get(stamp)
    structure = built[0]() if built else None
    if structure is not None and built and built[1] == _chain_versions(structure):
        return structure  # the town a plan leads to was read when the towns were loaded
    target, data, ssmap = read_ref(path, ref, smap, key, "missing-structure", "structure")
    session.member_at = {}  # 'from:' and 'to:' may list the same towns
    return _kept(_structure(target, data, ssmap, session, ()), data, stamp)


def _stamp(path: Path) -> tuple[Path, int, int]:
    """Return the file (resolved) and its version (mtime, size); -1 when it cannot be read."""
    target = resolve(path)
    try:
        st = target.stat()
    except (OSError, ValueError):
        return (target, -1, -1)
    return (target, st.st_mtime_ns, st.st_size)


def _kept(structure: Structure, data: Any, stamp: tuple[Path, int, int, str]) -> Structure:
    """Remember a structure read as a whole file, for a plan that names it as its 'from:'
    or 'to:' (the national run loads each town, then each plan that leads to it). Only
    files without members or catalogues of their own (their versions are not followed)."""
    if (stamp[1] >= 0 and not structure.members and not structure.resolve_problems
            and not data.get("catalogues")):
        if len(_BUILT) >= _built_limit[0]:
            for k in [k for k, (ref, _) in _BUILT.items() if ref() is None]:
                del _BUILT[k]
            _built_limit[0] = max(1024, 2 * len(_BUILT))
        _BUILT[stamp] = (weakref.ref(structure), _chain_versions(structure))
    return structure


def load_structure(path: str | os.PathLike[str]) -> Structure:
    """Load a file that must hold a structure."""
    structure = _load(path, "structure")
    assert isinstance(structure, Structure)
    return structure


def load_catalogue(path: str | os.PathLike[str]) -> Catalogue:
    """Load a file that must hold a function catalogue."""
    catalogue = _load(path, "catalogue")
    assert isinstance(catalogue, Catalogue)
    return catalogue


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
    builder = UnitMerger(base, smap)
    builder.apply(doc)
    raw_units = builder.units()
    return Structure(
        id=doc.structure, name=doc.name, name_en=doc.name_en,
        units=tuple(with_place(u, place) for u in raw_units) if place else raw_units,
        raw_units=raw_units, path=smap.file, place=place,
        level=doc.level or (base.level if base else None), code=doc.code,
        # a template's dates describe the template (when its layout was in force, the
        # state it shows), not the file that extends it: a town says its own or has none
        as_of=doc.as_of, valid_from=doc.valid_from, valid_to=doc.valid_to,
        template=doc.template, extends=base, successor_of=doc.successor_of,
        members=_members(path, doc, smap, session, stack),
        functions=functions,
        kinds={**(base.kinds if base else {}), **doc.kinds},
        outside=merge_by_id(base.outside if base else (), doc.outside),
        caps=doc.caps or (base.caps if base else ()),
        cap_origins=(tuple(Origin(smap, ("caps", i)) for i in range(len(doc.caps)))
                     if doc.caps or not base else base.cap_origins),
        sources=doc.sources, note=doc.note, reported=doc.reported,
        verified=doc.verified if doc.evidence is None else doc.evidence == "verified",
        default_evidence=_written_level(doc),
        staffing_estimated=(doc.staffing_estimated if doc.staffing_estimated is not None
                            else (base.staffing_estimated if base else False)),
        origins=builder.origins, where=smap.at(("structure",)),
        header={k: smap.at((k,)) for k in _HEADER_KEYS if smap.has((k,))},
        outside_where=({**(base.outside_where if base else {}),
                        **{b.id: smap.at(("outside", i, "id")) for i, b in enumerate(doc.outside)}}
                       if doc.outside else (base.outside_where if base else {})),
        resolve_problems=tuple(builder.problems),
    )


#: top-level keys whose location a check may need after loading (see Structure.header);
#: each file's own, as the dates are not inherited from a template
_HEADER_KEYS = ("valid_from", "valid_to", "as_of", "extends", "evidence", "verified", "code")


def _written_level(doc: StructureFile | Any) -> str | None:
    """Return the evidence level a file (or plan) sets: ``evidence:``, else ``verified:``
    as written (true: verified, false: inferred), else None."""
    return flag_level(doc.evidence, doc.verified if "verified" in doc.model_fields_set
                      else None)


def _template(path: Path, doc: StructureFile, smap: SourceMap, session: _Session,
              stack: tuple[Path, ...]) -> Structure | None:
    if doc.extends is None:
        return None
    where = smap.at(("extends",))
    target = resolve(path.parent / doc.extends)
    if target in stack or target == resolve(path):
        chain = " -> ".join(p.name for p in (*stack, resolve(path), target))
        raise ModelError([Problem(where, "extends-loop",
                                  f"templates extend each other in a loop: {chain}; "
                                  "remove one 'extends:'")])
    level = len(stack) + 1  # of this file; the template would be one deeper
    if level >= MAX_NESTING:
        raise _too_deep(where, "extends")
    if target in session.structures:
        return _not_too_deep(session.structures[target], level)
    stamp = signature(target, smap)
    cached = _TEMPLATES.get(stamp)
    if cached is not None and cached[1] == _chain_versions(cached[0]):
        session.structures[target] = cached[0]
        return _not_too_deep(cached[0], level)
    _, data, tsmap = read_ref(path, doc.extends, smap, ("extends",), "missing-template",
                               "template")
    result = _structure(target, data, tsmap, session, (*stack, resolve(path)))
    session.structures[target] = result
    if not result.resolve_problems:
        _TEMPLATES[stamp] = (result, _chain_versions(result))
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
#: Whole structure files read in this process, while something else keeps them (weakly):
#: by file, version and how locations name it, with the versions of their templates.
_BUILT: dict[tuple[Path, int, int, str],
             tuple[weakref.ref[Structure], tuple[tuple[int, int], ...]]] = {}
_built_limit = [1024]  # the size at which entries whose structure is gone are dropped


def _member(path: Path, member: str, smap: SourceMap, key: tuple[str, int], session: _Session,
            stack: tuple[Path, ...]) -> Structure:
    target = resolve(path.parent / member)
    if target in stack or target == resolve(path):
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
        _, data, msmap = read_ref(path, member, smap, key, "missing-member", "member structure")
        session.structures[target] = _structure(target, data, msmap, session,
                                                (*stack, resolve(path)))
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
    target = resolve(path.parent / cat_path)
    stamp = signature(target, smap)
    cached = _CATALOGUES.get(stamp)
    if cached is not None:
        session.catalogues[target] = cached
    if target not in session.catalogues:
        _, data, csmap = read_ref(path, cat_path, smap, key, "missing-catalogue",
                                   "function catalogue", "catalogue")
        session.catalogues[target] = _catalogue(data, csmap)
        _CATALOGUES[stamp] = session.catalogues[target]
    return session.catalogues[target].functions


