"""Click commands for the command groups beyond migration (lint, review, policies, test).

Like toolkit/cli.py these only parse, call one library function, render and exit.
"""
