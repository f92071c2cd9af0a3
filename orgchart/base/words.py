"""The words of charts and text views in Chinese and English: one table, one lookup.

The vocabulary of model values (categories, kinds, ...) is :mod:`.vocab`; this table holds
the text around them: titles, legends, table headers and notes. A ``{field}`` in a word is
filled in by :func:`word`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WORDS", "word", "both"]

#: what ≈ on a figure means, in every view that explains it (chart legend, reform chart,
#: show, stats, the balance table): staffing that is not verified, whatever the reason
#: (``staffing_estimated``, or a staffing fact that is partial, reported or inferred)
_APPROX: Final = ("≈ 编制数未经核实（估算等）", "≈ staffing not verified (e.g. estimate)")

#: key -> (Chinese, English)
WORDS: Final[dict[str, tuple[str, str]]] = {
    # punctuation
    "comma": ("，", ", "),
    "list": ("、", ", "),
    # a total some units do not give (orgchart.model.tally)
    "tally.partial": ("≥ {known}（{unknown} 个单位未知）", "≥ {known} ({unknown} units unknown)"),
    "unknown": ("未知", "unknown"),
    # the structure chart: title, boxes, legend
    "as-of": ("截至 {date}", "as of {date}"),
    "date.about": ("约{date}", "about {date}"),
    "staffing-total": ("编制合计：", "Staffing: "),
    "staffing-total-members": ("编制合计（含下属）：", "Staffing with members: "),
    "staffing-members-not-added": ("不合计（{count} 个下属机构的编制均为估算，相加不是实际数）",
                                   "not added up ({count} member bodies' staffing are "
                                   "estimates; their sum is no real figure)"),
    "staffing-members-left-out": ("（另有 {count} 个下属机构的编制为估算，未计入）",
                                  " (leaving out {count} member bodies whose staffing are "
                                  "estimates)"),
    "reported": ("来源报道的数字（未分配到单位）：",
                 "Figures reported by sources (not assigned to units):"),
    "count.posts": (" 名", " posts"),
    "count.people": (" 人", " people"),
    "count.units": (" 个", " units"),
    "members.subdistrict": ("街道", "sub-districts"),
    "members.town": ("镇", "towns"),
    "members.township": ("乡", "townships"),
    "members.county": ("县", "counties"),
    "nameplate": ("（挂{plate}牌子）", "(also: {plate})"),
    "outside-bodies": ("外部机构", "Outside bodies"),
    "legend": ("图例", "Legend"),
    "legend.member": ("下属机构（编制为其合计）", "member body (staffing: its total)"),
    "legend.unverified": ("未经核实（含推定、估算）",
                          "not verified (incl. reconstructions, estimates)"),
    "legend.badges": ("行 行政编制 事 事业编制 工 工勤编制 领 正职/副职",
                      "行 admin, 事 institution, 工 worker posts; 领 heads/deputies"),
    "legend.estimate": ("；" + _APPROX[0], "; " + _APPROX[1]),
    "legend.attribute": ("此项未经核实（在名称后：类别、规格、日期等，见 orgchart audit）",
                         "not verified (after a name: category, rank, dates, ...; see "
                         "orgchart audit)"),
    "legend.unknown": ("；? 未知 ≥ 至少（部分机构未知）",
                       "; ? not known, ≥ at least (some units not known)"),
    # the reform chart
    "before": ("改革前", "before"),
    "after": ("改革后", "after"),
    "side.before": ("改革前：", "Before: "),
    "side.after": ("改革后：", "After: "),
    "new-unit": (" 新设", " (new)"),
    "summary.category": ("类别", ""),
    "summary.marks": ("灰色：撤销或并入；粗框：新设",
                      "grey: abolished or merged away; bold frame: new"),
    "summary.plan-unverified": ("标题后 ※：改革方案未经核实（推定），其新设或变动的机构均标 ※",
                                "※ after the title: the plan is not verified (a "
                                "reconstruction); every unit it creates or changes is marked ※"),
    "link.kept": ("保留", "kept"),
    "link.transfer": ("职能/编制划转", "functions or posts transferred"),
    "link.rename": ("更名", "renamed"),
    "link.merge": ("合并", "merged"),
    "link.split": ("拆分", "split"),
    # the tree of `orgchart show`
    "show.loop": ("隶属关系循环（其中有一个 parent: 写错了）：",
                  "leadership loop (one 'parent:' in it is wrong):"),
    "show.outside": ("外部机构：", "outside bodies: "),
    "show.total": ("合计：{totals}（{count} 个机构）", "total: {totals} ({count} units)"),
    "show.members": ("下属（{count}）：", "members ({count}):"),
    "show.total-members": ("合计（含下属）：{totals}", "total with members: {totals}"),
    "show.reported": ("来源报道的数字（不由单位推算）：",
                      "reported by sources (not derived from units):"),
    "show.nameplates": ("挂牌：", "also: "),
    "unverified": ("[未核实]", "[unverified]"),
    "show.estimate": _APPROX,
    # the table of `orgchart stats`
    "stats.unit": ("机构", "unit"),
    "stats.name": ("名称", "name"),
    "stats.group": ("分组", "group"),
    "stats.units": ("机构数", "units"),
    "stats.admin": ("行政", "admin"),
    "stats.institution": ("事业", "institution"),
    "stats.worker": ("工勤", "worker"),
    "stats.quota": ("编制合计", "posts"),
    "stats.heads": ("正职", "heads"),
    "stats.deputies": ("副职", "deputies"),
    "stats.actual": ("实有", "actual"),
    "stats.vacancies": ("空编", "vacant"),
    "stats.overstaffed": ("超编", "over"),
    "stats.without_actual": ("无实有数", "no actual"),
    "stats.outside": ("编外", "outside"),
    "stats.estimated": ("估算", "estimate"),
    "stats.estimate-note": (_APPROX[0] + "：这些行的编制数（部分）不是官方数字",
                            _APPROX[1] + ": the posts of these rows are (partly) not "
                                         "official figures"),
    "stats.partial-note": ("≥ 已知部分之和，另有机构未给出该项编制数；? 未知（未知不等于 0）",
                           "≥ the sum of what is known: some units do not give this figure; "
                           "? not known (unknown is not zero)"),
    "stats.no-actual-note": ("{units} 个机构中有 {missing} 个未给出实有人数；"
                             "实有、空编、超编只计其余机构",
                             "{missing} of {units} units give no actual headcount (实有人数); "
                             "actual, vacant and over count only the others"),
    "stats.structure": ("结构", "structure"),
    "stats.cap": ("限额", "cap"),
    "stats.used": ("已用", "used"),
    "stats.limit": ("上限", "limit"),
    "stats.cap-ok": ("未超", "ok"),
    "stats.cap-exceeded": ("超出", "EXCEEDED"),
    "stats.cap-unknown": ("未知（编制数不全）", "not known (figures missing)"),
    "stats.reported": ("来源报道的整体数字（不由单位推算）：",
                       "reported by sources for the whole structure (not derived from units):"),
    "stats.figure": ("数字", "figure"),
    "stats.value": ("数值", "value"),
    "stats.counts": ("计数", "counts"),
    # orgchart audit (the text view; the CSV's head and levels are keys)
    "audit.head": ("{name}（{id}）：{count} 项事实", "{name} ({id}): {count} facts"),
    "audit.not-stated": ("未说明", "not stated"),
    "audit.structure": ("结构", "structure"),
    "audit.unit": ("机构", "unit"),
    "audit.name": ("名称", "name"),
    "audit.fact": ("事实", "fact"),
    "audit.event": ("改革事项", "event"),
    "audit.evidence": ("证据", "evidence"),
    "audit.basis": ("依据", "basis"),
    "audit.basis.fact": ("本项", "fact"),
    "audit.basis.unit": ("机构", "unit"),
    "audit.basis.file": ("文件", "file"),
    "audit.basis.staffing_estimated": ("staffing_estimated", "staffing_estimated"),
    "audit.basis.none": ("—", "none"),
    "audit.cited": ("来源", "sources"),
    "audit.sources": ("来源：", "sources:"),
    "audit.value": ("内容", "value"),
    "audit.kind-not-stated": ("类型未说明", "kind not stated"),
    "audit.missing": ("引用但未声明的来源：", "cited but not declared: "),
    "verified": ("已核实", "verified"),
    "not-verified": ("未核实", "not verified"),
    # the staffing balance of a reorganisation
    "balance.type": ("类型", "type"),
    "balance.old": ("改革前", "old"),
    "balance.in": ("+划入", "+in"),
    "balance.out": ("-划出", "-out"),
    "balance.ended": ("-核销", "-ended"),
    "balance.created": ("+新增", "+created"),
    "balance.expected": ("=应有", "=expected"),
    "balance.new": ("改革后", "new"),
    "balance.ok": ("平衡", "ok"),
    "balance.imbalance": ("不平衡", "IMBALANCE"),
    "balance.unchecked": ("无法核对（有机构编制数未知）", "not checked (figures not known)"),
    "balance.estimate": (_APPROX[0] + "：改革前或改革后的编制数（部分）不是官方数字，"
                                      "平衡是精确的",
                         _APPROX[1] + ": the posts before or after are (partly) not official "
                                      "figures; the balance is exact"),
    # the crosswalk of a reorganisation (both languages in its head)
    "crosswalk.old": ("原机构", "old unit"),
    "crosswalk.event": ("变动", "event"),
    "crosswalk.new": ("现机构", "new unit(s)"),
    "crosswalk.functions": ("职能去向", "functions"),
    "crosswalk.posts": ("编制去向", "posts moved"),
    "crosswalk.nameplates": ("挂牌去向", "nameplates"),
}


def word(key: str, lang: str = "zh", **fields: object) -> str:
    """Return the word ``key`` in English for ``lang="en"``, else in Chinese (``zh`` and
    ``both``: a bilingual chart writes its own text in Chinese), with ``fields`` filled in.

    >>> word("legend", "en")
    'Legend'
    >>> word("nameplate", "zh", plate="乡村振兴办")
    '（挂乡村振兴办牌子）'
    """
    text = WORDS[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text


def both(key: str) -> str:
    """Return the word ``key`` in Chinese and English, as a bilingual table head writes it.

    >>> both("crosswalk.old")
    '原机构 old unit'
    """
    zh, en = WORDS[key]
    return f"{zh} {en}"
