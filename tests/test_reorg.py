"""Reorganisation plans: events, accounting rules, crosswalk, diff and its round trip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgchart
from orgchart.cli import cli
from orgchart.model.plan import Reorganisation
from orgchart.rules.accounting import account, staffing_table
from orgchart.rules.crosswalk import crosswalk_table
from orgchart.rules.diff import diff, events_to_data, same_units

PLAN = "tests/data/reorg/plan.yaml"
LOSSY = "tests/data/reorg/lossy.yaml"
OLD = "tests/data/reorg/old.yaml"


def plan_with(events: list[dict[str, Any]], **extra: Any) -> Reorganisation:
    from pydantic import TypeAdapter

    from orgchart.schema.events import Event

    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    before = orgchart.load_structure(OLD)
    return Reorganisation("t", "t", before, tuple(adapter.validate_python(e) for e in events),
                          **extra)


def test_plan_loads_and_applies_without_touching_the_original() -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    before_units = plan.before.units
    after = plan.apply()
    assert plan.before.units == before_units
    assert "agri-station" not in after and "agri-centre" in after
    centre = after.unit("agri-centre")
    assert set(centre.functions) == {"agri-tech", "farm-machinery", "culture"}
    assert centre.staffing.institution == 5 + 3 + 2 + 3  # merged, abolished, moved down
    assert centre.nameplates == ("动物防疫站",)
    assert after.unit("poverty-office").name == "乡村振兴工作站"
    assert after.unit("poverty-office").functions == ("rural-revitalisation",)
    assert after.as_of is not None and str(after.as_of) == "2020-01-01"


def test_clean_plan_accounts_and_balances() -> None:
    acc = account(orgchart.load(PLAN))  # type: ignore[arg-type]
    assert acc.ok and [p for p in acc.problems if p.severity == "error"] == []
    inst = next(r for r in acc.staffing if r.type == "institution")
    assert (inst.old, inst.moved_in, inst.new, inst.balanced) == (16, 3, 19, True)
    rows = [line.split() for line in staffing_table(acc).splitlines()]
    assert rows[0][:3] == ["类型", "改革前", "+划入"] and ["事业编制", "16", "3"] in [
        r[:3] for r in rows]
    english = [line.split() for line in staffing_table(acc, "en").splitlines()]
    assert english[0][:2] == ["type", "old"] and ["public-institution", "posts", "16", "3"] in [
        r[:4] for r in english]


def test_lossy_plan_reports_every_rule_with_locations() -> None:
    acc = account(orgchart.load(LOSSY))  # type: ignore[arg-type]
    found = [(str(p.where), p.code) for p in acc.problems]
    assert (f"{LOSSY}:5:5", "function-lost") in found
    assert (f"{LOSSY}:5:5", "staffing-imbalance") in found
    assert (f"{LOSSY}:7:5", "staffing-imbalance") in found
    assert (f"{LOSSY}:16:11", "unknown-unit") in found
    assert not acc.ok
    assert not next(r for r in acc.staffing if r.type == "institution").balanced


@pytest.mark.parametrize(("event", "check"), [
    ({"type": "establish", "unit": {"id": "new", "name": "新站", "kind": "station",
                                    "category": "public-institution", "parent": "town"}},
     lambda s: s.unit("new").name == "新站"),
    ({"type": "abolish", "unit": "safety-station", "end_functions": ["safety"],
      "end_staffing": {"institution": 4}}, lambda s: "safety-station" not in s),
    ({"type": "rename", "unit": "poverty-office", "name": "乡村振兴工作站", "name_en": "RR"},
     lambda s: s.unit("poverty-office").name_en == "RR"),
    ({"type": "merge", "units": ["agri-station", "machinery-station"], "into": "agri-station"},
     lambda s: "machinery-station" not in s and s.unit("agri-station").staffing.institution == 8),
    ({"type": "split", "unit": "agri-station", "into": [
        {"unit": "a1", "new": {"id": "a1", "name": "甲", "kind": "station",
                               "category": "public-institution", "parent": "town"},
         "functions": ["agri-tech"], "staffing": {"institution": 3, "heads": 1}},
        {"unit": "machinery-station", "staffing": {"institution": 2}}]},
     lambda s: s.unit("a1").staffing.institution == 3 and "agri-station" not in s),
    ({"type": "transfer-functions", "functions": ["culture"], "from": "culture-station",
      "to": "agri-station"}, lambda s: "culture" in s.unit("agri-station").functions),
    ({"type": "transfer-staffing", "from": "agri-station", "to": "machinery-station",
      "staffing": {"institution": 2}}, lambda s: s.unit("machinery-station").staffing.institution
     == 5),
    ({"type": "detach", "unit": "safety-station", "to": "county-agri"},
     lambda s: "safety-station" not in s),
    ({"type": "reparent", "unit": "safety-station", "parent": "county-agri"},
     lambda s: s.unit("safety-station").parent == "county-agri"),
    ({"type": "add-nameplate", "unit": "agri-station", "name": "动物防疫站"},
     lambda s: s.unit("agri-station").nameplates == ("动物防疫站",)),
    ({"type": "begin-co-location", "unit": "agri-station", "with": "machinery-station"},
     lambda s: s.unit("agri-station").links[0].type == "co-location"),
    ({"type": "change-rank", "unit": "agri-station", "rank": "副科级"},
     lambda s: s.unit("agri-station").rank == "副科"),
    ({"type": "adjust-staffing", "unit": "agri-station", "staffing": {"institution": -1}},
     lambda s: s.unit("agri-station").staffing.institution == 4),
    ({"type": "update", "unit": "agri-station", "set": {"funding": "差额"}},
     lambda s: s.unit("agri-station").funding == "差额"),
], ids=lambda v: v["type"] if isinstance(v, dict) else "")
def test_each_event_type(event: dict[str, Any], check: Any) -> None:
    outcome = plan_with([event]).run()
    assert outcome.problems == ()
    assert check(outcome.structure)


@pytest.mark.parametrize(("events", "code"), [
    ([{"type": "abolish", "unit": "agri-station"}], "function-lost"),
    ([{"type": "abolish", "unit": "agri-station", "end_functions": ["agri-tech"]}],
     "staffing-imbalance"),
    ([{"type": "abolish", "unit": "town", "end_functions": ["coordination"],
       "end_staffing": {"admin": 10, "heads": 2, "deputies": 4}}], "orphan"),
    ([{"type": "transfer-staffing", "from": "agri-station", "to": "town",
       "staffing": {"institution": 9}}], "staffing"),
    ([{"type": "transfer-functions", "functions": ["nope"], "from": "agri-station",
       "to": "town"}], "unknown-function"),
    ([{"type": "establish", "unit": {"id": "town", "name": "x", "kind": "office",
                                     "category": "other"}}], "duplicate-id"),
    ([{"type": "transfer-staffing", "from": "agri-station", "to": "town",
       "staffing": {"institution": 1}}], "mixed-staffing"),
    ([{"type": "establish", "unit": {"id": "x", "name": "x", "kind": "station",
                                     "category": "public-institution", "parent": "town",
                                     "functions": ["culture"]}}], "function-overlap"),
    ([{"type": "add-functions", "unit": "agri-station", "functions": ["culture"]}],
     "function-duplicate"),
], ids=["lost-function", "lost-posts", "orphan", "overdraw", "no-function", "dup-id",
        "result-check", "overlap", "duplicate"])
def test_each_accounting_rule_fails(events: list[dict[str, Any]], code: str) -> None:
    acc = account(plan_with(events))
    assert code in {p.code for p in acc.problems}


def test_target_mismatch_is_listed(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    target = Path(OLD).read_text(encoding="utf-8").replace("农机站", "农机服务站")
    write("new.yaml", target.replace("structure: old", "structure: new"))
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\nto: new.yaml\n")
    acc = account(orgchart.load(plan))  # type: ignore[arg-type]
    assert [p.code for p in acc.problems] == ["to-mismatch"]
    mismatch = acc.problems[0]
    assert "machinery-station.name" in mismatch.message and "new.yaml:" in str(mismatch.where)


def test_crosswalk_tables() -> None:
    acc = account(orgchart.load(PLAN))  # type: ignore[arg-type]
    md = crosswalk_table(acc, "md")
    assert "| 农技站 | 并入 | 农业综合服务中心 | 农业技术推广→农业综合服务中心 |" in md
    assert "| 扶贫工作站 | 更名 | 乡村振兴工作站 |" in md
    assert "| 安监站 | 保留 | 安监站 |" in md
    en = crosswalk_table(acc, "md", "en")
    assert "| 农技站 | merged | 农业综合服务中心 |" in en and "| 安监站 | kept |" in en
    csv_text = crosswalk_table(acc, "csv")
    assert csv_text.splitlines()[0].startswith("原机构 old unit,变动 event,")
    assert "\n文化站,撤销,农业综合服务中心," in csv_text


def test_cli_reorg(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(cli, ["reorg", PLAN, "--check"])
    assert ok.exit_code == 0 and "accounted for" in ok.output
    bad = runner.invoke(cli, ["reorg", LOSSY, "--check"])
    assert bad.exit_code == 1 and f"{LOSSY}:5:5: function-lost" in bad.output
    out = tmp_path / "r.svg"
    drawn = runner.invoke(cli, ["reorg", PLAN, "-o", str(out), "--functions"])
    assert drawn.exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert "农业综合服务中心" in svg and "改革前" in svg and "农业技术推广" in svg
    table = runner.invoke(cli, ["reorg", PLAN, "--table", "csv"])
    assert table.output.startswith("原机构 old unit,")


def test_golden_reorg_dot(golden: Callable[[str, str], None]) -> None:
    from orgchart.charts.reorg import reorg_to_dot

    acc = account(orgchart.load(PLAN))  # type: ignore[arg-type]
    golden("reorg-plan.dot", reorg_to_dot(acc, functions=True))
    golden("reorg-plan-delta.dot", reorg_to_dot(acc, view="delta"))


def test_diff_round_trip_on_the_demo_plan() -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    after = plan.apply()
    events = diff(plan.before, after)
    again = Reorganisation("d", "d", plan.before, tuple(events)).apply()
    assert same_units(again, after)
    kinds = [e.type for e in events]
    assert "merge" in kinds and "rename" in kinds


def test_cli_reorg_output_names(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    result = runner.invoke(cli, ["reorg", PLAN, "-o", str(tmp_path / "dir")])
    assert result.exit_code == 0 and (tmp_path / "dir" / "plan.svg").is_file(), result.output
    result = runner.invoke(cli, ["reorg", PLAN, "-o", str(tmp_path / "chart")])
    assert result.exit_code == 0 and (tmp_path / "chart.svg").is_file(), result.output
    result = runner.invoke(cli, ["reorg", PLAN, "-o", str(tmp_path / "chart.jpg")])
    assert result.exit_code == 1 and "unknown format 'jpg'" in result.output
    assert result.stdout == ""  # refused before the accounting is printed
    result = runner.invoke(cli, ["reorg", PLAN, "--table", "md", "-o", str(tmp_path / "t.svg")])
    assert result.exit_code == 2 and "--table" in result.output and "-o" in result.output
    assert not (tmp_path / "t.svg").exists()


def test_cli_diff_formats(runner: CliRunner, tmp_path: Path) -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    result = runner.invoke(cli, ["diff", OLD, OLD])
    assert result.exit_code == 0 and "无差异" in result.output
    import yaml

    old = tmp_path / "a.yaml"
    old.write_text(Path(OLD).read_text(encoding="utf-8"), encoding="utf-8")
    new = tmp_path / "b.yaml"
    new.write_text(Path(OLD).read_text(encoding="utf-8").replace("文化站", "文化服务站"),
                   encoding="utf-8")
    as_yaml = runner.invoke(cli, ["diff", str(old), str(new), "--format", "yaml"])
    assert yaml.safe_load(as_yaml.output)["events"] == [
        {"type": "rename", "unit": "culture-station", "name": "文化服务站"}]
    as_json = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert '"rename"' in as_json.output
    text = runner.invoke(cli, ["diff", str(old), str(new)])
    assert "更名：文化站（culture-station）；名称 文化服务站" in text.output
    text = runner.invoke(cli, ["diff", str(old), str(new), "--lang", "en"])
    assert "renamed: 文化站 (culture-station); name 文化服务站" in text.output


@pytest.mark.parametrize("where", ["structure", "unit"])
def test_diff_sees_estimated_staffing(runner: CliRunner, tmp_path: Path, where: str) -> None:
    import yaml

    text = Path(OLD).read_text(encoding="utf-8")
    old = tmp_path / "a.yaml"
    old.write_text(text, encoding="utf-8")
    new = tmp_path / "b.yaml"
    if where == "structure":
        new.write_text(text.replace("name: 旧镇\n", "name: 旧镇\nstaffing_estimated: true\n"),
                       encoding="utf-8")
        want = {"type": "update", "set": {"staffing_estimated": True}}
    else:
        new.write_text(text.replace("institution: 4, admin: 0, worker: 0, heads: 0, deputies: 0}}",
                                    "institution: 4, admin: 0, worker: 0, heads: 0, deputies: 0},"
                                    " staffing_estimated: true}"),
                       encoding="utf-8")
        want = {"type": "update", "unit": "safety-station", "set": {"staffing_estimated": True}}
    result = runner.invoke(cli, ["diff", str(old), str(new), "--format", "yaml"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["events"] == [want]
    said = runner.invoke(cli, ["diff", str(old), str(new)]).output
    assert "编制为估算 → 是" in said and "True" not in said, said
    a, b = orgchart.load_structure(old), orgchart.load_structure(new)
    assert a != b
    events = diff(a, b)
    got = Reorganisation("d", "d", a, tuple(events)).apply()
    assert got.staffing_estimated == b.staffing_estimated
    assert [got.is_estimated(u) for u in got.units] == [b.is_estimated(u) for u in b.units]
    back = Reorganisation("d", "d", b, tuple(diff(b, a))).apply()
    assert [back.is_estimated(u) for u in back.units] == [a.is_estimated(u) for u in a.units]


def test_structure_update_sets_only_structure_fields() -> None:
    with pytest.raises(ValueError, match="'update' without 'unit'.*staffing_estimated"):
        plan_with([{"type": "update", "set": {"funding": "差额"}}])
    with pytest.raises(ValueError, match="true or false"):
        plan_with([{"type": "update", "set": {"staffing_estimated": "yes"}}])
    after = plan_with([{"type": "update", "set": {"staffing_estimated": True}}]).apply()
    assert after.staffing_estimated and after.is_estimated(after.unit("town"))


# --- property-based: random structures, random event sequences ------------------------

FUNCS = [f"f{i}" for i in range(8)]


#: every post type written (0: none), so that these tests are about known posts; unknown
#: posts are tested in tests/test_unknown.py
ZERO = dict.fromkeys(("admin", "institution", "worker", "heads", "deputies"), 0)


@st.composite
def structures(draw: st.DrawFn, prefix: str = "u") -> orgchart.Structure:
    n = draw(st.integers(1, 7))
    ids = draw(st.lists(st.sampled_from([f"{prefix}{i}" for i in range(12)]), min_size=n,
                        max_size=n, unique=True))
    units = [orgchart.Unit(id="root", name="镇政府", kind="government", category="leadership",
                           staffing=orgchart.Staffing(**{**ZERO,
                                                            "admin": draw(st.integers(0, 9))}))]
    for uid in ids:
        admin_side = draw(st.booleans())
        posts = draw(st.integers(0, 9))
        units.append(orgchart.Unit(
            id=uid, name=draw(st.sampled_from(["甲办", "乙站", "丙中心", "丁所", uid])),
            kind="office" if admin_side else "station",
            category="party-government" if admin_side else "public-institution",
            parent=draw(st.sampled_from(["root", *[u.id for u in units[1:]]])),
            functions=tuple(draw(st.lists(st.sampled_from(FUNCS), unique=True, max_size=3))),
            nameplates=tuple(draw(st.lists(st.sampled_from(["牌甲", "牌乙"]), unique=True))),
            staffing=orgchart.Staffing(**{**ZERO, "admin" if admin_side else "institution": posts}),
            staffing_estimated=draw(st.sampled_from([None, True, False]))))
    return orgchart.Structure("s", "S", units=tuple(units),
                              functions={f: orgchart.FunctionDef(name=f) for f in FUNCS},
                              staffing_estimated=draw(st.booleans()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures("u"), structures("u"))
def test_diff_then_apply_gives_the_target(a: orgchart.Structure, b: orgchart.Structure) -> None:
    events = diff(a, b)
    result = Reorganisation("d", "d", a, tuple(events)).run()
    assert result.problems == ()
    assert same_units(result.structure, b)
    assert result.structure.staffing_estimated == b.staffing_estimated
    assert [result.structure.is_estimated(u) for u in result.structure.units] == \
        [b.is_estimated(u) for u in result.structure.units]


@st.composite
def plans(draw: st.DrawFn) -> Reorganisation:
    from pydantic import TypeAdapter

    from orgchart.schema.events import Event

    adapter: TypeAdapter[Any] = TypeAdapter(Event)
    before = draw(structures("u"))
    events: list[Any] = []
    state = Reorganisation("p", "p", before, ()).apply()
    for _ in range(draw(st.integers(0, 5))):
        movable = [u for u in state.units if u.id != "root" and not state.children(u.id)]
        kind = draw(st.sampled_from(["rename", "merge", "abolish", "transfer-functions",
                                     "add-nameplate"]))
        if not movable:
            break
        unit = draw(st.sampled_from(movable))
        if kind == "rename":
            event = {"type": kind, "unit": unit.id, "name": unit.name + "新"}
        elif kind == "merge":
            same = [u for u in state.units if u.id != unit.id and u.category == unit.category]
            if not same:
                continue
            event = {"type": kind, "units": [unit.id], "into": draw(st.sampled_from(same)).id}
        elif kind == "abolish":
            keeper = draw(st.sampled_from([u for u in state.units if u.id != unit.id
                                           and u.category == unit.category] or [None]))
            if keeper is None:
                continue
            event = {"type": kind, "unit": unit.id,
                     "functions_to": dict.fromkeys(unit.functions, keeper.id),
                     "staffing_to": {keeper.id: {k: v for k, v in unit.staffing.model_dump()
                                                 .items() if v}}}
        elif kind == "transfer-functions":
            if not unit.functions:
                continue
            event = {"type": kind, "functions": [unit.functions[0]], "from": unit.id,
                     "to": "root"}
        else:
            event = {"type": kind, "unit": unit.id, "name": "新牌" + str(len(events))}
        events.append(adapter.validate_python(event))
        state = Reorganisation("p", "p", before, tuple(events)).apply()
    return Reorganisation("p", "p", before, tuple(events))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_random_plans_balance_and_round_trip(plan: Reorganisation) -> None:
    acc = account(plan)
    assert [p for p in acc.problems if p.code in ("function-lost", "staffing-imbalance",
                                                  "event", "unknown-unit")] == []
    assert all(row.balanced for row in acc.staffing if row.checked)
    after = acc.after
    again = Reorganisation("d", "d", plan.before, tuple(diff(plan.before, after))).apply()
    assert same_units(again, after)
    assert again.staffing_estimated == after.staffing_estimated


def test_events_to_data_round_trips() -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    data = events_to_data(list(plan.events))
    assert data[0]["type"] == "merge" and data[0]["into"] == "agri-centre"


def test_diff_recognises_a_split(write: Any) -> None:
    text = Path(OLD).read_text(encoding="utf-8")
    new = text.replace(
        "  - {id: agri-station, name: 农技站, kind: station, category: public-institution, "
        "parent: town, functions: [agri-tech], staffing: {institution: 5, heads: 1, admin: 0, "
        "worker: 0, deputies: 0}}\n", "")
    new = new.replace(
        "  - {id: machinery-station,",
        "  - {id: tech-a, name: 农技甲站, kind: station, category: public-institution, "
        "parent: town, functions: [agri-tech], staffing: {institution: 3, heads: 1, admin: 0, "
        "worker: 0, deputies: 0}}\n"
        "  - {id: tech-b, name: 农技乙站, kind: station, category: public-institution, "
        "parent: town, functions: [agri-tech, farm-machinery], staffing: {institution: 2, "
        "admin: 0, worker: 0, heads: 0, deputies: 0}}\n"
        "  - {id: machinery-station,")
    a = orgchart.load_structure(OLD)
    b = orgchart.load_structure(write("new.yaml", new))
    events = diff(a, b)
    assert [e.type for e in events][0] == "split"
    assert same_units(Reorganisation("d", "d", a, tuple(events)).apply(), b)


def test_build_draws_plans_and_reports_failing_accounts(tmp_path: Path) -> None:
    import shutil

    from orgchart.tasks.build import build, stale_outputs

    models = tmp_path / "models"
    shutil.copytree("tests/data/reorg", models)
    result = build(models, tmp_path / "out", ("svg", "dot"), workers=1)
    assert (tmp_path / "out" / "plan.svg").is_file()
    assert "改革前" in (tmp_path / "out" / "plan.svg").read_text(encoding="utf-8")
    assert [str(m.name) for m, _ in result.failures] == ["lossy.yaml"]
    assert "function-lost" in result.failures[0][1] or "staffing" in result.failures[0][1]
    (models / "lossy.yaml").unlink()
    found = stale_outputs(models, tmp_path / "out")
    assert found.stale == [] and found.failures == []


def test_detach_moves_functions_and_posts_out_without_loss() -> None:
    acc = account(plan_with([{"type": "detach", "unit": "safety-station", "to": "county-agri"}]))
    assert acc.ok, acc.problems
    inst = next(r for r in acc.staffing if r.type == "institution")
    assert (inst.moved_out, inst.new, inst.balanced) == (4, 12, True)
    assert "safety" not in {f for u in acc.after.units for f in u.functions}


def test_rename_with_a_new_id_carries_children_and_links() -> None:
    events = [{"type": "begin-co-location", "unit": "agri-station", "with": "culture-station"},
              {"type": "rename", "unit": "culture-station", "id": "culture-centre",
               "name": "文化服务中心"},
              {"type": "rename", "unit": "town", "id": "gov", "name": "新镇政府"}]
    acc = account(plan_with(events))
    assert acc.ok, acc.problems
    after = acc.after
    assert "culture-station" not in after and after.unit("culture-centre").name == "文化服务中心"
    assert after.unit("agri-station").links[0].with_ == "culture-centre"
    assert {u.parent for u in after.units if u.id != "gov"} == {"gov"}
    clash = plan_with([{"type": "rename", "unit": "town", "id": "agri-station", "name": "x"}])
    assert [p.code for p in clash.run().problems] == ["duplicate-id"]


def test_diff_recognises_a_rename_with_a_new_id(write: Any) -> None:
    text = Path(OLD).read_text(encoding="utf-8")
    b = orgchart.load_structure(write("b.yaml", text.replace(
        "{id: culture-station, name: 文化站", "{id: culture-centre, name: 文化服务中心")))
    a = orgchart.load_structure(OLD)
    events = diff(a, b)
    assert [(e.type, e.unit, e.id) for e in events] == [
        ("rename", "culture-station", "culture-centre")]
    assert same_units(Reorganisation("d", "d", a, tuple(events)).apply(), b)


def test_moving_to_the_same_unit_is_refused_at_the_event() -> None:
    out = plan_with([{"type": "transfer-functions", "functions": ["coordination"],
                      "from": "town", "to": "town"}]).run()
    assert [p.code for p in out.problems] == ["event"]
    assert out.structure.unit("town").functions == ("coordination",)


# -- accounting rules found wanting in review -----------------------------------------------

def _old_with(write: Any, old: str, new: str) -> Path:
    text = Path(OLD).read_text(encoding="utf-8")
    assert old in text
    return write("old.yaml", text.replace(old, new))


def _plan_file(write: Any, events: str, extra: str = "") -> Reorganisation:
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\n" + extra
                 + "events:\n" + events)
    loaded = orgchart.load(plan)
    assert isinstance(loaded, Reorganisation)
    return loaded


def test_ending_one_copy_of_a_function_does_not_hide_the_loss_of_another(write: Any) -> None:
    _old_with(write, "functions: [agri-tech]", "functions: [agri-tech, culture]")
    plan = _plan_file(write, """\
  - {type: end-functions, unit: culture-station, functions: [culture]}
  - type: abolish
    unit: agri-station
    functions_to: {agri-tech: town}
    end_staffing: {institution: 5, heads: 1}
