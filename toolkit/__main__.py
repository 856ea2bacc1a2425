"""`python -m toolkit` runs the mashdb command line."""

from toolkit.launch import main

main()
