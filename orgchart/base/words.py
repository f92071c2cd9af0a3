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
    # a history's steps (沿革), by event type
    "step.establish": ("设立", "established"), "step.abolish": ("撤销", "abolished"),
    "step.rename": ("更名", "renamed"), "step.merge": ("合并", "merged"),
    "step.merged-into": ("合并设立", "formed by merger"), "step.split": ("拆分", "split"),
    "step.transfer-functions": ("职能划转", "functions transferred"),
    "step.transfer-staffing": ("编制划转", "posts transferred"),
    "step.detach": ("划出", "detached"), "step.reparent": ("调整隶属", "moved under another body"),
    "step.add-nameplate": ("加挂牌子", "nameplate added"),
    "step.remove-nameplate": ("摘牌", "nameplate removed"),
    "step.begin-co-location": ("合署办公", "co-location begun"),
    "step.end-co-location": ("结束合署办公", "co-location ended"),
    "step.change-rank": ("调整规格", "rank changed"),
    "step.add-functions": ("增加职能", "functions added"),
    "step.end-functions": ("取消职能", "functions ended"),
    "step.adjust-staffing": ("调整编制", "posts adjusted"), "step.update": ("调整", "updated"),
    "step.merge-structures": ("乡镇合并", "townships merged"),
    "step.rename-structure": ("更名/改设", "renamed or reclassified"),
    "event.name": ("名称", "name"), "event.code": ("代码", "code"),
    "event.level": ("级别", "level"), "event.parent": ("上级", "under"),
    "event.functions": ("职能", "functions"),
    "event.end_functions": ("取消职能", "functions ended"),
    "event.staffing": ("编制", "posts"), "event.end_staffing": ("核销编制", "posts ended"),
    "event.nameplates": ("牌子", "nameplates"), "event.note": ("说明", "note"),
    "event.new": ("新机构", "new unit"), "colon": ("：", ": "),
    "event.keep": ("保留原机构", "original kept"), "event.with": ("与", "with"),
    "event.functions_to": ("职能划入", "functions to"),
    "event.staffing_to": ("编制划入", "posts to"),
    "event.nameplates_to": ("牌子划入", "nameplates to"),
    "event.end_nameplates": ("摘除牌子", "nameplates ended"),
    "event.name_en": ("英文名称", "English name"), "event.short_name": ("简称", "short name"),
    "event.rank": ("规格", "rank"), "event.set": ("设定", "set"),
    "event.links": ("关系", "links"), "event.sources": ("来源", "sources"),
    "event.evidence": ("证据", "evidence"), "event.funding": ("经费形式", "funding"),
    "event.public_class": ("公益类别", "public class"), "event.category": ("类别", "category"),
    "event.kind": ("机构类型", "kind"),
    "event.facts": ("事实依据", "evidence of facts"), "event.verified": ("已核实", "verified"),
    "event.staffing_estimated": ("编制为估算", "staffing estimated"),
    "event.parent_structure": ("上级结构", "parent structure"),
    "diff.none": ("无差异", "no differences"),
    "diff.unknown": ("另：{unit}的{type}由 {old} 变为 {new}（未知的数字不能写成增减事件）",
                     "also: {unit}: {type} {old} → {new} (an unknown figure cannot be "
                     "written as an event)"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "status.planned": ("（规划）", "(planned)"), "status.repealed": ("（已废止）", "(repealed)"),
    "lineage.title": ("沿革图", "lineage"),
    # a history as text (orgchart.views.history)
    "history.start": ("起点", "start"),
    "history.planned": ("规划中（未施行）", "planned (not in force)"),
    "history.title": ("{structure}：{body}沿革", "history of {body} in {structure}"),
    "history.own": ("本机构", "this body"), "history.predecessors": ("前身", "predecessors"),
    "history.successors": ("后继", "successors"), "history.none": ("无", "none"),
    # punctuation
    "comma": ("，", ", "),
    "list": ("、", ", "),
    "semicolon": ("；", "; "),
    "bracket": ("{text}（{inner}）", "{text} ({inner})"),
    # a total some units do not give (orgchart.model.tally)
    "tally.partial": ("≥ {known}（{unknown} 个单位未知）", "≥ {known} ({unknown} units unknown)"),
    # the same in a narrow column (a spreadsheet's count column): two short lines
    "tally.partial.narrow": ("≥ {known}\n（{unknown} 未知）", "≥ {known}\n({unknown} unknown)"),
    "unknown": ("未知", "unknown"),
    # the office reports (orgchart.views.reports): 核定表, 编制使用情况表, 问题清单, 公示表
    "report.roster": ("机构编制核定表", "establishment roster"),
    "report.usage": ("编制使用情况表", "staffing usage"),
    "report.problems": ("机构编制问题清单", "problem list"),
    "report.notice": ("机构编制公示表", "public notice"),
    "report.summary": ("汇总", "summary"),
    "report.own-units": ("本级", "own bodies"),
    "report.no-date": ("数据日期未注明", "date of the data not given"),
    "report.unit-posts": ("单位：名", "unit: posts"),
    "report.index": ("序号", "no."),
    "report.unit": ("机构名称", "unit"),
    "report.member": ("下属机构", "member body"),
    "report.units": ("机构数", "units"),
    "report.rank": ("规格", "rank"),
    "report.category": ("类别", "category"),
    "report.funding": ("经费形式", "funding"),
    "report.posts": ("编制数", "posts"),
    "report.approved": ("核定编制", "approved posts"),
    "report.total": ("合计", "total"),
    "report.subtotal": ("小计：{what}", "subtotal: {what}"),
    "report.leaders": ("领导职数", "leadership posts"),
    "report.remark": ("备注", "remarks"),
    "report.yange": ("机构沿革表", "unit history"),
    "report.yange-title": ("{name}沿革表", "history of {name}"),
    "report.doc-number": ("文件文号", "document number"),
    "report.doc-date": ("下发时间", "date issued"),
    "report.doc-title": ("文件名称", "document title"),
    "report.reports-to": ("隶属关系", "reports to"),
    "report.quota": ("编制数额", "posts"),
    "report.yange-start": ("（沿革起点的状态）", "(the state at the start of the history)"),
    "report.yange-effective": ("（{date}施行）", " (in force {date})"),
    "report.yange-leaders": ("{heads}正{deputies}副", "{heads} head(s), {deputies} deputy(ies)"),
    "report.yange-merge": ("并入{into}", "merged into {into}"),
    "report.yange-split": ("分设为{into}", "split into {into}"),
    "report.yange-ended": ("撤销", "abolished"),
    "report.yange-note": ("每行为该机构的一次变更及变更后的状态；? 未知（未知不等于 0）；"
                          "编制数额为行政、事业、工勤编制之和",
                          "each row: one change of the unit and the unit after it; ? unknown "
                          "(unknown is not zero); posts: administrative + institution + worker"),
    "report.yange-planned": ("另有 {n} 项规划中或已废止的变更未列入", "{n} planned or repealed "
                             "change(s) not listed"),
    "report.vacant": ("空编", "vacant"),
    "report.over": ("超编", "over"),
    "report.problem": ("问题类型", "problem"),
    "report.detail": ("说明", "detail"),
    "report.where": ("出处（文件:行:列）", "where (file:line:column)"),
    # the findings a 问题清单 lists (orgchart.rules.checks): name, description, one finding
    "problem.label.over-establishment": ("超编", "over establishment"),
    "problem.label.leaders-over-quota": ("超职数", "leaders over quota"),
    "problem.label.mixed-staffing": ("混编混岗", "mixed staffing"),
    "problem.label.cap-exceeded": ("超出限额", "cap exceeded"),
    "problem.label.check-skipped": ("未能检查（数字未知）", "not checked (figure unknown)"),
    "problem.over-establishment": ("实有人数超过核定编制", "more people in post than posts"),
    "problem.leaders-over-quota": ("领导职数超过核定编制", "more leaders than posts"),
    "problem.mixed-staffing": ("事业单位核有行政编制，或党政机构核有事业编制",
                               "行政编制 in a 事业单位, or 事业编制 in a 党政机构"),
    "problem.cap-exceeded": ("机构数或编制数超过政策限额", "a policy cap is exceeded"),
    "problem.check-skipped": ("所需编制数未知，未能检查", "not checked: a figure is unknown"),
    "problem.over-establishment.unit": (
        "{unit}实有 {actual} 人，核定编制 {quota} 名，超编 {over} 名",
        "{unit}: {actual} people in post for {quota} posts, {over} over"),
    "problem.over-establishment.type": (
        "{unit}{type}实有 {actual} 人，核定 {quota} 名，超编 {over} 名",
        "{unit}: {actual} people in post on {type} for {quota} posts, {over} over"),
    "problem.leaders-over-quota.unit": (
        "{unit}领导职数 {leaders} 名（正职 {heads}、副职 {deputies}），超过核定编制 {quota} 名；"
        "领导职数占用本单位编制",
        "{unit}: {leaders} leadership posts ({heads} heads, {deputies} deputies) for {quota} "
        "posts"),
    "problem.mixed-staffing.admin": (
        "{unit}是事业单位，却核有行政编制 {admin} 名；应核定事业编制",
        "{unit} is a 事业单位 but holds {admin} 行政编制"),
    "problem.mixed-staffing.institution": (
        "{unit}是{category}，却核有事业编制 {institution} 名；应核定行政编制",
        "{unit} is a {category} but holds {institution} 事业编制"),
    "problem.mixed-staffing.people": (
        "{unit}是{category}，却有{type}人员 {people} 人在岗",
        "{unit} is a {category} with people in post on {type}: {people}"),
    "problem.cap-exceeded.cap": ("{what}为 {used}，超过限额 {limit}{note}",
                                 "{what}: {used} against a cap of {limit}{note}"),
    "problem.check-skipped.unit": (
        "{unit}的{figures}未知，未能检查{checks}；填写这些数字（没有则写 0）即可检查",
        "{unit}: {figures} not known, {checks} not checked; write the figures (0 for none)"),
    "problem.check-skipped.cap": (
        "{what}已知 {used}，未超过限额 {limit}，但有单位未给出该数，未能确认；"
        "填写各单位的数字（没有则写 0）",
        "{what}: {used} against a cap of {limit}, not checked; write the units' figures"),
    "problem.all-units": ("全部机构", "all units"),
    "problem.unit-count": ("机构数", " units"),
    "report.none-found": ("未发现问题（仅就已知数字检查；见下方注）",
                          "no problem found (known figures only; see notes)"),
    "report.no-source": ("无设立文件或来源", "no founding document or source"),
    "report.no-source-text": ("{name}本身未注明设立文件或来源（仅有整个文件的来源）",
                              "{name} names no founding document or source of its own"),
    "report.level": ("级别", "level"),
    "report.duties": ("主要职责", "main duties"),
    "report.inner": ("内设机构", "internal units"),
    "report.staffing": ("人员编制", "staffing"),
    "report.actual": ("实有人员", "people in post"),
    "report.none": ("无", "none"),
    "report.note-unknown": ("? 未知（未知不等于 0）；≥ 已知部分之和，括号内为未给出该项的单位数",
                            "? not known (unknown is not zero); ≥ the sum of the known part"),
    "report.note-estimate": ("≈ 估算数（编制数未经核实），不是官方数字",
                             "≈ an estimate (staffing not verified), not an official figure"),
    "report.note-unverified": ("※ 该机构未经核实（推定、估算或未经核实的改革方案）",
                               "※ the unit is not verified"),
    "report.note-actual": ("实有为在编实有人数，各类编制的实有人数按单位分别记录，未记录的为 ?；"
                           "合计的实有为单位实有人数（未写时为三类之和）；空编、超编逐单位计算，"
                           "一个单位的空编不抵另一单位的超编；各类空编、超编均已知的单位，"
                           "合计的空编、超编为各类之和，否则以单位编制与实有人数相比",
                           "people in post per unit and staffing type, as recorded; the total's "
                           "is the unit's headcount (else the three types' sum); vacant and "
                           "over are counted unit by unit; a unit's total vacant and over are "
                           "the sums of its types' where all are known, else its posts against "
                           "its headcount"),
    "report.approved-short": ("核定", "approved"),
    "report.actual-short": ("实有", "in post"),
    "report.note-summary": ("各下属机构的明细见其工作表；下属机构编制为估算者相加不是实际数",
                            "see each member's sheet; a sum of estimates is no real figure"),
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
    "stats.actual_admin": ("实有行政", "actual admin"),
    "stats.actual_institution": ("实有事业", "actual institution"),
    "stats.actual_worker": ("实有工勤", "actual worker"),
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
    # the 三定 skeleton (orgchart.views.reports.sanding): a Chinese document
    "sanding.title": ("{place}职能配置、内设机构和人员编制规定（框架稿）",
                      "{place}: functions, internal units and staffing (三定, a skeleton)"),
    "sanding.title-of": ("{name}：职能配置、内设机构和人员编制规定（框架稿）",
                         "{name}: functions, internal units and staffing (三定, a skeleton)"),
    "sanding.as-of": ("据机构编制模型生成，截至 {date}；〔 〕处待填，？未知，≈估算，※未核实",
                      "from the model, as of {date}; 〔 〕 to fill in, ? unknown, "
                      "≈ estimate, ※ not verified"),
    "sanding.no-date": ("据机构编制模型生成，日期未知（?）；〔 〕处待填，？未知，≈估算，※未核实",
                        "from the model, date unknown (?); 〔 〕 to fill in, ? unknown, "
                        "≈ estimate, ※ not verified"),
    "sanding.article": ("第{n}条　", "Article {n}. "),
    "sanding.basis": ("根据〔依据文件〕，结合{place}实际，制定本规定。",
                      "This provision is made under 〔basis〕 for {place}."),
    "sanding.body": ("{name}，机构规格为{rank}。", "{name}, of rank {rank}."),
    "sanding.duties": ("一、主要职责", "1. Main duties"),
    "sanding.duties-lead": ("{place}贯彻落实党中央和上级党委、政府的方针政策和决策部署，"
                            "在履行职责过程中坚持和加强党的全面领导。主要职责是：",
                            "{place} carries out the policies of the Party and the "
                            "government above it. Its main duties are:"),
    "sanding.no-functions": ("〔模型未记录职能，待填〕", "〔no function recorded: to fill in〕"),
    "sanding.units": ("二、内设机构", "2. Internal units"),
    "sanding.units-lead": ("{place}设下列机构：", "{place} has these units:"),
    "sanding.category": ("{category}（{count} 个）：", "{category} ({count}):"),
    "sanding.rank": ("，{rank}", ", {rank}"),
    "sanding.unit-duties": ("负责{duties}等工作。", "In charge of {duties}."),
    "sanding.unit-no-duties": ("〔职责待填〕", "〔duties to fill in〕"),
    "sanding.staffing": ("三、人员编制和领导职数", "3. Staffing and leadership posts"),
    "sanding.staffing-text": ("{place}核定{quota}。领导职数：{heads}。各机构编制见下表。",
                              "{place}: {quota}. Leadership posts: {heads}. Per unit below."),
    "sanding.figure-unknown": ("{label}未知（?）", "{label} unknown (?)"),
    "sanding.col-unit": ("机构名称", "unit"),
    "sanding.total": ("合计", "total"),
    "sanding.other": ("四、其他事项", "4. Other matters"),
    "sanding.other-lead": ("其他事项：", "Other matters:"),
    "sanding.none": ("〔无，或待填〕", "〔none, or to fill in〕"),
    "sanding.shared": ("{duty}由{units}共同承担，分工〔待明确〕。",
                       "{duty} is shared by {units}; the division is 〔to be set〕."),
    "sanding.link": ("{unit}与{other}：{relation}。", "{unit} and {other}: {relation}."),
    "sanding.units-all": ("机构", "units"),
    "sanding.cap-units": ("{what}限额 {limit} 个（现设 {count} 个）。",
                          "{what}: at most {limit} (now {count})."),
    "sanding.cap-posts": ("{what}{type}限额 {limit} 名。", "{what}: at most {limit} {type}."),
    "sanding.closing": ("五、附则", "5. Final provisions"),
    "sanding.interpret": ("本规定由〔　　〕机构编制委员会办公室负责解释，其调整由〔　　〕"
                          "机构编制委员会办公室按规定程序办理。",
                          "〔 〕's staffing office interprets this provision and handles "
                          "its changes."),
    "sanding.in-force": ("本规定自〔　　年　　月　　日〕起施行。",
                         "This provision takes effect on 〔date〕."),
    "sanding.marks": ("说明：本框架稿由机构编制模型生成，不是正式文件。“?”为模型未知的事项，"
                      "“≈”为估算数，“※”为未经核实的机构或职责，〔 〕处待填写。",
                      "Note: generated from the model, not an official document. ? unknown, "
                      "≈ estimate, ※ not verified, 〔 〕 to fill in."),
    "sanding.sources": ("资料来源：", "Sources:"),
    # the reform report (orgchart.views.reports.reform): a Chinese document
    "reform.title": ("{name}：改革情况报告", "{name}: reform report"),
    "reform.subtitle": ("实施日期：{date}；据机构编制模型生成；？未知，≈估算，※未核实",
                        "in force: {date}; from the model; ? unknown, ≈ estimate, "
                        "※ not verified"),
    "reform.summary": ("一、改革概况", "1. Summary"),
    "reform.summary-text": ("改革前为{before}，设机构 {old} 个，编制 {quota_before} 名；"
                            "改革后为{after}，设机构 {new} 个，编制 {quota_after} 名。"
                            "方案共 {events} 项变动：{done}。",
                            "Before: {before}, {old} units, {quota_before} posts; after: "
                            "{after}, {new} units, {quota_after} posts. {events} events: "
                            "{done}."),
    "reform.ok": ("经核对，每个机构、每项职能和每名编制均有去向。",
                  "Every unit, function and post is accounted for."),
    "reform.not-ok": ("核对未通过：发现 {errors} 个错误（用 orgchart reorg --check 查看）。",
                      "The accounting fails: {errors} error(s) (orgchart reorg --check)."),
    "reform.unverified": ("※ 本方案未经核实（推定复原），各机构的去向均为推定。",
                          "※ The plan is not verified (a reconstruction)."),
    "reform.crosswalk": ("二、机构对照（原机构 → 现机构）", "2. Crosswalk (old → new)"),
    "reform.balance": ("三、编制平衡", "3. Staffing balance"),
    "reform.verdict": ("结论", "verdict"),
    "reform.unchecked": ("无法核对", "not checked"),
    "reform.chart": ("四、改革前后机构对照图", "4. Before and after"),
    "reform.caption": ("图 1　{name}：改革前（左）与改革后（右）",
                       "Figure 1. {name}: before (left) and after (right)"),
    "reform.marks": ("说明：本报告由机构编制模型生成，不是正式文件。“?”为模型未知的数，"
                     "“≈”为估算数，“※”为未经核实的事项；“—”为无。",
                     "Note: generated from the model, not an official document. ? unknown, "
                     "≈ estimate, ※ not verified, — none."),
    # the crosswalk of a reorganisation (both languages in its head)
    "crosswalk.old": ("原机构", "old unit"),
    "crosswalk.event": ("变动", "event"),
    "crosswalk.new": ("现机构", "new unit(s)"),
    "crosswalk.functions": ("职能去向", "functions"),
    "crosswalk.posts": ("编制去向", "posts moved"),
    "crosswalk.nameplates": ("挂牌去向", "nameplates"),
    "crosswalk.ended": ("终止", "ended"), "crosswalk.lost": ("丢失", "lost"),
    # the notes of a guessed plan (orgchart.rules.diff): each starts with the marker
    "guess.mark": ("推测：", "guessed: "),
    "guess.split": ("其职能划入{units}", "its functions went to {units}"),
    "guess.rename": ("{new}承担{old}的工作", "{new} does the work of {old}"),
    "guess.merge": ("{old}的大部分职能划入{into}，编制随之划入",
                    "most functions of {old} went to {into}, which takes their posts"),
    "guess.split-off": ("{new}承接{old}的这些职能", "{new} takes over these functions of {old}"),
    "guess.detach": ("属{body}的机构，仍归其管理", "a body of {body}; it stays with that body"),
    "guess.merge-all": ("{into}承接其全部职能，编制随职能划入",
                        "{into} takes all its functions, and its posts with them"),
    "guess.functions-to": ("职能划入此后承担该职能的单位（{units}）",
                           "functions to the units that hold them afterwards ({units})"),
    "guess.posts-to": ("编制划入需增编的{units}", "posts to {units}, which gain posts"),
    "guess.leads-end": ("领导职数随之核销", "leadership posts end with it"),
    "guess.no-longer": ("{giver}不再承担{functions}，改由{taker}承担",
                        "{giver} no longer holds {functions}, {taker} does"),
    "guess.afterwards": ("此后由{holder}承担{functions}", "{holder} does {functions} afterwards"),
    "guess.down": ("编制自{giver}下沉", "posts moved down (下沉) from {giver}"),
    "guess.spare": ("{giver}有富余编制，{taker}需要增编",
                    "{giver} has these posts to spare, {taker} needs them"),
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
