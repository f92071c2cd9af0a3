"""The shipped reference models against the facts they rest on.

Every expected number here is a fact from the source article (湖南日报 2023-09-15) or from
the NBS 2023 division codes; everything else is computed from the models themselves.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import orgchart
from orgchart import Structure
from orgchart.model.tally import Tally

COUNTY = "models/liuyang/county.yaml"
STANDARD = "models/hunan/township-2019.yaml"
OLD = "models/hunan/old-layout.yaml"
FOUR_OFFICE = ("models/hunan/huochang-2024.yaml", "models/hunan/reshi-2024.yaml")
SUBDISTRICT = "models/changsha/xueshi-2018.yaml"
WENYILU = "models/changsha/wenyilu-2020.yaml"
STANDARD_ID = "hunan-township-2019"

# NBS 2023 statistical division codes: Liuyang's 32 township-level bodies.
LIUYANG = {
    "430181001": "淮川街道", "430181002": "集里街道", "430181003": "荷花街道",
    "430181004": "关口街道", "430181102": "社港镇", "430181104": "官渡镇",
    "430181105": "张坊镇", "430181106": "达浒镇", "430181107": "沿溪镇",
    "430181108": "古港镇", "430181109": "永和镇", "430181110": "大瑶镇",
    "430181111": "金刚镇", "430181112": "文家市镇", "430181114": "枨冲镇",
    "430181115": "镇头镇", "430181116": "普迹镇", "430181117": "永安镇",
    "430181118": "北盛镇", "430181120": "龙伏镇", "430181121": "澄潭江镇",
    "430181122": "中和镇", "430181123": "柏加镇", "430181124": "洞阳镇",
    "430181125": "大围山镇", "430181126": "沙市镇", "430181127": "淳口镇",
    "430181128": "高坪镇", "430181130": "官桥镇", "430181131": "葛家镇",
    "430181132": "蕉溪镇", "430181201": "小河乡",
}
# The fireworks towns modelled as adjusted (domain.md §4.2: the three towns sources name).
FIREWORKS = {"大瑶镇", "金刚镇", "澄潭江镇"}
SUFFIX_LEVEL = {"街道": "subdistrict", "镇": "town", "乡": "township"}


@pytest.fixture(scope="module")
def county() -> Structure:
    return orgchart.load_structure(COUNTY)


def _all_structures() -> list[Structure]:
    found = []
    for path in orgchart.find_models("models"):
        model = orgchart.load(path)
        if isinstance(model, Structure):
            found.append(model)
    return found


def _chain(s: Structure) -> list[str]:
    ids = []
    base = s.extends
    while base is not None:
        ids.append(base.id)
        base = base.extends
    return ids


def _functions(s: Structure) -> set[str]:
    return {f for u in s for f in u.functions}


def _slots(s: Structure) -> tuple[int, int, int, int]:
    offices = [u for u in s if u.kind == "office" and u.category == "party-government"]
    kinds = Counter(u.kind for u in s)
    return len(offices), kinds["team"], kinds["station"], kinds["centre"]


def test_county_has_the_32_bodies_of_the_nbs_list(county: Structure) -> None:
    assert county.level == "county" and county.code == "430181"
    codes = [m.code for m in county.members]
    assert len(codes) == 32 and len(set(codes)) == 32
    assert all(c is not None and len(c) == 9 and c.startswith("430181") for c in codes)
    assert {m.code: m.place for m in county.members} == LIUYANG
    assert {m.name for m in county.members} == {f"{p}机构设置" for p in LIUYANG.values()}


def test_county_members_by_level(county: Structure) -> None:
    assert Counter(m.level for m in county.members) == {
        "subdistrict": 4, "town": 27, "township": 1}
    for m in county.members:
        assert m.place is not None
        suffix = next(s for s in SUFFIX_LEVEL if m.place.endswith(s))
        assert m.level == SUFFIX_LEVEL[suffix], m.place


def test_every_town_file_is_a_member() -> None:
    files = {p.resolve() for p in Path("models/liuyang/towns").glob("*.yaml")}
    county = orgchart.load_structure(COUNTY)
    assert {Path(m.path).resolve() for m in county.members} == files


# Units a structure on the standard layout has beside the 11 slots, with the reason.
# 沙市镇: the reconstructed reform renames (not abolishes) its poverty station (audit E13).
BESIDE_THE_SLOTS = {"liuyang-shashi": {"rural-revitalisation-station"}}


def test_every_structure_on_the_standard_layout_is_6_1_1_3() -> None:
    on_standard = [s for s in _all_structures() if STANDARD_ID in _chain(s)]
    assert len(on_standard) >= 32
    template_ids = {u.id for u in orgchart.load_structure(STANDARD)}
    for s in on_standard:
        extra = {u.id for u in s} - template_ids
        assert extra == BESIDE_THE_SLOTS.get(s.id, set()), s.id
        in_slots = [u for u in s if u.id in template_ids]
        offices = [u for u in in_slots if u.kind == "office" and u.category == "party-government"]
        kinds = Counter(u.kind for u in in_slots)
        slots = (len(offices), kinds["team"], kinds["station"], kinds["centre"])
        assert slots == (6, 1, 1, 3), s.id


def test_shashi_keeps_its_renamed_poverty_station() -> None:
    town = orgchart.load_structure("models/liuyang/towns/shashi.yaml")
    station = town.unit("rural-revitalisation-station")
    assert station.name == "乡村振兴工作站" and not town.is_verified(station)
    assert "rural-revitalisation" in station.functions
    assert "rural-revitalisation" not in town.unit("economic-office").functions


def test_standard_template_itself_is_6_1_1_3() -> None:
    assert _slots(orgchart.load_structure(STANDARD)) == (6, 1, 1, 3)


def test_members_extend_the_standard_layout(county: Structure) -> None:
    for m in county.members:
        assert STANDARD_ID in _chain(m), m.id
        assert not m.template and not m.verified
        titles = " ".join(src.title for src in m.sources)
        assert "湖南日报 2023-09-15" in titles and "国家统计局" in titles, m.id


def _reported(county: Structure, figure: str) -> int:
    return next(f.value for f in county.reported if f.id == figure)


def test_32_comprehensive_enforcement_teams(county: Structure) -> None:
    teams = [u for m in county.members for u in m
             if u.category == "enforcement" and u.kind == "team"]
    assert len(teams) == 32 == _reported(county, "town-enforcement-teams")
    own = [u for u in county if u.category == "enforcement"]
    # 7 county teams are reported; the article names only some, and only those are modelled
    assert _reported(county, "county-enforcement-teams") == 7
    assert 1 <= len(own) <= 7


def test_the_article_figures_are_data_with_their_source(county: Structure) -> None:
    assert {f.id: f.value for f in county.reported} == {
        "posts-moved-down": 644, "civil-servants-recruited": 778,
        "county-enforcement-teams": 7, "town-enforcement-teams": 32}
    for figure in county.reported:
        assert any("湖南日报 2023-09-15" in s.title for s in figure.sources), figure.id
        assert not figure.verified  # from the article, not re-verified


def test_posts_moved_down_in_modelled_plans_fit_the_reported_total(county: Structure) -> None:
    """The 644 posts are not split by town in any source: the modelled plans may take some
    of them (as estimates), never more than the article's total."""
    moved = 0
    for path in Path("models/liuyang/reform").glob("*.yaml"):
        model = orgchart.load(path)
        if isinstance(model, orgchart.Reorganisation):
            acc = orgchart.account(model)
            moved += sum(r.moved_in for r in acc.staffing if r.type in ("admin", "institution"))
    assert 0 < moved <= _reported(county, "posts-moved-down")


