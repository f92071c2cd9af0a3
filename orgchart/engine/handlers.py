"""One small handler per event class: what each change event does to the working copy."""

from __future__ import annotations

from pydantic import ValidationError

from ..base.errors import Problem
from ..base.text import suggest
from ..schema.events import (
    Abolish,
    AddFunctions,
    AddNameplate,
    AdjustStaffing,
    BeginCoLocation,
    ChangeRank,
    Detach,
    EndCoLocation,
    EndFunctions,
    Establish,
    Event,
    Merge,
    MergeStructures,
    RemoveNameplate,
    Rename,
    RenameStructure,
    Reparent,
    Split,
    TransferFunctions,
    TransferStaffing,
    Update,
)
from ..schema.structure import Link, Unit
from .draft import amounts
from .records import Flow
from .working import Working

__all__ = ["apply_event"]


def apply_event(w: Working, event: Event) -> None:
    """Apply one event to the working copy (``w.i`` is its index in the plan)."""
    match event:
        case Establish():
            establish(w, event)
        case Abolish():
            abolish(w, event)
        case Rename():
            rename(w, event)
        case Merge():
            merge(w, event)
        case Split():
            split(w, event)
        case TransferFunctions():
            transfer_functions(w, event)
        case TransferStaffing():
            transfer_staffing(w, event)
        case Detach():
            detach(w, event)
        case Reparent():
            reparent(w, event)
        case AddNameplate():
            add_nameplate(w, event)
        case RemoveNameplate():
            remove_nameplate(w, event)
        case BeginCoLocation():
            begin_co_location(w, event)
        case EndCoLocation():
            end_co_location(w, event)
        case ChangeRank():
            change_rank(w, event)
        case AddFunctions():
            add_functions(w, event)
        case EndFunctions():
            end_functions(w, event)
        case AdjustStaffing():
            adjust_staffing(w, event)
        case Update():
            update(w, event)
        case MergeStructures() | RenameStructure():
            w.fail(f"'{event.type}' changes a county's member list: write it in a change of "
                   "a history file (history:), not in a plan", "type")


def establish(w: Working, e: Establish) -> None:
    if not w.taken(e.unit.id, "unit", "id"):
        w.create(e.unit, "unit")


def abolish(w: Working, e: Abolish) -> None:
    if not w.known(e.unit, "unit"):
        return
    for fn, target in e.functions_to.items():
        if w.known(target, "functions_to", fn):
            w.move_functions(e.unit, [fn], target, "functions_to", fn)
    for target, delta in e.staffing_to.items():
        if w.known(target, "staffing_to", target, outside_ok=True):
            w.move_staffing(e.unit, target, delta, "staffing_to", target)
    for plate, target in e.nameplates_to.items():
        if w.known(target, "nameplates_to", plate):
            w.move_nameplates(e.unit, [plate], target, "nameplates_to", plate)
    end_what(w, e.unit, e)
    w.lose(e.unit)
    w.fate(e.unit, "abolish", tuple(e.functions_to.values()) + tuple(e.staffing_to))
    w.orphans(e.unit, "is abolished")
    w.drop(e.unit)


def rename(w: Working, e: Rename) -> None:
    if not w.known(e.unit, "unit"):
        return
    new_id = e.id or e.unit
    if new_id != e.unit:  # refused as a whole: the name does not change either
        if w.former_id(new_id) == e.unit:  # the unit takes back an id it had
            del w.gone[new_id]
        elif w.taken(new_id, "id"):
            return
    changes: dict[str, str] = {"name": w.placed(e.name)}
    if e.name_en is not None:
        changes["name_en"] = e.name_en
    if e.short_name is not None:
        changes["short_name"] = e.short_name
    w.update(e.unit, **changes)
    first = w.renames.pop(e.unit, None)
    if first is not None:
        w.problems.append(Problem(
            w.plan.where(w.i), "renamed-twice",
            f"{e.unit!r} is renamed a second time in this plan (first at "
            f"{w.plan.where(first)}); one rename with the final name is what a 三定 "
            "records, or say why in a note", "warning"))
    w.renames[new_id] = w.i if first is None else first
    if new_id != e.unit:
        w.change_id(e.unit, new_id)
    w.fate(e.unit, "rename", (new_id,))


