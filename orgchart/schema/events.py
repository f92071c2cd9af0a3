"""The schema of reorganisation plans: change events, each a small pydantic model."""

from __future__ import annotations

import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .record import MODEL_CONFIG, Record
from .structure import (
    Count,
    DateValue,
    EvidenceLevel,
    FunctionEntry,
    Ident,
    OutsideBody,
    Rank,
    Source,
    StaffKey,
    Text,
    Unit,
)

__all__ = ["Event", "EVENT_TYPES", "PlanFile", "StaffDelta", "SplitPart",
           "STRUCTURE_UPDATABLE", "UNIT_UPDATABLE", "events_to_data", "Establish", "Abolish",
           "Rename", "Merge",
           "Split", "TransferFunctions", "TransferStaffing", "Detach", "Reparent",
           "AddNameplate", "RemoveNameplate", "BeginCoLocation", "EndCoLocation", "ChangeRank",
           "AddFunctions", "EndFunctions", "AdjustStaffing", "Update", "MergeStructures",
           "RenameStructure", "MemberInto", "MEMBER_EVENT_TYPES"]


StaffDelta = dict[StaffKey, Count]
SignedDelta = dict[StaffKey, Annotated[int, Field(strict=True)]]


class _Event(Record):
    model_config = MODEL_CONFIG
    sources: tuple[Source, ...] = ()
    evidence: EvidenceLevel | None = Field(None, description="how well this change is "
                                                             "established; default: the plan's")
    note: str | None = None


class Establish(_Event):
    """A new unit is set up (新设)."""

    type: Literal["establish"]
    unit: Unit


class Abolish(_Event):
    """A unit is abolished (撤销); say where its functions and posts go, or that they end."""

    type: Literal["abolish"]
    unit: Ident
    functions_to: dict[Ident, Ident] = Field({}, description="function id -> receiving unit")
    end_functions: tuple[Ident, ...] = ()
    staffing_to: dict[Ident, StaffDelta] = Field({}, description="receiving unit -> posts")
    end_staffing: StaffDelta = {}
    nameplates_to: dict[Text, Ident] = Field({}, description="nameplate (挂牌) -> receiving "
                                                             "unit")
    end_nameplates: tuple[Text, ...] = Field((), description="nameplates (挂牌) that end")


class Rename(_Event):
    """A unit gets a new name (更名), e.g. 扶贫工作站 -> 乡村振兴工作站."""

    type: Literal["rename"]
    unit: Ident
    name: Text
    name_en: str | None = None
    short_name: str | None = None
    id: Ident | None = Field(None, description="a new id, when the unit's id changes too")


class Merge(_Event):
    """Several units become one (合并); functions, posts and nameplates move into ``into``."""

    type: Literal["merge"]
    units: tuple[Ident, ...] = Field(min_length=1)
    into: Ident
    new: Unit | None = Field(None, description="the merged unit, when it is new")
    end_functions: tuple[Ident, ...] = ()
    end_staffing: StaffDelta = {}
    end_nameplates: tuple[Text, ...] = Field((), description="nameplates (挂牌) of the merged "
                                                             "units that end")

    @model_validator(mode="after")
    def _new_matches(self) -> Merge:
        if self.new is not None and self.new.id != self.into:
            raise PydanticCustomError("merge", "'new.id' must equal 'into'")
        return self


class SplitPart(Record):
    """One part of a split: the receiving unit and what it takes."""

    model_config = MODEL_CONFIG
    unit: Ident
    new: Unit | None = None
    functions: tuple[Ident, ...] = ()
    staffing: StaffDelta = {}
    nameplates: tuple[Text, ...] = Field((), description="nameplates (挂牌) it takes")


class Split(_Event):
    """One unit becomes several (拆分); every function and post must go somewhere."""

    type: Literal["split"]
    unit: Ident
    into: tuple[SplitPart, ...] = Field(min_length=1)
    keep: bool = Field(False, description="the original unit stays (with what is left)")
    end_functions: tuple[Ident, ...] = ()
    end_staffing: StaffDelta = {}
    end_nameplates: tuple[Text, ...] = Field((), description="nameplates (挂牌) that end")


class TransferFunctions(_Event):
    """Functions (职能) move from one unit to another (职能划转)."""

    type: Literal["transfer-functions"]
    functions: tuple[Ident, ...] = Field(min_length=1)
    from_: Ident = Field(alias="from")
    to: Ident


class TransferStaffing(_Event):
    """Posts move between units, or from/to an outside body (下沉 / 上收)."""

    type: Literal["transfer-staffing"]
    from_: Ident = Field(alias="from")
    to: Ident
    staffing: StaffDelta


class Detach(_Event):
    """A unit leaves the structure but goes on outside it (e.g. stays a county-run 派驻 body).

    Its functions and posts leave with it, to the outside body ``to``; nothing is lost.
    """

    type: Literal["detach"]
    unit: Ident
    to: Ident = Field(description="the outside body the unit now belongs to")


class Reparent(_Event):
    """A unit changes its leading body (下放 to the township, 上收 to the county)."""

    type: Literal["reparent"]
    unit: Ident
    parent: Ident | None


class AddNameplate(_Event):
    """A nameplate (挂牌) is added."""

    type: Literal["add-nameplate"]
    unit: Ident
    name: Text


class RemoveNameplate(_Event):
    """A nameplate (挂牌) is removed."""

    type: Literal["remove-nameplate"]
    unit: Ident
    name: Text


class BeginCoLocation(_Event):
    """Co-location (合署办公) begins."""

    type: Literal["begin-co-location"]
    unit: Ident
    with_: Ident = Field(alias="with")


