"""Hostile input through the exports and the table import (issue 15: B12-B16)."""

from __future__ import annotations

import csv
import html
import io
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import orgchart
from orgchart.cli import cli
from orgchart.exports import export
from orgchart.exports.tables import relations_csv, units_csv
from orgchart.schema.structure import FunctionDef, Link, Unit
from orgchart.tasks.importing import table_to_structure
from orgchart.views.stats import format_stats, staffing_stats

#: What makes Excel or LibreOffice read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NASTY = ("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(1)", "\tx", "'quoted",
         "''twice", "=1;2", "a;b", "c；d", "back\\slash", "end\\", "\\;", "'=x")


def _structure(names: list[str], nameplates: list[list[str]], functions: list[str],
               note: str = "=1+1") -> orgchart.Structure:
    units = [Unit(id="gov", name="镇政府", kind="government", category="leadership")]
    for i, (name, plates) in enumerate(zip(names, nameplates, strict=False)):
        units.append(Unit(id=f"u{i}", name=name, kind="office", category="party-government",
                          parent="gov", nameplates=tuple(plates), functions=tuple(functions),
                          staffing={"admin": 2},
                          links=(Link.model_validate({"type": "guidance", "with": "gov",
                                                      "note": note}),)))
    return orgchart.Structure("t", "镇", units=tuple(units),
                              functions={f: FunctionDef(name=f) for f in functions})


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_no_exported_csv_cell_starts_a_formula() -> None:
    s = _structure(list(NASTY), [[n] for n in NASTY], ["=f", "-g;h"], note="@cmd")
    tables = {"units": units_csv(s), "relations": relations_csv(s),
              "stats": format_stats(staffing_stats(s, "unit"), [], "csv")}
    for what, text in tables.items():
        cells = _cells(text)
        assert any(c.startswith("'") for c in cells), what  # the names are in it
        bad = [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]
        assert bad == [], what


@pytest.mark.parametrize("start", FORMULA_START)
def test_every_formula_character_is_neutralised(start: str) -> None:
    from orgchart.exports.tables import write_csv

    text = write_csv(("a",), [[start + "1+cmd"]])
    cell = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row][1]
    assert cell == "'" + start + "1+cmd"


def _round_trip(s: orgchart.Structure) -> orgchart.Structure:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder, "t.csv")
        table.write_text(units_csv(s), encoding="utf-8-sig")
        Path(folder, "t-relations.csv").write_text(relations_csv(s), encoding="utf-8-sig")
        return table_to_structure(table, s.id, s.name)


def _as_in_table(s: orgchart.Structure) -> list[tuple[object, ...]]:
    return [(u.id, u.name, u.nameplates, u.functions, tuple((k.with_, k.note) for k in u.links))
            for u in s.units]


