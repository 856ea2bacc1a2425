"""The `mashdb` program: the no-op fast path of status and migrate (toolkit/noop.py) when
it can serve the command line, else the full command line (toolkit/cli.py)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run `mashdb` with the process's arguments."""
    args = sys.argv[1:]
    if "status" in args or "migrate" in args:  # the only commands the fast path serves
        from toolkit import noop

        code = noop.run(args)
        if code is not None:
            sys.exit(code)
    from toolkit.cli import main as cli

    cli()
