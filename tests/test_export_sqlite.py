"""export --to sqlite (and parquet): the tables, the ready views on the shipped models."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.exports.dbschema import TABLES, VIEWS
from orgchart.model.history import History
from orgchart.model.structure import Structure
from orgchart.schema.events import TransferStaffing

COUNTY = "models/liuyang/county.yaml"
SHASHI = "models/liuyang/reform/shashi-reform.yaml"
HISTORY = "models/liuyang/history/liuyang-townships.yaml"
DAY = "2024-01-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    out = tmp_path_factory.mktemp("db") / "models.db"
    result = CliRunner().invoke(cli, ["export", "models", "--to", "sqlite", "-o", str(out)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(out)
    yield conn
    conn.close()


def rows(conn: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return conn.execute(sql, args).fetchall()


def load_structure(path: str) -> Structure:
    s = orgchart.load(path)
    assert isinstance(s, Structure)
    return s


def test_every_shipped_structure_and_plan_is_stored_once(db: sqlite3.Connection) -> None:
    ids = [r[0] for r in rows(db, "SELECT id FROM structures")]
    assert len(ids) == len(set(ids))
    # a history's states are not structures: 杨花乡 exists only in Liuyang's 2015 state
    assert "liuyang-yanghua" not in ids and "liuyang-townships" not in ids
    assert rows(db, "SELECT kind FROM history_bodies WHERE id = 'liuyang-yanghua'") == [
        ("member",)]
    county = load_structure(COUNTY)
    assert {m.id for m in county.members} <= set(ids)
    assert rows(db, "SELECT COUNT(*) FROM structure_members m JOIN structures s USING (sid) "
                    "WHERE s.id = ?", county.id) == [(len(county.members),)]
    plan = orgchart.load(SHASHI)
    assert isinstance(plan, orgchart.Reorganisation)
    assert rows(db, "SELECT COUNT(*) FROM events JOIN plans USING (pid) WHERE id = ?",
                plan.id) == [(len(plan.events),)]
    assert set(TABLES) <= {r[0] for r in rows(db, "SELECT name FROM sqlite_schema")}
    assert set(VIEWS) <= {r[0] for r in rows(db, "SELECT name FROM sqlite_schema")}


def test_units_staffing_functions_and_nameplates_match_the_model(db: sqlite3.Connection
                                                                  ) -> None:
    town = load_structure("models/liuyang/towns/dayao.yaml")
    got = rows(db, "SELECT u.id, u.name, u.parent_id, st.admin, st.institution, st.worker, "
                   "st.heads, st.deputies, st.actual FROM units u JOIN staffing st USING (uid) "
                   "JOIN structures s USING (sid) WHERE s.id = ? ORDER BY u.position", town.id)
    assert got == [(u.id, u.name, u.parent, u.staffing.admin, u.staffing.institution,
                    u.staffing.worker, u.staffing.heads, u.staffing.deputies,
                    u.staffing.actual) for u in town.units]
    plates = rows(db, "SELECT u.id, n.name FROM nameplates n JOIN units u USING (uid) "
                      "JOIN structures s USING (sid) WHERE s.id = ? "
                      "ORDER BY u.position, n.position", town.id)
    assert plates == [(u.id, n) for u in town.units for n in u.nameplates]
    assert plates  # 大瑶 carries nameplates


def test_unknown_staffing_is_null_never_zero(db: sqlite3.Connection) -> None:
    unknown = [(s.id, u.id) for s in (load_structure(f) for f in
                                      ("models/hunan/township-2019.yaml", COUNTY))
               for u in s.units if u.staffing.actual is None]
    assert unknown
    got = {(r[0], r[1]): r[2] for r in rows(
        db, "SELECT s.id, u.id, st.actual FROM staffing st JOIN units u USING (uid) "
            "JOIN structures s USING (sid)")}
    assert all(got[k] is None for k in unknown)


def test_structure_on_a_date(db: sqlite3.Connection) -> None:
    town = load_structure("models/liuyang/towns/shashi.yaml")
    got = rows(db, "SELECT unit FROM unit_periods WHERE structure = ? AND "
                   "(starts IS NULL OR starts <= ?) AND (ends IS NULL OR ends > ?)",
               town.id, DAY, DAY)
    assert sorted(r[0] for r in got) == sorted(u.id for u in town.units)


def test_structure_on_a_date_leaves_out_units_not_yet_or_no_longer_in_force(
        tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    model = write("dated.yaml", """\