""")
    acc = account(plan)
    lost = [p for p in acc.problems if p.code == "function-lost"]
    assert len(lost) == 1 and "'culture'" in lost[0].message
    assert str(lost[0].where).endswith("p.yaml:6:5")  # the abolish that drops the copy


def test_merge_into_a_new_unit_keeps_the_posts_written_on_it() -> None:
    plan = plan_with([{"type": "merge", "units": ["agri-station", "machinery-station"],
                       "into": "agri-centre",
                       "new": {"id": "agri-centre", "name": "农业综合服务中心",
                               "kind": "centre", "category": "public-institution",
                               "parent": "town", "staffing": {"institution": 2}}}])
    acc = account(plan)
    assert acc.after.unit("agri-centre").staffing.institution == 5 + 3 + 2
    inst = next(r for r in acc.staffing if r.type == "institution")
    assert (inst.created, inst.balanced) == (2, True)


def test_split_into_a_new_unit_keeps_its_functions_and_posts() -> None:
    plan = plan_with([{"type": "split", "unit": "agri-station", "keep": True, "into": [
        {"unit": "svc", "functions": ["agri-tech"], "staffing": {"institution": 1},
         "new": {"id": "svc", "name": "服务中心", "kind": "centre",
                 "category": "public-institution", "parent": "town",
                 "functions": ["culture"], "staffing": {"institution": 2}}}]}])
    acc = account(plan)
    svc = acc.after.unit("svc")
    assert set(svc.functions) == {"agri-tech", "culture"}
    assert svc.staffing.institution == 1 + 2
    assert all(r.balanced for r in acc.staffing if r.checked)


@pytest.mark.parametrize(("field", "value"), [
    ("public_class", "公益一类"), ("funding", "全额"), ("name_en", "Agri Station"),
    ("short_name", "农技"), ("valid_to", "2030-01-01"), ("staffing_estimated", True),
    ("links", [{"type": "guidance", "with": "county-agri"}]),
])
def test_target_comparison_covers_every_unit_field(write: Any, field: str, value: Any) -> None:
    import yaml

    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    data = yaml.safe_load(Path(OLD).read_text(encoding="utf-8"))
    data["structure"] = "new"
    next(u for u in data["units"] if u["id"] == "agri-station")[field] = value
    write("new.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\nto: new.yaml\n")
    acc = account(orgchart.load(plan), translations=True)  # type: ignore[arg-type]
    mismatches = [p.message for p in acc.problems if p.code == "to-mismatch"]
    assert any(f"agri-station.{field}" in m for m in mismatches), mismatches


def test_result_check_problems_point_at_the_event_that_caused_them(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - type: transfer-staffing
    from: agri-station
    to: town
    staffing: {institution: 1}
""")
    acc = account(plan)
    mixed = next(p for p in acc.problems if p.code == "mixed-staffing")
    assert str(mixed.where).endswith("p.yaml:8:29"), mixed.where


