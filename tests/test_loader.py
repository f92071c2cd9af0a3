from pathlib import Path

import pytest

import orgchart
from orgchart import ModelError

B = "tests/data/broken/"


def problems_of(path: str) -> list[str]:
    with pytest.raises(ModelError) as err:
        orgchart.load(path)
    return [str(p) for p in err.value.problems]


def test_minimal_model_loads_with_all_fields() -> None:
    s = orgchart.load_structure("tests/data/minimal.yaml")
    assert [u.id for u in s] == ["town", "office", "centre"]
    office = s.unit("office")
    assert office.kind == "office" and office.category == "party-government"  # Chinese aliases
    centre = s.unit("centre")
    assert centre.nameplates == ("动物防疫站",)
    assert centre.staffing.institution == 6 and centre.staffing.actual == 5
    assert s.functions["coordination"].name == "综合协调"
    assert s.outside_body("county-agri") is not None
    assert s.totals().admin.value == 9


def test_unknown_key_suggests_the_right_one() -> None:
    assert problems_of(B + "unknown-key.yaml") == [
        B + "unknown-key.yaml:8:5: unknown-key: unknown key 'partent' in units[0] "
        "(did you mean 'parent'?)"]


def test_every_type_problem_is_reported_at_once() -> None:
    found = problems_of(B + "bad-staffing.yaml")
    assert [f.split(": ")[0] for f in found] == [
        B + "bad-staffing.yaml:8:23", B + "bad-staffing.yaml:8:40", B + "bad-staffing.yaml:12:15"]
    assert "must not be below 0, not -3" in found[0]
    assert "expected a whole number, not 2.5" in found[1]
    assert "unknown category '党政结构' (did you mean 'party-government'?)" in found[2]


def test_missing_required_key(write: object) -> None:
    path = write("m.yaml", "structure: s\nunits:\n  - id: a\n    name: A\n    kind: office\n")  # type: ignore[operator]
    found = problems_of(str(path))
    assert any(f.endswith("missing-key: the file needs the key 'name'") for f in found)
    assert any(":3:5: missing-key: units[0] needs the key 'category'" in f for f in found)


def test_file_without_structure_key(write: object) -> None:
    path = write("x.yaml", "struture: s\nname: n\n")  # type: ignore[operator]
    assert "did you mean 'structure'?" in problems_of(str(path))[0]


def test_catalogue_file_loads() -> None:
    cat = orgchart.load("models/catalogues/township-functions.yaml")
    assert isinstance(cat, orgchart.Catalogue)
    assert "enforcement" in cat.functions


def test_unknown_unit_error_suggests() -> None:
    s = orgchart.load_structure("tests/data/minimal.yaml")
    with pytest.raises(orgchart.UnknownUnitError, match="did you mean 'office'"):
        s.unit("ofice")


def test_template_errors_point_into_the_template() -> None:
    s = orgchart.load_structure(B + "extends-bad-template.yaml")
    assert [str(p) for p in orgchart.check(s)] == [
        B + "template-bad.yaml:15:17: unknown-function: function 'no-such-function' of 'office' "
        "is not in the catalogue; add it under 'functions:'"]


def test_extends_loop_is_an_error() -> None:
    found = problems_of(B + "loop-a.yaml")
    assert found == [B + "loop-b.yaml:3:10: extends-loop: templates extend each other in a loop: "
                     "loop-a.yaml -> loop-b.yaml -> loop-a.yaml; remove one 'extends:'"]


def test_missing_template_is_an_error() -> None:
    assert problems_of(B + "missing-template.yaml")[0].startswith(
        B + "missing-template.yaml:3:10: missing-template: template '../nowhere/template.yaml'")


def test_override_mistakes_are_located_in_the_child() -> None:
    s = orgchart.load_structure(B + "extends-ops.yaml")
    found = [str(p) for p in orgchart.check(s)]
    assert [f.split(": ")[0:2] for f in found] == [
        [B + "extends-ops.yaml:5:9", "duplicate-id"],
        [B + "extends-ops.yaml:11:3", "unknown-unit"],
        [B + "extends-ops.yaml:12:10", "unknown-unit"],
    ]
    assert "did you mean 'office'?" in found[1] and "did you mean 'centre'?" in found[2]


TEMPLATE = """\
structure: tpl
name: 模板
template: true
place: ××镇
level: town
functions: {f1: 职能一, f2: 职能二}
caps: [{category: party-government, max_units: 2}]
units:
  - {id: gov, name: "{place}人民政府", kind: government, category: leadership}
  - {id: a, name: 甲办, kind: office, category: party-government, parent: gov,
     functions: [f1], staffing: {admin: 4, heads: 1}}
  - {id: b, name: 乙办, kind: office, category: party-government, parent: gov,
     nameplates: ["{place}乙牌"]}
  - {id: c, name: 丙中心, kind: centre, category: public-institution, parent: gov}
"""


def test_extends_add_replace_modify_remove(write: object) -> None:
    write("t/tpl.yaml", TEMPLATE)  # type: ignore[operator]
    child = write("t/town.yaml", """\
structure: town
name: 大瑶镇
place: 大瑶镇
code: 430181110
extends: tpl.yaml
units:
  - {id: d, name: 丁站, kind: station, category: public-institution, parent: gov}
replace:
  - {id: c, name: 新丙中心, kind: centre, category: public-institution, parent: gov}
modify:
  a: {name: 甲甲办, staffing: {admin: 6}}
remove: [b]
""")  # type: ignore[operator]
    s = orgchart.load_structure(child)
    assert [u.id for u in s] == ["gov", "a", "c", "d"]
    assert s.unit("gov").name == "大瑶镇人民政府"
    assert s.unit("a").name == "甲甲办"
    assert s.unit("a").staffing.admin == 6 and s.unit("a").staffing.heads == 1
    assert s.unit("c").name == "新丙中心"
    assert s.level == "town" and s.code == "430181110"
    assert set(s.functions) == {"f1", "f2"} and len(s.caps) == 1
    assert s.extends is not None and s.extends.unit("gov").name == "××镇人民政府"
    assert orgchart.check(s) == []
    assert str(s.locate("a", "staffing", "admin")).endswith("town.yaml:11:36")
    assert str(s.locate("a", "functions", 0)).endswith("tpl.yaml:11:18")


