"""`orgchart history` names towns, units and the structure of each change as 名称（id）, by
the names they had at the change, in Chinese and English (issue 13 follow-up)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from orgchart.cli import cli
from orgchart.tasks.history import history_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "history" / "history.yaml"
LIUYANG = ROOT / "models" / "liuyang" / "history" / "liuyang-townships.yaml"


def _change(text: str, change_id: str) -> list[str]:
    """Return the lines of one change in the text of every change (its head excluded)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if f"[{change_id}]" in line)
    rest = lines[at + 1:]
    end = next((i for i, line in enumerate(rest) if not line.startswith("  ")), len(rest))
    return rest[:end]


def test_every_change_names_its_bodies_by_their_names_then() -> None:
    text = history_text(FIXTURE)
    assert _change(text, "revitalisation-2021") == [
        "  甲镇（town-a）：",
        "    扶贫工作站（poverty-station） 更名 → 乡村振兴工作站（revitalisation-station）",
        "    乡村振兴工作站（revitalisation-station） 增加职能：乡村振兴"]
    # the town is 甲乡 before its 2018 change and 甲镇 from it on
    assert _change(text, "town-2018") == ["  示例县（县级）（county）：",
                                          "    甲乡（town-a） 更名/改设 → 甲镇"]
    assert _change(text, "team-2019")[0] == "  甲镇（town-a）："
    assert "    乙镇（town-b） 乡镇合并 → 乙丙镇（town-bc）" in _change(text, "merge-2015")


def test_the_functions_a_change_adds_or_ends_are_named_in_the_language() -> None:
    assert _change(history_text(LIUYANG, lang="en"), "rural-revitalisation-rename")[2:] == [
        "    乡村振兴工作站 (rural-revitalisation-station) functions ended: poverty alleviation",
        "    乡村振兴工作站 (rural-revitalisation-station) functions added: "
        "rural revitalisation"]
    assert ("    乡村振兴工作站（rural-revitalisation-station） 取消职能：扶贫开发"
            in history_text(LIUYANG))


def test_a_planned_change_names_its_bodies_by_their_latest_names() -> None:
    assert _change(history_text(FIXTURE), "planned-2025") == [
        "  甲镇（town-a）：", "    综合行政执法队（team） 撤销"]


def test_the_history_in_english_has_english_words_around_the_names() -> None:
    text = history_text(FIXTURE, lang="en")
    assert text.splitlines()[1].startswith("start: 示例县（县级） (2015-11-17)")
    assert _change(text, "revitalisation-2021") == [
        "  甲镇 (town-a):",
        "    扶贫工作站 (poverty-station) renamed → 乡村振兴工作站 (revitalisation-station)",
        "    乡村振兴工作站 (revitalisation-station) functions added: 乡村振兴"]
    assert "planned (not in force): planned-2025" in text
    assert "about 2021-06 [revitalisation-2021]" in text
    assert not re.search("起点|规划中|更名|合并|设立|约20", text)


def test_a_units_history_names_it_and_each_step() -> None:
    text = history_text(FIXTURE, "revitalisation-station")
    assert text.splitlines()[0] == "甲镇（town-a）：乡村振兴工作站（revitalisation-station）沿革"
    assert ("  - 约2021-06 [revitalisation-2021]  扶贫工作站（poverty-station） 更名 → "
            "乡村振兴工作站（revitalisation-station）") in text
    assert "后继：\n  - 2022-03-15 示编〔2022〕3号 [centre-2022]  乡村振兴工作站" in text
    en = history_text(FIXTURE, "revitalisation-station", lang="en")
    assert en.splitlines()[0] == ("history of 乡村振兴工作站 (revitalisation-station) "
                                  "in 甲镇 (town-a)")
    assert "\npredecessors:\n  - about 2021-06 [revitalisation-2021]  扶贫工作站" in en


def test_the_cli_takes_the_language() -> None:
    result = CliRunner().invoke(cli, ["history", str(FIXTURE), "town-a", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "history of 甲镇 (town-a) in 示例县（县级） (county)"
    assert "甲乡 (town-a) renamed or reclassified → 甲镇" in result.output


def test_the_shipped_history_writes_no_bare_id_for_a_named_body() -> None:
    """Each step line of Liuyang's history starts with a body's name and its id; each
    structure a change applies to is named too."""
    for lang, open_ in (("zh", "（"), ("en", " (")):
        lines = history_text(LIUYANG, lang=lang).splitlines()
        steps = [line for line in lines if line.startswith("    ")]
        heads = [line for line in lines if line.startswith("  ") and line not in steps]
        assert len(steps) > 60 and heads
        # a rank changed in the change that renamed the office is no rename
        assert "    党政办公室（general-office） 调整规格" in steps or lang == "en"
        for line in steps + heads:
            first = line.strip().split(" → ")[0]
            assert open_ in first, line
            assert not first[0].isascii(), line
