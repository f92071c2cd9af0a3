"""Plans of one shape accounted once: the same findings, at each plan's own file:line:col,
as accounting every plan the long way (over many generated towns, as the national run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orgchart
from orgchart.rules import shapes
from orgchart.rules.accounting import Accounting, _account, account

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "models" / "liuyang" / "town-template.yaml"
OLD = ROOT / "models" / "hunan" / "old-layout.yaml"
PLAN = ROOT / "models" / "liuyang" / "reform" / "shashi-reform.yaml"

PLACES = ["大瑶镇", "沙市镇", "东华门街道", "集里街道", "永安镇", "官渡镇", "古港镇", "达浒镇",
          "张坊镇", "小河乡", "荷花街道", "淮川街道", "关口街道", "龙伏镇", "社港镇", "镇头镇",
          "Springfield", "党政办", "人民政府", "镇", "{place}镇", "St. Mary's"]


def _town(folder: Path, code: str, place: str | None, *, old: str = "", new: str = "",
          plan: str = "") -> Path:
    head = f"place: {json.dumps(place)}\n" if place is not None else ""
    head += f'code: "{code}"\nlevel: town\nverified: false\n'
    (folder / f"{code}.yaml").write_text(
        f"structure: t{code}\nname: 镇{code}\n{head}extends: {TEMPLATE}\n{new}", encoding="utf-8")
    (folder / f"{code}-old.yaml").write_text(
        f"structure: t{code}-old\nname: 旧{code}\n{head}extends: {OLD}\n{old}", encoding="utf-8")
    path = folder / f"{code}-reform.yaml"
    path.write_text(f"reorganisation: r{code}\nname: 改革{code}\nextends: {PLAN}\n"
                    f"from: {code}-old.yaml\nto: {code}.yaml\n{plan}", encoding="utf-8")
    return path


def _towns(folder: Path) -> list[Path]:
    paths = [_town(folder, f"1{i:03d}", place) for i, place in enumerate(PLACES)]
    paths += [_town(folder, f"2{i:03d}", PLACES[i]) for i in range(6)]  # the same places again
    paths.append(_town(folder, "3000", None))
    paths.append(_town(folder, "3001", None))
    # the same faulty date in each new layout: found in each town's own plan
    bad = "valid_from: 2000-01-01\n"
    paths += [_town(folder, f"4{i:03d}", PLACES[i], new=bad, plan="effective: 2019-03-01\n")
              for i in range(4)]
    # a town's own unit changes: objects of its own, a shape of its own
    paths += [_town(folder, f"5{i:03d}", PLACES[i], new="modify:\n  economic-office:\n"
                    "    rank: 正股\n") for i in range(3)]
    # an event of the town's own plan
    paths += [_town(folder, f"6{i:03d}", PLACES[i], plan="events:\n  - type: rename\n"
                    "    unit: economic-office\n    name: '{place}经济发展办'\n")
              for i in range(3)]
    return paths


def _seen(acc: Accounting) -> tuple[Any, ...]:
    return ([(str(p.where), p.code, p.severity, p.message) for p in acc.problems],
            acc.staffing, acc.ok, acc.after.canonical(), acc.crosswalk)


def test_plans_of_one_shape_get_what_the_long_way_finds(tmp_path: Path) -> None:
    shapes.clear_shapes()
    reused = 0
    for path in _towns(tmp_path):
        plan = orgchart.load_plan(path)
        fast = account(plan)
        reused += "outcome" not in vars(fast)  # not run: the shape's findings were given
        assert _seen(fast) == _seen(_account(plan, False)), path.name
    # the towns of the standard shape (2 shapes: the template's place, or the town's) after
    # the first, but not those whose place is made of the names' characters (党政办, 镇,
    # {place}镇) or of the events' (Springfield); no others
    assert reused == 23


def test_each_plan_names_its_own_files(tmp_path: Path) -> None:
    shapes.clear_shapes()
    bad = "valid_from: 2000-01-01\n"
    first, second = (orgchart.load_plan(_town(tmp_path, c, p, new=bad,
                                              plan="effective: 2019-03-01\n"))
                     for c, p in (("7001", "大瑶镇"), ("7002", "永安镇")))
    found = [str(p.where) for p in account(first).problems + account(second).problems
             if p.code == "effective-date"]
    assert [Path(f).name.split(":")[0] for f in found] == ["7001-reform.yaml",
                                                            "7002-reform.yaml"]


def test_a_place_made_of_the_names_characters_is_accounted_the_long_way(
        tmp_path: Path) -> None:
    shapes.clear_shapes()
    plan = orgchart.load_plan(_town(tmp_path, "8001", "大瑶镇"))
    account(plan)
    assert shapes.known_accounting(plan, False) is not None
    plain = orgchart.load_plan(_town(tmp_path, "8002", "人民政府"))
    assert shapes.shape_of(plain) == shapes.shape_of(plan)
    assert shapes.known_accounting(plain, False) is None


def test_structures_of_one_shape_are_checked_as_the_long_way_checks(tmp_path: Path) -> None:
    shapes.clear_shapes()
    paths = _towns(tmp_path)
    # the same faulty dates in each town: found in each town's own file
    paths += [_town(tmp_path, f"9{i:03d}", PLACES[i],
                    new="valid_from: 2021-01-01\nvalid_to: 2020-01-01\n") for i in range(4)]
    towns = [orgchart.load_structure(Path(str(p).replace("-reform", ""))) for p in paths]
    towns += [orgchart.load_structure(Path(str(p).replace("-reform", "-old"))) for p in paths]
    fast = [orgchart.check(t) for t in towns]
    # not given: the towns with findings of their own, and places made of the names'
    # characters (of the new layout's names, or of the old layout's: 镇, {place}镇)
    refused = {Path(t.path).name for t in towns if shapes.known_check(t, False) is None}
    slow = []
    for t in towns:
        shapes.clear_shapes()  # each checked the long way
        slow.append(orgchart.check(t))
    assert [[str(p) for p in f] for f in fast] == [[str(p) for p in s] for s in slow]
    assert any("9000.yaml" in str(p) for p in fast[len(paths) - 4])  # its own finding
    assert refused == {"9000.yaml", "9001.yaml", "9002.yaml", "9003.yaml", "1017.yaml",
                       "1018.yaml", "1017-old.yaml", "1018-old.yaml", "1019-old.yaml",
                       "1020-old.yaml"}


def test_a_towns_own_division_code_is_checked_even_when_its_shape_was(tmp_path: Path) -> None:
    """Towns of one shape share their findings, but not their codes: a code that names
    another place is found in the second town after the first checked clean."""
    shapes.clear_shapes()
    good = tmp_path / "good"
    bad = tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    first = orgchart.load_structure(Path(str(_town(good, "430181126", "沙市镇")).replace(
        "-reform", "")))
    assert [p for p in orgchart.check(first) if p.code == "division-code"] == []
    # the code of 张坊镇 on a town that says it is 沙市镇
    (bad / "x.yaml").write_text(
        (good / "430181126.yaml").read_text(encoding="utf-8").replace("430181126", "430181105"),
        encoding="utf-8")
    second = orgchart.load_structure(bad / "x.yaml")
    assert shapes.known_check(second, False) is not None  # its shape was checked before
    assert [p.code for p in orgchart.check(second)] == ["division-code"]