def test_structure_date_order_points_at_valid_to(write: Any) -> None:
    path = write("s.yaml", "structure: s\nname: s\nvalid_from: 2020-01-01\n"
                 "valid_to: 2019-01-01\nunits:\n"
                 "  - {id: gov, name: 镇政府, kind: government, category: leadership}\n")
    problems = orgchart.check(orgchart.load_structure(path))
    order = next(p for p in problems if p.code == "date-order")
    assert str(order.where).endswith("s.yaml:4:11"), order.where


def _refused_plan(write: Any, events: str) -> list[Any]:
    """Write a plan over OLD with these events, which must not load; return the problems."""
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\nevents:\n" + events)
    with pytest.raises(orgchart.ModelError) as err:
        orgchart.load(plan)
    return list(err.value.problems)


def test_a_bad_event_is_located_at_its_field_with_a_suggestion(write: Any) -> None:
    problems = _refused_plan(write, "  - type: merge\n    units: [agri-station]\n    into: 5\n"
                                    "  - {type: rename, unit: town, nme: x}\n")
    found = [str(p) for p in problems]
    assert any(p.endswith("p.yaml:7:11: bad-value: events[0].into: expected text, not 5")
               for p in found), found
    assert any("unknown key 'nme' in events[1] (did you mean 'name'?)" in p for p in found)


