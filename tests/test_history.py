"""Histories (issue 13): as-of on each side of every change date, lineage, rules located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orgchart import engine
from orgchart.base.errors import ModelError
from orgchart.engine import Outcome, timeline
from orgchart.engine.timeline import replay
from orgchart.model.plan import Reorganisation
from orgchart.read.loader import load_history
from orgchart.rules.history import check_history

DATA = Path(__file__).parent / "data" / "history"
HISTORY = DATA / "history.yaml"


def _town_a(date: str, assume: str | None = None) -> tuple[str, list[str]]:
    town = load_history(HISTORY).as_of(date, assume)  # type: ignore[arg-type]
    a = next(m for m in town.members if m.id == "town-a")
    return a.name, [u.id for u in a.units]


def test_fixture_history_is_clean() -> None:
    assert check_history(load_history(HISTORY)) == []


def test_check_runs_each_change_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a history applies each change once and accounts it from that run (it
    used to run every change a second time to account it)."""
    history = load_history(HISTORY)
    plans = [plan for applied in replay(history, history.in_force)
             for plan, _ in applied.runs]
    runs: list[Reorganisation] = []

    def counted(plan: Reorganisation) -> Outcome:
        runs.append(plan)
        return engine.run(plan)

    monkeypatch.setattr(timeline, "run", counted)
    monkeypatch.setattr(Reorganisation, "run", counted)
    assert check_history(history) == []
    assert plans and [p.id for p in runs] == [p.id for p in plans]


@pytest.mark.parametrize(("date", "members"), [
    ("2015-11-17", ["town-a", "town-b", "town-c"]),
    ("2015-11-18", ["town-a", "town-bc"]),
])
def test_town_merger_on_each_side(date: str, members: list[str]) -> None:
    assert [m.id for m in load_history(HISTORY).as_of(date).members] == members


@pytest.mark.parametrize(("date", "name"), [("2017-12-31", "甲乡"), ("2018-12-31", "甲镇")])
def test_year_precise_rename_on_each_side(date: str, name: str) -> None:
    assert _town_a(date)[0] == name


def test_year_precise_change_asked_inside_its_year_is_refused_with_its_location() -> None:
    with pytest.raises(ModelError) as err:
        _town_a("2018-06-30")
    assert "town-2018" in str(err.value) and "history.yaml:" in str(err.value)
    assert _town_a("2018-06-30", "before")[0] == "甲镇"
    assert _town_a("2018-06-30", "after")[0] == "甲乡"


@pytest.mark.parametrize(("date", "has_team"), [("2019-06-29", False), ("2019-06-30", True)])
def test_plan_change_on_each_side(date: str, has_team: bool) -> None:
    assert ("team" in _town_a(date)[1]) is has_team


@pytest.mark.parametrize(("date", "unit"), [("2021-04-30", "poverty-station"),
                                            ("2021-08-01", "revitalisation-station")])
def test_approximate_rename_on_each_side(date: str, unit: str) -> None:
    assert unit in _town_a(date)[1]


def test_approximate_date_inside_its_span_is_ambiguous() -> None:
    with pytest.raises(ModelError, match="revitalisation-2021"):
        _town_a("2021-06-15")


@pytest.mark.parametrize(("date", "unit"), [("2022-03-14", "revitalisation-station"),
                                            ("2022-03-15", "service-centre")])
def test_merge_takes_effect_on_effective_not_approved(date: str, unit: str) -> None:
    assert unit in _town_a(date)[1]


def test_planned_change_is_never_applied() -> None:
    history = load_history(HISTORY)
    assert [c.id for c in history.planned] == ["planned-2025"]
    assert "team" in _town_a("2030")[1]


def test_lineage_across_rename_then_merge() -> None:
    history = load_history(HISTORY)
    succ = history.lineage("poverty-station").successors
    assert [(s.kind, s.targets[0][1], s.change.id) for s in succ] == [
        ("rename", "revitalisation-station", "revitalisation-2021"),
        ("merge", "service-centre", "centre-2022")]
    pred = {(s.source[1], s.change.id) for s in history.lineage("service-centre").predecessors}
    assert pred == {("office", "centre-2022"), ("revitalisation-station", "centre-2022"),
                    ("poverty-station", "revitalisation-2021")}
    assert history.lineage("town-b").successors[0].change.document.number == "湘民行发〔2015〕25号"


def _broken(tmp_path: Path, edit: str, new: str) -> Path:
    for f in DATA.iterdir():
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "history.yaml").read_text(encoding="utf-8")
    assert edit in text
    (tmp_path / "history.yaml").write_text(text.replace(edit, new, 1), encoding="utf-8")
    return tmp_path / "history.yaml"


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][-1]  # the last one


@pytest.mark.parametrize(("edit", "new", "code", "needle"), [
    ("approved: 2019-06-30", "approved: 2017-01-01", "change-order", "approved: 2017-01-01"),
    ("effective: 2022-03-15", "effective: 2022-02-01", "effective-before-approved",
     "effective: 2022-02-01"),
    ("{type: add-functions, unit: revitalisation-station, functions: [revitalisation]}",
     "{type: rename, unit: poverty-station, name: x, id: other}", "successors", "id: other}"),
    ("abolish, unit: team, end_functions: [enforcement], end_staffing: {}}",
     "abolish, unit: team, end_staffing: {}}", "function-lost", "type: abolish"),
    ("id: service-centre\n", "id: poverty-station\n", "id-reused", "- type: merge"),
])
def test_every_rule_is_refused_at_its_place(tmp_path: Path, edit: str, new: str, code: str,
                                            needle: str) -> None:
    if code == "function-lost":
        new = new.replace("abolish", "abolish")
        path = _broken(tmp_path, "status: planned\n", "status: in-force\n")
        text = path.read_text(encoding="utf-8").replace(edit, new)
        path.write_text(text, encoding="utf-8")
    else:
        path = _broken(tmp_path, edit, new)
        if code == "id-reused":
            text = path.read_text(encoding="utf-8").replace("into: service-centre",
                                                            "into: poverty-station")
            path.write_text(text, encoding="utf-8")
    problems = [p for p in check_history(load_history(path)) if p.is_error]
    found = [p for p in problems if p.code == code or code in p.code]
    assert found, [str(p) for p in problems]
    assert found[0].where.line == _line_of(path, needle)
    assert str(found[0]).startswith(f"{path}:{found[0].where.line}:")


def test_a_split_into_one_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "      - {type: add-functions, unit: revitalisation-station, "
                   "functions: [revitalisation]}",
                   "      - {type: split, unit: gov, keep: false, into: [{unit: office}]}")
    found = [p for p in check_history(load_history(path)) if p.code == "successors"]
    assert found and found[0].where.line == _line_of(path, "type: split")


def test_history_round_trips_through_yaml_and_json(tmp_path: Path) -> None:
    text = HISTORY.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for f in DATA.iterdir():
        if f.name != "history.yaml":
            (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "h.json").write_text(json.dumps(data, ensure_ascii=False, default=str),
                                     encoding="utf-8")
    (tmp_path / "h.yaml").write_text(yaml.safe_dump(json.loads(
        (tmp_path / "h.json").read_text(encoding="utf-8")), allow_unicode=True),
        encoding="utf-8")
    for name in ("h.json", "h.yaml"):
        again = load_history(tmp_path / name)
        for date in ("2015-11-18", "2019-06-30", "2030"):
            assert again.as_of(date) == load_history(HISTORY).as_of(date)
