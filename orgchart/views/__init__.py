"""Text views for the terminal: the structure as a tree, and the statistics."""