# -- adversarial review 4 -------------------------------------------------------------------

def test_a_function_given_in_the_plan_and_then_dropped_is_lost(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - {type: add-functions, unit: culture-station, functions: [newfn]}
  - type: abolish
    unit: culture-station
    functions_to: {culture: town}
    end_staffing: {institution: 2}
""", extra="functions:\n  newfn: 新职能\n")
    lost = [p for p in account(plan).problems if p.code == "function-lost"]
    assert len(lost) == 1 and "'newfn'" in lost[0].message
    assert str(lost[0].where).endswith("p.yaml:8:5"), lost[0].where


def test_findings_caused_by_an_update_point_at_the_update(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - type: update
    unit: agri-station
    set:
      links: [{type: co-location, with: nowhere}]
      valid_from: 2020-01-01
      valid_to: 2019-01-01
  - type: update
    unit: culture-station
    set:
      kind: station
      public_class: nonsense
""")
    found = {p.code: str(p.where) for p in account(plan).problems}
    assert found["unknown-unit"].endswith("p.yaml:8:41"), found  # the link's 'with'
    assert found["date-order"].endswith("p.yaml:10:17"), found
    assert found["event"].endswith("p.yaml:15:21"), found  # the bad value, not 'set:'


def test_a_split_part_that_is_new_but_exists_is_refused_at_its_new_id() -> None:
    plan = plan_with([{"type": "split", "unit": "agri-station", "into": [
        {"unit": "culture-station", "functions": ["agri-tech"],
         "staffing": {"institution": 5, "heads": 1},
         "new": {"id": "culture-station", "name": "假的", "kind": "station",
                 "category": "public-institution", "parent": "town",
                 "functions": ["poverty"], "staffing": {"institution": 9}}}]}])
    out = plan.run()
    assert [p.code for p in out.problems] == ["duplicate-id"], out.problems
    assert out.structure.unit("culture-station").name == "文化站"


