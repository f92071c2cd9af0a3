"""The accounting of a plan: nameplates, lost work without a target, noise, event coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orgchart
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account

OLD = "tests/data/reorg/old.yaml"
# the 农技站 carries a nameplate (挂牌) in these tests
PLATED = Path(OLD).read_text(encoding="utf-8").replace(
    "parent: town, functions: [agri-tech]", "parent: town, nameplates: [农业技术推广站], "
    "functions: [agri-tech]")


def _plan(write: Any, events: str, old: str = PLATED, extra: str = "") -> Reorganisation:
    write("old.yaml", old)
    path = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\n" + extra
                 + "events:\n" + events)
    plan = orgchart.load(path)
    assert isinstance(plan, Reorganisation)
    return plan


def _codes(plan: Reorganisation, code: str) -> list[str]:
    """Return where each finding with ``code`` is located (file:line:column, file name only)."""
    return [f"{Path(str(p.where)).name}" for p in account(plan).problems if p.code == code]


# --- 1. nameplates ----------------------------------------------------------------------------

def test_a_merge_carries_the_nameplates_of_the_merged_units(write: Any) -> None:
    plan = _plan(write, """\
  - type: merge
    units: [agri-station, machinery-station]
    into: machinery-station
""")
    acc = account(plan)
    assert acc.after.unit("machinery-station").nameplates == ("农业技术推广站",)
    assert not [p for p in acc.problems if p.code == "nameplate-lost"]
    flows = [f for f in acc.outcome.flows if f.kind == "nameplate"]
    assert [(f.item, f.source, f.target) for f in flows] == [
        ("农业技术推广站", "agri-station", "machinery-station")]


def test_a_merge_may_end_the_merged_units_nameplates(write: Any) -> None:
    plan = _plan(write, """\
  - type: merge
    units: [agri-station]
    into: machinery-station
    end_nameplates: [农业技术推广站]
""")
    acc = account(plan)
    assert acc.after.unit("machinery-station").nameplates == ()
    assert acc.ok, acc.problems


def test_an_abolish_that_drops_a_nameplate_is_an_error_at_the_abolish(write: Any) -> None:
    plan = _plan(write, """\
  - {type: end-functions, unit: machinery-station, functions: [farm-machinery]}
  - type: abolish
    unit: agri-station
    functions_to: {agri-tech: town}
    staffing_to: {town: {institution: 5, heads: 1}}
""")
    assert _codes(plan, "nameplate-lost") == ["p.yaml:6:5"]
    assert "农业技术推广站" in str(account(plan).problems)


def test_an_abolish_may_end_or_hand_on_its_nameplates(write: Any) -> None:
    events = """\
  - type: abolish
    unit: agri-station
    functions_to: {agri-tech: machinery-station}
    staffing_to: {machinery-station: {institution: 5, heads: 1}}
"""
    ended = _plan(write, events + "    end_nameplates: [农业技术推广站]\n")
    assert account(ended).ok, account(ended).problems
    moved = _plan(write, events + "    nameplates_to: {农业技术推广站: machinery-station}\n")
    acc = account(moved)
    assert acc.ok, acc.problems
    assert acc.after.unit("machinery-station").nameplates == ("农业技术推广站",)


def test_a_split_that_drops_a_nameplate_is_an_error_and_a_part_may_take_it(write: Any) -> None:
    events = """\
  - type: split
    unit: agri-station
    into:
      - {unit: machinery-station, functions: [agri-tech], staffing: {institution: 5,
         heads: 1}%s}
"""
    assert _codes(_plan(write, events % ""), "nameplate-lost") == ["p.yaml:5:5"]
    acc = account(_plan(write, events % ", nameplates: [农业技术推广站]"))
    assert acc.ok, acc.problems
    assert acc.after.unit("machinery-station").nameplates == ("农业技术推广站",)


def test_ending_a_nameplate_it_does_not_carry_is_refused_with_a_suggestion(write: Any) -> None:
    plan = _plan(write, """\
  - type: merge
    units: [agri-station]
    into: machinery-station
    end_nameplates: [农业技术推广]
