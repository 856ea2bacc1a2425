"""Schema tests: every function and trigger of migrations 0013–0020, with real rows."""