def test_place_in_nameplates(write: object) -> None:
    write("t/tpl.yaml", TEMPLATE)  # type: ignore[operator]
    child = write("t/t2.yaml", "structure: t2\nname: 金刚镇\nplace: 金刚镇\nextends: tpl.yaml\n")  # type: ignore[operator]
    assert orgchart.load_structure(child).unit("b").nameplates == ("金刚镇乙牌",)


def test_shared_catalogue_missing(write: object) -> None:
    path = write("c.yaml", "structure: s\nname: n\ncatalogues: [nope.yaml]\n")  # type: ignore[operator]
    assert "missing-catalogue" in problems_of(str(path))[0]


def test_load_structure_refuses_a_catalogue() -> None:
    with pytest.raises(ModelError, match="expected a structure file"):
        orgchart.load_structure("models/catalogues/township-functions.yaml")


def test_structure_equality_ignores_file_positions(tmp_path: Path) -> None:
    text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "copy.yaml").write_text("\n\n" + text, encoding="utf-8")
    assert orgchart.load("tests/data/minimal.yaml") == orgchart.load(tmp_path / "copy.yaml")


def test_load_structure_names_a_plan_for_what_it_is() -> None:
    with pytest.raises(ModelError, match="found a reorganisation plan"):
        orgchart.load_structure("tests/data/reorg/plan.yaml")


def test_a_cached_template_is_named_as_the_referring_file_names_it() -> None:
    relative = orgchart.load_structure("models/liuyang/towns/dayao.yaml")
    absolute = orgchart.load_structure(Path("models/liuyang/towns/dayao.yaml").resolve())
    # the town unit comes from the templates: its location follows the form of the path
    assert not Path(relative.locate("general-office").file).is_absolute()
    assert Path(absolute.locate("general-office").file).is_absolute()
    again = orgchart.load_structure("models/liuyang/towns/dayao.yaml")
    assert again.locate("general-office") == relative.locate("general-office")


def test_a_cached_template_is_read_again_when_a_template_it_extends_changes(
        tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "structure: c\nname: c\ntemplate: true\nunits:\n"
        "  - {id: gov, name: 政府, kind: government, category: leadership}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("structure: b\nname: b\ntemplate: true\nextends: c.yaml\n",
                                     encoding="utf-8")
    (tmp_path / "a.yaml").write_text("structure: a\nname: a\nextends: b.yaml\n",
                                     encoding="utf-8")
    assert orgchart.load_structure(tmp_path / "a.yaml").unit("gov").name == "政府"
    (tmp_path / "c.yaml").write_text(
        "structure: c\nname: c\ntemplate: true\nunits:\n"
        "  - {id: gov, name: 新的镇政府, kind: government, category: leadership}\n",
        encoding="utf-8")
    assert orgchart.load_structure(tmp_path / "a.yaml").unit("gov").name == "新的镇政府"


def test_a_reference_too_long_for_the_file_system_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(f"reorganisation: p\nname: p\nfrom: {'x' * 300}.yaml\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"p\.yaml:3:7: missing-structure: .* name too long"):
        orgchart.load(plan)


def _plan_files(folder: Path, gov: str = "政府") -> Path:
    (folder / "t.yaml").write_text(
        "structure: t\nname: t\ntemplate: true\nunits:\n"
        f"  - {{id: gov, name: {gov}, kind: government, category: leadership}}\n",
        encoding="utf-8")
    (folder / "town.yaml").write_text("structure: town\nname: town\nextends: t.yaml\n",
                                      encoding="utf-8")
    plan = folder / "p.yaml"
    plan.write_text("reorganisation: p\nname: p\nfrom: town.yaml\nto: town.yaml\nevents: []\n",
                    encoding="utf-8")
    return plan


def test_a_plan_leads_to_the_town_already_loaded(tmp_path: Path) -> None:
    plan = _plan_files(tmp_path)
    town = orgchart.load_structure(tmp_path / "town.yaml")
    assert orgchart.load_plan(plan).after is town  # not read and built a second time


def test_a_plan_reads_its_town_again_when_it_or_its_template_changes(tmp_path: Path) -> None:
    plan = _plan_files(tmp_path)
    town = orgchart.load_structure(tmp_path / "town.yaml")
    (tmp_path / "town.yaml").write_text("structure: town\nname: 新的 town\nextends: t.yaml\n",
                                        encoding="utf-8")
    after = orgchart.load_plan(plan).after
    assert after is not None and after.name == "新的 town"
    _plan_files(tmp_path, gov="新的镇政府")
    town = orgchart.load_structure(tmp_path / "town.yaml")
    (tmp_path / "t.yaml").write_text(
        "structure: t\nname: t\ntemplate: true\nunits:\n"
        "  - {id: gov, name: 又一个, kind: government, category: leadership}\n", encoding="utf-8")
    after = orgchart.load_plan(plan).after
    assert after is not None and after is not town and after.unit("gov").name == "又一个"