""")
    problems = [p for p in account(plan).problems if p.code == "unknown-nameplate"]
    assert len(problems) == 1 and "农业技术推广站" in problems[0].message
    assert str(problems[0].where).endswith("p.yaml:8:21")


def test_a_nameplate_leaves_with_a_detached_unit(write: Any) -> None:
    plan = _plan(write, """\
  - {type: detach, unit: agri-station, to: county-agri}
""")
    acc = account(plan)
    assert acc.ok, acc.problems
    assert [(f.source, f.target) for f in acc.outcome.flows if f.kind == "nameplate"] == [
        ("agri-station", "county-agri")]


def test_diff_ends_the_nameplates_of_units_it_abolishes_or_merges(write: Any) -> None:
    from orgchart.rules.diff import diff

    before = orgchart.load_structure(write("old.yaml", PLATED))
    gone = PLATED.replace("structure: old", "structure: new")
    gone = "\n".join(line for line in gone.splitlines() if "id: agri-station" not in line)
    after = orgchart.load_structure(write("new.yaml", gone + "\n"))
    events = diff(before, after)
    acc = account(Reorganisation("d", "d", before, tuple(events)))
    assert not [p for p in acc.problems if p.code == "nameplate-lost"], acc.problems


# --- 2. lost work without a target; blame with one ---------------------------------------------

SHASHI = Path("models/liuyang/reform/shashi-reform.yaml")
VETERANS = """\
  - type: transfer-functions
    functions: [veterans]
    from: social-affairs-office
    to: veterans-station
"""


def test_without_a_target_a_unit_left_without_its_function_is_an_error(write: Any) -> None:
    # the shipped plan without 'to:' and without the event that moves the veterans' function
    text = SHASHI.read_text(encoding="utf-8")
    assert VETERANS in text
    text = text.replace("to: ../towns/shashi.yaml\n", "").replace(VETERANS, "")
    text = text.replace("from: shashi-old.yaml",
                        f"from: {SHASHI.parent.resolve()}/shashi-old.yaml")
    text = text.replace("outside:\n",
                        "outside:\n  - {id: county-enforcement-teams, name: 执法}\n", 1)
    plan = orgchart.load(write("p.yaml", text))
    assert isinstance(plan, Reorganisation)
    acc = account(plan)
    empty = [p for p in acc.problems if p.code == "function-empty"]
    assert len(empty) == 1 and "veterans-station" in empty[0].message, acc.problems
    establish = next(i for i, t in enumerate(text.splitlines(), 1)
                     if "id: veterans-station" in t)
    assert empty[0].where.line == establish, empty[0].where  # the unit the event creates
    assert not acc.ok


def test_a_unit_emptied_of_functions_is_an_error_at_the_event_that_took_the_last(
        write: Any) -> None:
    plan = _plan(write, """\
  - {type: transfer-functions, functions: [farm-machinery], from: machinery-station, to: town}
""")
    assert _codes(plan, "function-empty") == ["p.yaml:5:5"]


def test_an_add_functions_that_duplicates_a_function_is_an_error_at_that_event(
        write: Any) -> None:
    # a later transfer into the same unit used to take the blame (and it was a warning)
    plan = _plan(write, """\
  - {type: add-functions, unit: machinery-station, functions: [coordination, culture]}
  - {type: establish, unit: {id: x, name: 新站, kind: station, category: public-institution,
                             parent: town, functions: [safety]}}
  - {type: transfer-functions, functions: [safety], from: x, to: machinery-station}
  - {type: abolish, unit: x}
""")
    acc = account(plan)
    dup = [p for p in acc.problems if p.code == "function-duplicate"]
    assert [Path(str(p.where)).name for p in dup] == ["p.yaml:5:64", "p.yaml:5:78"], dup
    assert all(p.is_error for p in dup) and not acc.ok


def test_adding_a_function_the_unit_holds_is_an_error(write: Any) -> None:
    plan = _plan(write, "  - {type: add-functions, unit: town, functions: [coordination]}\n")
    acc = account(plan)
    assert [p.code for p in acc.problems] == ["function-duplicate"]


def test_a_unit_renamed_twice_is_a_warning_naming_both_lines(write: Any) -> None:
    plan = _plan(write, """\
  - {type: rename, unit: machinery-station, name: 农机服务站}
  - {type: rename, unit: machinery-station, name: 农机中心, id: machinery-centre}
  - {type: rename, unit: agri-station, name: 农技中心}
