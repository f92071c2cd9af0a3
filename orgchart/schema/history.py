"""The schema of history files (沿革): a starting structure and its dated changes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .events import Event
from .record import MODEL_CONFIG, Record
from .structure import DateValue, EvidenceLevel, Ident, Source, Text

__all__ = ["ChangeEntry", "ChangeStatus", "Document", "HistoryFile", "CHANGE_STATUSES"]

ChangeStatus = Literal["planned", "in-force", "repealed"]
#: a change's status -> its Chinese label
CHANGE_STATUSES: dict[str, str] = {"planned": "规划", "in-force": "施行", "repealed": "废止"}


class Document(Record):
    """The document that approved a change (批准文件): each part as far as known."""

    model_config = MODEL_CONFIG
    number: str | None = Field(None, description="文号, e.g. 湘民行发〔2015〕25号")
    title: str | None = Field(None, description="文件名称")
    issuer: str | None = Field(None, description="the issuing body (发文机关)")


class ChangeEntry(Record):
    """One dated change: a plan file, or events written inline."""

    model_config = MODEL_CONFIG
    id: Ident
    document: Document | None = None
    approved: DateValue | None = Field(None, description="approval date (下发时间)")
    effective: DateValue | None = Field(None, description="when it takes effect; default: "
                                                          "approved")
    status: ChangeStatus = "in-force"
    evidence: EvidenceLevel | None = None
    sources: tuple[Ident | Source, ...] = ()
    note: str | None = None
    structure: Ident | None = Field(None, description="the structure it changes (a member's "
                                                      "id); default: the start")
    plan: str | None = Field(None, description="a plan file whose events are applied")
    events: tuple[Event, ...] = ()

    @model_validator(mode="after")
    def _one_body(self) -> ChangeEntry:
        if self.plan is not None and self.events:
            raise PydanticCustomError("change", "a change has either 'plan:' or 'events:', "
                                      "not both; move the events into the plan or drop 'plan:'")
        if self.plan is None and not self.events:
            raise PydanticCustomError("change", "a change needs 'plan:' (a plan file) or "
                                      "'events:' (what changed)")
        return self


class HistoryFile(BaseModel):
    """A history (沿革): the starting structure and its changes in date order."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="orgchart history")
    history: Ident
    name: Text
    name_en: str | None = None
    start: str = Field(description="path of the starting structure, relative to this file")
    as_of: DateValue | None = Field(None, description="the date the start describes")
    sources: tuple[Source, ...] = ()
    evidence: EvidenceLevel | None = Field(None, description="default level of changes")
    changes: tuple[ChangeEntry, ...] = ()
    note: str | None = None