@pytest.mark.parametrize("event", [
    {"type": "establish", "unit": {"id": "culture-station", "name": "文体中心", "kind": "centre",
                                   "category": "public-institution", "parent": "town"}},
    {"type": "rename", "unit": "agri-station", "id": "culture-station", "name": "文体中心"},
    {"type": "merge", "units": ["agri-station"], "into": "culture-station",
     "new": {"id": "culture-station", "name": "文体中心", "kind": "centre",
             "category": "public-institution", "parent": "town"}},
    {"type": "establish", "unit": {"id": "county-agri", "name": "县农业站", "kind": "station",
                                   "category": "public-institution", "parent": "town"}},
])
def test_an_id_that_left_the_structure_or_names_an_outside_body_is_not_reused(
        event: dict[str, Any]) -> None:
    out = plan_with([{"type": "abolish", "unit": "culture-station",
                      "functions_to": {"culture": "town"}, "end_staffing": {"institution": 2}},
                     event]).run()
    assert [(p.code, p.where.line) for p in out.problems if p.code == "duplicate-id"] \
        == [("duplicate-id", 1)], out.problems  # plan_with has no file: line 1


def test_a_plan_outside_body_with_a_unit_id_is_reported_at_the_plan(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - {type: transfer-staffing, from: agri-station, to: culture-station, staffing: {institution: 2}}
""", extra="outside:\n  - {id: culture-station, name: 县某局}\n")
    acc = account(plan)
    found = [(p.code, str(p.where).rsplit("/", 1)[-1]) for p in acc.problems]
    assert found == [("duplicate-id", "p.yaml:5:10")], acc.problems
    assert all(row.balanced for row in acc.staffing if row.checked)


def test_an_overlap_is_located_at_the_event_that_made_it(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - {type: add-functions, unit: town, functions: [culture, culture]}
""")
    acc = account(plan)
    assert acc.after.unit("town").functions == ("coordination", "culture")
    overlap = [p for p in acc.problems if p.code == "function-duplicate"]  # an error
    assert len(overlap) == 1 and "2 units" in overlap[0].message, overlap
    assert str(overlap[0].where).endswith("p.yaml:5:51"), overlap[0].where  # the function


