"""The JSON Schema of model files, for editors (YAML language server) and other tools."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from .events import PlanFile
from .history import HistoryFile
from .structure import CatalogueFile, StructureFile

__all__ = ["json_schema"]


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of model files (structures, catalogues, reorganisation plans or
    histories).

    >>> sorted(json_schema()["anyOf"][0])
    ['$ref']
    """
    adapter: TypeAdapter[StructureFile | CatalogueFile | PlanFile | HistoryFile] = TypeAdapter(
        StructureFile | CatalogueFile | PlanFile | HistoryFile)
    schema = adapter.json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgchart model file"
    return schema
