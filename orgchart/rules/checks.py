"""Check a structure: references, the leadership tree, staffing rules, dates and caps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..base import vocab
from ..base.errors import Location, Problem, sort_problems
from ..base.text import Suggester, suggest
from ..base.words import word
from ..model.structure import Structure
from ..model.tally import Tally
from ..schema.structure import Cap, Unit
from .dates import structure_dates
from .evidence import EVIDENCE_CHECKS, evidence_problems
from .identifiers import IDENTIFIER_CHECKS, identifier_problems
from .shapes import known_check, remember_check

__all__ = ["check", "CHECKS", "cap_words"]

#: code -> what it means; ``orgchart validate --list-checks`` prints this table.
CHECKS: dict[str, str] = {
    "duplicate-id": "two units, two outside bodies, or a unit and an outside body share an id",
    "unknown-unit": "a parent, link, replace, modify or remove names no known unit",
    "unknown-function": "a unit lists a function id missing from the catalogue",
    "unknown-kind": "a unit kind that is neither built in nor declared under 'kinds:'",
    "cycle": "the leadership tree loops back on itself",
    "multiple-roots": "more than one unit has no parent",
    "no-root": "no unit stands at the top of the leadership tree",
    "self-link": "a unit is linked to itself",
    "leaders-over-quota": "leadership posts (领导职数) exceed the unit's establishment",
    "mixed-staffing": "行政编制 in a 事业单位, or 事业编制 in a 党政机构 (混编混岗): posts, or "
                      "people in post on them (a warning)",
    "over-establishment": "more people in post than approved posts (超编), in all or of one "
                          "staffing type",
    "actual-sum": "a unit's actual headcount is not the sum of its three types' headcounts "
                  "(actual_admin + actual_institution + actual_worker)",
    "date-order": "valid_to is before valid_from (a warning when it only may be: a year or "
                  "month overlaps the other date)",
    "cap-exceeded": "a policy cap on units or posts is exceeded",
    "check-skipped": "a check that needs a staffing figure was skipped because the figure is "
                     "not known (with --strict, and in the report's 问题清单; a warning)",
    **EVIDENCE_CHECKS,
    **IDENTIFIER_CHECKS,
}

_ADMIN_CATEGORIES = {"leadership", "party-government"}


def check(structure: Structure, strict: bool = False) -> list[Problem]:
    """Return every problem in ``structure``, sorted by file, line and column.

    A check that needs a staffing figure skips a unit that does not give it (unknown is
    not zero); with ``strict`` each skipped check is reported (a ``check-skipped`` warning).

    >>> import orgchart
    >>> s = orgchart.Structure("t", "Town", units=(
    ...     orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership"),
    ...     orgchart.Unit(id="o1", name="党政办", kind="office", category="party-government",
    ...                   parent="gvo")))
    >>> [p.code for p in check(s)]
    ['unknown-unit']
    """
    # a structure's own identifiers (its division code, its units' credit codes) are checked
    # every time: structures of one shape share everything else, not those
    own = list(identifier_problems(structure))
    known = known_check(structure, strict)  # a town like one checked before: its findings
    if known is not None:
        return sort_problems([*known, *own])
    found: list[Problem] = list(structure.resolve_problems)
    for member in structure.members:
        found.extend(check(member, strict))
    for rule in (_duplicates, _references, _tree, _staffing, structure_dates, _caps,
                 evidence_problems):
        found.extend(rule(structure))
    if strict:
        found.extend(_skipped(structure))
    found = sort_problems(found)
    remember_check(structure, strict, found)
    return sort_problems([*found, *own])


def _duplicates(s: Structure) -> Iterator[Problem]:
    """Units (or outside bodies) sharing an id: the loader drops repeats, code may not."""
    for unit_id, n in Counter(u.id for u in s.units).items():
        if n > 1:
            yield Problem(s.locate(unit_id), "duplicate-id",
                          f"unit id {unit_id!r} is used by {n} units; give each unit its own id")
    for body_id, n in Counter(b.id for b in s.outside).items():
        if n > 1:
            yield Problem(s.locate_outside(body_id), "duplicate-id",
                          f"outside body id {body_id!r} is used by {n} outside bodies; give "
                          "each its own id")


def _references(s: Structure) -> Iterator[Problem]:
    unit_ids = [u.id for u in s.units]
    outside_ids = [b.id for b in s.outside]
    known = set(unit_ids) | set(outside_ids)
    for body in s.outside:
        if body.id in s:
            yield Problem(s.locate_outside(body.id), "duplicate-id",
                          f"outside body {body.id!r} has the id of a unit; rename one of them")
    kinds = set(vocab.KINDS) | set(s.kinds)
    near_unit, near_function = Suggester(known), Suggester(s.functions)  # built once each
    for u in s.units:
        if u.parent is not None and u.parent not in known:
            yield Problem(s.locate(u.id, "parent"), "unknown-unit",
                          f"parent {u.parent!r} of {u.id!r} is not a unit or outside body"
                          f"{near_unit.suggest(u.parent)}")
        for i, link in enumerate(u.links):
            where = s.locate(u.id, "links", i, "with")
            if link.with_ == u.id:
                yield Problem(where, "self-link", f"{u.id!r} is linked to itself")
            elif link.with_ not in known:
                yield Problem(where, "unknown-unit",
                              f"{link.type} link of {u.id!r} names {link.with_!r}, which is not "
                              f"a unit or outside body{near_unit.suggest(link.with_)}; declare "
                              "outside bodies under 'outside:'")
        for i, fn in enumerate(u.functions):
            if fn not in s.functions:
                yield Problem(s.locate(u.id, "functions", i), "unknown-function",
                              f"function {fn!r} of {u.id!r} is not in the catalogue"
                              f"{near_function.suggest(fn)}; add it under 'functions:'")
        if u.kind not in kinds:
            yield Problem(s.locate(u.id, "kind"), "unknown-kind",
                          f"kind {u.kind!r} is not built in{suggest(u.kind, kinds)}; declare "
                          "it under 'kinds:' if it is meant", "warning")


def _tree(s: Structure) -> Iterator[Problem]:
    roots = [u for u in s.units if u.parent is None]
    if len(roots) > 1:
        shown = ", ".join(repr(u.id) for u in roots[:5])  # each problem repeats it: keep it short
        names = shown if len(roots) <= 5 else f"{shown} and {len(roots) - 5:,} more"
        for extra in roots[1:]:
            yield Problem(s.locate(extra.id), "multiple-roots",
                          f"{len(roots)} units have no parent ({names}); give {extra.id!r} a "
                          f"'parent:' (e.g. {roots[0].id!r})")
    elif not roots and s.units and not any(u.parent not in s for u in s.units):
        yield Problem(s.where, "no-root", "every unit has a parent, so the tree has no top; "
                      "remove 'parent:' from the governing body")
    for cycle in _cycles(s):
        yield Problem(s.locate(cycle[0], "parent"), "cycle",
                      "leadership loops: " + " -> ".join([*cycle, cycle[0]]) +
                      "; one of these 'parent:' entries is wrong")


def _cycles(s: Structure) -> Iterator[list[str]]:
    """Yield each loop of parents once, from its first unit in declared order.

    Every unit is walked up at most once (a 5,000-unit chain is linear, not quadratic).
    """
    order: dict[str, int] = {}
    for i, u in enumerate(s.units):
        order.setdefault(u.id, i)
    done: set[str] = set()
    for u in s.units:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = u.id
        while current is not None and current in s and current not in done \
                and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = s.unit(current).parent
        done.update(path)
        if current is not None and current in on_path:
            loop = path[on_path[current]:]
            first = loop.index(min(loop, key=order.__getitem__))
            yield loop[first:] + loop[:first]


def _staffing(s: Structure) -> Iterator[Problem]:
    """Staffing rules, on the figures that are known: a rule that needs an unknown one is
    left to :func:`_skipped` (unless the known figures already break it)."""
    for u in s.units:
        st = u.staffing
        leaders = (st.heads or 0) + (st.deputies or 0)
        if st.quota is not None and leaders > st.quota:
            yield Problem(s.locate(u.id, "staffing"), "leaders-over-quota",
                          f"{u.name} has {leaders} leadership posts ({_n(st.heads)} heads, "
                          f"{_n(st.deputies)} deputies) but only {st.quota} posts; leaders "
                          "hold posts of the establishment (超职数)",
                          words=("leaders-over-quota.unit", (
                              ("unit", u.name), ("leaders", leaders), ("heads", _n(st.heads)),
                              ("deputies", _n(st.deputies)), ("quota", st.quota))))
        if u.category == "public-institution" and st.admin:
            yield Problem(s.locate(u.id, "staffing", "admin"), "mixed-staffing",
                          f"{u.name} is a 事业单位 but holds {st.admin} 行政编制 (混编混岗); "
                          "use 'institution:' posts",
                          words=("mixed-staffing.admin", (("unit", u.name), ("admin", st.admin))))
        if u.category in _ADMIN_CATEGORIES and st.institution:
            yield Problem(s.locate(u.id, "staffing", "institution"), "mixed-staffing",
                          f"{u.name} is a {vocab.label(vocab.CATEGORIES, u.category)} but holds "
                          f"{st.institution} 事业编制 (混编混岗); use 'admin:' posts",
                          words=("mixed-staffing.institution", (
                              ("unit", u.name), ("institution", st.institution),
                              ("category", vocab.label(vocab.CATEGORIES, u.category)))))
        people = st.headcount  # as written, else the sum of the three types' headcounts
        if people is not None and st.quota is not None and people > st.quota:
            yield Problem(s.locate(u.id, "staffing", "actual"), "over-establishment",
                          f"{u.name} has {people} people in post for {st.quota} posts (超编)",
                          "warning",  # as stats counts 超编
                          ("over-establishment.unit", (
                              ("unit", u.name), ("actual", people), ("quota", st.quota),
                              ("over", people - st.quota))))
        yield from _over_by_type(s, u)
        yield from _mixed_people(s, u)
        yield from _actual_sum(s, u)


def _mixed_people(s: Structure, u: Unit) -> Iterator[Problem]:
    """混编混岗 in post: people on 行政编制 in a 事业单位, or on 事业编制 in a 党政机构 (a
    warning, as 超编: the people in post, not the posts approved)."""
    st = u.staffing
    wrong = "actual_admin" if u.category == "public-institution" else \
        "actual_institution" if u.category in _ADMIN_CATEGORIES else None
    people = getattr(st, wrong) if wrong else None
    if wrong and people:
        label = vocab.label(vocab.STAFF_TYPES, wrong.removeprefix("actual_"))
        yield Problem(s.locate(u.id, "staffing", wrong), "mixed-staffing",
                      f"{u.name} is a {vocab.label(vocab.CATEGORIES, u.category)} with "
                      f"people in post on {label}: {people} (混编混岗)", "warning",
                      ("mixed-staffing.people", (
                          ("unit", u.name), ("type", label), ("people", people),
                          ("category", vocab.label(vocab.CATEGORIES, u.category)))))


def _over_by_type(s: Structure, u: Unit) -> Iterator[Problem]:
    """超编 of one type: more people in post on a type than the unit's posts of it."""
    st = u.staffing
    for k in vocab.QUOTA_TYPES:
        posts, people = getattr(st, k), getattr(st, vocab.ACTUAL_OF[k])
        if posts is not None and people is not None and people > posts:
            label = vocab.label(vocab.STAFF_TYPES, k)
            yield Problem(s.locate(u.id, "staffing", vocab.ACTUAL_OF[k]), "over-establishment",
                          f"{u.name} has {people} people in post on {label} for {posts} "
                          f"posts of it (超编)", "warning",
                          ("over-establishment.type", (
                              ("unit", u.name), ("type", label), ("actual", people),
                              ("quota", posts), ("over", people - posts))))


