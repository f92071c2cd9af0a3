"""Approximate dates: written as a year, a year and month or "about", checked and printed so."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import orgchart
from orgchart import When
from orgchart.cli import cli
from orgchart.exports import export
from orgchart.exports.canonical import to_json, to_yaml

GOV = "  - {id: gov, name: 镇政府, kind: government, category: leadership}\n"

TOWN = f"""structure: town
name: 某镇
as_of: 2019
valid_from: 2019-06
valid_to: about 2023
sources:
  - {{title: 某镇志, date: 2018}}
units:
{GOV}  - id: office
    name: 党政办
    kind: office
    category: party-government
    parent: gov
    valid_from: 约2019年6月
    valid_to: unknown
"""


def _codes(s: orgchart.Structure) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in orgchart.check(s)]


def _unit_dates(valid_from: str, valid_to: str) -> str:
    return (f"structure: s\nname: s\nunits:\n{GOV}  - {{id: a, name: a, kind: office, category: "
            f"party-government, parent: gov, valid_from: '{valid_from}', "
            f"valid_to: '{valid_to}'}}\n")


@pytest.mark.parametrize("dump", [to_yaml, to_json])
def test_year_and_month_dates_survive_a_round_trip(write: Any, dump: Any) -> None:
    town = orgchart.load_structure(write("town.yaml", TOWN))
    again = orgchart.load_structure(write("again.yaml", dump(town)))
    assert again == town
    got = {k: str(getattr(again, k)) for k in ("as_of", "valid_from", "valid_to")}
    assert got == {"as_of": "2019", "valid_from": "2019-06", "valid_to": "about 2023"}
    office = again.unit("office")
    assert (str(office.valid_from), str(office.valid_to)) == ("about 2019-06", "?")
    assert str(again.sources[0].date) == "2018"


def test_canonical_json_writes_dates_as_written(write: Any) -> None:
    data = json.loads(to_json(orgchart.load_structure(write("town.yaml", TOWN))))
    assert (data["as_of"], data["valid_from"], data["valid_to"]) == ("2019", "2019-06",
                                                                     "about 2023")
    assert data["units"][1]["valid_from"] == "about 2019-06"
    assert data["sources"][0]["date"] == "2018"


@pytest.mark.parametrize("written", ["about 2019", "约2019", "~2019", "约 2019年", "2019年左右",
                                     "circa 2019"])
def test_about_2019_parses_and_prints_as_written(written: str) -> None:
    when = When.parse(written)
    assert when == When(2019, about=True)
    assert str(when) == "about 2019" and When.parse(str(when)) == when
    assert (when.text("zh"), when.text("en")) == ("约2019", "about 2019")


def test_show_and_chart_title_print_an_about_date_as_written(write: Any) -> None:
    path = write("s.yaml", f"structure: s\nname: 某镇\nas_of: about 2019\nunits:\n{GOV}")
    s = orgchart.load_structure(path)
    assert orgchart.format_tree(s).splitlines()[0] == "某镇 [s]  截至 约2019"
    assert orgchart.format_tree(s, lang="en").splitlines()[0] == "某镇 [s]  as of about 2019"
    assert "截至 约2019" in orgchart.to_dot(s)


def test_ordering_respects_precision() -> None:
    year, june = When.parse("2019"), When.parse("2019-06")
    assert not year.surely_before(june) and not june.surely_after(year)
    assert year.may_overlap(june)
    assert When.parse(2018).surely_before(june) and june.surely_after(When(2018))
    assert not When.parse("about 2018").surely_before(june)  # 2017-2019: may be June 2019
    assert When.parse("about 2017").surely_before(june)
    unknown = When.parse("?")
    assert not unknown.surely_before(year) and not unknown.surely_after(year)
    assert When(2019, 6, 30).surely_before(dt.date(2019, 7, 1))
    assert not When(2019, 6, 30).surely_before(dt.date(2019, 6, 30))


def test_equal_dates_are_written_alike_and_hash_alike() -> None:
    assert When.parse("2019-01-01") != When.parse("2019")
    assert When.parse(dt.date(2019, 1, 1)) == When.parse("2019-1-1")
    assert len({When.parse("2019"), When.parse(2019), When.parse("2019年")}) == 1
    with pytest.raises(TypeError):
        When(2019) < When(2020)  # type: ignore[operator]  # noqa: B015


@pytest.mark.parametrize(("valid_from", "valid_to", "expected"), [
    ("2019-06", "2019-05-31", [("date-order", "error")]),   # surely before
    ("2019-06", "2019-06-01", [("date-order", "warning")]),  # may be before
    ("2019-06", "2019-06-30", []),  # the last day of June: not before any day of it
    ("2019-06", "2019-07", []),
    ("2019", "2018", [("date-order", "error")]),
    ("2019", "2019", [("date-order", "warning")]),
    ("2019-06", "2019", [("date-order", "warning")]),
    ("2019-06", "2018-12-31", [("date-order", "error")]),
    ("2019-06", "about 2019", [("date-order", "warning")]),
    ("2019-06", "about 2017", [("date-order", "error")]),
    ("2019-06", "unknown", []),
    ("?", "2000", []),
])
def test_valid_to_before_valid_from_at_the_boundaries(write: Any, valid_from: str,
                                                       valid_to: str, expected: Any) -> None:
    s = orgchart.load_structure(write("s.yaml", _unit_dates(valid_from, valid_to)))
    assert _codes(s) == expected


def test_the_structure_date_order_respects_precision(write: Any) -> None:
    path = write("s.yaml", f"structure: s\nname: s\nvalid_from: 2019\nvalid_to: 2019-03\n"
                           f"units:\n{GOV}")
    problems = orgchart.check(orgchart.load_structure(path))
    assert [(p.code, p.severity, p.where.line) for p in problems] == [
        ("date-order", "warning", 4)]


def test_jsonld_types_dates_by_their_precision(write: Any) -> None:
    data = json.loads(export(orgchart.load_structure(write("town.yaml", TOWN)), "jsonld"))
    nodes = {n["@id"]: n for n in data["@graph"]}
    town, office = nodes["urn:orgchart:town"], nodes["urn:orgchart:unit/town/office"]
    assert town["oc:asOf"] == {"@type": "xsd:gYear", "@value": "2019"}
    assert town["oc:validFrom"] == {"@type": "xsd:gYearMonth", "@value": "2019-06"}
    assert town["oc:validTo"] == {"@type": "http://id.loc.gov/datatypes/edtf/EDTF",
                                  "@value": "2023~"}
    assert office["oc:validFrom"]["@value"] == "2019-06~"
    assert "oc:validTo" not in office  # unknown: left out


def test_jsonld_plan_effective_date_keeps_its_precision(write: Any) -> None:
    old = write("old.yaml", f"structure: old\nname: old\nunits:\n{GOV}")
    plan = orgchart.load(write("plan.yaml", f"reorganisation: p\nname: p\nfrom: {old}\n"
                                            "effective: 2019-06\nevents: []\n"))
    data = json.loads(export(plan, "jsonld"))  # type: ignore[arg-type]
    event = next(n for n in data["@graph"] if n["@id"] == "urn:orgchart:change/p")
    assert event["prov:startedAtTime"] == {"@type": "xsd:gYearMonth", "@value": "2019-06"}


def test_popolo_keeps_reduced_precision_and_leaves_out_approximate_dates(write: Any) -> None:
    text = _unit_dates("2019-06", "about 2023")
    orgs = json.loads(export(orgchart.load_structure(write("s.yaml", text)), "popolo"))
    unit = next(o for o in orgs["organizations"] if o["id"] == "s/a")
    assert unit["founding_date"] == "2019-06" and "dissolution_date" not in unit


def test_gexf_spans_a_year_from_its_first_to_its_last_day(write: Any) -> None:
    text = _unit_dates("2019", "about 2023-02")
    g = nx.read_gexf(__import__("io").StringIO(
        export(orgchart.load_structure(write("s.yaml", text)), "gexf")))
    a = g.nodes["a"]
    assert (a["start"], a["end"]) == ("2019-01-01", "2023-03-31")
    assert (a["valid_from"], a["valid_to"]) == ("2019", "about 2023-02")


def test_an_invalid_date_is_one_located_line_with_the_accepted_forms(write: Any) -> None:
    path = write("s.yaml", f"structure: s\nname: s\nas_of: 2019/06\nunits:\n{GOV}")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if "s.yaml:" in x]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].endswith(f"s.yaml:3:8: bad-value: as_of: '2019/06' is not a date; write "
                             f"{orgchart.base.when.ACCEPTED}")
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in lines[0] and "about 2019" in lines[0]


def test_a_structure_does_not_take_its_templates_dates(write: Any) -> None:
    write("template.yaml", f"structure: t\nname: 模板\ntemplate: true\nas_of: 2020-12-31\n"
                           f"valid_from: 2019-01-01\nvalid_to: 2024\nunits:\n{GOV}")
    town = orgchart.load_structure(write("town.yaml", "structure: town\nname: 某镇\n"
                                                      "extends: template.yaml\n"))
    assert (town.as_of, town.valid_from, town.valid_to) == (None, None, None)
    assert "截至" not in orgchart.to_dot(town)
    assert "截至" not in orgchart.format_tree(town)
    own = orgchart.load_structure(write("own.yaml", "structure: own\nname: 某镇\n"
                                                    "extends: template.yaml\nas_of: 2023\n"))
    assert str(own.as_of) == "2023" and "截至 2023" in orgchart.to_dot(own)


def test_a_plan_cannot_take_effect_before_its_structure_was_in_force(write: Any) -> None:
    old = write("old.yaml", f"structure: old\nname: old\nvalid_from: 2019-06\nunits:\n{GOV}")
    plan_text = f"reorganisation: p\nname: p\nfrom: {old}\neffective: EFFECTIVE\nevents: []\n"
    for effective, expected in (("2019", []), ("2019-06-01", []),
                                ("2018", [("effective-date", "error")])):
        plan = orgchart.load_plan(write("p.yaml", plan_text.replace("EFFECTIVE", effective)))
        found = [(p.code, p.severity) for p in orgchart.account(plan).problems]
        assert found == expected, effective


def test_a_plan_after_the_end_of_its_structure_or_off_its_target_is_warned(write: Any) -> None:
    old = write("old.yaml", f"structure: old\nname: old\nvalid_to: 2018-12-31\nunits:\n{GOV}")
    new = write("new.yaml", f"structure: new\nname: old\nvalid_from: 2019\nunits:\n{GOV}")
    plan_text = (f"reorganisation: p\nname: p\nfrom: {old}\nto: {new}\neffective: EFFECTIVE\n"
                 "events: []\nresult: {structure: new}\n")
    for effective, n in (("2019-01-01", 0), ("about 2019", 0), ("2019-02", 1), ("2018-06", 2)):
        plan = orgchart.load_plan(write("p.yaml", plan_text.replace("EFFECTIVE", effective)))
        found = [p for p in orgchart.account(plan).problems if p.code == "effective-date"]
        assert [p.severity for p in found] == ["warning"] * n, effective


@pytest.mark.parametrize(("text", "ok"), [
    ("2019", True), ("2019-06", True), ("2019-06-30", True), ("about 2019", True),
    ("约2019年6月", True), ("2019年左右", True), ("unknown", True), ("?", True),
    ("2019/06", False), ("June 2019", False), ("19", False)])
def test_the_json_schema_accepts_the_dates_the_loader_accepts(text: str, ok: bool) -> None:
    import re

    schema = orgchart.json_schema()["$defs"]["Source"]["properties"]["date"]["anyOf"][0]
    pattern = schema["anyOf"][0]["pattern"]
    assert bool(re.match(pattern, text)) is ok
    try:
        When.parse(text)
        parsed = True
    except ValueError:
        parsed = False
    assert parsed is ok


def test_csv_tables_keep_dates_as_written_and_read_them_back(tmp_path: Any, write: Any) -> None:
    from orgchart.exports.tables import csv_warning, units_csv
    from orgchart.read.tables import table_structure

    s = orgchart.load_structure(write("s.yaml", _unit_dates("2019", "about 2023-06")))
    text = units_csv(s)
    header, _gov, unit = (line.split(",") for line in text.splitlines())
    row = dict(zip(header, unit, strict=True))
    assert (row["valid_from"], row["valid_to"]) == ("2019", "about 2023-06")
    assert "valid_from" not in csv_warning(s)
    table = tmp_path / "t.csv"
    table.write_text(text, encoding="utf-8")
    back, problems = table_structure(table, "s", "s")
    assert problems == [] and back.unit("a").valid_to == When(2023, 6, about=True)


def test_a_bad_date_cell_is_refused_at_its_cell(tmp_path: Any) -> None:
    from orgchart.read.tables import table_structure

    table = tmp_path / "t.csv"
    table.write_text("id,name,kind,category,valid_from\ngov,镇政府,government,leadership,"
                     "2019\na,a,office,party-government,2019/06\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        table_structure(table, "s", "s")
    problems = err.value.problems
    assert [str(p).split(": ", 1)[0] for p in problems] == [f"{table}:3:5"]
    assert "is not a date; write YYYY" in problems[0].message
