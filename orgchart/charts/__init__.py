"""Charts as DOT text: the org chart of a structure (``dot``) and the before/after chart of a
plan (``reorg``); drawing them to files is ``write``'s job."""

from __future__ import annotations

from .dot import DiagramOptions, to_dot

__all__ = ["DiagramOptions", "to_dot"]
