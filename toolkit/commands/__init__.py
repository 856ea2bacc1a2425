"""The click commands, one module per command group (migrate, status, scaffold, server,
lint, review, rls); toolkit/cli.py adds them to the `mashdb` group.

They only parse, call one library function, render and exit; shared options, the context
and the consoles are in options.py.
"""