structure: dated
name: 某镇
valid_from: 2019
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership}
  - {id: old, name: 旧所, kind: institute, category: public-institution, parent: gov,
     valid_to: 2021-02-25}
  - {id: new, name: 新中心, kind: centre, category: public-institution, parent: gov,
     valid_from: about 2021}
""")
    out = tmp_path / "dated.db"
    assert CliRunner().invoke(cli, ["export", str(model), "--to", "sqlite", "-o",
                                    str(out)]).exit_code == 0
    conn = sqlite3.connect(out)
    query = ("SELECT unit FROM unit_periods WHERE (starts IS NULL OR starts <= ?) "
             "AND (ends IS NULL OR ends > ?) ORDER BY unit")
    assert rows(conn, query, "2020-06-01", "2020-06-01") == [("gov",), ("old",)]
    assert rows(conn, query, "2023-01-01", "2023-01-01") == [("gov",), ("new",)]
    assert rows(conn, query, "2018-01-01", "2018-01-01") == []
    conn.close()


def test_a_units_subtree(db: sqlite3.Connection) -> None:
    town = load_structure("models/hunan/township-2019.yaml")

    def below(uid: str, depth: int) -> list[tuple[str, int]]:
        out = [(uid, depth)]
        for child in town.children(uid):
            out += below(child.id, depth + 1)
        return out

    root = town.roots()[0].id
    got = rows(db, "SELECT unit, depth FROM unit_subtrees WHERE structure = ? AND root = ?",
               town.id, root)
    assert sorted(got) == sorted(below(root, 0))
    assert max(d for _u, d in got) >= 1


def test_vacancies_by_type_are_unknown_where_headcounts_are(db: sqlite3.Connection) -> None:
    town = load_structure("models/hunan/township-2019.yaml")
    got = {r[0]: r[1:] for r in rows(
        db, "SELECT type, vacant, vacant_known, units_unknown FROM vacancies_by_type "
            "WHERE structure = ?", town.id)}
    # no 实有 per type in the shipped models: every unit leaves the type open; a unit with
    # no 行政编制 has none vacant (the 0 the known part gives), but may have people over
    assert got["admin"] == (None, 0, len(town.units))


def test_vacancies_by_type_with_headcounts(tmp_path: Path,
                                           write: Callable[[str, str], Path]) -> None:
    model = write("held.yaml", """\
structure: held
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership,
     staffing: {admin: 10, institution: 0, worker: 2, actual: 11, actual_admin: 8,
                actual_institution: 0, actual_worker: 3}}
  - {id: a, name: 甲中心, kind: centre, category: public-institution, parent: gov,
     staffing: {admin: 2, institution: 6, worker: 0, actual: 8, actual_admin: 3,
                actual_institution: 5, actual_worker: 0}}
  - {id: b, name: 乙中心, kind: centre, category: public-institution, parent: gov,
     staffing: {admin: 0, institution: 4, worker: 0, actual: 4, actual_admin: 0,
                actual_worker: 0}}
