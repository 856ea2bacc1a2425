"""The packaged suite (generated matrix cases + coverage gate), run on this project."""

from toolkit.rls.suite.test_gate import (  # noqa: F401
    test_coverage_gate,
    test_gate_names_each_planted_cascade,
    test_gate_names_each_planted_gap,
)
from toolkit.rls.suite.test_matrix import test_rls_case  # noqa: F401