def test_csv_round_trip_keeps_formula_quotes_and_semicolons() -> None:
    # cells and list items are stripped on import: a nameplate keeps no surrounding blanks
    plates = [n for n in NASTY if n == n.strip()]
    s = _structure(list(NASTY), [plates, ["x", "'"]] * (len(NASTY) // 2),
                   ["f;1", "g\\", "h\\;", "-i", "=j"], note="'=HYPERLINK(1)")
    assert _as_in_table(_round_trip(s)) == _as_in_table(s)


_TRICKY = st.sampled_from(["=", "+", "-", "@", "'", ";", "；", "\\", "\t", " ", "a", "镇", "1",
                           '"', ",", "\n"])
_TEXT = st.text(_TRICKY, min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(_TEXT, min_size=1, max_size=3),
       plates=st.lists(st.lists(_TEXT, max_size=3), min_size=3, max_size=3),
       functions=st.lists(st.text(st.sampled_from(["=", "-", "@", ";", "；", "\\", "a", "职"]),
                                  min_size=1, max_size=5), max_size=3, unique=True),
       note=_TEXT)
def test_csv_round_trip_of_any_text(names: list[str], plates: list[list[str]],
                                    functions: list[str], note: str) -> None:
    s = _structure(names, plates, functions, note)
    assert _as_in_table(_round_trip(s)) == _as_in_table(s)


def test_cli_csv_round_trip_of_formula_names(tmp_path: Path, runner: CliRunner) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(export(_structure(list(NASTY), [[n.strip()] for n in NASTY], ["=f"]),
                                     "yaml"), encoding="utf-8")
    table = tmp_path / "m.csv"
    result = runner.invoke(cli, ["export", str(model), "--to", "csv", "-o", str(table)])
    assert result.exit_code == 0, result.output
    assert "'=HYPERLINK" in table.read_text(encoding="utf-8-sig")
    out = tmp_path / "again.yaml"
    result = runner.invoke(cli, ["import", str(table), "-o", str(out), "--id", "t",
                                 "--name", "镇"])
    assert result.exit_code == 0, result.output
    assert _as_in_table(orgchart.load_structure(out)) == _as_in_table(
        orgchart.load_structure(model))


def test_mermaid_labels_hold_no_directive_or_markdown() -> None:
    from orgchart.exports.mermaid import to_mermaid
    from orgchart.schema.structure import OutsideBody

    directive = '%%{init: {"theme": "base", "themeVariables": {"primaryColor": "#fff"}}}%%'
    units = (Unit(id="gov", name=directive, kind="government", category="leadership"),
             Unit(id="a", name="`**粗体**`", kind="office", category="party-government",
                  parent="gov"),
             Unit(id="b", name="100%", kind="office", category="party-government",
                  parent="county"))
    s = orgchart.Structure("t", "镇 " + directive, units=units, verified=True,
                           outside=(OutsideBody(id="county", name="县 %%{init: {}}%%"),))
    text = to_mermaid(s, staffing=False)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("%%")]
    assert len(comments) == 1  # the title, as a comment
    assert text.count("%") == 2  # its %% marker; every % in a name is an entity code
    assert "`" not in text  # a label in backticks is a Markdown string
    assert "#37;#37;{init" in text and "100#37;" in text and "#96;**粗体**#96;" in text
    label = re.search(r'n_gov_[0-9a-f]+\["([^"]*)"\]', text)
    assert label is not None
    text = re.sub(r"#(\d+);", r"&#\1;", label[1]).replace("#quot;", '"')
    assert html.unescape(text) == directive  # it reads back as the name



def _node_sets(text: str) -> dict[str, set[object]]:
    """Return the JSON-LD export's nodes by kind, each kind found by what only it has."""
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

    g = Graph().parse(data=text, format="json-ld")
    return {"structure": set(g.subjects(RDF.type, ORG.FormalOrganization)),
            "unit": set(g.subjects(ORG.subOrganizationOf, None)),
            "function": set(g.objects(None, ORG.purpose)),
            "concept": set(g.objects(None, ORG.classification)),
            "outside": set(g.subjects(SKOS.prefLabel, Literal("外部机构", lang="zh"))),
            "change": {*g.subjects(RDF.type, ORG.ChangeEvent),
                       *g.subjects(DCTERMS.isPartOf, None)}}


def _disjoint(sets: dict[str, set[object]]) -> list[tuple[str, str, set[object]]]:
    kinds = list(sets)
    return [(a, b, sets[a] & sets[b]) for i, a in enumerate(kinds) for b in kinds[i + 1:]
            if sets[a] & sets[b]]


@pytest.mark.parametrize("structure_id", ["function", "outside", "concept", "unit", "x"])
def test_jsonld_iris_of_different_kinds_never_meet(structure_id: str) -> None:
    from orgchart.schema.structure import OutsideBody

    # unit ids that are also a function id, an outside body's id, a concept scheme's name
    units = [Unit(id="gov", name="镇政府", kind="government", category="leadership")]
    units += [Unit(id=uid, name=uid, kind="office", category="party-government", parent="gov",
                   functions=("f", "office")) for uid in ("f", "county", "category", "kind")]
    s = orgchart.Structure(structure_id, "镇", units=tuple(units),
                           functions={"f": FunctionDef(name="f"),
                                      "office": FunctionDef(name="o")},
                           outside=(OutsideBody(id="county", name="外部机构"),))
    sets = _node_sets(export(s, "jsonld"))
    assert len(sets["unit"]) == len(units) and len(sets["function"]) == 2
    assert sets["outside"] and sets["concept"] and sets["structure"]
    assert _disjoint(sets) == []


