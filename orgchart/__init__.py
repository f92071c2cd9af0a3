"""orgchart: institutional structures (机构编制) as checked data, graphs and diagrams.

>>> import orgchart
>>> town = orgchart.load("models/hunan/township-2019.yaml")
>>> len(town), town.totals().admin.text()
(15, '48')
>>> orgchart.check(town)
[]
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: importing typing here would slow every start
if TYPE_CHECKING:
    from typing import Any

    from .base.errors import (
        FontError,
        Location,
        ModelError,
        OrgChartError,
        Problem,
        RenderError,
        RenderWarning,
        UnknownUnitError,
    )
    from .base.when import When
    from .charts import DiagramOptions, to_dot
    from .charts.reorg import reorg_to_dot
    from .model.evidence import Evidence
    from .model.history import History
    from .model.plan import Reorganisation
    from .model.structure import Catalogue, Structure
    from .model.tally import StaffTotals, Tally
    from .read.loader import load, load_catalogue, load_history, load_plan, load_structure
    from .rules.accounting import Accounting, account, staffing_table
    from .rules.checks import CHECKS, check
    from .rules.crosswalk import crosswalk_table
    from .rules.diff import diff, same_units
    from .schema.jsonschema import json_schema
    from .schema.structure import (
        Cap,
        FactEvidence,
        FunctionDef,
        Link,
        OutsideBody,
        Source,
        Staffing,
        Unit,
    )
    from .tasks.build import BuildResult, build
    from .tasks.draw import render, render_reorg
    from .tasks.validate import find_models, validate_paths
    from .views.audit import audit_csv, audit_text
    from .views.show import format_tree

# Everything is imported on first use (PEP 562): the command line
# answers --help and --version at once, and each command imports only what it needs.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("Location", "Problem", "OrgChartError", "ModelError", "UnknownUnitError",
                     "RenderError", "RenderWarning", "FontError"), ".base.errors"),
    "When": ".base.when",
    "load": ".read.loader", "load_structure": ".read.loader",
    "load_catalogue": ".read.loader", "load_plan": ".read.loader",
    "load_history": ".read.loader", "History": ".model.history",
    "check": ".rules.checks", "CHECKS": ".rules.checks",
    "validate_paths": ".tasks.validate", "find_models": ".tasks.validate",
    "json_schema": ".schema.jsonschema",
    "Structure": ".model.structure", "Catalogue": ".model.structure",
    "Tally": ".model.tally", "StaffTotals": ".model.tally",
    "Unit": ".schema.structure", "Staffing": ".schema.structure", "Link": ".schema.structure",
    "FunctionDef": ".schema.structure", "OutsideBody": ".schema.structure",
    "Cap": ".schema.structure", "Source": ".schema.structure",
    "FactEvidence": ".schema.structure", "Evidence": ".model.evidence",
    "audit_text": ".views.audit", "audit_csv": ".views.audit",
    "Reorganisation": ".model.plan",
    "Accounting": ".rules.accounting", "account": ".rules.accounting",
    "crosswalk_table": ".rules.crosswalk", "staffing_table": ".rules.accounting",
    "diff": ".rules.diff", "same_units": ".rules.diff",
    "format_tree": ".views.show",
    "DiagramOptions": ".charts", "to_dot": ".charts", "reorg_to_dot": ".charts.reorg",
    "render": ".tasks.draw", "render_reorg": ".tasks.draw",
    "build": ".tasks.build", "BuildResult": ".tasks.build",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'orgchart' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
__version__ = "0.1.0"

__all__ = [
    "__version__",
    # loading and checking
    "load",
    "load_structure",
    "load_catalogue",
    "load_plan",
    "load_history",
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
    "Tally",
    "StaffTotals",
    "Link",
    "FunctionDef",
    "OutsideBody",
    "Cap",
    "Source",
    "When",
    "FactEvidence",
    "Evidence",
    "audit_text",
    "audit_csv",
    # reorganisations
    "Reorganisation",
    "Accounting",
    "account",
    "staffing_table",
    "crosswalk_table",
    "diff",
    "same_units",
    # histories (沿革)
    "History",
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
    "RenderWarning",
    "FontError",
]
