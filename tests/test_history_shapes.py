"""Histories of one shape checked once (issue 13): towns with the same changes from starts
of one shape get what applying and accounting their changes the long way finds, each at
its own file:line:col; the engine runs only for the first of each shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from orgchart import engine
from orgchart.engine import Outcome, timeline
from orgchart.model.plan import Reorganisation
from orgchart.read.loader import load_history
from orgchart.rules import shapes
from orgchart.rules.history import check_history

ROOT = Path(__file__).resolve().parent.parent
TOWN = ROOT / "models" / "liuyang" / "towns" / "shashi.yaml"

#: the places: fresh ones (大瑶镇 twice, 镇; a town that writes none has the town file's 沙市镇),
#: one made of the names' characters (党政办), and one made of the characters of some
#: histories' events (Springfield: the letters of the events' field and class names)
PLACES: list[str | None] = ["大瑶镇", "沙市镇", "东华门街道", "Springfield", "党政办", "镇",
                            None, "大瑶镇"]

_CENTRE = ("      - {{type: establish, unit: {{id: new-centre, name: '{{place}}新中心', "
           "kind: {kind}, category: {category}, parent: town, functions: [economy]}}}}\n"
           "      - {{type: end-functions, unit: economic-office, functions: [economy]}}\n")

#: the changes of each kind of history: the benchmark's three (clean), a new centre over
#: the 3中心 cap (found in the shared town file), the same with an office instead (another
#: cap: the events' values differ, the change ids do not), and a failing one (found in the
#: history's own file)
VARIANTS = {
    "clean": """  - id: rename-2019
    approved: 2019-06-30
    events:
      - {type: rename, unit: veterans-station, name: 退役军人服务站（更名）}
  - id: plate-2021
    effective: about 2021-06
    events:
      - {type: add-nameplate, unit: general-office, name: 信访办公室}
  - id: centre-2022
    approved: 2022-03-01
    effective: 2022-03-15
    events:
      - {type: rename, unit: service-centre, id: people-centre, name: 为民服务中心}
""",
    "centre": "  - id: centre-2020\n    approved: 2020-06-30\n    events:\n"
              + _CENTRE.format(kind="centre", category="public-institution"),
    "office": "  - id: centre-2020\n    approved: 2020-06-30\n    events:\n"
              + _CENTRE.format(kind="office", category="party-government"),
    "failing": """  - id: gone-2020
    approved: 2020-06-30
    events:
      - {type: abolish, unit: veterans-station}
  - id: rename-2021
    approved: 2021-06-30
    events:
      - {type: rename, unit: no-such-unit, name: 无此单位}
""",
}


def _history(folder: Path, code: str, place: str | None, variant: str) -> Path:
    head = f"place: {json.dumps(place, ensure_ascii=False)}\n" if place is not None else ""
    (folder / f"{code}.yaml").write_text(
        f"structure: t{code}\nname: 镇{code}\n{head}code: \"{code}\"\nlevel: town\n"
        f"verified: false\nextends: {TOWN}\n", encoding="utf-8")
    path = folder / f"{code}-history.yaml"
    path.write_text(f"history: h{code}\nname: 沿革{code}\nstart: {code}.yaml\n"
                    f"as_of: 2019-01-01\nchanges:\n{VARIANTS[variant]}", encoding="utf-8")
    return path


def _paths(folder: Path) -> list[Path]:
    return [_history(folder, f"{v}{i:02d}", place, variant)
            for i, place in enumerate(PLACES) for v, variant in enumerate(VARIANTS)]


def _seen(problems: list[Any]) -> list[tuple[str, str, str, str]]:
    return [(str(p.where), p.code, p.severity, p.message) for p in problems]


def test_histories_of_one_shape_get_what_the_long_way_finds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _paths(tmp_path)
    shapes.clear_shapes()
    runs: list[Reorganisation] = []

    def counted(plan: Reorganisation) -> Outcome:
        runs.append(plan)
        return engine.run(plan)

    monkeypatch.setattr(timeline, "run", counted)
    fast, reused = [], 0
    for path in paths:  # the variants interleaved, each place in turn
        before = len(runs)
        fast.append(_seen(check_history(load_history(path))))
        reused += len(runs) == before  # the engine did not run: the shape's findings given
    slow = []
    for path in paths:
        shapes.clear_shapes()  # the long way for every history
        slow.append(_seen(check_history(load_history(path))))
    assert fast == slow
    found = dict(zip((p.stem for p in paths), fast, strict=True))
    assert found["000-history"] == []
    assert [c for *_, c, _, _ in found["101-history"]] == ["cap-exceeded"]
    assert found["101-history"] != found["201-history"]  # the events' values differ
    # each failing history's findings lie in its own file, not the first one's
    assert {w.split(":")[0] for w, *_ in found["307-history"]} == {
        str(tmp_path / "307-history.yaml")}
    # clean: the 6 places after the first but 党政办 (made of the names' characters);
    # centre and office: 5 each, not Springfield either (their events hold its letters);
    # never a failing history (its findings lie in its own file)
    assert reused == 6 + 5 + 5


def test_a_history_of_a_known_shape_runs_no_engine(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = (load_history(_history(tmp_path, code, place, "clean"))
                     for code, place in (("7001", "大瑶镇"), ("7002", "官渡镇")))
    shapes.clear_shapes()
    runs: list[Reorganisation] = []

    def counted(plan: Reorganisation) -> Outcome:
        runs.append(plan)
        return engine.run(plan)

    monkeypatch.setattr(timeline, "run", counted)
    assert check_history(first) == []
    assert len(runs) == 3  # one run a change
    assert check_history(second) == []
    assert len(runs) == 3
    assert second.as_of("2023-12-31").unit("people-centre").name == "为民服务中心"
    assert len(runs) == 6  # as-of itself still applies every change
