"""The controlled vocabulary: categories, kinds, relations, staffing types, with labels.

Model files may write a value either as its English key or as its Chinese label
(``category: 事业单位`` and ``category: public-institution`` are the same).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "UNKNOWN",
    "UNKNOWN_SPELLINGS",
    "is_unknown",
    "CATEGORIES",
    "KINDS",
    "RELATIONS",
    "STAFF_TYPES",
    "QUOTA_TYPES",
    "ACTUAL_OF",
    "HEADCOUNT_TYPES",
    "RANKS",
    "PUBLIC_CLASSES",
    "FUNDINGS",
    "LEVELS",
    "EVIDENCE",
    "SOURCE_KINDS",
    "FACTS",
    "label",
    "normalise",
    "shown",
    "spellings",
]

#: The value a rank, funding or public class takes when it is written as unknown; kept
#: distinct from a field not written (None). A staffing figure written unknown is None.
UNKNOWN: Final = "unknown"

#: How a model file may write "not known" for a value (a staffing figure, category, rank,
#: funding, public class): never guessed, never read as 0.
UNKNOWN_SPELLINGS: Final[tuple[str, ...]] = ("unknown", "?", "未知")


def is_unknown(value: object) -> bool:
    """Tell whether ``value`` is written as unknown (``unknown``, ``?`` or ``未知``).

    >>> is_unknown("未知"), is_unknown(" ? "), is_unknown(0)
    (True, True, False)
    """
    return isinstance(value, str) and value.strip() in UNKNOWN_SPELLINGS


#: key -> (Chinese label, English label)
CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "leadership": ("领导机构", "Leading bodies"),
    "party-government": ("党政机构", "Party and government offices"),
    "enforcement": ("执法机构", "Enforcement bodies"),
    "public-institution": ("事业单位", "Public institutions"),
    "stationed": ("派驻机构", "Stationed bodies"),
    "vertical": ("垂直管理机构", "Vertically managed bodies"),
    "mass-organisation": ("群团组织", "Mass organisations"),
    "other": ("其他", "Other"),
    "unknown": ("类别未知", "Category unknown"),
}

KINDS: Final[dict[str, tuple[str, str]]] = {
    "party-committee": ("党委", "party committee"),
    "government": ("政府", "government"),
    "congress": ("人大", "people's congress"),
    "discipline": ("纪委监委", "discipline inspection"),
    "armed-forces": ("人武部", "armed forces department"),
    "committee": ("委员会", "committee"),
    "bureau": ("局", "bureau"),
    "department": ("部门", "department"),
    "office": ("办", "office"),
    "team": ("队", "team"),
    "station": ("站", "station"),
    "centre": ("中心", "centre"),
    "institute": ("所", "institute"),
    "court": ("法庭", "court"),
    "hospital": ("院", "hospital"),
    "enterprise": ("企业", "enterprise"),
    "other": ("其他", "other"),
}

#: Non-tree relations. The primary leadership tree (隶属) is given by ``parent``.
RELATIONS: Final[dict[str, tuple[str, str]]] = {
    "leadership": ("隶属", "leads"),
    "dual-leadership": ("双重管理", "dual leadership"),
    "guidance": ("业务指导", "professional guidance"),
    "stationed": ("派驻", "stationed by"),
    "co-location": ("合署办公", "co-located with"),
}

#: The events of a reorganisation plan (and the crosswalk's ``kept``), as a report names them.
EVENT_TYPES: Final[dict[str, tuple[str, str]]] = {
    "kept": ("保留", "kept"),
    "establish": ("新设", "established"),
    "abolish": ("撤销", "abolished"),
    "rename": ("更名", "renamed"),
    "merge": ("并入", "merged"),
    "split": ("拆分", "split"),
    "transfer-functions": ("职能划转", "functions transferred"),
    "transfer-staffing": ("编制划转", "posts transferred"),
    "detach": ("划出", "detached"),
    "reparent": ("调整隶属", "reparented"),
    "add-nameplate": ("加挂牌子", "nameplate added"),
    "remove-nameplate": ("撤销牌子", "nameplate removed"),
    "begin-co-location": ("合署办公", "co-location begun"),
    "end-co-location": ("结束合署办公", "co-location ended"),
    "change-rank": ("调整规格", "rank changed"),
    "add-functions": ("增加职能", "functions added"),
    "end-functions": ("取消职能", "functions ended"),
    "adjust-staffing": ("调整编制", "staffing adjusted"),
    "update": ("修改", "updated"),
}

#: Staffing fields: the establishment (编制) types, leadership posts, headcounts.
STAFF_TYPES: Final[dict[str, tuple[str, str]]] = {
    "admin": ("行政编制", "administrative posts"),
    "institution": ("事业编制", "public-institution posts"),
    "worker": ("工勤编制", "support-worker posts"),
    "heads": ("领导正职", "head posts"),
    "deputies": ("领导副职", "deputy posts"),
    "actual": ("实有人数", "actual headcount"),
    "actual_admin": ("行政编制实有人数", "people in post on administrative posts"),
    "actual_institution": ("事业编制实有人数", "people in post on public-institution posts"),
    "actual_worker": ("工勤编制实有人数", "people in post on support-worker posts"),
    "outside": ("编外人员", "staff outside the establishment"),
}

#: The establishment types that are posts (编制); leadership posts come out of these.
QUOTA_TYPES: Final[tuple[str, ...]] = ("admin", "institution", "worker")

#: Each establishment type's headcount field (实有人数 of that type).
ACTUAL_OF: Final[dict[str, str]] = {k: "actual_" + k for k in QUOTA_TYPES}

#: The headcount fields (people, not posts): the unit's total and each type's.
HEADCOUNT_TYPES: Final[tuple[str, ...]] = ("actual", *ACTUAL_OF.values())

#: Short badge letters for diagrams and tables.
STAFF_BADGES: Final[dict[str, str]] = {
    "admin": "行", "institution": "事", "worker": "工", "outside": "外", "actual": "实",
    "actual_admin": "实行", "actual_institution": "实事", "actual_worker": "实工",
}

RANKS: Final[dict[str, tuple[str, str]]] = {
    "正厅": ("正厅级", "department head level"),
    "副厅": ("副厅级", "deputy department level"),
    "正处": ("正处级", "division head level"),
    "副处": ("副处级", "deputy division level"),
    "正科": ("正科级", "section head level"),
    "副科": ("副科级", "deputy section level"),
    "正股": ("正股级", "unit head level"),
    "副股": ("副股级", "deputy unit level"),
    "股级": ("股级", "unit level"),
    "未定级": ("未定级", "unranked"),
    "unknown": ("未知", "unknown"),
}

PUBLIC_CLASSES: Final[dict[str, tuple[str, str]]] = {
    "公益一类": ("公益一类", "public-welfare class 1"),
    "公益二类": ("公益二类", "public-welfare class 2"),
    "参公": ("参照公务员法管理", "managed as civil service"),
    "行政执行类": ("行政执行类", "administrative execution"),
    "未分类": ("未分类", "unclassified"),
    "unknown": ("未知", "unknown"),
}

FUNDINGS: Final[dict[str, tuple[str, str]]] = {
    "全额": ("全额拨款", "fully funded"),
    "差额": ("差额拨款", "partly funded"),
    "自收自支": ("自收自支", "self-financing"),
    "unknown": ("未知", "unknown"),
}

LEVELS: Final[dict[str, tuple[str, str]]] = {
    "province": ("省级", "province"),
    "city": ("市级", "prefecture"),
    "county": ("县级", "county"),
    "township": ("乡镇", "township"),
    "town": ("镇", "town"),
    "subdistrict": ("街道", "sub-district"),
    "district": ("区", "district"),
    "other": ("其他", "other"),
}


#: How well a fact is established, strongest first (see :mod:`orgchart.model.evidence`).
EVIDENCE: Final[dict[str, tuple[str, str]]] = {
    "verified": ("已核实", "verified"),
    "partial": ("部分核实", "partly verified"),
    "reported": ("来源报道", "reported"),
    "inferred": ("推定", "inferred"),
}

#: What kind of source a source is: an official (primary) one, a copy of another, a news
#: report, or a secondary text (research, encyclopaedia, a reading of the document).
SOURCE_KINDS: Final[dict[str, tuple[str, str]]] = {
    "official": ("官方", "official"),
    "mirror": ("转载", "mirror"),
    "news": ("新闻", "news"),
    "secondary": ("二手", "secondary"),
}

#: The facts of a unit that may carry their own evidence, in the order an audit lists them.
FACTS: Final[dict[str, tuple[str, str]]] = {
    "name": ("名称（机构存在）", "name (the unit exists)"),
    "nameplates": ("挂牌", "nameplates"),
    "category": ("类别", "category"),
    "kind": ("机构类型", "kind"),
    "rank": ("机构规格", "rank"),
    "public_class": ("事业单位分类", "public-institution class"),
    "funding": ("经费形式", "funding"),
    "functions": ("职能", "functions"),
    "staffing": ("编制", "staffing"),
    "valid_from": ("设立日期", "valid from"),
    "valid_to": ("撤销日期", "valid to"),
    "parent": ("隶属", "parent"),
    "links": ("其他关系", "links"),
}


def _aliases(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (zh, en) in table.items():
        for alias in (key, zh, en, en.lower()):
            out.setdefault(alias, key)
    return out


_ALIASES: Final[dict[int, dict[str, str]]] = {
    id(t): _aliases(t)
    for t in (CATEGORIES, KINDS, RELATIONS, STAFF_TYPES, RANKS, PUBLIC_CLASSES, FUNDINGS, LEVELS,
              EVIDENCE, SOURCE_KINDS, FACTS)
}
_ALIASES[id(CATEGORIES)].update({"垂直管理": "vertical", "党政机关": "party-government"})
_ALIASES[id(RANKS)].update({k + "级": k for k in RANKS if not k.endswith("级")})
for _table in (CATEGORIES, RANKS, PUBLIC_CLASSES, FUNDINGS):  # unknown, ?, 未知, 类别未知
    _ALIASES[id(_table)].update(dict.fromkeys(UNKNOWN_SPELLINGS, UNKNOWN))


def normalise(table: dict[str, tuple[str, str]], value: str) -> str | None:
    """Return the key that ``value`` names in ``table`` (key or label), or None.

    >>> normalise(CATEGORIES, "事业单位")
    'public-institution'
    >>> normalise(RANKS, "副科级")
    '副科'
    """
    return _ALIASES[id(table)].get(value.strip())


def shown(table: dict[str, tuple[str, str]], key: str, lang: str = "zh") -> str:
    """Return ``key`` as a text view prints it: a key that is itself Chinese (a rank 正科, a
    class 公益一类, a funding 全额) as written in Chinese text, any other key (and unknown) as
    its label in ``lang``.

    >>> shown(RANKS, "正科"), shown(RANKS, "正科", "en") != "正科", shown(RANKS, UNKNOWN)
    ('正科', True, '未知')
    >>> shown(CATEGORIES, "leadership")
    '领导机构'
    """
    if lang != "en" and key != UNKNOWN and any("\u4e00" <= c <= "\u9fff" for c in key):
        return key
    return label(table, key, lang)


def spellings(table: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """Return every way a model file may write a value of ``table``: the keys first, then
    the labels and other aliases, in table order (what ``orgchart schema`` offers editors).

    >>> spellings(FUNDINGS)[:4]
    ('全额', '差额', '自收自支', 'unknown')
    >>> spellings(CATEGORIES)[-3:]
    ('党政机关', '?', '未知')
    """
    return tuple(dict.fromkeys([*table, *_ALIASES[id(table)]]))


def label(table: dict[str, tuple[str, str]], key: str, lang: str = "zh") -> str:
    """Return the Chinese (``zh``) or English (``en``) label of ``key``; unknown keys as-is.

    >>> label(CATEGORIES, "party-government")
    '党政机构'
    """
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
