"""The schema of model files, as pydantic models (also the source of ``orgchart schema``)."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..base import vocab
from ..base.when import ACCEPTED, WHEN_PATTERN, When
from .record import MODEL_CONFIG, Record

__all__ = [
    "DateValue",
    "Source",
    "FactEvidence",
    "Staffing",
    "Link",
    "Unit",
    "UnitPatch",
    "FunctionDef",
    "OutsideBody",
    "Cap",
    "Figure",
    "StructureFile",
    "CatalogueFile",
]



def _vocab_validator(table: dict[str, tuple[str, str]], what: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        key = vocab.normalise(table, value)
        if key is not None:
            return key
        choices = ", ".join(sorted(table))
        close = difflib.get_close_matches(value, vocab.spellings(table), 1, 0.6)
        hint = f" (did you mean {vocab.normalise(table, close[0])!r}?)" if close else ""
        raise PydanticCustomError(
            "unknown_value", "unknown {what} {value}{hint}; choose one of: {choices}",
            {"what": what, "value": repr(value), "hint": hint, "choices": choices},
        )

    return BeforeValidator(check)


def _vocabulary(table: dict[str, tuple[str, str]], what: str) -> Any:
    """A value of ``table``: validated to its key; the JSON Schema offers every spelling the
    loader takes (``领导机构`` as well as ``leadership``), so editors agree with the loader."""
    return Annotated[Literal[tuple(table)], _vocab_validator(table, what),
                     WithJsonSchema({"enum": list(vocab.spellings(table))})]


if TYPE_CHECKING:  # the vocabularies are Literal types built from vocab's tables
    Category: TypeAlias = str
    RelationType: TypeAlias = str
    Rank: TypeAlias = str
    PublicClass: TypeAlias = str
    Funding: TypeAlias = str
    Level: TypeAlias = str
    EvidenceLevel: TypeAlias = str
    SourceKind: TypeAlias = str
    FactName: TypeAlias = str
else:
    Category = _vocabulary(vocab.CATEGORIES, "category")
    RelationType = _vocabulary(vocab.RELATIONS, "relation type")
    Rank = _vocabulary(vocab.RANKS, "rank")
    PublicClass = _vocabulary(vocab.PUBLIC_CLASSES, "public-institution class")
    Funding = _vocabulary(vocab.FUNDINGS, "funding")
    Level = _vocabulary(vocab.LEVELS, "level")
    EvidenceLevel = _vocabulary(vocab.EVIDENCE, "evidence level")
    SourceKind = _vocabulary(vocab.SOURCE_KINDS, "source kind")
    FactName = _vocabulary(vocab.FACTS, "fact")


def _kind(value: Any) -> Any:
    if isinstance(value, str):
        return vocab.normalise(vocab.KINDS, value) or value.strip()
    return value


Kind = Annotated[str, BeforeValidator(_kind), Field(min_length=1,
                 description="办 office, 队 team, 站 station, 中心 centre, 所 institute, ...; "
                             "other kinds may be declared under 'kinds:'")]
Count = Annotated[int, Field(ge=0, strict=True)]
Text = Annotated[str, Field(min_length=1)]
Ident = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\s\"'<>&{}\[\],#]+$",
                             description="a stable id: no spaces, quotes, brackets or commas")]


@functools.lru_cache(maxsize=4096, typed=True)
def _parsed_when(value: str | int | dt.date) -> When:
    return When.parse(value)


def _when(value: Any) -> When:
    try:
        # a date written alike is one object: a province's 60,000 sources cite a few years
        return (_parsed_when(value) if isinstance(value, (str, int, dt.date))
                else When.parse(value))
    except ValueError as err:
        raise PydanticCustomError("when", "{why}", {"why": str(err)}) from None


#: A date as sources give it (see :class:`~orgchart.base.when.When`); written back as text.
DateValue = Annotated[When, PlainValidator(_when), PlainSerializer(str, return_type=str),
                      WithJsonSchema({
                          "anyOf": [{"type": "string", "pattern": WHEN_PATTERN},
                                    {"type": "integer", "minimum": 1000, "maximum": 9999}],
                          "description": f"a date: {ACCEPTED}"})]


def _code(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


_URL = re.compile(r"^(https?|file)://\S+$")


def _url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", "expected an http(s):// address")
    return value


class Source(Record):
    """Where a fact comes from."""

    model_config = MODEL_CONFIG
    title: Text
    url: Annotated[str, AfterValidator(_url)] | None = None
    date: DateValue | None = None
    kind: SourceKind | None = Field(
        None, description="official (primary), mirror (a copy), news or secondary")
    id: Ident | None = Field(None, description="a name for this source, so that facts can "
                                               "cite it: 'sources: [ID]'")
    note: str | None = None


def _credit_code(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


#: a unified social credit code as written; its check character is checked by the rules
CreditCode = Annotated[str, BeforeValidator(_credit_code),
                       Field(pattern=r"^[0-9A-Z]{18}$",
                             description="统一社会信用代码: 18 digits and capital letters")]


def _unknown_count(value: Any) -> Any:
    return None if vocab.is_unknown(value) else value


#: a staffing figure: a whole number >= 0, or unknown (None; written ``unknown``, ``?``, ``未知``)
MaybeCount = Annotated[Count | None, BeforeValidator(_unknown_count), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 0}, {"enum": list(vocab.UNKNOWN_SPELLINGS)},
              {"type": "null"}],
    "description": "a whole number >= 0, or unknown (unknown, ?, 未知); 0 means none"})]


def _figure(label: str) -> Any:
    return Field(None, description=f"{label}; not written or unknown: not known (0 means none)")




def _level_shorthand(value: Any) -> Any:
    return {"evidence": value} if isinstance(value, str) else value


class FactEvidence(Record):
    """The evidence for one fact of a unit: its level and the sources that say it."""

    model_config = MODEL_CONFIG
    evidence: EvidenceLevel | None = Field(
        None, description="verified, partial, reported or inferred; default: the unit's")
    sources: tuple[Ident | Source, ...] = Field(
        (), description="sources, or ids of sources declared under the file's 'sources:'")
    note: str | None = None


#: a fact's evidence, or just its level (``rank: inferred``)
FactEntry = Annotated[FactEvidence, BeforeValidator(
    _level_shorthand, json_schema_input_type=EvidenceLevel | FactEvidence)]


class Staffing(Record):
    """Staffing (编制) of one unit, by type: a whole number >= 0, or None when not known.

    A type not written is not known, the same as one written ``unknown``: 0 must be written
    to mean none.
    """

    model_config = MODEL_CONFIG
    admin: MaybeCount = _figure("行政编制")
    institution: MaybeCount = _figure("事业编制")
    worker: MaybeCount = _figure("工勤编制")
    heads: MaybeCount = _figure("领导职数: 正职")
    deputies: MaybeCount = _figure("领导职数: 副职")
    actual: MaybeCount = _figure("实有人数 (actual headcount): the unit's total as written")
    actual_admin: MaybeCount = _figure("行政编制实有人数 (people in post on 行政编制)")
    actual_institution: MaybeCount = _figure("事业编制实有人数 (people in post on 事业编制)")
    actual_worker: MaybeCount = _figure("工勤编制实有人数 (people in post on 工勤编制)")
    outside: MaybeCount = _figure("编外人员")

    @property
    def quota(self) -> int | None:
        """Return the establishment (编制) total, admin + institution + worker, or None when
        one of them is not known."""
        parts = (self.admin, self.institution, self.worker)
        return None if None in parts else sum(p for p in parts if p is not None)

    @property
    def headcount(self) -> int | None:
        """Return the people in post (实有人数): ``actual`` as written, else the sum of the
        three types' headcounts when all three are known (derived, never a default), else
        None.

        >>> Staffing(actual_admin=3, actual_institution=2, actual_worker=0).headcount
        5
        >>> Staffing(actual_admin=3).headcount is None
        True
        """
        if self.actual is not None:
            return self.actual
        parts = tuple(getattr(self, vocab.ACTUAL_OF[k]) for k in vocab.QUOTA_TYPES)
        return None if None in parts else sum(p for p in parts if p is not None)

    def known(self) -> dict[str, int]:
        """Return the figures that are known, by type."""
        return {k: v for k, v in vars(self).items() if v is not None}

    def is_empty(self) -> bool:
        """Tell whether no figure is known."""
        return not self.known()


#: the staffing types, in the order of :class:`Staffing`'s fields
STAFF_FIELDS: tuple[str, ...] = tuple(Staffing.model_fields)


def _staff_key(key: str) -> str:
    if key not in STAFF_FIELDS:
        raise PydanticCustomError("staff_key", "unknown staffing type {key}; choose one of: "
                                  "{choices}", {"key": repr(key),
                                                "choices": ", ".join(vocab.STAFF_TYPES)})
    return key


#: a staffing type's name (admin, institution, ...), as a key or a value
StaffKey = Annotated[str, AfterValidator(_staff_key)]

#: a staffing figure as a patch or a table gives it: known, or written unknown (None)
StaffFigure = MaybeCount


class Link(Record):
    """A typed relation besides the leadership tree."""

    model_config = MODEL_CONFIG
    type: RelationType
    with_: Ident = Field(alias="with", description="id of a unit or outside body")
    note: str | None = None


class _UnitFields(Record):
    model_config = MODEL_CONFIG
    name_en: str | None = None
    short_name: str | None = Field(None, description="简称, e.g. 党政办")
    public_class: PublicClass | None = Field(None, description="事业单位分类")
    funding: Funding | None = Field(None, description="经费形式")
    rank: Rank | None = Field(None, description="机构规格")
    parent: Ident | None = Field(None, description="id of the leading unit (隶属)")
    functions: tuple[Ident, ...] = Field((), description="职能: ids in the function catalogue")
    nameplates: tuple[Text, ...] = Field((), description="挂牌: extra names of this unit")
    links: tuple[Link, ...] = ()
    valid_from: DateValue | None = None
    valid_to: DateValue | None = None
    sources: tuple[Source, ...] = ()
    evidence: EvidenceLevel | None = Field(
        None, description="the evidence level of every fact of the unit; default: the file's")
    facts: dict[FactName, FactEntry] = Field(
        {}, description="evidence per fact: name, nameplates, category, kind, rank, "
                        "public_class, funding, functions, staffing, valid_from, valid_to, "
                        "parent, links")
    verified: bool | None = Field(None, description="old form of 'evidence:': true is "
                                                    "verified, false inferred")
    staffing_estimated: bool | None = Field(
        None, description="the staffing numbers are an estimate; default: the structure's flag")
    credit_code: CreditCode | None = Field(
        None, description="统一社会信用代码 (GB 32100-2015): 18 digits and capital letters")
    note: str | None = None


class Unit(_UnitFields):
    """A unit (机构) of a structure."""

    id: Ident
    name: Text
    kind: Kind
    category: Category
    staffing: Staffing = Staffing()


class UnitPatch(_UnitFields):
    """Changes to a template's unit: only the fields written are changed."""

    name: Text | None = None
    kind: Kind | None = None
    category: Category | None = None
    staffing: dict[StaffKey, MaybeCount] | None = None