""")
    acc = account(plan)
    twice = [p for p in acc.problems if p.code == "renamed-twice"]
    assert len(twice) == 1 and twice[0].severity == "warning" and acc.ok
    assert str(twice[0].where).endswith("p.yaml:6:5") and "p.yaml:5:5" in twice[0].message


def test_a_target_mismatch_names_the_event_or_the_missing_kind_of_event(write: Any) -> None:
    write("new.yaml", PLATED.replace("structure: old", "structure: new")
          .replace("农机站", "农机服务站").replace("name: 文化站", "name: 文化中心"))
    plan = _plan(write, "  - {type: rename, unit: culture-station, name: 文化服务中心}\n",
                 extra="to: new.yaml\n")
    found = {p.message.split(":")[0]: p.message for p in account(plan).problems}
    assert "no event of the plan changes it: a missing rename event?" in found[
        "machinery-station.name"]
    assert "set by the event at " in found["culture-station.name"]
    assert "p.yaml:6:" in found["culture-station.name"]


# --- 3. noise ------------------------------------------------------------------------------------

def _english_target(write: Any) -> Reorganisation:
    write("new.yaml", PLATED.replace("structure: old", "structure: new").replace(
        "name: 农机站,", "name: 农机站, name_en: Farm Machinery Station,").replace(
        "name: 旧镇政府,", "name: 旧镇政府, rank: 正科,"))
    return _plan(write, "  - {type: change-rank, unit: town, rank: 正科}\n",
                 extra="to: new.yaml\n")


def test_english_names_are_compared_with_the_target_only_when_asked(write: Any) -> None:
    plan = _english_target(write)
    assert account(plan).problems == []
    strict = account(plan, translations=True).problems
    assert [p.message.split(":")[0] for p in strict] == ["machinery-station.name_en"]


def test_strict_compares_english_names_on_the_command_line(write: Any) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    plan = _english_target(write)
    runner = CliRunner()
    for args, code in ((["reorg", str(plan.path), "--check"], 0),
                       (["reorg", str(plan.path), "--check", "--strict"], 1),
                       (["validate", str(plan.path)], 0),
                       (["validate", "--strict", str(plan.path)], 1)):
        result = runner.invoke(cli, args)
        assert result.exit_code == code, (args, result.output)
        assert ("name_en" in result.output) == bool(code), (args, result.output)


def test_a_unit_used_before_the_event_that_creates_it_says_created_later(write: Any) -> None:
    plan = _plan(write, """\
  - {type: transfer-functions, functions: [culture], from: culture-station, to: new-centre}
  - {type: establish, unit: {id: new-centre, name: 中心, kind: centre, category: other,
                             parent: town, functions: [safety]}}
""")
    unknown = [p for p in account(plan).problems if p.code == "unknown-unit"]
    assert len(unknown) == 1
    assert "created later, at line 6" in unknown[0].message, unknown[0].message


# --- 4. every event type in a plan file --------------------------------------------------------

EVERY = "tests/data/reorg/every-event.yaml"


def test_the_every_event_plan_runs_every_event_type_and_accounts_cleanly() -> None:
    from orgchart.schema.events import EVENT_TYPES, MEMBER_EVENT_TYPES

    plan = orgchart.load(EVERY)
    assert isinstance(plan, Reorganisation)
    # member-list events (merge-structures, rename-structure) belong to histories
    assert sorted({e.type for e in plan.events}) == sorted(
        set(EVENT_TYPES) - set(MEMBER_EVENT_TYPES))
    acc = account(plan)
    assert acc.problems == [] and all(row.balanced for row in acc.staffing if row.checked)
    after = acc.after
    assert "safety-station" not in after and "culture-station" not in after
    assert after.unit("revitalisation-station").links == ()  # begun, then ended
    assert after.unit("revitalisation-station").parent == "agri-centre"
    assert after.unit("agri-centre").nameplates == ()  # carried by the merge, then removed
    assert set(after.unit("service-centre").functions) == {"service", "culture",
                                                          "farm-machinery"}
    assert after.unit("agri-centre").staffing.institution == 5 + 3 + 2 - 1