def merge(w: Working, e: Merge) -> None:
    if e.new is not None:
        if w.taken(e.new.id, "new", "id", hint="drop 'new:' to merge into it"):
            return
        w.create(e.new, "new")
    if not w.known(e.into, "into"):
        return
    for j, unit_id in enumerate(e.units):
        if unit_id == e.into or not w.known(unit_id, "units", j):
            continue
        unit = w.units[unit_id]
        w.move_functions(unit_id, unit.functions, e.into, "units", j, leaving=True)
        w.move_staffing(unit_id, e.into, amounts(unit.posts), "units", j, leaving=True)
        w.units[e.into].forget_posts(k for k, v in unit.posts.items() if v is None)
        w.move_nameplates(unit_id, unit.nameplates, e.into, "units", j, leaving=True)
        w.take_over(unit_id, e.into)
        w.fate(unit_id, "merge", (e.into,))
        w.drop(unit_id)
    end_what(w, e.into, e)


def end_what(w: Working, unit_id: str, e: Abolish | Merge | Split) -> None:
    """End what the event says ends with it: functions, posts and nameplates of ``unit_id``."""
    if e.end_functions:
        w.move_functions(unit_id, e.end_functions, None, "end_functions")
    if e.end_staffing:
        w.move_staffing(unit_id, None, e.end_staffing, "end_staffing")
    if e.end_nameplates:
        w.move_nameplates(unit_id, e.end_nameplates, None, "end_nameplates")


def split(w: Working, e: Split) -> None:
    if not w.known(e.unit, "unit"):
        return
    targets = []
    for j, part in enumerate(e.into):
        if part.new is not None:
            if part.new.id != part.unit:
                w.fail("'new.id' must equal 'unit'", "into", j, "new", "id")
                continue
            if not w.taken(part.new.id, "into", j, "new", "id",
                           hint="drop 'new:' to split into it, or use another id"):
                w.create(part.new, "into", j, "new")
            elif part.new.id not in w.units:
                continue  # an existing unit still takes its part; any other id is refused
        if not w.known(part.unit, "into", j, "unit"):
            continue
        targets.append(part.unit)
        w.move_functions(e.unit, part.functions, part.unit, "into", j, "functions")
        w.move_staffing(e.unit, part.unit, part.staffing, "into", j, "staffing")
        if part.nameplates:
            w.move_nameplates(e.unit, part.nameplates, part.unit, "into", j, "nameplates")
    end_what(w, e.unit, e)
    w.fate(e.unit, "split", tuple(targets))
    if not e.keep:
        w.lose(e.unit)
        w.orphans(e.unit, "is split away (or use 'keep: true')")
        w.drop(e.unit)


def transfer_functions(w: Working, e: TransferFunctions) -> None:
    if w.known(e.from_, "from") and w.known(e.to, "to"):
        w.move_functions(e.from_, e.functions, e.to, "functions")
        w.fate(e.from_, "transfer-functions", (e.to,))


def transfer_staffing(w: Working, e: TransferStaffing) -> None:
    if w.known(e.from_, "from", outside_ok=True) and w.known(e.to, "to", outside_ok=True):
        if e.from_ not in w.units and e.to not in w.units:
            w.fail(f"{e.from_!r} and {e.to!r} are both outside bodies; posts moved "
                   "between them do not concern the structure", "to")
            return
        w.move_staffing(e.from_, e.to, e.staffing, "staffing")
        w.fate(e.from_, "transfer-staffing", (e.to,))


def detach(w: Working, e: Detach) -> None:
    if not (w.known(e.unit, "unit") and w.known(e.to, "to", outside_ok=True)):
        return
    if e.to in w.units:
        w.fail(f"{e.to!r} is a unit of the structure; 'detach' sends a unit to an outside "
               "body (declare it under 'outside:')", "to")
        return
    w.orphans(e.unit, "leaves the structure")
    unit = w.units[e.unit]
    w.move_functions(e.unit, unit.functions, e.to, "unit", leaving=True)
    w.move_staffing(e.unit, e.to, amounts(unit.posts), "unit", leaving=True)
    w.move_nameplates(e.unit, unit.nameplates, e.to, "unit", leaving=True)
    w.fate(e.unit, "detach", ())
    w.drop(e.unit)