def _pair(a_units: list[dict[str, Any]], b_units: list[dict[str, Any]]
          ) -> tuple[orgchart.Structure, orgchart.Structure]:
    gov = {"id": "gov", "name": "镇政府", "kind": "government", "category": "leadership"}
    funcs = {f: orgchart.FunctionDef(name=f) for f in "abc"}

    def make(units: list[dict[str, Any]]) -> orgchart.Structure:
        return orgchart.Structure("s", "s", functions=funcs, units=tuple(
            orgchart.Unit(**{**u, "staffing": {**ZERO, **u.get("staffing", {})}})
            for u in [gov, *({"kind": "station", "parent": "gov",
                              "category": "public-institution", **u} for u in units)]))
    return make(a_units), make(b_units)


def test_diff_moves_what_a_removed_unit_held_to_existing_units_instead_of_recreating_it(
        ) -> None:
    a, b = _pair([{"id": "x", "name": "甲", "functions": ["a"], "staffing": {"institution": 3}},
                  {"id": "y", "name": "乙", "functions": ["b"], "staffing": {"institution": 2}}],
                 [{"id": "y", "name": "乙", "functions": ["a", "b"],
                   "staffing": {"institution": 5}}])
    events = diff(a, b)
    assert [(e.type, getattr(e, "units", None), getattr(e, "into", None)) for e in events] \
        == [("merge", ("x",), "y")]  # merged into the existing unit: nothing ended, re-created
    a, b = _pair([{"id": "x", "name": "甲", "functions": ["a", "b"],
                   "staffing": {"institution": 4}},
                  {"id": "y", "name": "乙"}, {"id": "z", "name": "丙"}],
                 [{"id": "y", "name": "乙", "functions": ["a"], "staffing": {"institution": 1}},
                  {"id": "z", "name": "丙", "functions": ["b"], "staffing": {"institution": 2}}])
    events = diff(a, b)
    assert [e.type for e in events] == ["abolish"], events
    assert dict(events[0].end_staffing) == {"institution": 1}
    assert dict(events[0].functions_to) == {"a": "y", "b": "z"}
    assert {k: dict(v) for k, v in events[0].staffing_to.items()} == \
        {"y": {"institution": 1}, "z": {"institution": 2}}
    acc = account(Reorganisation("d", "d", a, tuple(events)))
    assert acc.ok and same_units(acc.after, b)


