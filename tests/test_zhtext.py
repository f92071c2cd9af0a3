"""Text a staffing office reads is in words, Chinese (or English with --lang en), never
key=value lines or Python values: the structure diff, the reorg table, the audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orgchart.tasks.diff import diff_files
from orgchart.views.events import Names, event_line

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "models/liuyang/reform/shashi-old.yaml"
NEW = ROOT / "models/liuyang/towns/shashi.yaml"
#: what a value printed as Python or as key=value looks like (outside the notes, which
#: the diff writes as data)
_PYTHONISH = re.compile(r"=|\{|\}|\[|\]|\bTrue\b|\bFalse\b|\bNone\b|'\w+':")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_structure_diff_text_is_words(lang: str) -> None:
    text = diff_files(OLD, NEW, lang=lang)
    lines = text.splitlines()
    assert len(lines) > 40
    for line in lines:
        assert not _PYTHONISH.search(line), line
    if lang == "zh":
        assert lines[0].startswith("拆分：党政办公室（general-office） → 基层党建办公室"
                                   "（party-building-office；职能 基层党组织建设、")
        assert lines[0].endswith("；保留原机构 是")
        assert ("撤销：财政所（finance-institute）；" in text and
                "职能划入 财政预算与国有资产管理 → 党政办公室（general-office）；"
                "编制划入 便民服务中心（service-centre）：事业编制 5" in text)
        assert "划出：派出所（police-station） → 浏阳市公安局（county-police）" in text
        assert "说明 推测：此后由社会事务办公室承担劳动就业与社会保障；" in text
        assert "guessed" not in text
    else:
        assert lines[0].startswith("split: 党政办公室 (general-office) → 基层党建办公室 "
                                   "(party-building-office; functions party organisation")
        assert lines[0].endswith("; original kept yes")
        assert not re.search(r"[；：]|保留原机构|职能划入|推测", text)
        assert "; note guessed: Social Affairs Office does employment and social" in text


@pytest.mark.parametrize(("lang", "mark", "other"), [("zh", "推测：", "guessed"),
                                                     ("en", "guessed: ", "推测")])
def test_plan_drafts_carry_notes_in_the_language(lang: str, mark: str, other: str) -> None:
    import yaml

    events = yaml.safe_load(diff_files(OLD, NEW, "yaml", lang))["events"]
    notes = [e["note"] for e in events if "note" in e]
    assert len(notes) > 10
    assert all(n.startswith(mark) and other not in n for n in notes), notes


def test_event_facts_read_as_evidence_words() -> None:
    line = event_line({"type": "update", "unit": "c", "set": {
        "facts": {"name": {"evidence": "inferred", "sources": ["nbs"], "note": None}},
        "verified": False}}, names=Names({"c": "某办"}))
    assert line == ("调整：某办（c）；设定 事实依据 → 名称（机构存在）：推定（来源 nbs）、"
                    "已核实 → 否")


@pytest.mark.parametrize(("lang", "row"), [
    ("zh", "| 党政办公室 | 更名、拆分 | 党政综合办公室、基层党建办公室 |"),
    ("en", "| 党政办公室 | renamed, split | 党政综合办公室, 基层党建办公室 | party organisation "
           "building→基层党建办公室; ")])
def test_reorg_table_names_the_events_in_words(lang: str, row: str) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    plan = str(ROOT / "models/liuyang/reform/shashi-reform.yaml")
    out = CliRunner().invoke(cli, ["reorg", plan, "--table", "md", "--lang", lang]).output
    assert row in out, out
    assert not re.search(r"\| [a-z-]+(\+[a-z-]+)+ \||\| (rename|merge) \|", out), out
    assert ("| kept |" in out) == (lang == "en")
    if lang == "en":  # functions, posts, ended: English; units and nameplates by name
        assert "| institution 8, heads 1, deputies 1 |" in out
        assert "| 农业办公室→ended |" in out and "| poverty alleviation→ended |" in out
        assert not re.search("终止|丢失|事[0-9]|正职|副职", out), out


def test_audit_names_functions_and_parents_with_the_id_when_shared() -> None:
    import orgchart
    from orgchart.views.audit import audit_rows

    units = (orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership"),
             orgchart.Unit(id="a", name="综合办", kind="office", category="party-government",
                           parent="gov"),
             orgchart.Unit(id="b", name="综合办", kind="office", category="party-government",
                           parent="gov"),
             orgchart.Unit(id="c", name="档案室", kind="office", category="party-government",
                           parent="a"))
    rows = {(r.unit, r.fact): r.value for r in audit_rows(orgchart.Structure("t", "T", units))}
    assert rows["a", "parent"] == "镇政府"
    assert rows["c", "parent"] == "综合办（a）"
    town = orgchart.load_structure(ROOT / "models/hunan/township-2019.yaml")
    values = {(r.unit, r.fact): r.value for r in audit_rows(town)}
    assert values["town", "functions"] == "综合协调与督查督办"
    assert values["congress", "parent"] == "××镇党委、人民政府"


def test_a_plans_audit_names_new_units_and_outside_bodies() -> None:
    import orgchart
    from orgchart.views.audit import audit_rows

    plan = orgchart.load(ROOT / "tests/data/reorg/plan.yaml")
    assert isinstance(plan, orgchart.Reorganisation)
    names = {r.unit: r.unit_name for r in audit_rows(plan)}
    # made by a merge (its new:) and a body the plan declares outside: named, not blank
    assert names["agri-centre"] == "农业综合服务中心"
    assert names["county-bureaus"] == "县直部门"
    assert names["agri-station;machinery-station"] == "农技站;农机站"
