"""The crosswalk follows each function and post along the events that moved it.

One small plan per event type: the crosswalk row of the old unit it touches names exactly
the targets the engine's record (flows and fates) gives; then plans where a second event
moves what a first one placed.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

import orgchart
from orgchart.engine import Outcome
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import Accounting, CrosswalkRow, account
from orgchart.schema.events import Event

OLD = "tests/data/reorg/old.yaml"
HALL = {"id": "hall", "name": "便民服务中心", "kind": "centre",
        "category": "public-institution", "parent": "town"}


def _plan(events: list[dict[str, Any]]) -> Reorganisation:
    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    return Reorganisation("t", "t", orgchart.load_structure(OLD),
                          tuple(adapter.validate_python(e) for e in events))


def _row(acc: Accounting, old: str) -> CrosswalkRow:
    return next(r for r in acc.crosswalk if r.old == old)


def _from_record(plan: Reorganisation, out: Outcome, unit_id: str
                 ) -> tuple[set[str], set[str]]:
    """The targets and function moves the engine recorded for one old unit, one step each
    (what the crosswalk must say when a single event moved everything)."""
    after = out.structure
    ids = out.follow(unit_id)
    bodies = {b.id: b.name for b in plan.before.outside}

    def name(uid: str) -> str:
        return after.unit(uid).name if uid in after else bodies[uid]

    targets = {ids[-1]} if ids[-1] in after else set()
    targets |= {t for uid in ids for fate in out.fates.get(uid, []) for t in fate.targets
                if t in after or t in bodies}
    moves = set()
    for f in out.flows:
        if f.source in ids and f.target not in ids and not (f.kind == "staffing"
                                                             and f.target is None):
            if f.target is not None:
                targets.add(f.target)
            if f.kind == "function":
                where = name(f.target) if f.target else "终止"
                moves.add(f"{after.function_name(f.item)}→{where}")
    return {name(t) for t in targets}, moves


# event type -> (events, old unit id, old unit name, the row expected)
CASES: dict[str, tuple[list[dict[str, Any]], str, str, tuple[str, tuple[str, ...],
                                                                tuple[str, ...], str]]] = {
    "establish": ([{"type": "establish", "unit": HALL}], "", "",
                  ("establish", ("便民服务中心",), (), "")),
    "abolish": ([{"type": "abolish", "unit": "culture-station", "functions_to": {
        "culture": "town"}, "staffing_to": {"town": {"institution": 2}}}],
        "culture-station", "文化站", ("abolish", ("旧镇政府",), ("文化服务→旧镇政府",), "事2")),
    "rename": ([{"type": "rename", "unit": "agri-station", "name": "农业服务站"}],
               "agri-station", "农技站", ("rename", ("农业服务站",), (), "")),
    "merge": ([{"type": "merge", "units": ["agri-station"], "into": "machinery-station"}],
              "agri-station", "农技站",
              ("merge", ("农机站",), ("农业技术推广→农机站",), "事5 正职1")),
    "split": ([{"type": "split", "unit": "agri-station", "into": [
        {"unit": "machinery-station", "functions": ["agri-tech"],
         "staffing": {"institution": 3}},
        {"unit": "town", "staffing": {"institution": 2, "heads": 1}}]}],
        "agri-station", "农技站",
        ("split", ("农机站", "旧镇政府"), ("农业技术推广→农机站",), "事5 正职1")),
    "transfer-functions": ([{"type": "transfer-functions", "from": "agri-station",
                             "to": "machinery-station", "functions": ["agri-tech"]}],
                           "agri-station", "农技站",
                           ("kept+transfer-functions", ("农技站", "农机站"),
                            ("农业技术推广→农机站",), "")),
    "transfer-staffing": ([{"type": "transfer-staffing", "from": "agri-station",
                            "to": "machinery-station", "staffing": {"institution": 2}}],
                          "agri-station", "农技站",
                          ("kept+transfer-staffing", ("农技站", "农机站"), (), "事2")),
    "detach": ([{"type": "detach", "unit": "agri-station", "to": "county-agri"}],
               "agri-station", "农技站",
               ("detach", ("县农业农村局",), ("农业技术推广→县农业农村局",), "事5 正职1")),
    "reparent": ([{"type": "reparent", "unit": "agri-station", "parent": "machinery-station"}],
                 "agri-station", "农技站", ("kept+reparent", ("农技站",), (), "")),
    "add-nameplate": ([{"type": "add-nameplate", "unit": "agri-station", "name": "农业站"}],
                      "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "remove-nameplate": ([{"type": "add-nameplate", "unit": "agri-station", "name": "农业站"},
                          {"type": "remove-nameplate", "unit": "agri-station",
                           "name": "农业站"}],
                         "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "begin-co-location": ([{"type": "begin-co-location", "unit": "agri-station",
                            "with": "machinery-station"}],
                          "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "end-co-location": ([{"type": "begin-co-location", "unit": "agri-station",
                          "with": "machinery-station"},
                         {"type": "end-co-location", "unit": "agri-station",
                          "with": "machinery-station"}],
                        "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "change-rank": ([{"type": "change-rank", "unit": "agri-station", "rank": "股级"}],
                    "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "add-functions": ([{"type": "add-functions", "unit": "agri-station",
                        "functions": ["culture"]}],
                      "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "end-functions": ([{"type": "end-functions", "unit": "agri-station",
                        "functions": ["agri-tech"]}],
                      "agri-station", "农技站", ("kept", ("农技站",), ("农业技术推广→终止",), "")),
    "adjust-staffing": ([{"type": "adjust-staffing", "unit": "agri-station",
                          "staffing": {"institution": -2}}],
                        "agri-station", "农技站", ("kept", ("农技站",), (), "")),
    "update": ([{"type": "update", "unit": "agri-station", "set": {"note": "x"}}],
               "agri-station", "农技站", ("kept", ("农技站",), (), "")),
}


def test_every_event_type_has_a_case() -> None:
    from typing import get_args

    types = {get_args(cls.model_fields["type"].annotation)[0] for cls in get_args(
        get_args(Event)[0])}
    from orgchart.schema.events import MEMBER_EVENT_TYPES  # histories apply these

    assert types - set(MEMBER_EVENT_TYPES) == set(CASES)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_crosswalk_row_of_each_event_type_matches_the_engines_record(kind: str) -> None:
    events, unit_id, old, (event, new, functions, staffing) = CASES[kind]
    plan = _plan(events)
    acc = account(plan)
    assert not acc.outcome.problems and not [p for p in acc.problems if p.code in (
        "function-lost", "staffing-imbalance")], acc.problems
    row = _row(acc, old)
    assert row.event.split("+")[-1] in (event.split("+")[-1], "kept")
    assert (row.new, row.functions, row.staffing) == (new, functions, staffing)
    if unit_id:
        targets, moves = _from_record(plan, acc.outcome, unit_id)
        assert set(row.new) == targets and set(row.functions) == moves


def test_a_detached_units_function_goes_with_it_not_to_the_unit_given_it_later() -> None:
    # the 司法所 case: a separate add-functions gives the town the same function afresh
    acc = account(_plan([
        {"type": "detach", "unit": "culture-station", "to": "county-agri"},
        {"type": "add-functions", "unit": "town", "functions": ["culture"]}]))
    row = _row(acc, "文化站")
    assert row.functions == ("文化服务→县农业农村局",) and row.new == ("县农业农村局",)


def test_a_function_moved_twice_is_followed_to_its_last_holder() -> None:
    acc = account(_plan([
        {"type": "transfer-functions", "from": "agri-station", "to": "machinery-station",
         "functions": ["agri-tech"]},
        {"type": "establish", "unit": HALL},
        {"type": "transfer-functions", "from": "machinery-station", "to": "hall",
         "functions": ["agri-tech"]},
        {"type": "merge", "units": ["hall"], "into": "town"}]))
    row = _row(acc, "农技站")
    assert row.functions == ("农业技术推广→旧镇政府",) and row.new == ("农技站", "旧镇政府")


def test_a_function_ended_after_a_move_is_ended_not_credited_to_a_later_holder() -> None:
    acc = account(_plan([
        {"type": "merge", "units": ["agri-station"], "into": "machinery-station"},
        {"type": "end-functions", "unit": "machinery-station", "functions": ["agri-tech"]},
        {"type": "add-functions", "unit": "town", "functions": ["agri-tech"]}]))
    assert _row(acc, "农技站").functions == ("农业技术推广→终止",)


def test_posts_follow_the_unit_they_went_to_when_it_merges_on() -> None:
    acc = account(_plan([
        {"type": "transfer-staffing", "from": "culture-station", "to": "safety-station",
         "staffing": {"institution": 1}},
        {"type": "merge", "units": ["safety-station"], "into": "town"}]))
    row = _row(acc, "文化站")
    assert row.new == ("文化站", "旧镇政府") and row.staffing == "事1"
    assert next(r for r in acc.crosswalk_in("en") if r.old == "文化站").staffing == (
        "institution 1")


def test_the_shipped_plan_sends_the_sifa_function_to_the_county_bureau() -> None:
    acc = account(orgchart.load_plan("models/liuyang/reform/shashi-reform.yaml"))
    row = _row(acc, "司法所")
    assert row.new == ("浏阳市司法局",)
    assert row.functions == ("司法行政与法治建设→浏阳市司法局",)


def test_a_lost_function_is_shown_lost_not_ended() -> None:
    acc = account(_plan([{"type": "abolish", "unit": "culture-station",
                          "staffing_to": {"safety-station": {"institution": 2}}}]))
    assert "function-lost" in {p.code for p in acc.problems}
    assert _row(acc, "文化站").functions == ("文化服务→丢失",)
    ended = account(_plan([{"type": "abolish", "unit": "culture-station",
                            "end_functions": ["culture"],
                            "staffing_to": {"safety-station": {"institution": 2}}}]))
    assert _row(ended, "文化站").functions == ("文化服务→终止",)
    # in English: ended and lost in words (the function keeps its name: no English one)
    for a, end in ((acc, "lost"), (ended, "ended")):
        row = next(r for r in a.crosswalk_in("en") if r.old == "文化站")
        assert (row.functions, row.staffing) == ((f"文化服务→{end}",), "institution 2")


def test_the_crosswalk_follows_nameplates_too() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    before = orgchart.load_structure("tests/data/reorg/old.yaml")
    events = [{"type": "add-nameplate", "unit": "agri-station", "name": "甲牌"},
              {"type": "add-nameplate", "unit": "culture-station", "name": "乙牌"},
              {"type": "merge", "units": ["agri-station"], "into": "culture-station"},
              {"type": "remove-nameplate", "unit": "culture-station", "name": "乙牌"}]
    plan = orgchart.Reorganisation("t", "t", before,
                                   tuple(adapter.validate_python(e) for e in events))
    acc = orgchart.account(plan)
    rows = {r.old: r for r in acc.crosswalk}
    into = acc.after.unit("culture-station").name
    assert rows[before.unit("agri-station").name].nameplates == (f"甲牌→{into}",)
    assert rows[before.unit("culture-station").name].nameplates == ("乙牌→终止",)
    assert "挂牌去向" in orgchart.crosswalk_table(acc).splitlines()[0]
