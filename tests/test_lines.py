"""Lines that run through boxes they do not join (issue 17), measured on Graphviz's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgchart.tasks.modelfile import read_model
from orgchart.write.crossings import crossings, crossings_of_layout

ROOT = Path(__file__).resolve().parent.parent


def test_a_line_through_a_box_and_a_frame_is_found() -> None:
    # b stands between a and c, in a frame: a straight line from a to c runs across both
    found = crossings('digraph { splines=line; subgraph cluster_x { b } '
                      'a -> b -> c [style=invis]; a -> c [constraint=false] }')
    assert found.boxes == [("a", "c", "b")]
    assert found.clusters == [("a", "c", "cluster_x")]
    assert (found.lines_through_boxes, found.lines_through_clusters) == (1, 1)


def test_a_line_beside_a_box_is_not_counted() -> None:
    layout = {"objects": [
        {"_gvid": 0, "name": "a", "pos": "0,0", "width": "1", "height": "1"},
        {"_gvid": 1, "name": "b", "pos": "60,50", "width": "1", "height": "1"},
        {"_gvid": 2, "name": "c", "pos": "0,100", "width": "1", "height": "1"}],
        "edges": [{"tail": 0, "head": 2, "_draw_": [
            {"op": "b", "points": [[0, 18], [0, 40], [0, 60], [0, 82]]}]}]}
    assert crossings_of_layout(layout).boxes == []
    layout["edges"][0]["_draw_"][0]["points"] = [[0, 18], [100, 30], [100, 60], [0, 82]]
    assert crossings_of_layout(layout).boxes == [("a", "c", "b")]


@pytest.mark.parametrize("model", ["models/hunan/old-layout.yaml",
                                   "models/liuyang/reform/shashi-old.yaml"])
def test_lines_from_county_bureaus_and_the_town_pass_no_other_box(model: str) -> None:
    """The town's lines turn along a row of points above its groups' frames, and the boxes
    led from outside stand in a row above the town's, under their bureaus, so the guidance
    and dual management lines to the town's stations come down clear of them."""
    found = crossings(read_model(ROOT / model).to_dot())
    assert found.boxes == []
    assert found.clusters == []


def _town_off_centre(model: str) -> float:
    """How far the town's centre stands from the middle of its groups' frames, as a share
    of their span (0: centred)."""
    import json

    from orgchart.write.helper import draw_contained
    layout = json.loads(draw_contained(read_model(ROOT / model).to_dot(), "json")[0])
    objects = {o["name"]: o for o in layout["objects"]}
    x = float(objects["town"]["pos"].split(",")[0])
    frames = [[float(v) for v in o["bb"].split(",")] for name, o in objects.items()
              if name.startswith("cluster_town_")]
    left, right = min(f[0] for f in frames), max(f[2] for f in frames)
    return (x - (left + right) / 2) / (right - left)


@pytest.mark.parametrize("model", ["models/hunan/old-layout.yaml",
                                   "models/liuyang/reform/shashi-old.yaml"])
def test_the_town_stands_centred_above_its_groups(model: str) -> None:
    """The bureaus' lines to the stations pass the town's row, not pushing the town to the
    right end above 事业单位 (26 % of the span off in old-layout before): it stands below
    the 派驻/垂直 boxes, pulled by each group as hard as the group has columns."""
    assert abs(_town_off_centre(model)) < 0.06


def test_a_group_pulls_its_leader_as_hard_as_it_has_columns() -> None:
    from orgchart.charts.grid import hub_lines
    theme = {"bus": {"shape": "point"}}
    lines = hub_lines("town", {"bus:town/a": 1, "bus:town/b": 3}, theme)
    assert '"town" -> "bus:town/a" [arrowhead="none"]' in lines
    assert '"town" -> "bus:town/b" [arrowhead="none", weight="3"]' in lines
