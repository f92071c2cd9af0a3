"""The Chinese and English words of charts and views come from one table (base/words.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import orgchart
from orgchart.base.words import WORDS, word
from orgchart.views.show import format_tree
from orgchart.views.stats import format_stats, staffing_stats

PACKAGE = Path(__file__).resolve().parent.parent / "orgchart"
#: the tables of words themselves
TABLES = {"base/words.py", "base/vocab.py"}
CJK = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _text(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def _pairs_outside_the_table(path: Path) -> list[str]:
    """Return each zh/en pair written in code: ``"中文" if lang == "zh" else "English"``
    (or ``!= "en"``, ``if zh``), and a ``("中文", "English")`` tuple."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.IfExp) and re.search(r"\b(lang|zh|en)\b", ast.unparse(node.test)):
            if any(CJK.search(t) for t in _text(node.body) + _text(node.orelse)):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:60]}")
        elif (isinstance(node, ast.Tuple) and len(node.elts) == 2
              and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                      for e in node.elts)):
            zh, en = (e.value for e in node.elts)  # type: ignore[attr-defined]
            if CJK.search(zh) and not CJK.search(en) and re.search("[A-Za-z]", en):
                found.append(f"{path.name}:{node.lineno}: {zh!r}, {en!r}")
    return found


def test_no_zh_en_pair_is_written_outside_the_table() -> None:
    files = [p for p in sorted(PACKAGE.rglob("*.py"))
             if str(p.relative_to(PACKAGE)) not in TABLES]
    assert [x for p in files for x in _pairs_outside_the_table(p)] == []


def test_the_check_finds_the_pairs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('a = "图例" if lang == "zh" else "Legend"\n'
                   'b = f"（挂{p}牌子）" if opts.lang != "en" else f"(also: {p})"\n'
                   'c = ("来源：" if zh else "Sources: ") + x\n'
                   'd = {"town": ("镇", "towns")}\n'
                   'e = "，" if lang == "zh" else ", "\n', encoding="utf-8")
    assert len(_pairs_outside_the_table(bad)) == 5


def test_every_word_has_both_languages() -> None:
    for key, (zh, en) in WORDS.items():
        assert zh.strip() and (en.strip() or key == "summary.category"), key
        assert re.findall(r"\{\w+\}", zh) == re.findall(r"\{\w+\}", en) or \
            sorted(re.findall(r"\{\w+\}", zh)) == sorted(re.findall(r"\{\w+\}", en)), key
    assert word("show.total", "en", totals="x", count=2) == "total: x (2 units)"


COUNTY = "models/liuyang/county.yaml"
TOWN = "models/hunan/township-2019.yaml"


def _english_words(text: str, structure: orgchart.Structure) -> set[str]:
    """Return the English words of ``text`` that are not an id or a field name."""
    ids = {structure.id, *(m.id for m in structure.members), *(u.id for u in structure.units),
           *(f.id for f in structure.reported)}
    words = set(re.findall(r"[A-Za-z][A-Za-z_-]+", text)) - {"staffing_estimated"}
    return {w for w in words if w not in ids and not any(w in i for i in ids)}


@pytest.mark.parametrize("path", [COUNTY, TOWN])
def test_show_in_chinese_has_no_english_words(path: str) -> None:
    s = orgchart.load_structure(path)
    assert _english_words(format_tree(s, "zh"), s) == set()


@pytest.mark.parametrize("path", [COUNTY, TOWN])
def test_show_in_english_has_no_chinese_words_of_its_own(path: str) -> None:
    s = orgchart.load_structure(path)
    text = format_tree(s, "en")
    for key in ("as-of", "show.loop", "show.outside", "show.members", "show.reported",
                "show.nameplates", "unverified", "show.estimate"):
        zh = re.split(r"\{\w+\}", WORDS[key][0])
        assert not any(part.strip() and part.strip() in text for part in zh), key
    assert "\ntotal: " in text


@pytest.mark.parametrize("by", ["unit", "category", "kind", "member"])
def test_stats_table_in_chinese_has_no_english_words(by: str) -> None:
    s = orgchart.load_structure(COUNTY)
    text = format_stats(staffing_stats(s, by), [], "table", s.reported)
    groups = {r.group for r in staffing_stats(s, by)}
    found = _english_words(text, s) - {w for g in groups for w in re.findall(r"[\w-]+", g)}
    assert found == set()
    english = format_stats(staffing_stats(s, by), [], "table", s.reported, lang="en")
    assert "reported by sources" in english and "来源报道" not in english


def test_the_staffing_balance_speaks_the_language_of_reorg(runner: object) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    assert isinstance(runner, CliRunner)
    plan = "models/liuyang/reform/shashi-reform.yaml"
    zh = runner.invoke(cli, ["reorg", plan]).stdout
    en = runner.invoke(cli, ["reorg", plan, "--lang", "en"]).stdout
    assert zh.split()[:2] == ["类型", "改革前"] and "平衡" in zh and " ok" not in zh
    assert en.split()[:2] == ["type", "old"] and "administrative posts" in en and "平衡" not in en


#: the fields of a Chinese word that hold a name (Chinese text, not a figure)
_NAME_FIELDS = "unit|name|what|body|town|structure|member|parent|category|plate"


def test_no_chinese_word_puts_a_space_between_a_name_and_chinese_text() -> None:
    # ``镇政府 本身未注明``: Chinese text runs on; spaces go only round figures (``实有 5 人``)
    spaced = re.compile(rf"\{{({_NAME_FIELDS})\}} (?=[\u4e00-\u9fff])"
                        rf"|(?<=[\u4e00-\u9fff]) \{{({_NAME_FIELDS})\}}")
    assert [k for k, (zh, _) in WORDS.items() if spaced.search(zh)] == []
    assert word("report.no-source-text", name="镇政府").startswith("镇政府本身未注明")
