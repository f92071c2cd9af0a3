"""orgchart: institutional structures (机构编制) as checked data, graphs and diagrams.

>>> import orgchart
>>> town = orgchart.load("models/hunan/township-2019.yaml")
>>> len(town), town.totals().admin
(15, 48)
>>> orgchart.check(town)
[]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .check import CHECKS, check
from .drawing import render
from .errors import (
    FontError,
    Location,
    ModelError,
    OrgChartError,
    Problem,
    RenderError,
    RenderWarning,
    UnknownUnitError,
)
from .files import find_models, validate_paths
from .jsonschema import json_schema
from .loader import load, load_catalogue, load_plan, load_structure
from .model import Catalogue, Structure
from .render import DiagramOptions, to_dot
from .schema import Cap, FunctionDef, Link, OutsideBody, Source, Staffing, Unit
from .show import format_tree

if TYPE_CHECKING:
    from .accounting import Accounting, account, crosswalk_table, staffing_table
    from .building import BuildResult, build
    from .changes import diff, same_units
    from .drawing import render_reorg
    from .plan import Reorganisation
    from .render.reorg import reorg_to_dot

# The reorganisation engine is imported on first use (PEP 562), so that commands that
# only load and draw structures start fast.
_LAZY: dict[str, str] = {
    "Accounting": ".accounting", "account": ".accounting",
    "crosswalk_table": ".accounting", "staffing_table": ".accounting",
    "BuildResult": ".building", "build": ".building",
    "diff": ".changes", "same_units": ".changes",
    "render_reorg": ".drawing", "reorg_to_dot": ".render.reorg",
    "Reorganisation": ".plan",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'orgchart' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "__version__",
    # loading and checking
    "load",
    "load_structure",
    "load_catalogue",
    "load_plan",
    "check",
    "CHECKS",
    "validate_paths",
    "find_models",
    "json_schema",
    # the model
    "Structure",
    "Catalogue",
    "Unit",
    "Staffing",
    "Link",
    "FunctionDef",
    "OutsideBody",
    "Cap",
    "Source",
    # reorganisations
    "Reorganisation",
    "Accounting",
    "account",
    "staffing_table",
    "crosswalk_table",
    "diff",
    "same_units",
    # views and diagrams
    "format_tree",
    "DiagramOptions",
    "to_dot",
    "render",
    "reorg_to_dot",
    "render_reorg",
    "build",
    "BuildResult",
    # errors
    "Location",
    "Problem",
    "OrgChartError",
    "ModelError",
    "UnknownUnitError",
    "RenderError",
    "FontError",
    "RenderWarning",
]