def _actual_sum(s: Structure, u: Unit) -> Iterator[Problem]:
    """The three types' headcounts must add up to the unit's ``actual`` when all are given."""
    st = u.staffing
    parts = [getattr(st, vocab.ACTUAL_OF[k]) for k in vocab.QUOTA_TYPES]
    if st.actual is None or None in parts:
        return
    total = sum(p for p in parts if p is not None)
    if total != st.actual:
        yield Problem(s.locate(u.id, "staffing", "actual"), "actual-sum",
                      f"{u.id}.staffing: actual {st.actual} is not actual_admin + "
                      f"actual_institution + actual_worker = {' + '.join(map(str, parts))} = "
                      f"{total}; correct the figure that is wrong (or write unknown for it)")


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


def _skipped(s: Structure) -> Iterator[Problem]:
    """Say which checks could not be made because a staffing figure is not known."""
    for u in s.units:
        st = u.staffing
        missing = [k for k in vocab.QUOTA_TYPES if getattr(st, k) is None]
        skipped = []
        if missing and (st.heads or st.deputies or st.heads is None or st.deputies is None):
            skipped.append("leaders-over-quota")
        people = st.headcount
        if people is not None and missing \
                and people > sum(getattr(st, k) or 0 for k in vocab.QUOTA_TYPES) \
                or any(getattr(st, k) is None and getattr(st, vocab.ACTUAL_OF[k])
                       for k in vocab.QUOTA_TYPES):
            skipped.append("over-establishment")
        if u.category == "public-institution" and st.admin is None \
                or u.category in _ADMIN_CATEGORIES and st.institution is None:
            skipped.append("mixed-staffing")
        if skipped:
            labels = "、".join(vocab.label(vocab.STAFF_TYPES, k) for k in vocab.STAFF_TYPES
                              if k not in (*vocab.HEADCOUNT_TYPES, "outside")
                              and getattr(st, k) is None)
            yield Problem(s.locate(u.id), "check-skipped",
                          f"{', '.join(skipped)} not checked for {u.id!r}: its staffing "
                          f"({labels}) is not known; write the figures (0 for none) to "
                          "have it checked", "warning",
                          ("check-skipped.unit", (
                              ("unit", u.name), ("figures", labels), ("checks", "、".join(
                                  word("problem.label." + k) for k in skipped)))))
    for i, cap in enumerate(s.caps):
        used, what = cap_usage(s, cap)
        if not used.complete and cap.max_posts is not None and used.known <= cap.max_posts:
            yield Problem(_cap_where(s, i), "check-skipped",
                          f"cap not checked: {what}: {used.text('en')} against a cap of "
                          f"{cap.max_posts}; write the units' figures (0 for none)", "warning",
                          ("check-skipped.cap", (("what", cap_words(cap)), ("used", used.text()),
                                                 ("limit", cap.max_posts))))


