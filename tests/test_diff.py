"""diff proposes the plan a staffing office would write (issue 16, item 6)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgchart
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account
from orgchart.rules.diff import diff, same_units

FUNCS = {f: orgchart.FunctionDef(name=f) for f in
         ["a", "b", "c", "policing", "safety", "enforcement", "x"]}
GOV = {"id": "gov", "name": "镇政府", "kind": "government", "category": "leadership"}
BODIES = (orgchart.OutsideBody(id="county-police", name="县公安局"),
          orgchart.OutsideBody(id="county-tax", name="县税务局"))


#: every post type written (0: none), so that these tests are about known posts; unknown
#: posts are tested in tests/test_unknown.py
ZERO = dict.fromkeys(("admin", "institution", "worker", "heads", "deputies"), 0)


def _known(u: dict[str, Any]) -> dict[str, Any]:
    return {**u, "staffing": {**ZERO, **u.get("staffing", {})}}


def make(units: list[dict[str, Any]], outside: tuple[orgchart.OutsideBody, ...] = BODIES
         ) -> orgchart.Structure:
    return orgchart.Structure("s", "s", functions=FUNCS, outside=outside, units=tuple(
        orgchart.Unit(**_known(u)) for u in [GOV, *({"kind": "station", "parent": "gov",
                                                      "category": "public-institution", **u}
                                                     for u in units)]))


def round_trip(a: orgchart.Structure, b: orgchart.Structure) -> list[Any]:
    events = diff(a, b)
    acc = account(Reorganisation("d", "d", a, tuple(events)))
    assert acc.ok, acc.problems
    assert same_units(acc.after, b)
    return events


def test_a_body_of_an_outside_body_is_detached_to_it_not_abolished() -> None:
    office = {"id": "office", "name": "办", "kind": "office", "category": "party-government",
              "functions": ["a"], "staffing": {"admin": 3}}
    police = {"id": "police", "name": "派出所", "kind": "institute", "category": "stationed",
              "parent": "county-police", "functions": ["policing"]}
    tax = {"id": "tax", "name": "税务所", "kind": "institute", "category": "vertical",
           "links": [{"type": "dual-leadership", "with": "county-tax"}], "functions": ["x"]}
    events = round_trip(make([office, police, tax]), make([office]))
    assert [(e.type, e.unit, getattr(e, "to", None)) for e in events] == [
        ("detach", "police", "county-police"), ("detach", "tax", "county-tax")]
    assert [e.note for e in events] == ["推测：属县公安局的机构，仍归其管理",
                                        "推测：属县税务局的机构，仍归其管理"]
    # when the function stays in the town, it is added to the unit that takes it on
    events = round_trip(make([office, police]), make([{**office, "functions": ["a", "policing"]}]))
    assert [e.type for e in events] == ["detach", "add-functions"]


def test_leadership_posts_stay_with_their_units() -> None:
    a = make([{"id": "x", "name": "甲", "functions": ["a", "x"],
               "staffing": {"institution": 4, "heads": 1, "deputies": 1}},
              {"id": "y", "name": "乙", "functions": ["b"]},
              {"id": "z", "name": "丙", "functions": ["c"]}])
    b = make([{"id": "y", "name": "乙", "functions": ["a", "b"],
               "staffing": {"institution": 2, "heads": 1}},
              {"id": "z", "name": "丙", "functions": ["c", "x"],
               "staffing": {"institution": 2, "heads": 1}}])
    events = round_trip(a, b)
    moved = [dict(part) for e in events if e.type == "abolish" for part in e.staffing_to.values()]
    moved += [dict(e.staffing) for e in events if e.type == "transfer-staffing"]
    assert moved and not any(k in m for m in moved for k in ("heads", "deputies")), events
    abolish = next(e for e in events if e.type == "abolish")
    assert dict(abolish.end_staffing) == {"heads": 1, "deputies": 1}
    assert "领导职数随之核销" in (abolish.note or "")
    assert [(e.unit, dict(e.staffing)) for e in events if e.type == "adjust-staffing"] == [
        ("y", {"heads": 1}), ("z", {"heads": 1})]


def test_no_note_only_events() -> None:
    unit = {"id": "x", "name": "甲", "functions": ["a"], "staffing": {"institution": 2}}
    a = make([unit])
    b = make([{**unit, "note": "a new note",
               "sources": [{"title": "某文件", "url": "https://example.org/a"}]}])
    assert diff(a, b) == []
    events = round_trip(a, make([{**unit, "note": "x", "funding": "全额"}]))
    assert [(e.type, dict(e.set)) for e in events] == [("update", {"funding": "全额"})]


def test_posts_appearing_come_down_from_the_outside_body() -> None:
    county = (orgchart.OutsideBody(id="county", name="县直部门"),)
    unit = {"id": "x", "name": "甲", "kind": "office", "category": "party-government",
            "functions": ["a"], "staffing": {"admin": 2}}
    a = make([unit], county)
    b = make([{**unit, "staffing": {"admin": 5, "heads": 1}}], county)
    events = round_trip(a, b)
    assert [(e.type, getattr(e, "from_", None), dict(e.staffing)) for e in events] == [
        ("transfer-staffing", "county", {"admin": 3}), ("adjust-staffing", None, {"heads": 1})]
    assert "下沉" in (events[0].note or "")


def test_a_merge_follows_functions_into_a_unit_that_can_take_the_posts() -> None:
    """Both stations share most functions with the new office, but their 事业编制 cannot go
    into an office of 行政编制: they merge into the team, and the office takes functions."""
    s1 = {"id": "s1", "name": "安监站", "functions": ["safety", "enforcement"],
          "staffing": {"institution": 4}}
    s2 = {"id": "s2", "name": "城建站", "functions": ["x", "enforcement"],
          "staffing": {"institution": 2}}
    office = {"id": "o", "name": "应急办", "kind": "office", "category": "party-government",
              "functions": ["safety", "x"], "staffing": {"admin": 2}}
    team = {"id": "t", "name": "执法队", "kind": "team", "category": "enforcement",
            "functions": ["enforcement"], "staffing": {"institution": 6}}
    events = round_trip(make([s1, s2]), make([office, team]))
    merge = next(e for e in events if e.type == "merge")
    assert (merge.units, merge.into) == (("s1", "s2"), "t")
    assert merge.note == "推测：安监站、城建站的大部分职能划入执法队，编制随之划入"
    english = diff(make([s1, s2]), make([office, team]), lang="en")
    assert next(e for e in english if e.type == "merge").note == (
        "guessed: most functions of 安监站 (s1), 城建站 (s2) went to 执法队 (t), which takes "
        "their posts")
    moved = next(e for e in events if e.type == "transfer-functions")
    assert (moved.functions, moved.from_, moved.to) == (("safety", "x"), "t", "o")


def test_posts_go_with_the_functions_of_a_removed_unit() -> None:
    """All of a removed unit's functions go to one unit: it is merged there, posts and all,
    rather than its posts split among units that happen to gain posts."""
    centre = {"id": "svc", "name": "便民服务中心", "functions": ["a"],
              "staffing": {"institution": 14, "heads": 1}}
    social = {"id": "soc", "name": "社会事务中心", "functions": ["b"],
              "staffing": {"institution": 10, "heads": 1}}
    a = make([centre, social, {"id": "eco", "name": "生态中心", "functions": ["c"]}])
    b = make([{**social, "functions": ["a", "b"], "staffing": {"institution": 20, "heads": 1}},
              {"id": "eco", "name": "生态中心", "functions": ["c"],
               "staffing": {"institution": 4}}])
    events = round_trip(a, b)
    assert [(e.type, getattr(e, "units", None), getattr(e, "into", None))
            for e in events[:1]] == [("merge", ("svc",), "soc")]


def test_a_duty_done_elsewhere_afterwards_goes_there_instead_of_ending() -> None:
    a = make([{"id": "x", "name": "甲", "functions": ["a"]},
              {"id": "y", "name": "乙", "functions": ["a", "b"]}])
    b = make([{"id": "x", "name": "甲", "functions": ["a"]},
              {"id": "y", "name": "乙", "functions": ["b"]}])
    events = round_trip(a, b)
    assert [(e.type, getattr(e, "from_", None), getattr(e, "to", None)) for e in events] == [
        ("transfer-functions", "y", "x")]


def test_the_shashi_diff_agrees_with_the_hand_written_plan() -> None:
    spec = importlib.util.spec_from_file_location(
        "diff_agreement", Path(__file__).parent.parent / "bench" / "diff_agreement.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    plan = orgchart.load("models/liuyang/reform/shashi-reform.yaml")
    assert isinstance(plan, Reorganisation) and plan.after is not None
    got = bench.agreement(plan)
    assert got["plan"] == 53
    assert got["identical"] >= 41 and got["identical"] + got["equivalent"] >= 42, got
    events = diff(plan.before, plan.after)
    assert same_units(Reorganisation("d", "d", plan.before, tuple(events),
                                     outside=plan.after.outside).apply(), plan.after)
    assert not [e for e in events if e.type == "update" and set(e.set) <= {"note", "sources"}]


@st.composite
def with_outside(draw: st.DrawFn) -> orgchart.Structure:
    """A town with units of its own and bodies of two county bureaus, some of them linked."""
    units: list[dict[str, Any]] = []
    for i in draw(st.lists(st.integers(0, 7), unique=True, max_size=6)):
        kind = draw(st.sampled_from(["own", "stationed", "vertical", "led"]))
        unit: dict[str, Any] = {
            "id": f"u{i}", "name": f"单位{i}",
            "functions": draw(st.lists(st.sampled_from(sorted(FUNCS)), unique=True,
                                       max_size=2))}
        if kind == "own":
            unit["staffing"] = {"institution": draw(st.integers(0, 5)),
                                "heads": draw(st.integers(0, 1))}
        elif kind == "led":
            unit["parent"] = draw(st.sampled_from(["county-police", "county-tax"]))
        else:
            unit["category"] = kind
            unit["links"] = [{"type": "stationed", "with": "county-tax"}]
        units.append(unit)
    return make(units)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_outside(), with_outside())
def test_diff_with_outside_bodies_gives_the_target(a: orgchart.Structure,
                                                   b: orgchart.Structure) -> None:
    result = Reorganisation("d", "d", a, tuple(diff(a, b))).run()
    assert result.problems == ()
    assert same_units(result.structure, b)


def test_a_new_unit_sharing_a_function_another_unit_keeps_accounts_without_errors() -> None:
    # the target itself holds 'a' twice (职能交叉, a warning there): an add-functions giving
    # it to the new unit is an error in the accounting, so the establish carries it
    office = {"id": "office", "name": "办", "kind": "office", "category": "party-government",
              "functions": ["a"], "staffing": {"admin": 3}}
    new = {"id": "new", "name": "新站", "functions": ["a", "b"]}
    events = round_trip(make([office]), make([office, new]))
    assert [e.type for e in events] == ["establish", "add-functions"]
    assert events[0].unit.functions == ("a",)


def test_guessed_notes_follow_the_language() -> None:
    """A function that moves is named from the catalogue in the note's language; a unit by
    its name (its English name in English), with its id where two units share a name."""
    funcs = {**FUNCS, "a": orgchart.FunctionDef(name="财政", name_en="finance")}

    def build(units: list[dict[str, Any]]) -> orgchart.Structure:
        return orgchart.Structure("s", "s", functions=funcs, outside=BODIES,
                                  units=make(units).units)

    a = build([{"id": "x", "name": "办", "name_en": "Office", "functions": []},
               {"id": "y", "name": "站", "functions": ["a", "b"]},
               {"id": "z", "name": "站", "functions": ["c"]}])
    b = build([{"id": "x", "name": "办", "name_en": "Office", "functions": ["a"]},
               {"id": "y", "name": "站", "functions": ["b"]},
               {"id": "z", "name": "站", "functions": ["c"]}])
    zh = [e.note for e in diff(a, b)]
    en = [e.note for e in diff(a, b, lang="en")]
    assert zh == ["推测：站（y）不再承担财政，改由办承担"]
    assert en == ["guessed: 站 (y) no longer holds finance, Office does"]