def test_a_co_location_that_already_exists_is_refused_at_its_partner() -> None:
    out = plan_with([{"type": "begin-co-location", "unit": "town", "with": "agri-station"},
                     {"type": "begin-co-location", "unit": "town", "with": "agri-station"}]
                    ).run()
    assert [p.code for p in out.problems] == ["event"], out.problems
    assert len(out.structure.unit("town").links) == 1


def test_posts_moved_between_two_outside_bodies_are_refused() -> None:
    acc = account(plan_with([{"type": "transfer-staffing", "from": "county-agri",
                              "to": "county-bureaus", "staffing": {"institution": 3}}],
                            outside=(orgchart.OutsideBody(id="county-bureaus", name="县直部门"),)))
    assert [p.code for p in acc.problems] == ["event"], acc.problems
    inst = next(r for r in acc.staffing if r.type == "institution")
    assert (inst.moved_in, inst.moved_out) == (0, 0)


def test_a_refused_rename_changes_nothing() -> None:
    acc = account(plan_with([{"type": "rename", "unit": "agri-station", "id": "town",
                              "name": "新名"}]))
    assert "duplicate-id" in {p.code for p in acc.problems}
    assert acc.after.unit("agri-station").name == "农技站"


def test_merge_carries_links_to_and_from_the_merged_unit() -> None:
    acc = account(plan_with([
        {"type": "begin-co-location", "unit": "culture-station", "with": "machinery-station"},
        {"type": "update", "unit": "machinery-station",
         "set": {"links": [{"type": "guidance", "with": "county-agri"}]}},
        {"type": "merge", "units": ["agri-station", "machinery-station"],
         "into": "agri-station"}]))
    culture = acc.after.unit("culture-station")
    assert [(k.type, k.with_) for k in culture.links] == [("co-location", "agri-station")]
    agri = acc.after.unit("agri-station")
    assert [(k.type, k.with_) for k in agri.links] == [("guidance", "county-agri")]