def test_jsonld_iris_of_a_plan_and_its_units_never_meet(tmp_path: Path) -> None:
    data = Path("tests/data/reorg")
    old = (data / "old.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old.replace("structure: old", "structure: change"),
                                       encoding="utf-8")
    plan = (data / "plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan.replace("reorganisation: demo",
                                                     "reorganisation: town"), encoding="utf-8")
    sets = _node_sets(export(orgchart.load(tmp_path / "plan.yaml"), "jsonld"))
    assert sets["unit"] and sets["change"]
    assert _disjoint(sets) == []


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_cell_over_the_field_limit_is_located(tmp_path: Path, runner: CliRunner,
                                                     quoted: bool) -> None:
    big = "长" * (csv.field_size_limit() + 1)
    cell = f'"{big}, ""x"""' if quoted else big
    table = tmp_path / "t.csv"
    table.write_text("id,parent,name,kind,category\n"
                     "gov,,\"镇\n政府\",government,leadership\n"  # a record over two lines
                     f"a,gov,{cell},office,party-government\n", encoding="utf-8")
    with pytest.raises(orgchart.ModelError) as err:
        table_to_structure(table)
    assert [(p.where.line, p.where.col, p.code) for p in err.value.problems] == [
        (3, 3, "cell-too-long")]
    result = runner.invoke(cli, ["import", str(table), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{table}:3:3: cell-too-long:" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "t.yaml").exists()


def test_a_csv_table_with_old_mac_line_ends_reads(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,parent,name,kind,category\r"
                     "gov,,镇政府,government,leadership\r"
                     "a,gov,\"党政,办\",office,party-government\r", encoding="utf-8", newline="")
    s = table_to_structure(table)
    assert [u.name for u in s.units] == ["镇政府", "党政,办"]


HEAD = ["id", "parent", "name", "kind", "category", "行政编制"]
GOV = ["gov", None, "镇政府", "government", "leadership", 3]


def _workbook(path: Path, rows: list[list[object]], patch: dict[str, str] | None = None
              ) -> Path:
    """Write a workbook with ``rows`` below HEAD; ``patch`` replaces text in its sheet XML
    (a regular expression -> its replacement)."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEAD, *rows]:
        sheet.append(row)
    book.save(path)
    if patch:
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for old, new in patch.items():
            xml, n = re.subn(old, new, xml)
            assert n, old
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in parts.items():
                z.writestr(part, data)
    return path


def _problems(path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(orgchart.ModelError) as err:
        table_to_structure(path)
    return [(p.where.line, p.where.col, p.code) for p in err.value.problems]


def test_xlsx_dimension_bomb_is_read_as_a_stream(tmp_path: Path) -> None:
    import resource
    import subprocess
    import sys

    # 5 KB that claims A1:XFD1048576 and fills its last cell: every row in between exists
    bomb = _workbook(tmp_path / "bomb.xlsx", [GOV], {
        r'<dimension ref="[^"]*" ?/>': '<dimension ref="A1:XFD1048576"/>',
        "</sheetData>": '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'})
    assert bomb.stat().st_size < 10_000
    script = ("import sys, orgchart.read.sheets as m; m.MAX_TABLE_ROWS = 1000; "
              "from orgchart.cli import cli; cli(sys.argv[1:])")

    def bounded() -> None:  # a regression must not take the machine's memory
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    out = tmp_path / "bomb.yaml"
    proc = subprocess.run([sys.executable, "-c", script, "import", str(bomb), "-o", str(out)],
                          capture_output=True, text=True, timeout=60, preexec_fn=bounded)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == (f"Error: {bomb}:1002:1: too-many-rows: the table has more "
                                   "than 1,000 rows below its header; split it, e.g. one table "
                                   "per town")
    assert not out.exists()


def test_a_table_over_the_row_cap_is_refused_at_the_first_row_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import orgchart.read.sheets

    monkeypatch.setattr(orgchart.read.sheets, "MAX_TABLE_ROWS", 5)
    rows: list[list[object]] = [GOV, *([f"u{i}", "gov", "办", "office", "other", 1]
                                       for i in range(9))]
    assert _problems(_workbook(tmp_path / "t.xlsx", rows)) == [(7, 1, "too-many-rows")]
    table = tmp_path / "t.csv"
    table.write_text("\n".join(",".join("" if c is None else str(c) for c in r)
                               for r in [HEAD, *rows]), encoding="utf-8")
    assert _problems(table) == [(7, 1, "too-many-rows")]
    del rows[5:]
    assert len(table_to_structure(_workbook(tmp_path / "t.xlsx", rows))) == 5
    # a spreadsheet may save a row with many empty cells after its last value
    table.write_text("\n".join(",".join("" if c is None else str(c) for c in r) + "," * 300
                               for r in [HEAD, *rows]), encoding="utf-8")
    assert len(table_to_structure(table)) == 5


def test_xlsx_reads_only_the_header_columns(tmp_path: Path) -> None:
    # a cell far to the right of a data row is not read (nor padded out to)
    far = {r'(<row r="2"[^>]*>.*?)</row>': r'\1<c r="XFD2"><v>1</v></c></row>'}
    s = table_to_structure(_workbook(tmp_path / "t.xlsx", [GOV], far))
    assert s.unit("gov").staffing.admin == 3
    # a header that wide is refused
    wide = {r'(<row r="1"[^>]*>.*?)</row>':
            r'\1<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'}
    assert _problems(_workbook(tmp_path / "w.xlsx", [GOV], wide)) == [
        (1, 201, "too-many-columns")]


def test_xlsx_formula_without_a_computed_value_is_located(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    rows: list[list[object]] = [GOV, ["a", "gov", "办", "office", "party-government", "=1+2"]]
    book = _workbook(tmp_path / "t.xlsx", rows)
    assert _problems(book) == [(3, 6, "formula")]
    result = runner.invoke(cli, ["import", str(book), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 1 and f"{book}:3:6: formula: Sheet!F3 holds the formula =1+2" \
        in result.output
    assert not (tmp_path / "t.yaml").exists()
    # with the value Excel computed and saved beside it, the value is read
    saved = _workbook(tmp_path / "s.xlsx", rows, {r"<f>1\+2</f>\s*<v\s*/>|<f>1\+2</f><v></v>":
                                                  "<f>1+2</f><v>3</v>"})
    assert table_to_structure(saved).unit("a").staffing.admin == 3


def test_reorg_crosswalk_csv_starts_no_formula(tmp_path: Path, runner: CliRunner) -> None:
    data = Path("tests/data/reorg")
    old = (data / "old.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old.replace("name: 农技站", "name: '=农技站'")
                                       .replace("name: 文化站", "name: '@文化站'"),
                                       encoding="utf-8")
    (tmp_path / "plan.yaml").write_text((data / "plan.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    result = runner.invoke(cli, ["reorg", str(tmp_path / "plan.yaml"), "--table", "csv"])
    assert result.exit_code == 0, result.output
    cells = _cells(result.output)
    assert "'=农技站" in cells and "'@文化站" in cells
    assert [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)] == []


@pytest.mark.parametrize("name", ["style x:y&z", "classDef a:b\"c\"", "外部 style:#fff;"])
def test_mermaid_labels_are_untouched_by_its_style_rewrite(name: str) -> None:
    from orgchart.exports.mermaid import to_mermaid

    # Mermaid's encodeEntities drops the last ';' of any line matching these, before it
    # decodes entity codes: a label that matches would lose the end of an entity code
    s = orgchart.Structure("t", name, units=(
        Unit(id="gov", name=name, kind="government", category="leadership"),))
    lines = to_mermaid(s).splitlines()
    assert [x for x in lines if re.search(r"(style|classDef).*:\S*#.*;", x)] == []


def test_xlsx_unpacking_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    import orgchart.read.sheets

    book = _workbook(tmp_path / "t.xlsx", [GOV])
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z:  # shared strings compress well
        z.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 1000 + "</sst>")
    assert len(table_to_structure(book)) == 1
    monkeypatch.setattr(orgchart.read.sheets, "MAX_XLSX_STRINGS", 10_000)
    with pytest.raises(orgchart.ModelError, match=r"t\.xlsx:1:1: file: its shared strings "
                       r"unpack to 17,011 bytes, over the 10,000 byte limit"):
        table_to_structure(book)
    monkeypatch.setattr(orgchart.read.sheets, "MAX_XLSX_UNPACKED", 10_000)
    plain = _workbook(tmp_path / "u.xlsx", [GOV])
    with pytest.raises(orgchart.ModelError, match=r"u\.xlsx:1:1: file: the workbook unpacks "
                       r"to [\d,]+ bytes, over the 10,000 byte limit"):
        table_to_structure(plain)
