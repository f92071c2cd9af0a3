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
