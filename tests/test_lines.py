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
    led from outside stand left of the town under their bureaus, so the guidance and dual
    management lines to the town's stations come down clear of them."""
    found = crossings(read_model(ROOT / model).to_dot())
    assert found.boxes == []
    assert found.clusters == []
