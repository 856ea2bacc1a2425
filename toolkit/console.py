"""The consoles every command prints on (rich), and what a closed pipe does to them.

Apart from the click options (toolkit/commands/options.py), so that the no-op fast path
(toolkit/noop.py) prints through the very same consoles without importing click.
"""

from __future__ import annotations

import os
import sys

import rich.console

from toolkit.render import PIPE_WIDTH


def silence_stdout() -> None:
    """Point stdout at /dev/null, so once its reader has gone no later write or the
    interpreter's final flush fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class Console(rich.console.Console):
    """rich's console, except that a reader closing the pipe (`mashdb status | head -1`)
    ends the command quietly with exit code 0 instead of rich's 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence_stdout()
        raise SystemExit(0)


# Piped output (CI logs, `make demo`) gets a wide console so tables never truncate names.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else PIPE_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True)
