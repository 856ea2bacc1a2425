"""`python -m toolkit` runs the mashdb command line."""

from toolkit.cli import main

main()
