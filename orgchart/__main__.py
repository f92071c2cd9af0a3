"""Run the command-line tool: ``python -m orgchart``, and the ``orgchart`` console script.

Ctrl-C is handled from the first line on: while the command line and what it needs are
still being imported, an interrupt ends the process at once with one line and exit code
130 (nothing has been written yet), as one during a command does, instead of a traceback
from the middle of some import.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _interrupted_while_starting(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("\norgchart: interrupted\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> None:
    """Start the command line with Ctrl-C handled while it is imported."""
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    from .cli import main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # commands handle it themselves
    main()


if __name__ == "__main__":
    run()