def reparent(w: Working, e: Reparent) -> None:
    if w.known(e.unit, "unit") and w.known(e.parent, "parent", outside_ok=True):
        w.update(e.unit, parent=e.parent)
        w.fate(e.unit, "reparent", (e.unit,))


def add_nameplate(w: Working, e: AddNameplate) -> None:
    if w.known(e.unit, "unit"):
        plates, name = w.units[e.unit].nameplates, w.placed(e.name)
        if name in plates:
            w.fail(f"{e.unit!r} already carries nameplate {name!r}", "name")
        else:
            w.flows.append(Flow(w.i, "nameplate", name, None, e.unit))
            w.update(e.unit, nameplates=(*plates, name))


def remove_nameplate(w: Working, e: RemoveNameplate) -> None:
    if w.known(e.unit, "unit"):
        plates, name = w.units[e.unit].nameplates, w.placed(e.name)
        if name not in plates:
            w.fail(f"{e.unit!r} carries no nameplate {name!r}{suggest(name, plates)}", "name")
        else:
            w.flows.append(Flow(w.i, "nameplate", name, e.unit, None))
            w.update(e.unit, nameplates=tuple(p for p in plates if p != name))


def begin_co_location(w: Working, e: BeginCoLocation) -> None:
    if w.known(e.unit, "unit") and w.known(e.with_, "with", outside_ok=True):
        links = w.units[e.unit].links
        if any(k.type == "co-location" and k.with_ == e.with_ for k in links):
            w.fail(f"{e.unit!r} is already co-located with {e.with_!r}", "with")
            return
        link = Link.model_validate({"type": "co-location", "with": e.with_})
        w.update(e.unit, links=(*links, link))


def end_co_location(w: Working, e: EndCoLocation) -> None:
    if w.known(e.unit, "unit"):
        links = w.units[e.unit].links
        kept = tuple(k for k in links if not (k.type == "co-location" and k.with_ == e.with_))
        if len(kept) == len(links):
            w.fail(f"{e.unit!r} is not co-located with {e.with_!r}", "with")
            return
        w.update(e.unit, links=kept)


def change_rank(w: Working, e: ChangeRank) -> None:
    if w.known(e.unit, "unit"):
        w.update(e.unit, rank=e.rank)


def add_functions(w: Working, e: AddFunctions) -> None:
    if w.known(e.unit, "unit"):
        have = w.units[e.unit].functions
        given = tuple(dict.fromkeys(e.functions))  # a function listed twice is given once
        for fn in given:
            if fn in have:
                w.fail(f"{e.unit!r} already holds function {fn!r}; drop it from "
                       "'functions'", "functions", e.functions.index(fn),
                       code="function-duplicate")
            else:
                w.flows.append(Flow(w.i, "function", fn, None, e.unit))
        w.update(e.unit, functions=have + tuple(f for f in given if f not in have))


def end_functions(w: Working, e: EndFunctions) -> None:
    if w.known(e.unit, "unit"):
        w.move_functions(e.unit, e.functions, None, "functions")


def adjust_staffing(w: Working, e: AdjustStaffing) -> None:
    if not w.known(e.unit, "unit"):
        return
    cuts = {k: -v for k, v in e.staffing.items() if v < 0}
    adds = {k: v for k, v in e.staffing.items() if v > 0}
    if cuts:
        w.move_staffing(e.unit, None, cuts, "staffing")
    if adds:
        w.move_staffing(None, e.unit, adds, "staffing")


def update(w: Working, e: Update) -> None:
    if e.unit is None:
        w.structure_fields.update(e.set)
        return
    if not w.known(e.unit, "unit"):
        return
    draft = w.units[e.unit]
    try:
        unit = Unit.model_validate({**draft.fields(), **e.set})
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(x) for x in first["loc"])
        key = first["loc"][0] if first["loc"] and first["loc"][0] in e.set else None
        w.fail(f"update of {e.unit!r} is not valid: {where}: {first['msg']}", "set",
               *((str(key),) if key is not None else ()))
        return
    fields = {name: getattr(unit, name) for name, info in Unit.model_fields.items()
              if name in e.set or info.alias in e.set}
    w.update(e.unit, **fields)  # so that findings about them point at this event