class EndCoLocation(_Event):
    """Co-location (合署办公) ends."""

    type: Literal["end-co-location"]
    unit: Ident
    with_: Ident = Field(alias="with")


class ChangeRank(_Event):
    """The unit's rank (机构规格) is raised or lowered."""

    type: Literal["change-rank"]
    unit: Ident
    rank: Rank | None


class AddFunctions(_Event):
    """New functions are given to a unit."""

    type: Literal["add-functions"]
    unit: Ident
    functions: tuple[Ident, ...] = Field(min_length=1)


class EndFunctions(_Event):
    """Functions of a unit end (explicitly)."""

    type: Literal["end-functions"]
    unit: Ident
    functions: tuple[Ident, ...] = Field(min_length=1)


class AdjustStaffing(_Event):
    """Posts are newly approved (+) or cut (-) (核增 / 核减)."""

    type: Literal["adjust-staffing"]
    unit: Ident
    staffing: SignedDelta


#: Fields of the structure itself that an ``update`` without ``unit`` may set.
STRUCTURE_UPDATABLE: tuple[str, ...] = ("staffing_estimated",)
#: the unit fields an 'update' may set: the others have their own events
UNIT_UPDATABLE: tuple[str, ...] = tuple(
    f for f in Unit.model_fields
    if f not in {"id", "name", "functions", "staffing", "nameplates", "parent", "rank"})


class Update(_Event):
    """Other fields of a unit change (kind, category, class, funding, links, ...).

    Without ``unit``, fields of the structure itself change (``staffing_estimated``).
    """

    type: Literal["update"]
    unit: Ident | None = Field(None, description="the unit; none for the structure itself")
    set: dict[str, Any]

    @model_validator(mode="after")
    def _fields(self) -> Update:
        allowed = STRUCTURE_UPDATABLE if self.unit is None else UNIT_UPDATABLE
        bad = sorted(set(self.set) - set(allowed))
        if bad:
            what, hint = (("without 'unit' changes the structure and", "name the unit with "
                           "'unit:', or set")
                          if self.unit is None else
                          ("", "use the dedicated event (rename, reparent, transfer-..., "
                           "change-rank, ...) or"))
            raise PydanticCustomError("update", "'update' {what}cannot set {bad}; {hint} one "
                                      "of: {ok}", {"what": what + " " if what else "",
                                                   "bad": ", ".join(bad), "hint": hint,
                                                   "ok": ", ".join(sorted(allowed))})
        if self.unit is None:  # the structure's fields that an update may set are flags
            for key, value in self.set.items():
                if not isinstance(value, bool):
                    raise PydanticCustomError("update", "{key} must be true or false, not "
                                              "{value}", {"key": key, "value": repr(value)})
        return self


class MemberInto(Record):
    """The structure that member structures merge into (a new town, or one of them)."""

    model_config = MODEL_CONFIG
    structure: Ident
    name: Text
    name_en: str | None = None
    code: str | None = None
    level: str | None = None


class MergeStructures(_Event):
    """Member structures of a county become one (乡镇合并): applied to the member list.

    ``into.structure`` is a new id, or one of ``from`` (that town absorbs the others);
    only a history applies it (a plan changes the units of one structure).
    """

    type: Literal["merge-structures"]
    from_: tuple[Ident, ...] = Field(alias="from", min_length=2)
    into: MemberInto


class RenameStructure(_Event):
    """A member structure gets a new name or code (乡改镇, 撤镇设街道): applied to the
    member list by a history."""

    type: Literal["rename-structure"]
    structure: Ident
    name: Text | None = None
    code: str | None = None
    level: str | None = None


#: the event types that change a county's member list (a history applies them)
MEMBER_EVENT_TYPES: tuple[str, ...] = ("merge-structures", "rename-structure")

Event = Annotated[
    Establish | Abolish | Rename | Merge | Split | TransferFunctions | TransferStaffing
    | Detach | Reparent | AddNameplate | RemoveNameplate | BeginCoLocation | EndCoLocation
    | ChangeRank | AddFunctions | EndFunctions | AdjustStaffing | Update | MergeStructures
    | RenameStructure,
    Field(discriminator="type"),
]

#: Every event type, in the order of the union above.
EVENT_TYPES: tuple[str, ...] = tuple(
    name for cls in typing.get_args(typing.get_args(Event)[0])
    for name in typing.get_args(cls.model_fields["type"].annotation))


class PlanFile(BaseModel):
    """A reorganisation plan: a from-structure and ordered change events."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="orgchart reorganisation")
    reorganisation: Ident
    name: Text
    name_en: str | None = None
    from_: str = Field(alias="from", description="path of the structure before")
    extends: str | None = Field(None, description="a plan whose events come first (one "
                                                  "standard reform applied to many towns)")
    to: str | None = Field(None, description="path of the structure after, if known")
    effective: DateValue | None = None
    result: dict[str, Any] = Field({}, description="structure fields of the result "
                                                   "(structure, name, as_of, ...)")
    functions: dict[Ident, FunctionEntry] = Field({}, description="functions new in this plan")
    outside: tuple[OutsideBody, ...] = Field((), description="outside bodies posts move from/to")
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    evidence: EvidenceLevel | None = Field(None, description="the evidence level of every "
                                                             "event, unless it says its own")
    verified: bool = False
    note: str | None = None


def events_to_data(events: list[Any]) -> list[dict[str, Any]]:
    """Return events as plain data, as written in a plan file."""
    return [e.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"type": e.type}
            for e in events]
