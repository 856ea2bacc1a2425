"""The packaged RLS policy suite: generated matrix cases and the coverage gate.

`mashdb test` runs it (or a project's tests/rls, which re-exports it) against any
migrated database; a project supplies its matrix at tests/rls/matrix.toml.
"""
