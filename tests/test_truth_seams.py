"""Where the parallel parts of issue 12 meet: unknown posts, evidence and members together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orgchart

Write = Callable[[str, str], Path]

TOWN = """structure: t
name: 甲镇
units:
  - {id: gov, name: 甲镇政府, kind: government, category: leadership, evidence: verified,
     sources: [{title: 县政府网站, url: "https://gov.example.cn/a", kind: official}],
     staffing: {admin: 10, heads: 1}}
  - {id: office, name: 党政办, kind: office, category: 党政机构, parent: gov, evidence: verified,
     sources: [{title: 县政府网站, url: "https://gov.example.cn/a", kind: official}],
     facts: {staffing: reported}, staffing: {admin: unknown, heads: 1}}
"""

COUNTY = """structure: c
name: 某县
members: [town.yaml, other.yaml]
units:
  - {id: gov, name: 县政府, kind: government, category: leadership}
"""

OTHER = """structure: o
name: 乙镇
units:
  - {id: gov, name: 乙镇政府, kind: government, category: leadership,
     staffing: {admin: 4, institution: 0, worker: 0, heads: 1, deputies: 0}}
"""


def test_members_without_a_level_are_boxed_under_a_chinese_label(write: Write) -> None:
    write("town.yaml", TOWN)
    write("other.yaml", OTHER)
    county = orgchart.load_structure(write("county.yaml", COUNTY))
    dot = orgchart.to_dot(county)
    assert "其他（2）" in dot and "other（2）" not in dot