""")
    out = tmp_path / "held.db"
    assert CliRunner().invoke(cli, ["export", str(model), "--to", "sqlite", "-o",
                                    str(out)]).exit_code == 0
    conn = sqlite3.connect(out)
    got = {r[0]: r[1:] for r in rows(
        conn, "SELECT type, approved_known, actual_known, vacant_known, over_known, "
              "units_known, units_unknown, vacant, over FROM vacancies_by_type")}
    staffed = rows(conn, "SELECT u.id, st.actual, st.actual_admin, st.actual_institution, "
                         "st.actual_worker FROM staffing st JOIN units u USING (uid)")
    conn.close()
    assert sorted(staffed) == [("a", 8, 3, 5, 0), ("b", 4, 0, None, 0), ("gov", 11, 8, 0, 3)]
    # 甲中心 holds two types: each is compared with its own people in post (its 行政编制 is
    # 1 over though the unit as a whole has a post vacant)
    assert got["admin"] == (12, 11, 2, 1, 2, 0, 2, 1)
    assert got["worker"] == (2, 3, 0, 1, 1, 0, 0, 1)
    # 乙中心 does not give its 事业编制 people: its posts are known, their use is not
    assert got["institution"] == (6, 5, 1, 0, 1, 1, None, None)


def test_the_units_holding_a_function(db: sqlite3.Connection) -> None:
    town = load_structure("models/liuyang/towns/dayao.yaml")
    fid = next(f for u in town.units for f in u.functions)
    got = rows(db, "SELECT unit, function_name FROM function_holders WHERE structure = ? "
                   "AND function = ?", town.id, fid)
    assert sorted(got) == sorted((u.id, town.function_name(fid)) for u in town.units
                                 if fid in u.functions)


def test_counties_by_posts_moved_down(db: sqlite3.Connection) -> None:
    county = load_structure(COUNTY)
    plan = orgchart.load(SHASHI)
    assert isinstance(plan, orgchart.Reorganisation)
    outside = {b.id for b in plan.outside if b.level == "county"}
    moved = sum(n for e in plan.events if isinstance(e, TransferStaffing)
                and e.from_ in outside for n in e.staffing.values())
    reported = sum(f.value for f in county.reported if "下沉" in f.name)
    assert rows(db, "SELECT county, reported, planned, towns_with_plans, towns "
                    "FROM county_posts_moved_down") == [
        (county.id, reported, moved, 1, len(county.members))]


def test_sources_and_evidence_are_kept(db: sqlite3.Connection) -> None:
    county = load_structure(COUNTY)
    titles = {r[0] for r in rows(
        db, "SELECT src.title FROM citations c JOIN sources src USING (source) "
            "JOIN structures s USING (sid) WHERE s.id = ? AND c.subject = 'structure'",
        county.id)}
    assert titles == {src.title for src in county.sources}
    town = load_structure("models/liuyang/towns/dayao.yaml")
    got = rows(db, "SELECT u.evidence, st.evidence, st.estimated FROM units u JOIN staffing st "
                   "USING (uid) JOIN structures s USING (sid) WHERE s.id = ? "
                   "ORDER BY u.position", town.id)
    assert got == [(town.level_of(u, "name"), town.level_of(u, "staffing"),
                    int(town.is_estimated(u))) for u in town.units]
    assert {r[1] for r in got} != {None}


def test_evidence_written_per_fact_is_kept(tmp_path: Path,
                                           write: Callable[[str, str], Path]) -> None:
    model = write("facts.yaml", """\
structure: facts
name: 某镇
sources: [{id: gazette, title: 某县公报}]
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership, rank: 正科,
     facts: {rank: {evidence: reported, sources: [gazette]}, name: verified}}
