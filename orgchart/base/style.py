"""The look of a diagram, as plain data: one table, overridable by a theme file."""

from __future__ import annotations

import copy
from typing import Any, Final

__all__ = ["DEFAULT_THEME", "FONT_FAMILIES", "merge_theme"]

#: Families tried in order; the list is also the SVG font-family fallback for browsers.
FONT_FAMILIES: Final[tuple[str, ...]] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "sans-serif",
)

DEFAULT_THEME: Final[dict[str, Any]] = {
    "graph": {
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.22",
        "ranksep": "0.45",
        "fontsize": "20",
        "splines": "ortho",
    },
    "node": {
        "shape": "box",
        "style": "filled",
        "fontsize": "12",
        "margin": "0.14,0.06",
        "penwidth": "1.2",
        "color": "#4a5568",
        "fillcolor": "white",
        "fontcolor": "#1a202c",
    },
    "edge": {"color": "#4a5568", "arrowsize": "0.6", "penwidth": "1.1", "fontsize": "10"},
    # fill and border per category; the cluster around a category gets "cluster_fill"
    "category": {
        "leadership": {"fillcolor": "#c53030", "fontcolor": "white", "color": "#9b2c2c",
                       "penwidth": "2", "cluster_fill": "#fff5f5"},
        "party-government": {"fillcolor": "#fed7d7", "color": "#c53030",
                             "cluster_fill": "#fffafa"},
        "enforcement": {"fillcolor": "#feebc8", "color": "#c05621", "cluster_fill": "#fffaf0"},
        "public-institution": {"fillcolor": "#c6f6d5", "color": "#2f855a",
                               "cluster_fill": "#f0fff4"},
        "stationed": {"fillcolor": "#bee3f8", "color": "#2b6cb0", "cluster_fill": "#ebf8ff"},
        "vertical": {"fillcolor": "#e9d8fd", "color": "#6b46c1", "cluster_fill": "#faf5ff"},
        "mass-organisation": {"fillcolor": "#fefcbf", "color": "#b7791f",
                              "cluster_fill": "#fffff0"},
        "other": {"fillcolor": "#edf2f7", "color": "#718096", "cluster_fill": "#f7fafc"},
    },
    # extra attributes per unit kind (none by default; a theme may set shapes here)
    "kind": {},
    "outside": {"fillcolor": "#f7fafc", "color": "#a0aec0", "style": "filled,dashed",
                "fontcolor": "#4a5568", "cluster_fill": "white"},
    # a unit not verified: its frame and the mark after its name; a fact of a verified unit
    # that is not: the attribute mark (where the box shows the fact, else after the name)
    "unverified": {"style": "filled,dashed", "marker": "※", "attribute_marker": "†"},
    # the frames around groups: category and member boxes, outside bodies, the legend, the
    # sides and summary of a reform chart; "fillcolor" fills a box with no "cluster_fill"
    "frame": {"color": "#a0aec0", "fillcolor": "white"},
    # the points of the bus that runs beside each column of a group, from its leader
    "bus": {"shape": "point", "width": "0.04", "color": "#4a5568"},
    # a member structure (a county's town) drawn as one box, and its legend sample
    "member": {"fillcolor": "#fff5f5", "color": "#9b2c2c"},
    # reform chart: a unit that is gone (abolished or merged away) and a new one
    "change": {
        "gone": {"fillcolor": "#edf2f7", "color": "#a0aec0", "fontcolor": "#718096",
                 "style": "filled"},
        "new": {"penwidth": "2.5", "color": "#22543d"},
    },
    # reform chart: how each kind of old -> new link is drawn
    "link": {
        "kept": {"color": "#a0aec0"},
        "transfer": {"color": "#6b46c1", "style": "dashed"},
        "rename": {"color": "#2b6cb0", "penwidth": "1.8"},
        "merge": {"color": "#2f855a", "penwidth": "1.8"},
        "split": {"color": "#c05621", "penwidth": "1.8"},
    },
    # edge styles per relation; "sample" is how the legend draws the line
    "relation": {
        "leadership": {},
        "dual-leadership": {"color": "#c53030", "style": "bold", "sample": "━━▶"},
        "guidance": {"color": "#2b6cb0", "style": "dashed", "sample": "╌╌▶"},
        "stationed": {"color": "#6b46c1", "style": "dotted", "sample": "┈┈▶"},
        "co-location": {"color": "#c05621", "style": "dashed", "dir": "both",
                        "arrowhead": "none", "arrowtail": "none", "sample": "╌╌╌"},
    },
    # layout: units per column inside a category box before a new column starts;
    # orthogonal edges cost seconds on big charts (4.8 s for 385 units against 0.1 s for
    # polyline, bench/RESULTS.md), so charts with more units use "large_splines"
    # "max_units": charts with more boxes are refused before layout, which grows faster
    # than the size (a county of township trees: 2,000 units 1.4 s, 4,000 units 14 s and
    # 350 MB, 8,000 units 61 s and 1.1 GB; 30,000 did not finish in 14.8 GB)
    # "wrap": a name wider than this many Chinese characters (two Latin letters make one)
    # breaks into lines, so that one long name does not widen the whole chart; "wrap_small"
    # for the small print (nameplates, functions), "wrap_title" for a chart's title
    "layout": {"column": 6, "ortho_max_units": 120, "large_splines": "polyline",
               "max_units": 4000, "wrap": 12, "wrap_small": 16, "wrap_title": 30},
}


def merge_theme(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` updated by ``override``, merging nested tables.

    >>> merge_theme({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}})
    {'a': {'x': 1, 'y': 3}}
    """
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_theme(out[key], value)
        else:
            out[key] = value
    return out
