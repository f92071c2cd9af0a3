"""{place} in a template's names is filled alike by the loader and the engine; {{place}}
stays the text {place}."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orgchart

TEMPLATE = """structure: t
name: 模板
template: true
units:
  - {id: gov, name: "{place}人民政府", kind: government, category: leadership}
  - {id: note, name: "{{place}}字样办公室", kind: office, category: other, parent: gov,
     nameplates: ["{place}办", "{{place}}牌"]}
"""


def test_the_loader_and_the_engine_fill_place_alike(write: Callable[[str, str], Path]) -> None:
    write("t.yaml", TEMPLATE)
    town = write("town.yaml", "structure: x\nname: 镇\nplace: 沙市镇\nextends: t.yaml\n")
    s = orgchart.load_structure(town)
    assert s.unit("gov").name == "沙市镇人民政府"
    assert s.unit("note").name == "{place}字样办公室"
    assert s.unit("note").nameplates == ("沙市镇办", "{place}牌")
    plan = write("p.yaml", "reorganisation: p\nname: p\nfrom: town.yaml\nevents:\n"
                 "  - {type: rename, unit: note, name: '{place}综合办公室'}\n"
                 "  - {type: add-nameplate, unit: note, name: '{{place}}新牌'}\n")
    after = orgchart.load_plan(plan).apply()
    assert after.unit("note").name == "沙市镇综合办公室"
    assert after.unit("note").nameplates[-1] == "{place}新牌"
