"""orgchart: institutional structures (机构编制) as checked data, graphs and diagrams.

>>> import orgchart
>>> town = orgchart.load("models/hunan/township-2019.yaml")
>>> len(town), town.totals().admin
(15, 48)
>>> orgchart.check(town)
[]
"""

from __future__ import annotations

from .check import CHECKS, check
from .errors import (
    FontError,
    Location,
    ModelError,
    OrgChartError,
    Problem,
    RenderError,
    UnknownUnitError,
)
from .files import find_models, validate_paths
from .loader import load, load_catalogue, load_structure
from .model import Catalogue, Structure
from .schema import Cap, FunctionDef, Link, OutsideBody, Source, Staffing, Unit, json_schema
from .show import format_tree

__version__ = "0.1.0"

__all__ = [
    "__version__",
    # loading and checking
    "load",
    "load_structure",
    "load_catalogue",
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
    # views
    "format_tree",
    # errors
    "Location",
    "Problem",
    "OrgChartError",
    "ModelError",
    "UnknownUnitError",
    "RenderError",
    "FontError",
]
