"""Evidence for each fact: levels, sources, the rule, the chart marks and ``orgchart audit``."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.charts import to_dot
from orgchart.cli import cli
from orgchart.model.structure import Structure
from orgchart.rules.checks import check
from orgchart.tasks.modelfile import read_model
from orgchart.views.audit import audit_csv, audit_text

DATA = Path("tests/data/evidence")
TOWN = "models/hunan/township-2019.yaml"



def _load(name: str) -> Structure:
    return orgchart.load_structure(DATA / name)


def _weak(problems: list[orgchart.Problem]) -> list[orgchart.Problem]:
    return [p for p in problems if p.code == "weak-evidence"]


def test_verified_on_a_mirror_alone_is_flagged_at_the_fact() -> None:
    weak = _weak(check(_load("mirror.yaml")))
    named = {p.where.line: p for p in weak}
    assert set(named) == {14, 16}  # name (a mirror), kind (one paper on two hosts' names)
    assert named[14].severity == "warning"
    assert "town.name" in named[14].message and "copies.example (mirror)" in named[14].message
    assert str(named[14].where) == f"{DATA / 'mirror.yaml'}:14:13"


def test_two_independent_non_official_sources_pass() -> None:
    s = _load("mirror.yaml")
    town = s.unit("town")
    assert s.evidence(town, "category").verified
    assert not any("town.category" in p.message for p in _weak(check(s)))


def test_weak_evidence_is_an_error_only_under_strict() -> None:
    path = str(DATA / "mirror.yaml")
    loose = CliRunner().invoke(cli, ["validate", path])
    strict = CliRunner().invoke(cli, ["validate", "--strict", path])
    assert loose.exit_code == 0, loose.output
    assert "2 warning(s)" in loose.output
    assert strict.exit_code == 1
    assert "weak-evidence" in strict.output


def test_fact_level_overrides_the_units_and_the_units_the_files() -> None:
    s = _load("levels.yaml")
    town, office = s.unit("town"), s.unit("office")
    assert (s.evidence(town, "kind").level, s.evidence(town, "kind").basis) == ("inferred", "fact")
    assert (s.evidence(town, "name").level, s.evidence(town, "name").basis) == ("reported", "unit")
    assert (s.evidence(office, "rank").level, s.evidence(office, "rank").basis) == \
        ("partial", "file")


def test_old_flags_are_defaults() -> None:
    s = _load("levels.yaml")
    old, est = s.unit("old-flag"), s.unit("estimated")
    assert s.evidence(old, "name").level == "inferred"  # verified: false
    assert not s.is_verified(old) and s.is_estimated(old)
    assert s.is_verified(est) and s.is_estimated(est)  # staffing_estimated: true
    assert s.evidence(est, "staffing").level == "inferred"
    assert s.evidence(est, "rank").level == "verified"


def test_nothing_stated_is_not_verified_nor_an_estimate() -> None:
    s = orgchart.load_structure("tests/data/minimal.yaml")
    u = s.units[0]
    assert s.evidence(u, "name").level is None
    assert not s.is_verified(u) and not s.is_estimated(u)


def test_a_source_cited_by_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    text = (DATA / "mirror.yaml").read_text(encoding="utf-8").replace("[paper, blog]",
                                                                      "[paper, blg]")
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    found = [p for p in check(orgchart.load_structure(path)) if p.code == "unknown-source"]
    assert [str(p.where) for p in found] == [f"{path}:15:55"]
    assert found[0].is_error and "'blg'" in found[0].message


def test_a_verified_event_needs_an_official_source_too() -> None:
    found = _weak(read_model(DATA / "plan.yaml").problems)
    assert len(found) == 1
    assert "event 1 (rename)" in found[0].message and found[0].where.line == 8


def _label(dot: str, unit: str) -> str:
    match = re.search(rf'^\s*"{unit}" \[(.*)\]$', dot, re.M)
    assert match, unit
    return match.group(1)


def test_only_staffing_unverified_marks_the_badge_not_the_name() -> None:
    label = _label(to_dot(_load("marks.yaml")), "town")
    assert "≈行5" in label
    assert "※" not in label and "†" not in label and "dashed" not in label


def test_an_inferred_unit_gets_the_name_mark_and_a_dashed_frame() -> None:
    label = _label(to_dot(_load("marks.yaml")), "office")
    assert "党政办公室</B>※" in label and 'style="filled,dashed"' in label


def test_other_facts_not_verified_are_marked_where_drawn() -> None:
    label = _label(to_dot(_load("marks.yaml")), "centre")
    assert "农业综合服务中心</B>†" in label  # the rank, not in the box
    assert "（挂动物防疫站牌子）†" in label  # the nameplate
    assert "※" not in label and "dashed" not in label


def _legend(dot: str) -> str:
    return dot.rsplit("graph [label=", 1)[1]


def test_the_legend_lists_each_mark_used() -> None:
    legend = _legend(to_dot(_load("marks.yaml")))
    assert "※ ┆" in legend and "未经核实（含推定、估算）" in legend
    assert "†" in legend and "此项未经核实" in legend
    assert "≈ 编制数未经核实" in legend


def test_the_legend_leaves_out_marks_not_used() -> None:
    s = _load("marks.yaml")
    verified = Structure(s.id, s.name, units=(s.unit("town"),), default_evidence="verified")
    legend = _legend(to_dot(verified, staffing=False))
    assert "†" not in legend and "※" not in legend and "≈" not in legend
    no_marks = _legend(to_dot(s, mark_unverified=False))
    assert "†" not in no_marks and "※" not in no_marks


def test_audit_of_a_shipped_model_text_and_csv(golden: Callable[[str, str], None]) -> None:
    model = orgchart.load(TOWN)
    assert not isinstance(model, orgchart.Catalogue)
    golden("audit-township-2019.txt", audit_text(model))
    golden("audit-township-2019.csv", audit_csv(model))


def test_audit_cli_formats_and_a_catalogue_refused() -> None:
    text = CliRunner().invoke(cli, ["audit", "--lang", "en", str(DATA / "levels.yaml")])
    assert text.exit_code == 0
    assert text.output.splitlines()[1] == "  verified 4, partial 5, reported 2, inferred 7"
    zh = CliRunner().invoke(cli, ["audit", str(DATA / "levels.yaml")])
    assert zh.output.splitlines()[1] == "  已核实 4，部分核实 5，来源报道 2，推定 7"
    csv = CliRunner().invoke(cli, ["audit", "--format", "csv", str(DATA / "plan.yaml")])
    assert csv.exit_code == 0
    assert csv.output.splitlines()[1].startswith("evidence-plan,office,党政办公室,event,1. 更名,"
                                                 "verified,fact,news,")
    cat = CliRunner().invoke(cli, ["audit", "models/catalogues/township-functions.yaml"])
    assert cat.exit_code == 1 and "Traceback" not in cat.output
    assert "no units to audit" in cat.output


@pytest.mark.parametrize("level", ["partial", "reported", "inferred"])
def test_a_level_below_verified_is_not_verified(level: str) -> None:
    u = orgchart.Unit(id="o", name="党政办", kind="office", category="party-government")
    s = Structure("t", "T", units=(u,), default_evidence=level)
    assert not s.is_verified(u)


def test_the_json_schema_takes_evidence_as_written() -> None:
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(orgchart.json_schema())
    for name in ("marks.yaml", "mirror.yaml", "levels.yaml", "plan.yaml"):
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], name
    bad = yaml.safe_load((DATA / "levels.yaml").read_text(encoding="utf-8"))
    bad["units"][0]["facts"] = {"kind": "certain"}
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize("name", ["levels.yaml", "mirror.yaml", "../minimal.yaml"])
def test_evidence_survives_a_yaml_round_trip(name: str, tmp_path: Path) -> None:
    from orgchart.exports.canonical import to_yaml

    s = _load(name)
    path = tmp_path / "again.yaml"
    path.write_text(to_yaml(s, path), encoding="utf-8")
    again = orgchart.load_structure(path)
    for u in s.units:
        for fact in ("name", "kind", "rank", "staffing", "category"):
            assert again.evidence(again.unit(u.id), fact) == s.evidence(u, fact), (u.id, fact)
