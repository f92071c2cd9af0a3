"""Identifier checks: 统一社会信用代码 on units, NBS division codes on structures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import orgchart
from orgchart.rules.identifiers import credit_check_character, division_name

# a published example code (a company, authority 9): its check character is 3
PUBLISHED = "91350100M000100Y43"


def code_for(kind: str, division: str = "430181") -> str:
    first17 = "1" + kind + division + "MB1930475"
    check = credit_check_character(first17)
    assert check is not None
    return first17 + check


def problems(write: Callable[[str, str], Path], credit: str, category: str = "public-institution",
             code: str = "430181126", place: str = "沙市镇") -> list[orgchart.Problem]:
    path = write("town.yaml", f"""\
structure: town
name: 沙市镇机构设置
place: {place}
code: "{code}"
units:
  - {{id: gov, name: 镇政府, kind: government, category: leadership}}
  - id: centre
    name: 便民服务中心
    kind: centre
    category: {category}
    parent: gov
    credit_code: {credit}
""")
    s = orgchart.load(path)
    assert isinstance(s, orgchart.Structure)
    return orgchart.check(s)


def test_check_character_of_a_published_code() -> None:
    assert credit_check_character(PUBLISHED[:17]) == PUBLISHED[17]
    assert credit_check_character("91350100M000100Y" + "I") is None


def test_a_right_code_passes(write: Callable[[str, str], Path]) -> None:
    assert problems(write, code_for("2")) == []


def test_a_wrong_check_character_is_an_error_at_the_code(
        write: Callable[[str, str], Path]) -> None:
    good = code_for("2")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    found = problems(write, wrong)
    assert [(p.code, p.severity, p.where.line) for p in found] == [("credit-code", "error", 12)]
    assert f"check character is {good[17]!r}" in found[0].message


def test_a_character_the_standard_does_not_use(write: Callable[[str, str], Path]) -> None:
    found = problems(write, code_for("2")[:10] + "O" + code_for("2")[11:])
    assert [p.code for p in found] == ["credit-code"]
    assert "'O'" in found[0].message


def test_kind_of_body_and_division_must_agree(write: Callable[[str, str], Path]) -> None:
    found = problems(write, code_for("1"))  # 机关, but the unit is a 事业单位
    assert [(p.code, p.severity) for p in found] == [("credit-code-mismatch", "warning")]
    assert "机关" in found[0].message and "事业单位" in found[0].message
    found = problems(write, code_for("2", "430725"))  # registered in another county
    assert [p.code for p in found] == ["credit-code-mismatch"]
    assert "430725" in found[0].message


def test_a_lowercase_code_is_read_in_capitals(write: Callable[[str, str], Path]) -> None:
    assert problems(write, code_for("2").lower()) == []


def test_a_code_of_the_wrong_length_is_refused_at_load(
        write: Callable[[str, str], Path]) -> None:
    with pytest.raises(orgchart.ModelError) as err:
        problems(write, code_for("2")[:-1])
    assert err.value.problems[0].where.line == 12


def test_division_code_against_the_nbs_table(write: Callable[[str, str], Path]) -> None:
    assert division_name("430181126") == "沙市镇"
    found = problems(write, code_for("2"), code="430181999")
    assert [(p.code, p.severity, p.where.line) for p in found] == [
        ("division-code", "warning", 4)]
    found = problems(write, code_for("2"), place="大瑶镇")
    assert [p.code for p in found] == ["division-code"]
    assert "沙市镇" in found[0].message and "大瑶镇" in found[0].message


@pytest.mark.parametrize("model", ["models/liuyang/county.yaml",
                                   "models/hunan/huochang-2024.yaml",
                                   "models/hunan/reshi-2024.yaml"])
def test_shipped_codes_are_in_the_table(model: str) -> None:
    s = orgchart.load(model)
    assert isinstance(s, orgchart.Structure)
    assert s.code is not None and division_name(s.code) is not None
    assert [p for p in orgchart.check(s) if p.code.startswith(("division", "credit"))] == []


def test_a_state_before_the_table_keeps_its_old_code() -> None:
    """蕉溪乡 (430181211) became 蕉溪镇 in 2018: the 2015 state's code is not in the 2023 table,
    and that is no problem for a structure dated before it; the same code dated now is."""
    from dataclasses import replace

    old = orgchart.load_structure("models/liuyang/history/towns-2015/jiaoxi.yaml")
    assert old.code == "430181211" and division_name(old.code) is None
    assert [p for p in orgchart.check(old) if p.code == "division-code"] == []
    now = replace(old, as_of=orgchart.When.parse("2024"))
    assert [p.code for p in orgchart.check(now) if p.code == "division-code"] == [
        "division-code"]
