"""Prove that a reorganisation lost nothing: functions, posts, units, and the target."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import InitVar, dataclass, field

from ..base import vocab
from ..base.errors import Problem, errors_in, sort_problems
from ..base.labels import align_table
from ..base.when import When
from ..base.words import word
from ..engine import Flow, Outcome
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..model.tally import Tally
from ..schema.structure import STAFF_FIELDS, Unit
from .checks import check
from .dates import plan_dates
from .identifiers import IDENTIFIER_CHECKS
from .shapes import known_accounting, remember

__all__ = ["Accounting", "StaffRow", "CrosswalkRow", "TRANSLATIONS", "account",
           "staffing_table"]

#: the staffing types whose balance is proved (headcounts are people, not posts)
BALANCED_TYPES = tuple(t for t in STAFF_FIELDS if t not in vocab.HEADCOUNT_TYPES)


@dataclass(frozen=True)
class StaffRow:
    """The balance of one staffing type: old + in - out - ended + created = new."""

    type: str
    old: int
    moved_in: int
    moved_out: int
    ended: int
    created: int
    new: int
    #: the units (before, then after the plan) that do not give this type: ``old`` and
    #: ``new`` are then the known posts only, and the balance cannot be proved
    unknown_before: tuple[str, ...] = ()
    unknown_after: tuple[str, ...] = ()

    @property
    def expected(self) -> int:
        """Return what the structure after should hold if nothing was lost."""
        return self.old + self.moved_in - self.moved_out - self.ended + self.created

    @property
    def checked(self) -> bool:
        """Tell whether every unit gives this type, so that the balance can be proved."""
        return not (self.unknown_before or self.unknown_after)

    @property
    def balanced(self) -> bool:
        """Tell whether every post is accounted for (False when it cannot be proved)."""
        return self.checked and self.expected == self.new

    @property
    def old_total(self) -> Tally:
        """Return the posts before, with how many units do not give them."""
        return Tally(self.old, len(self.unknown_before))

    @property
    def new_total(self) -> Tally:
        """Return the posts after, with how many units do not give them."""
        return Tally(self.new, len(self.unknown_after))


@dataclass(frozen=True)
class CrosswalkRow:
    """Where one old unit went (or which new unit came from nowhere)."""

    old: str
    event: str
    new: tuple[str, ...]
    functions: tuple[str, ...]
    staffing: str
    #: each nameplate (挂牌) the unit carried that went elsewhere: "牌→where it is now"
    nameplates: tuple[str, ...] = ()


@dataclass
class Accounting:
    """Everything the accounting found about one plan."""

    plan: Reorganisation
    #: the plan's outcome; None: run the plan when the outcome is first asked for (a plan
    #: accounted through its shape, see :mod:`orgchart.rules.shapes`, is not run at once)
    given_outcome: InitVar[Outcome | None]
    problems: list[Problem] = field(default_factory=list)
    staffing: list[StaffRow] = field(default_factory=list)

    def __post_init__(self, given_outcome: Outcome | None) -> None:
        if given_outcome is not None:
            self.__dict__["outcome"] = given_outcome

    @functools.cached_property
    def outcome(self) -> Outcome:
        """Return the structure after the plan with what happened (run when first asked
        for, when the accounting was taken from another plan of the same shape)."""
        return self.plan.run()

    @functools.cached_property
    def crosswalk(self) -> list[CrosswalkRow]:
        """Return where every old unit went (computed when first asked for)."""
        return _crosswalk(self.plan, self.outcome)

    def crosswalk_in(self, lang: str) -> list[CrosswalkRow]:
        """Return :attr:`crosswalk` in the words of ``lang`` (names as the model has them)."""
        return _crosswalk(self.plan, self.outcome, lang) if lang == "en" else self.crosswalk

    @property
    def ok(self) -> bool:
        """Tell whether no error was found (warnings allowed)."""
        return not errors_in(self.problems)

    @property
    def after(self) -> Structure:
        """Return the structure the plan produces."""
        return self.outcome.structure


def account(plan: Reorganisation, *, translations: bool = False,
            outcome: Outcome | None = None) -> Accounting:
    """Apply the plan and check it: every unit, function and post accounted for.

    ``translations``: compare the translation fields (:data:`TRANSLATIONS`, e.g. ``name_en``)
    with the target too; by default they are left out, as a plan seldom carries them.
    ``outcome``: the plan's outcome when the caller has already run it (a history's change
    is run once to apply it, and accounted from that run).
    """
    known = known_accounting(plan, translations)
    if known is not None:
        return Accounting(plan, outcome, *known)
    acc = _account(plan, translations, outcome)
    remember(plan, translations, acc.problems, acc.staffing)
    return acc


def _account(plan: Reorganisation, translations: bool, outcome: Outcome | None = None
             ) -> Accounting:
    """Account a plan the long way: run it (unless its outcome is given), then every rule."""
    if outcome is None:
        outcome = plan.run()
    acc = Accounting(plan, outcome, list(outcome.problems))
    acc.problems += _functions(plan, outcome)
    acc.problems += _nameplates(plan, outcome)
    acc.staffing = _staffing_rows(plan, outcome)
    acc.problems += _staffing_problems(plan, outcome, acc.staffing)
    # the structure after, less its identifiers: those are the files' own (checked when they
    # are validated), and plans of one shape share everything else (rules/shapes.py)
    acc.problems += [p for p in check(outcome.structure) if p.code not in IDENTIFIER_CHECKS]
    acc.problems += plan_dates(plan)
    if plan.after is not None:
        acc.problems += _against_target(plan, outcome.structure, plan.after, translations)
    # the plan's own findings first: they are usually the cause of the others
    acc.problems = sorted(sort_problems(acc.problems),
                          key=lambda p: p.where.file != plan.path)
    return acc


def _functions(plan: Reorganisation, out: Outcome) -> list[Problem]:
    before, after = plan.before, out.structure
    held_before = {fn for u in before.units for fn in u.functions}
    holders: dict[str, list[str]] = {}
    for u in after.units:
        for fn in u.functions:
            holders.setdefault(fn, []).append(u.id)
    outside = plan.outside_ids()
    ended = {f.item for f in out.flows if f.kind == "function" and not f.lost
             and (f.target is None or f.target in outside)}  # ended, or moved out
    problems = []
    lost_at = {f.item: f for f in out.flows if f.kind == "function" and f.lost}
    # a function is lost when no unit holds it afterwards and some copy of it vanished
    # without being ended or moved out (ending one unit's copy does not excuse another's);
    # a function the plan itself gave out counts as soon as some copy of it vanishes
    for fn in sorted((held_before | set(lost_at)) - set(holders)):
        flow = lost_at.get(fn)
        if flow is None and fn in ended:
            continue
        where = plan.where(flow.event) if flow else plan.smap.at(())
        problems.append(Problem(where, "function-lost",
                                f"function {fn!r} ({after.function_name(fn)}) has no home "
                                "after the plan (职能空白); move it with functions_to / "
                                "transfer-functions, or end it with end_functions"))
    for fn, units in sorted(holders.items()):
        if len(units) > 1 and fn in held_before:
            was = [u.id for u in before.units if fn in u.functions]
            if len(was) < len(units):
                gained = next((u for u in units if u not in was), units[-1])  # the plan's doing
                message = (f"function {fn!r} is held by {len(units)} units after the plan: "
                           f"{', '.join(units)} (职能交叉)")
                given = _giving_flow(out, fn, gained)
                if given is None:
                    problems.append(Problem(after.locate(gained, "functions"),
                                            "function-overlap", message, "warning"))
                elif plan.events[given.event].type == "add-functions" and given.source is None:
                    event = plan.events[given.event]
                    k = list(getattr(event, "functions", ())).index(fn)
                    problems.append(Problem(
                        plan.where(given.event, "functions", k), "function-duplicate",
                        message + f"; this gives it to {gained!r} as well: move it with "
                        "transfer-functions, or drop it here"))
                else:
                    problems.append(Problem(plan.where(given.event), "function-overlap",
                                            message, "warning"))
    problems += _empty_units(plan, out)
    return problems


def _ids_of(out: Outcome, unit_id: str) -> set[str]:
    """Return the ids a unit had during the plan (it has ``unit_id`` at the end)."""
    ids = {unit_id}
    for old in out.renamed:
        if out.follow(old)[-1] == unit_id:
            ids.add(old)
    return ids


def _giving_flow(out: Outcome, fn: str, unit_id: str) -> Flow | None:
    """Return the last flow that gave function ``fn`` to the unit, if the plan gave it."""
    ids = _ids_of(out, unit_id)
    return next((f for f in reversed(out.flows) if f.kind == "function" and f.item == fn
                 and f.target in ids and f.source not in ids), None)


def _empty_units(plan: Reorganisation, out: Outcome) -> list[Problem]:
    """A unit the plan creates, or empties of functions, and leaves with none: work that
    was meant to reach it did not (e.g. the event moving a function to it is missing)."""
    problems = []
    for u in out.structure.units:
        if u.functions:
            continue
        ids = _ids_of(out, u.id)
        old = next((plan.before.unit(i) for i in ids if i in plan.before), None)
        if old is not None and not old.functions:
            continue  # it had none before either
        flows = [f for f in out.flows if f.kind == "function" and f.source in ids]
        if old is None:
            created = next((f for f in out.flows if f.target in ids and f.source is None), None)
            where = plan.where(created.event) if created else out.structure.locate(u.id)
            what = "is created by the plan with no function and given none"
        elif flows:
            where, what = plan.where(flows[-1].event), "has no function left after this event"
        else:  # pragma: no cover - a unit loses functions only through flows
            continue
        problems.append(Problem(where, "function-empty",
                                f"{u.id!r} ({u.name}) {what}; give it its functions "
                                "(transfer-functions, add-functions, functions_to) or abolish "
                                "it"))
    return problems


def _nameplates(plan: Reorganisation, out: Outcome) -> list[Problem]:
    """A nameplate (挂牌) is a public commitment of a body: one that vanishes with its unit,
    neither carried to another unit (merge, nameplates_to, into) nor ended, is lost."""
    held = {p for u in out.structure.units for p in u.nameplates}
    problems = []
    for f in out.flows:
        if f.kind == "nameplate" and f.lost and f.item not in held:
            problems.append(Problem(
                plan.where(f.event), "nameplate-lost",
                f"nameplate {f.item!r} (挂牌) of {f.source!r} disappears with it; carry it to "
                "a unit (nameplates_to, or a split part's nameplates) or end it "
                "(end_nameplates)"))
    return problems


def _staffing_rows(plan: Reorganisation, out: Outcome) -> list[StaffRow]:
    outside = plan.outside_ids()
    old, new = plan.before.totals(), out.structure.totals()
    # one pass over the flows: type -> [moved in, moved out, ended, created]
    sums: dict[str, list[int]] = {t: [0, 0, 0, 0] for t in BALANCED_TYPES}
    for f in out.flows:
        if f.kind != "staffing" or f.item not in sums:
            continue
        row = sums[f.item]
        if f.source in outside:
            row[0] += f.amount
        if f.target in outside:
            row[1] += f.amount
        if f.target is None and f.source is not None and not f.lost:
            row[2] += f.amount
        if f.source is None:
            row[3] += f.amount
    after = out.structure
    return [StaffRow(t, old[t].known, sums[t][0], sums[t][1], sums[t][2], sums[t][3],
                     new[t].known, _unknown(plan.before, t), _unknown(after, t))
            for t in BALANCED_TYPES]


def _unknown(s: Structure, staff_type: str) -> tuple[str, ...]:
    return tuple(u.id for u in s.units if getattr(u.staffing, staff_type) is None)


def _staffing_problems(plan: Reorganisation, out: Outcome, rows: list[StaffRow]
                       ) -> list[Problem]:
    problems = []
    lost: Counter[str] = Counter()
    for f in out.flows:
        if f.kind == "staffing" and f.lost:
            lost[f.item] += f.amount
            problems.append(Problem(
                plan.where(f.event), "staffing-imbalance",
                f"{f.amount} {vocab.label(vocab.STAFF_TYPES, f.item)} of {f.source!r} disappear "
                "with it; give them to a unit (staffing_to / into) or end them (end_staffing)"))
    for row in rows:
        if not row.checked:
            # a type that no unit gives and no event moves carries no claim to check
            if row.old or row.new or row.moved_in or row.moved_out or row.ended \
                    or row.created:
                problems.append(_unchecked(plan, row))
        elif row.expected - lost[row.type] != row.new:  # pragma: no cover - an engine bug
            problems.append(Problem(plan.smap.at(()), "staffing-imbalance",
                                    f"{row.type}: expected {row.expected}, found {row.new}"))
    return problems


def _unchecked(plan: Reorganisation, row: StaffRow) -> Problem:
    """Say that the balance of a type cannot be proved, and which units keep it open."""
    parts = [f"{when}: {', '.join(ids[:8])}{' …' if len(ids) > 8 else ''}"
             for when, ids in (("before", row.unknown_before), ("after", row.unknown_after))
             if ids]
    return Problem(plan.smap.at(()), "staffing-unchecked",
                   f"the balance of {vocab.label(vocab.STAFF_TYPES, row.type)} ({row.type}) "
                   f"cannot be proved: units do not give it ({'; '.join(parts)}); the known "
                   f"posts are {row.old} before and {row.new} after. Write their figures (0 "
                   "for none) to have it checked", "warning")


#: unit fields compared with the target as they are; provenance (sources, verified, note)
#: may differ, and id, functions, staffing and links are compared below.
_COMPARED = ("name", "name_en", "short_name", "kind", "category", "public_class", "funding",
             "rank", "parent", "nameplates", "valid_from", "valid_to")


#: unit fields that translate another (compared with the target only when asked)
TRANSLATIONS: tuple[str, ...] = ("name_en",)


def _against_target(plan: Reorganisation, got: Structure, want: Structure,
                    translations: bool = False) -> list[Problem]:
    compared = _COMPARED if translations else tuple(
        f for f in _COMPARED if f not in TRANSLATIONS)
    problems = []
    for u in want.units:
        if u.id not in got:
            problems.append(Problem(want.locate(u.id), "to-mismatch",
                                    f"the target has {u.id!r} ({u.name}), which the plan does "
                                    "not produce; add an event that establishes or renames it"))
            continue
        mine = got.unit(u.id)
        if mine == u and got.is_estimated(mine) == want.is_estimated(u):
            continue  # the same unit: nothing to compare field by field
        def blame(name: str, mine: Unit = mine) -> str:
            return _blame(plan, got, mine, name)

        for name in compared:
            if getattr(mine, name) != getattr(u, name):
                problems.append(Problem(want.locate(u.id, name), "to-mismatch",
                                        f"{u.id}.{name}: the plan gives "
                                        f"{_value(getattr(mine, name))}, the target says "
                                        f"{_value(getattr(u, name))}" + blame(name)))
        if got.is_estimated(mine) != want.is_estimated(u):
            problems.append(Problem(want.locate(u.id, "staffing_estimated"), "to-mismatch",
                                    f"{u.id}.staffing_estimated: the plan gives "
                                    f"{got.is_estimated(mine)}, the target says "
                                    f"{want.is_estimated(u)}"))
        if _link_set(mine) != _link_set(u):
            problems.append(Problem(want.locate(u.id, "links"), "to-mismatch",
                                    f"{u.id}.links: "
                                    + _extra_and_missing(_link_set(mine), _link_set(u))
                                    + blame("links")))
        if sorted(mine.functions) != sorted(u.functions):
            problems.append(Problem(want.locate(u.id, "functions"), "to-mismatch",
                                    f"{u.id}.functions: " + _extra_and_missing(
                                        set(mine.functions), set(u.functions))
                                    + blame("functions")))
        # a type one side does not give cannot be compared (unknown is not a difference)
        diffs = [f"{k} {getattr(mine.staffing, k)} vs {getattr(u.staffing, k)}"
                 for k in STAFF_FIELDS
                 if None not in (getattr(mine.staffing, k), getattr(u.staffing, k))
                 and getattr(mine.staffing, k) != getattr(u.staffing, k)]
        if diffs:
            problems.append(Problem(want.locate(u.id, "staffing"), "to-mismatch",
                                    f"{u.id}.staffing differs (plan vs target): "
                                    + ", ".join(diffs) + blame("staffing")))
    for u in got.units:
        if u.id not in want:
            problems.append(Problem(got.locate(u.id), "to-mismatch",
                                    f"the plan leaves {u.id!r} ({u.name}), which the target "
                                    "does not have; abolish or merge it"))
    return problems


#: the events that change each unit field (the kind of event a mismatch may be missing)
_CHANGED_BY = {"name": "rename", "name_en": "rename", "short_name": "rename",
               "parent": "reparent", "rank": "change-rank",
               "nameplates": "add-nameplate / remove-nameplate",
               "functions": "transfer-functions / add-functions / end-functions",
               "staffing": "transfer-staffing / adjust-staffing",
               "links": "begin-co-location / end-co-location / update"}


def _blame(plan: Reorganisation, got: Structure, mine: Unit, name: str) -> str:
    """Name the event that last set a mismatching field, or the kind of event missing."""
    where = got.locate(mine.id, name)
    if where.file == plan.path or any(where.file == o.smap.file for o in plan.event_origins):
        return f" (set by the event at {where})"
    return (f" (no event of the plan changes it: a missing "
            f"{_CHANGED_BY.get(name, 'update')} event?)")


def _extra_and_missing(got: set[str], want: set[str]) -> str:
    parts = []
    if got - want:
        parts.append("the plan gives " + ", ".join(sorted(got - want)) + " too")
    if want - got:
        parts.append("the plan lacks " + ", ".join(sorted(want - got)))
    return "; ".join(parts) + " (compared with the target)"


def _value(value: object) -> str:
    if value is None or value == ():
        return "nothing"
    if isinstance(value, When):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value)


def _link_set(unit: Unit) -> set[str]:
    return {f"{k.type}:{k.with_}" for k in unit.links}  # a link's note is commentary


def _fmt_staff(flows: list[Flow], lang: str = "zh") -> str:
    total: Counter[str] = Counter()
    for f in flows:  # 事8 正职1, or in English: institution 8, heads 1
        total[f.item.replace("_", " ") if lang == "en" else _BADGES.get(f.item, f.item)] \
            += f.amount
    return word("list", lang).join(f"{k} {v}" for k, v in total.items()) if lang == "en" \
        else " ".join(f"{k}{v}" for k, v in total.items())


_BADGES = {**vocab.STAFF_BADGES, "heads": "正职", "deputies": "副职"}


_WHOLE = ("merge", "rename", "detach")  # events that move a whole unit, all it holds


def _crosswalk(plan: Reorganisation, out: Outcome, lang: str = "zh") -> list[CrosswalkRow]:
    """Follow each old unit's functions and posts along the flows the engine recorded (the
    words of the moves in ``lang``)."""
    rows = []
    after = out.structure
    bodies = {b.id: b.name for b in (*plan.before.outside, *plan.outside, *after.outside)}
    names = {u.id: u.name for u in plan.before.units}
    flows = out.flows
    # (kind, item, source) -> the indices of the flows that took that item from that holder
    taken: dict[tuple[str, str, str], list[int]] = {}
    by_source: dict[str, list[Flow]] = {}  # source -> the flows from it, in order
    for k, f in enumerate(flows):
        if f.source is not None:
            taken.setdefault((f.kind, f.item, f.source), []).append(k)
            by_source.setdefault(f.source, []).append(f)

    def name(target: str) -> str:
        if target in after:
            return after.unit(target).name
        return bodies.get(target) or names.get(target, target)

    def follow_item(kind: str, item: str, holder: str, start: int) -> tuple[str | None, bool]:
        """Return where an item held by ``holder`` from flow ``start`` on ends up (None:
        ended), and whether it was lost; each flow that took it from its holder is a step."""
        while True:
            step = next((k for k in taken.get((kind, item, holder), ()) if k >= start), None)
            if step is None:
                return holder, False
            f = flows[step]
            if f.target is None:
                return None, f.lost
            holder, start = f.target, step + 1

    def follow_unit(unit_id: str, event: int) -> str:
        """Return where a unit (and what it holds) is after the whole-unit moves (merge,
        rename, detach) made to it from ``event`` on."""
        seen = {unit_id}
        while True:
            fate = next((f for f in out.fates.get(unit_id, []) if f.event >= event
                         and f.what in _WHOLE), None)
            if fate is None:
                return unit_id
            to = fate.targets[0] if fate.targets else getattr(plan.events[fate.event], "to",
                                                              None)
            if not isinstance(to, str) or to in seen:
                return unit_id
            seen.add(to)
            unit_id, event = to, fate.event + 1

    def home(holder: str | None, lost: bool) -> str:
        if holder is None:
            return word("crosswalk.lost" if lost else "crosswalk.ended", lang)
        return name(holder)

    def row(old: str, events: list[str], own: list[str], ids: list[str],
            functions: list[str]) -> CrosswalkRow:
        targets: list[str] = list(own)
        for uid in ids:  # where whole-unit moves took it
            for fate in out.fates.get(uid, []):
                if fate.what == "merge":
                    targets.append(follow_unit(fate.targets[0], fate.event + 1))
        moved: list[str] = []
        # its own functions, then those it was given during the plan and passed on
        out_of = sorted((f for uid in ids for f in by_source.get(uid, ())),
                        key=lambda f: f.event)  # stable: each event's flows in order
        functions = list(dict.fromkeys([*functions, *(
            f.item for f in out_of if f.kind == "function")]))
        for fid in functions:  # each function with where it is after the plan
            start = min((k for uid in ids for k in taken.get(("function", fid, uid), ())),
                        default=None)
            if start is None:
                continue
            f = flows[start]
            end, lost = follow_item("function", fid, f.source or "", start)
            if end in ids:
                continue  # it came back, or only the unit's id changed
            moved.append(f"{after.function_name(fid, lang)}→{home(end, lost)}")
            if end is not None:
                targets.append(end)
        plates: list[str] = []
        for plate in dict.fromkeys(f.item for f in out_of if f.kind == "nameplate"):
            start = min((k for uid in ids for k in taken.get(("nameplate", plate, uid), ())),
                        default=None)
            if start is None:
                continue
            end, lost = follow_item("nameplate", plate, flows[start].source or "", start)
            if end not in ids:
                plates.append(f"{plate}→{home(end, lost)}")
                if end is not None:
                    targets.append(end)
        posts = [f for f in out_of if f.kind == "staffing"
                 and f.target is not None and f.target not in ids]
        for f in posts:
            targets.append(follow_unit(f.target, f.event + 1) if f.target else "")
        kept = [t for t in dict.fromkeys(targets) if t in after or t in bodies]
        return CrosswalkRow(old, "+".join(dict.fromkeys(events)),
                            tuple(name(t) for t in kept), tuple(dict.fromkeys(moved)),
                            _fmt_staff(posts, lang), tuple(plates))

    for u in plan.before.units:
        ids = out.follow(u.id)  # the unit under each id it had (a rename may give it a new one)
        fates = [f for uid in ids for f in out.fates.get(uid, [])]
        events: list[str] = [plan.events[f.event].type for f in sorted(fates)]
        if ids[-1] in after and "rename" not in events:
            events.insert(0, "kept")
        own = [ids[-1]] if ids[-1] in after else []
        rows.append(row(u.name, events, own, ids, list(u.functions)))
    for body, body_name in bodies.items():  # posts or functions moved down (下沉) into units
        given = [f for f in flows if f.source == body and f.target is not None
                 and f.target not in bodies]
        if given:
            fns = [f.item for f in given if f.kind == "function"]
            rows.append(row(body_name, [plan.events[f.event].type for f in given], [],
                            [body], list(dict.fromkeys(fns))))
    reached = {name for row_ in rows for name in row_.new}
    for u in after.units:
        if u.id not in plan.before and u.name not in reached:
            rows.append(CrosswalkRow("", "establish", (u.name,), (), ""))
    return rows


def staffing_table(acc: Accounting, lang: str = "zh") -> str:
    """Return the staffing balance as an aligned text table, in Chinese or (``en``) English."""
    head = [word("balance." + k, lang) for k in (
        "type", "old", "in", "out", "ended", "created", "expected", "new")] + [""]
    body = [[vocab.label(vocab.STAFF_TYPES, r.type, lang), r.old_total.badge(),
             str(r.moved_in), str(r.moved_out), str(r.ended), str(r.created),
             str(r.expected) if r.checked else "?", r.new_total.badge(),
             word("balance.ok" if r.balanced else "balance.imbalance" if r.checked
                  else "balance.unchecked", lang)]
            for r in acc.staffing]
    text = align_table([head, *body])
    if acc.plan.before.rollup_estimated() or acc.after.rollup_estimated():
        text += "\n" + word("balance.estimate", lang)
    return text
