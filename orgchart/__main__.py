"""Run the command-line tool: ``python -m orgchart``."""

from .cli import main

main()
