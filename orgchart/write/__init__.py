"""Writing files: drawing DOT with the bundled Graphviz (in a process that a crash cannot
take down), fonts with Chinese glyphs, and atomic writes."""
