"""Reading files: YAML with the location of every value, validation into located
problems, the loader that resolves templates and references, unit tables (.csv, .xlsx)
and theme files."""
