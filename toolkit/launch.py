"""The `mashdb` program: the no-op fast path of status and migrate (toolkit/noop.py) when
it can serve the command line, else the full command line (toolkit/cli.py)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run `mashdb` with the process's arguments."""
    from toolkit import noop

    code = noop.run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from toolkit.cli import main as cli

    cli()
