"""What a file's name says it holds."""

from __future__ import annotations

__all__ = ["CONTENT_SUFFIXES"]

#: Suffixes that say what a file holds: neither a diagram nor an export is written into a
#: file whose suffix names something else (the exporters use this set too).
CONTENT_SUFFIXES = frozenset({
    ".svg", ".png", ".pdf", ".dot", ".gv", ".yaml", ".yml", ".json", ".jsonld", ".graphml",
    ".gexf", ".xml", ".csv", ".mmd", ".mermaid", ".md", ".txt", ".xlsx", ".html", ".htm",
    ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".eps", ".ps"})