def test_fireworks_towns_hold_fireworks_safety(county: Structure) -> None:
    holders = {m.place for m in county.members if "fireworks-safety" in _functions(m)}
    assert holders == FIREWORKS


def test_poverty_alleviation_renamed_to_rural_revitalisation(county: Structure) -> None:
    for m in county.members:
        functions = _functions(m)
        assert "poverty-alleviation" not in functions, m.id
        assert "rural-revitalisation" in functions, m.id
    assert "poverty-alleviation" in _functions(orgchart.load_structure(STANDARD))


def test_subdistricts_are_led_by_a_working_committee_and_office(county: Structure) -> None:
    for m in county.members:
        if m.level == "subdistrict":
            assert [r.name for r in m.roots()] == [f"{m.place}党工委、办事处"]


def test_old_layout_covers_every_function_of_the_standard_layout() -> None:
    old = orgchart.load_structure(OLD)
    new = orgchart.load_structure(STANDARD)
    assert _functions(new) <= _functions(old), _functions(new) - _functions(old)
    assert any("poverty-alleviation" in u.functions for u in old)


def test_old_layout_staffing_follows_the_no_mixing_rule() -> None:
    old = orgchart.load_structure(OLD)
    for u in old:
        if u.staffing.admin:
            assert u.category in {"leadership", "party-government"}, u.id
        if u.staffing.institution:
            assert u.category == "public-institution", u.id
        if u.category in {"stationed", "vertical"}:
            assert u.staffing.quota == 0, u.id  # posts of the county department
    posts = old.totals().quota.value
    assert posts is not None
    assert 100 <= posts <= 120  # a mid-sized Hunan town (domain brief)