def _caps(s: Structure) -> Iterator[Problem]:
    for i, cap in enumerate(s.caps):
        used, what = cap_usage(s, cap)
        limit = cap.max_units if cap.max_units is not None else cap.max_posts
        # the known posts alone may exceed it; short of that, unknown posts leave it open
        if limit is not None and used.known > limit:
            yield Problem(_cap_where(s, i), "cap-exceeded",
                          f"{what}: {used.text('en')} against a cap of {limit}"
                          + (f" ({cap.note})" if cap.note else ""),
                          words=("cap-exceeded.cap", (
                              ("what", cap_words(cap)), ("used", used.text()), ("limit", limit),
                              ("note", f"（{cap.note}）" if cap.note else ""))))


def _cap_where(s: Structure, i: int) -> Location:
    return s.cap_origins[i].smap.at(s.cap_origins[i].path) if i < len(s.cap_origins) \
        else s.where


def cap_words(cap: Cap) -> str:
    """Return what a cap limits, in Chinese: ``事业单位机构数``, ``全部机构行政编制``.

    >>> cap_words(Cap(category="public-institution", max_units=3))
    '事业单位机构数'
    """
    scope = "".join(x for x in (
        vocab.label(vocab.CATEGORIES, cap.category) if cap.category else "",
        vocab.label(vocab.KINDS, cap.kind) if cap.kind else "") if x) or word("problem.all-units")
    if cap.max_units is not None:
        return scope + word("problem.unit-count")
    return scope + vocab.label(vocab.STAFF_TYPES, cap.staffing or "")


def cap_usage(s: Structure, cap: Cap) -> tuple[Tally, str]:
    """Return how much of a cap the structure uses (posts: the known ones, and how many
    units do not give the type), and a short description of the cap."""
    units = [u for u in s.units
             if (cap.category is None or u.category == cap.category)
             and (cap.kind is None or u.kind == cap.kind)]
    scope = " ".join(x for x in (
        vocab.label(vocab.CATEGORIES, cap.category) if cap.category else "",
        vocab.label(vocab.KINDS, cap.kind) if cap.kind else "") if x) or "all units"
    if cap.max_units is not None:
        return Tally(len(units)), f"{scope}: units"
    assert cap.staffing is not None
    posts = Tally()
    for u in units:
        posts = posts.add(getattr(u.staffing, cap.staffing))
    return posts, f"{scope}: {vocab.label(vocab.STAFF_TYPES, cap.staffing)}"