def test_abolishing_a_unit_others_link_to_is_refused_at_the_event(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    plan = _plan_file(write, """\
  - {type: begin-co-location, unit: culture-station, with: poverty-office}
  - type: abolish
    unit: poverty-office
    end_functions: [poverty]
    end_staffing: {institution: 2}
""")
    orphan = [p for p in account(plan).problems if p.code == "orphan"]
    assert len(orphan) == 1 and "co-location link to 'poverty-office'" in orphan[0].message
    assert str(orphan[0].where).endswith("p.yaml:7:11"), orphan[0].where


def test_staffing_mismatch_with_the_target_is_reported_without_warnings(write: Any) -> None:
    import warnings

    here = Path("models/liuyang/reform").resolve()
    text = Path("models/liuyang/reform/shashi-reform.yaml").read_text(encoding="utf-8")
    plan = orgchart.load(write("p.yaml", text.replace(
        "from: shashi-old.yaml\nto: ../towns/shashi.yaml",
        f"from: {here}/shashi-old.yaml\nto: {here.parent}/towns/shashi.yaml").replace(
        "    staffing_to: {service-centre: {institution: 5}}\n", "")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        problems = account(plan).problems  # type: ignore[arg-type]
    assert any(p.code == "to-mismatch" and "staffing differs" in p.message for p in problems)


def test_crosswalk_names_where_detached_units_went_and_posts_moved_down() -> None:
    acc = account(orgchart.load_plan("models/liuyang/reform/shashi-reform.yaml"))
    rows = {r.old: r for r in acc.crosswalk}
    assert rows["派出所"].event == "detach" and rows["派出所"].new == ("浏阳市公安局",)
    down = next(r for r in acc.crosswalk if r.old.startswith("浏阳市县直部门"))
    moved_in = next(r.moved_in for r in acc.staffing if r.type == "admin")
    assert down.staffing == f"行{moved_in}" and len(down.new) >= 1
    md = crosswalk_table(acc, "md")
    assert all(line.startswith("| ") and line.endswith(" |") for line in md.splitlines())


def test_the_engines_working_copy_freezes_to_what_pydantic_would_make() -> None:
    from pydantic import ValidationError

    from orgchart.engine.draft import Draft

    unit = orgchart.load_structure(OLD).unit("agri-station")
    assert Draft(unit).freeze() is unit  # untouched: the same frozen unit, no copy
    for changes in ({"functions": ("x",)}, {"name": "新", "parent": None}):
        draft = Draft(unit)
        draft.set(changes)
        assert draft.freeze() == unit.model_copy(update=changes) != unit
    draft = Draft(unit)
    draft.add_posts({"institution": 9, "admin": -99})
    assert draft.freeze().staffing == unit.staffing.model_copy(
        update={"institution": (unit.staffing.institution or 0) + 9, "admin": 0})
    draft = Draft(unit)
    draft.set({"category": "no-such-category"})
    with pytest.raises(ValidationError):  # validated once, when frozen
        draft.freeze()


def test_findings_in_the_old_file_are_not_blamed_on_events_that_touched_the_unit(
        write: Any) -> None:
    text = Path(OLD).read_text(encoding="utf-8")
    text = text.replace("functions: [farm-machinery]", "functions: [farm-machinery, no-fn]")
    text = text.replace("functions: [safety], staffing: {institution: 4, admin: 0",
                        "functions: [safety], staffing: {institution: 4, admin: 1")
    write("old.yaml", text)
    plan = _plan_file(write, """\
  - {type: transfer-functions, from: agri-station, to: machinery-station, functions: [agri-tech]}
  - {type: transfer-staffing, from: culture-station, to: safety-station, staffing: {institution: 1}}
""")
    found = {p.code: str(p.where) for p in account(plan).problems}
    assert "old.yaml:15:" in found["unknown-function"]
    assert "old.yaml:18:" in found["mixed-staffing"]


def test_merging_a_unit_into_one_it_leads_gives_the_receiver_its_parent() -> None:
    acc = account(plan_with([
        {"type": "reparent", "unit": "machinery-station", "parent": "agri-station"},
        {"type": "merge", "units": ["agri-station"], "into": "machinery-station"}]))
    assert acc.after.unit("machinery-station").parent == "town"
    assert "cycle" not in {p.code for p in acc.problems}


def test_a_unit_may_take_back_an_id_it_had() -> None:
    acc = account(plan_with([
        {"type": "rename", "unit": "poverty-office", "id": "rural-office", "name": "乡村振兴站"},
        {"type": "rename", "unit": "rural-office", "id": "poverty-office", "name": "扶贫工作站"}]))
    assert "duplicate-id" not in {p.code for p in acc.problems}
    assert acc.after.unit("poverty-office").name == "扶贫工作站"


def test_events_fill_place_in_the_names_they_write(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8").replace(
        "name: 旧镇\n", "name: 旧镇\nplace: 大瑶镇\n"))
    plan = _plan_file(write, """\
  - {type: rename, unit: agri-station, name: "{place}农业综合服务中心"}
  - {type: add-nameplate, unit: agri-station, name: "{place}动物防疫站"}
  - type: establish
    unit: {id: hall, name: "{place}便民服务中心", kind: centre, category: public-institution,
           parent: town}
""")
    after = account(plan).after
    assert after.unit("agri-station").name == "大瑶镇农业综合服务中心"
    assert after.unit("agri-station").nameplates == ("大瑶镇动物防疫站",)
    assert after.unit("hall").name == "大瑶镇便民服务中心"


def test_a_split_part_with_a_bad_key_is_one_finding(write: Any) -> None:
    problems = _refused_plan(write, "  - type: split\n    unit: agri-station\n    into:\n"
                                    "      - {unit: machinery-station, functons: [agri-tech]}\n")
    assert [p.code for p in problems] == ["unknown-key"]


def test_the_staffing_table_says_when_its_numbers_are_estimates() -> None:
    shashi = account(orgchart.load_plan("models/liuyang/reform/shashi-reform.yaml"))
    assert "≈" in staffing_table(shashi)
    assert "≈" not in staffing_table(account(orgchart.load(PLAN)))  # type: ignore[arg-type]


def test_crosswalk_follows_renamed_ids_and_final_homes() -> None:
    acc = account(plan_with([
        {"type": "rename", "unit": "culture-station", "name": "文化服务站", "id": "culture-centre"},
        {"type": "abolish", "unit": "culture-centre", "functions_to": {"culture": "town"},
         "staffing_to": {"town": {"institution": 2}}},
        {"type": "transfer-staffing", "from": "county-agri", "to": "agri-station",
         "staffing": {"institution": 3}},
        {"type": "merge", "units": ["agri-station"], "into": "machinery-station"}]))
    rows = {r.old: r for r in acc.crosswalk}
    culture = rows["文化站"]
    assert culture.event == "rename+abolish" and culture.functions == ("文化服务→旧镇政府",)
    assert culture.staffing == "事2"
    down = rows["县农业农村局"]
    # the posts moved down into 农技站 went on with it when it merged into 农机站
    assert down.staffing == "事3" and down.new == ("农机站",)


def test_the_plans_own_findings_come_first(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8"))
    target = Path(OLD).read_text(encoding="utf-8").replace("农机站", "农机服务站")
    write("new.yaml", target.replace("structure: old", "structure: new"))
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: old.yaml\nto: new.yaml\n"
                 "events:\n  - {type: rename, unit: machinery-statoin, name: 农机服务站}\n")
    problems = account(orgchart.load(plan)).problems  # type: ignore[arg-type]
    assert problems[0].code == "unknown-unit" and str(problems[0].where).startswith(str(plan))
    assert [p.code for p in problems] == ["unknown-unit", "to-mismatch"]
    assert problems[1].message.startswith("machinery-station.name: the plan gives '农机站', "
                                          "the target says '农机服务站' (no event")


def test_the_result_keeps_the_reported_figures(write: Any) -> None:
    write("old.yaml", Path(OLD).read_text(encoding="utf-8").replace(
        "name: 旧镇\n", "name: 旧镇\nreported:\n  - {id: moved, name: 下沉编制, value: 5}\n"))
    plan = _plan_file(write, "  - {type: change-rank, unit: town, rank: 正科}\n")
    assert [f.value for f in account(plan).after.reported] == [5]


def test_update_names_the_fields_it_may_set(write: Any) -> None:
    problems = _refused_plan(write, "  - {type: update, unit: town, set: {rank: 正科}}\n")
    assert len(problems) == 1 and "'update' cannot set rank" in problems[0].message
    assert "public_class" in problems[0].message


def test_a_verified_plan_over_an_unverified_structure_gives_an_unverified_result() -> None:
    plan = plan_with([], verified=True)
    assert not plan.before.verified and not plan.apply().verified
    verified = plan_with([], verified=True)
    object.__setattr__(verified.before, "verified", True)
    assert verified.apply().verified
    assert not plan_with([], verified=False).apply().verified


def test_end_co_location_ends_exactly_that_link() -> None:
    begin = {"type": "begin-co-location", "unit": "agri-station", "with": "culture-station"}
    end = {"type": "end-co-location", "unit": "agri-station", "with": "culture-station"}
    outcome = plan_with([begin, end]).run()
    assert outcome.problems == ()
    assert not any(k.type == "co-location" for k in outcome.structure.unit("agri-station").links)
    kept = plan_with([begin, {**end, "with": "town"}]).run()  # not co-located with 'town'
    assert [p.code for p in kept.problems] == ["event"]
    assert "is not co-located with 'town'" in kept.problems[0].message
    assert [(k.type, k.with_) for k in kept.structure.unit("agri-station").links
            if k.type == "co-location"] == [("co-location", "culture-station")]