def test_county_rollup_adds_up_its_members(county: Structure) -> None:
    total = county.rollup()
    parts = [county.totals(), *(m.totals() for m in county.members)]
    for field in ("admin", "institution", "worker", "heads", "deputies"):
        assert getattr(total, field) == sum((getattr(p, field) for p in parts), Tally()), field
    assert total.quota == sum((p.quota for p in parts), Tally())
    assert total.quota.known > 0


@pytest.mark.parametrize("path", FOUR_OFFICE)
def test_four_office_towns_are_real_towns_as_their_sources_list_them(path: str) -> None:
    """Sources C and D (audit E1-E3): each town keeps 党建办公室, has no 社会事务办公室, and
    neither is a template or a dated successor of the 2019 layout."""
    town = orgchart.load_structure(path)
    offices = {u.name for u in town if u.kind == "office" and u.category == "party-government"}
    assert len(offices) == 4 and "党建办公室" in offices and "社会事务办公室" not in offices
    assert not town.template and town.successor_of is None and town.valid_from is None
    assert town.code is not None and town.place is not None
    assert all(u.staffing.quota is None for u in town)  # no source splits the posts by unit
    assert {f.id for f in town.reported} >= {"posts", "admin-posts", "institution-posts"}


def test_the_two_four_office_towns_differ() -> None:
    huochang, reshi = (orgchart.load_structure(p) for p in FOUR_OFFICE)
    names = [{u.name for u in s} for s in (huochang, reshi)]
    assert "经济和生态办公室" in names[0] and "经济发展办公室" in names[1]
    assert "生态事务中心" in names[1] and "生态事务中心" not in names[0]
    assert huochang.verified and not reshi.verified  # D was not re-read: drawn unverified


def test_xueshi_plan_is_6_offices_2_centres_1_team_with_its_nameplates() -> None:
    """Source F (学士街道's reading of its plan, audit E4-E5): one sub-district, not a template,
    with every nameplate the plan gives."""
    s = orgchart.load_structure(SUBDISTRICT)
    assert s.level == "subdistrict" and not s.template and s.place == "学士街道"
    assert _slots(s) == (6, 1, 0, 2)
    plates = {u.name: set(u.nameplates) for u in s if u.nameplates}
    assert plates == {"党政综合办公室": {"财政所"}, "城市管理办公室": {"城管指挥调度中心"},
                      "公共服务办公室": {"行政审批服务办公室"}, "公共安全办公室": {"综治中心"},
                      "农业农村办公室": {"征拆安置办公室"}, "政务服务中心": {"党群服务中心"}}


def test_wenyilu_differs_from_the_xueshi_plan() -> None:
    """Source G: 7 internal units, 3 second-level units, no 农业农村办公室 (audit E4)."""
    xueshi, wenyilu = (orgchart.load_structure(p) for p in (SUBDISTRICT, WENYILU))
    roots = {r.id for r in wenyilu.roots()}
    internal = [u for u in wenyilu if u.parent in roots and u.category != "public-institution"]
    second = [u for u in wenyilu if u.category == "public-institution"]
    assert len(internal) == 7 and len(second) == 3
    names = {u.name for u in wenyilu}
    assert "农业农村办公室" not in names and {"纪检监察室", "财政所"} <= names
    assert "农业农村办公室" in {u.name for u in xueshi}


REFORM = "models/liuyang/reform/shashi-reform.yaml"


def test_the_reform_plan_accounts_for_everything() -> None:
    plan = orgchart.load_plan(REFORM)
    acc = orgchart.account(plan)
    assert [str(p) for p in acc.problems if p.severity == "error"] == []
    assert plan.after is not None  # to-mismatch problems above would list any difference
    assert [u.id for u in acc.after.units] and {u.id for u in acc.after.units} == {
        u.id for u in plan.after.units}
    admin = next(r for r in acc.staffing if r.type == "admin")
    # the 行政编制 moved down (下沉) are exactly what the new layout holds beyond the old one
    assert admin.moved_in == (plan.after.totals().admin.known
                             - plan.before.totals().admin.known) == 14
    assert all(r.balanced for r in acc.staffing if r.checked)