""")
    out = tmp_path / "facts.db"
    assert CliRunner().invoke(cli, ["export", str(model), "--to", "sqlite", "-o",
                                    str(out)]).exit_code == 0
    conn = sqlite3.connect(out)
    assert rows(conn, "SELECT fact, level FROM evidence ORDER BY fact") == [
        ("name", "verified"), ("rank", "reported")]
    assert rows(conn, "SELECT c.item, c.fact, s.title FROM citations c JOIN sources s "
                      "USING (source) WHERE c.subject = 'fact'") == [("gov", "rank", "某县公报")]
    conn.close()


def test_same_id_in_two_files_is_refused_and_nothing_is_written(
        tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    text = "structure: twin\nname: 某镇\nunits:\n  - {id: g, name: 镇政府, kind: government, " \
           "category: leadership}\n"
    write("a/one.yaml", text)
    write("a/two.yaml", text)
    out = tmp_path / "twin.db"
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "a"), "--to", "sqlite", "-o",
                                      str(out)])
    assert result.exit_code == 1
    assert "two.yaml: structure id 'twin' is also the id of" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.glob(".orgchart-tmp-*")) == []


def test_database_needs_an_output_and_a_db_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", COUNTY, "--to", "sqlite"])
    assert result.exit_code == 2 and "-o" in result.output
    result = CliRunner().invoke(cli, ["export", COUNTY, "--to", "sqlite", "-o",
                                      str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "x.db" in result.output


def test_parquet_holds_the_same_tables(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "pq"
    result = CliRunner().invoke(cli, ["export", COUNTY, "--to", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.stem for p in out.glob("*.parquet")} == set(TABLES)
    db = tmp_path / "c.db"
    assert CliRunner().invoke(cli, ["export", COUNTY, "--to", "sqlite", "-o",
                                    str(db)]).exit_code == 0
    conn = sqlite3.connect(db)
    units = pq.read_table(out / "staffing.parquet").to_pylist()
    assert [tuple(r.values()) for r in units] == rows(conn, "SELECT * FROM staffing")
    conn.close()


def test_every_query_in_the_readme_runs_and_gives_rows(db: sqlite3.Connection) -> None:
    text = Path("README.md").read_text(encoding="utf-8")
    block = text.split("```sql\n", 1)[1].split("```", 1)[0]
    queries = [q for q in block.split(";") if q.strip()]
    assert len(queries) == len(VIEWS)
    for query in queries:
        assert rows(db, query), query


def load_history(path: str) -> History:
    h = orgchart.load(path)
    assert isinstance(h, History)
    return h


ON_DAY = ("SELECT unit FROM history_unit_periods WHERE history = ? AND structure = ? AND "
          "starts <= ? AND (ended = 0 OR ends > ?)")


def on_day(conn: sqlite3.Connection, history: str, structure: str, day: str) -> set[str]:
    return {r[0] for r in rows(conn, ON_DAY, history, structure, day, day)}


def test_a_history_keeps_its_changes_with_documents_and_dates(db: sqlite3.Connection) -> None:
    h = load_history(HISTORY)
    got = rows(db, "SELECT c.id, c.structure, c.document_number, c.document_issuer, "
                   "c.approved, c.effective, c.effective_lo, c.effective_hi, c.status, "
                   "c.plan FROM history_changes c JOIN histories h USING (hid) "
                   "WHERE h.id = ? ORDER BY c.position", h.id)
    assert got == [(c.id, c.structure or h.start.id,
                    c.document.number if c.document else None,
                    c.document.issuer if c.document else None,
                    None if c.approved is None else str(c.approved), str(c.effective),
                    c.effective.earliest().isoformat(), c.effective.latest().isoformat(),
                    c.status, c.plan.id if c.plan else None)
                   for c in h.changes if c.effective is not None]
    assert len(got) == 6
    assert got[0][2:6] == ("湘民行发〔2015〕25号", "湖南省民政厅", "2015-11-18", "2015-11-18")
    assert got[3][5:8] == ("about 2021", "2020-01-01", "2022-12-31")
    events = rows(db, "SELECT e.change, COUNT(*) FROM history_events e "
                      "JOIN histories h USING (hid) WHERE h.id = ? GROUP BY e.change", h.id)
    assert events == [(c.index, len(c.events)) for c in h.changes]
    cited = {r[0] for r in rows(db, "SELECT c.item FROM citations c JOIN histories h "
                                    "USING (hid) WHERE h.id = ? AND c.subject = 'change'",
                                h.id)}
    assert cited == {c.id for c in h.changes if c.sources}


def test_a_history_start_may_share_ids_with_todays_files(db: sqlite3.Connection) -> None:
    h = load_history(HISTORY)
    county = load_structure(COUNTY)
    assert h.start.id == county.id  # the county of 2015 and today's, under one id
    assert rows(db, "SELECT COUNT(*) FROM structures WHERE id = ?", county.id) == [(1,)]
    assert rows(db, "SELECT COUNT(*) FROM history_bodies WHERE structure = ? AND kind = "
                    "'member'", county.id) == [(len(h.start.members),)]  # 37 镇街 in 2015
    assert {m.id for m in county.members} - {m.id for m in h.start.members} == {
        "liuyang-shashi"}  # the history keeps 沙市镇 as liuyang-shashi-old


@pytest.mark.parametrize("day", ["2015-11-17", "2015-11-18", "2016-06-30", "2024-01-01"])
def test_a_historys_structure_on_a_date_is_its_as_of(db: sqlite3.Connection, day: str
                                                     ) -> None:
    h = load_history(HISTORY)
    state = h.as_of(day)
    assert on_day(db, h.id, state.id, day) == ({u.id for u in state.units}
                                               | {m.id for m in state.members})
    for town in state.members:
        assert on_day(db, h.id, town.id, day) == {u.id for u in town.units}


def test_a_merged_township_is_there_before_the_merger_and_gone_after(
        db: sqlite3.Connection) -> None:
    h = load_history(HISTORY)
    assert "liuyang-yanghua" in on_day(db, h.id, h.start.id, "2015-11-17")
    assert "liuyang-yanghua" not in on_day(db, h.id, h.start.id, "2015-11-18")
    assert rows(db, "SELECT s.until, c.id FROM history_spells s JOIN history_bodies b "
                    "USING (bid) JOIN history_changes c ON c.hid = b.hid "
                    "AND c.position = s.ended WHERE b.id = 'liuyang-yanghua'") == [
        ("2015-11-18", "merge-2015")]
    assert rows(db, "SELECT from_id, to_id FROM history_steps WHERE kind = "
                    "'merge-structures' AND from_id = 'liuyang-yanghua'") == [
        ("liuyang-yanghua", "liuyang-dayao")]


def test_the_poverty_station_is_renamed_about_2021(db: sqlite3.Connection) -> None:
    town = "liuyang-shashi-old"
    before = on_day(db, "liuyang-townships", town, "2019-12-31")
    after = on_day(db, "liuyang-townships", town, "2023-01-01")
    assert "poverty-station" in before and "rural-revitalisation-station" not in before
    assert "rural-revitalisation-station" in after and "poverty-station" not in after
    # about 2021: on 2021-06-30 neither is surely in force
    assert not {"poverty-station", "rural-revitalisation-station"} & on_day(
        db, "liuyang-townships", town, "2021-06-30")
    assert rows(db, "SELECT name, since_change FROM history_unit_periods WHERE structure = ? "
                    "AND unit LIKE '%-station' AND (unit LIKE 'poverty%' OR unit LIKE "
                    "'rural-rev%') ORDER BY starts", town) == [
        ("扶贫工作站", None), ("乡村振兴工作站", "rural-revitalisation-rename")]
    assert rows(db, "SELECT kind, to_id FROM history_steps WHERE from_id = 'poverty-station'"
                ) == [("rename", "rural-revitalisation-station")]


def test_a_change_on_either_side_of_the_day_leaves_its_bodies_out(db: sqlite3.Connection
                                                                  ) -> None:
    h = load_history(HISTORY)
    day = "2019-06-30"  # 蕉溪 (about 2018) and 沙市镇's layout (about 2019) may be either side
    sides = [h.as_of(day, assume=side) for side in ("before", "after")]
    for structure in ("liuyang", "liuyang-shashi-old"):
        both = [s if s.id == structure else next(m for m in s.members if m.id == structure)
                for s in sides]
        same = [{(u.id, u.name) for u in s.units} | {(m.id, m.name) for m in s.members}
                for s in both]
        assert on_day(db, h.id, structure, day) == {k for k, _name in same[0] & same[1]}
        assert same[0] != same[1]


def test_a_town_renamed_keeps_its_body_with_a_new_version(db: sqlite3.Connection) -> None:
    got = rows(db, "SELECT name, kind, code, since_change, ended FROM history_unit_periods "
                   "WHERE unit = 'liuyang-jiaoxi' ORDER BY starts")
    assert [g[1:] for g in got] == [("township", "430181211", None, 1),
                                    ("town", "430181132", "jiaoxi-town", 0)]
    assert got[1][0] == "蕉溪镇"
    assert rows(db, "SELECT COUNT(*) FROM history_spells s JOIN history_bodies b USING (bid) "
                    "WHERE b.id = 'liuyang-jiaoxi'") == [(1,)]


def test_a_history_file_alone_is_exported(tmp_path: Path) -> None:
    out = tmp_path / "h.db"
    result = CliRunner().invoke(cli, ["export", HISTORY, "--to", "sqlite", "-o", str(out)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(out)
    assert rows(conn, "SELECT id FROM histories") == [("liuyang-townships",)]
    assert rows(conn, "SELECT COUNT(*) FROM structures") == [(0,)]
    conn.close()


def test_a_history_out_of_order_is_refused_with_its_place_and_nothing_written(
        tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    write("m/town.yaml", "structure: town\nname: 某镇\nunits:\n  - {id: gov, name: 镇政府, "
                         "kind: government, category: leadership}\n")
    write("m/h.yaml", """\
history: h
name: 某镇沿革
start: town.yaml
as_of: 2015
changes:
  - id: later
    effective: 2020-01-01
    events: [{type: rename, unit: gov, name: 镇人民政府}]
  - id: earlier
    effective: 2018-01-01
    events: [{type: rename, unit: gov, name: 某镇人民政府}]
""")
    out = tmp_path / "h.db"
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "m"), "--to", "sqlite", "-o",
                                      str(out)])
    assert result.exit_code == 1
    assert "h.yaml:10:16: change-order" in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