class FunctionDef(Record):
    """A function (职能) in the catalogue."""

    model_config = MODEL_CONFIG
    name: Text
    name_en: str | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()


def _function_shorthand(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


FunctionEntry = Annotated[FunctionDef, BeforeValidator(_function_shorthand)]


class OutsideBody(Record):
    """A body outside the structure that leads, guides or stations units in it."""

    model_config = MODEL_CONFIG
    id: Ident
    name: Text
    name_en: str | None = None
    kind: Kind = "department"
    level: Level | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None


class Cap(Record):
    """A policy cap: at most ``max_units`` units, or at most ``max_posts`` posts of a type."""

    model_config = MODEL_CONFIG
    category: Category | None = None
    kind: Kind | None = None
    max_units: Count | None = None
    staffing: StaffKey | None = None
    max_posts: Count | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _one_limit(self) -> Cap:
        if (self.max_units is None) == (self.max_posts is None):
            raise PydanticCustomError("cap", "a cap needs exactly one of 'max_units' or "
                                      "'max_posts' (with 'staffing: admin|institution|...')")
        if self.max_posts is not None and self.staffing is None:
            raise PydanticCustomError("cap", "'max_posts' needs 'staffing:' naming the type")
        return self


class Figure(Record):
    """A figure a source reports for the whole structure, kept apart from derived totals.

    E.g. "644 posts moved down to the 镇街" when no source says which town got how many:
    the figure is data with its sources, not spread over units by guesswork.
    """

    model_config = MODEL_CONFIG
    id: Ident
    name: Text = Field(description="what is counted, e.g. 下沉到镇街的编制")
    value: Count
    counts: Literal["posts", "people", "units"] = Field("posts", description="what one is")
    staffing: StaffKey | None = Field(
        None, description="the staffing type, when the source gives it")
    sources: tuple[Source, ...] = ()
    verified: bool = False
    note: str | None = None


class StructureFile(BaseModel):
    """A model file describing one institutional structure (机构设置)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="orgchart structure")
    structure: Ident = Field(description="the structure's id")
    name: Text
    name_en: str | None = None
    place: str | None = Field(None, description="replaces {place} in unit names, e.g. 大瑶镇")
    level: Level | None = None
    code: Annotated[str, BeforeValidator(_code)] | None = Field(
        None, pattern=r"^\d{2,12}$", description="administrative division code, e.g. 430181110")
    as_of: DateValue | None = None
    valid_from: DateValue | None = None
    valid_to: DateValue | None = None
    template: bool = Field(False, description="a layout that other structures extend")
    extends: str | None = Field(None, description="path of the template file, relative to "
                                                  "this file")
    successor_of: str | None = Field(None, description="path of the layout this one replaced")
    members: tuple[str, ...] = Field((), description="paths of member structures (e.g. the "
                                                     "towns of a county), for roll-ups")
    catalogues: tuple[str, ...] = Field((), description="paths of shared function catalogues")
    functions: dict[Ident, FunctionEntry] = {}
    kinds: dict[Ident, Text] = Field({}, description="extra unit kinds: id -> Chinese label")
    outside: tuple[OutsideBody, ...] = ()
    caps: tuple[Cap, ...] = ()
    units: tuple[Unit, ...] = ()
    replace: tuple[Unit, ...] = Field((), description="template units replaced whole, by id")
    modify: dict[Ident, UnitPatch] = Field({}, description="template units changed in part")
    remove: tuple[Ident, ...] = Field((), description="template units left out, by id")
    reported: tuple[Figure, ...] = Field((), description="figures sources give for the whole "
                                                         "structure, not derived from units")
    sources: tuple[Source, ...] = ()
    evidence: EvidenceLevel | None = Field(
        None, description="the evidence level of every unit's facts, unless they say theirs")
    verified: bool = Field(False, description="old form of 'evidence:': true is verified, "
                                              "false inferred")
    staffing_estimated: bool | None = Field(
        None, description="every unit's staffing is an estimate (inherited by extending files)")
    note: str | None = None


class CatalogueFile(BaseModel):
    """A shared function (职能) catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="orgchart function catalogue")
    catalogue: Ident
    name: Text
    functions: dict[Ident, FunctionEntry]
    sources: tuple[Source, ...] = ()
    verified: bool = False
    note: str | None = None