def test_the_reform_renames_poverty_units_and_detaches_county_bodies() -> None:
    plan = orgchart.load_plan(REFORM)
    renames = [e for e in plan.events if e.type == "rename" and e.unit == "poverty-station"]
    assert [e.name for e in renames] == ["乡村振兴工作站"]
    # renamed, not abolished (audit E13): the renamed unit is in the result
    assert "rural-revitalisation-station" in {u.id for u in plan.apply().units}
    assert not [e for e in plan.events if e.type == "abolish"
                and e.unit in ("poverty-station", "rural-revitalisation-station")]
    detached = {e.unit for e in plan.events if e.type == "detach"}
    assert detached == {u.id for u in plan.before.units
                        if u.category in ("stationed", "vertical")}
    old_units = {u.id for u in plan.before.units}
    named = {e.unit for e in plan.events if isinstance(getattr(e, "unit", None), str)}
    named |= {u for e in plan.events for u in getattr(e, "units", ())}
    kept = old_units & {u.id for u in plan.apply().units}
    assert old_units <= named | kept  # every old unit is kept or named by an event


def test_estimated_staffing_is_inherited_and_drawn() -> None:
    town = orgchart.load_structure("models/liuyang/towns/shashi.yaml")
    assert town.staffing_estimated and town.is_estimated(town.unit("general-office"))
    assert "≈行8 工4 领1/1" in orgchart.to_dot(town)
    assert not orgchart.load_structure(SUBDISTRICT).staffing_estimated


def test_one_standard_reform_applies_to_another_town(write: object) -> None:
    root = Path.cwd()
    old = write("t/yanxi-old.yaml", "structure: yanxi-old\nname: 沿溪镇（改革前）\nplace: 沿溪镇\n"  # type: ignore[operator]
                f"extends: {root}/models/hunan/old-layout.yaml\n")
    # the reform keeps the renamed poverty station (as 沙市's file does): 沿溪镇's file plus it
    station = next(u for u in orgchart.load_structure("models/liuyang/towns/shashi.yaml")
                   if u.id == "rural-revitalisation-station")
    target = write("t/yanxi-after.yaml", "structure: yanxi-after\nname: 沿溪镇（改革后）\n"  # type: ignore[operator]
                   f"extends: {root}/models/liuyang/towns/yanxi.yaml\n"
                   "caps: [{category: party-government, max_units: 6}, "
                   "{category: enforcement, max_units: 1}, {kind: centre, max_units: 3}]\n"
                   "modify: {economic-office: {functions: [economy, statistics, rural-work]}}\n"
                   "units:\n  - {id: rural-revitalisation-station, name: 乡村振兴工作站, "
                   f"name_en: {station.name_en}, kind: station, category: public-institution, "
                   "parent: town, functions: [rural-revitalisation], "
                   "staffing: {institution: 3, heads: 1}, verified: false}\n")
    plan = write("t/yanxi-reform.yaml", "reorganisation: yanxi\nname: 沿溪镇乡镇机构改革\n"  # type: ignore[operator]
                 f"extends: {root}/{REFORM}\nfrom: {old.name}\n"
                 f"to: {target}\n")
    acc = orgchart.account(orgchart.load_plan(plan))
    assert [str(p) for p in acc.problems if p.severity == "error"] == []
    assert len(acc.plan.events) == len(orgchart.load_plan(REFORM).events)
    bad = write("t/bad.yaml", "reorganisation: b\nname: b\n"  # type: ignore[operator]
                f"extends: {root}/{REFORM}\nfrom: {old.name}\n"
                f"to: {root}/models/liuyang/towns/dayao.yaml\n")
    mismatch = [p for p in orgchart.account(orgchart.load_plan(bad)).problems
                if p.code == "to-mismatch"]
    assert any("fireworks-safety" in p.message for p in mismatch)  # 大瑶 differs: caught


def test_readme_counts_the_reform_events_right() -> None:
    import re

    readme = Path("README.md").read_text(encoding="utf-8")
    said = re.search(r"沙市镇 as (\d+) checked change events", readme)
    assert said is not None
    assert int(said[1]) == len(orgchart.load_plan(REFORM).events)
