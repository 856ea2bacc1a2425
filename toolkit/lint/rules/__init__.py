"""mashdb's static RLS rules, one module per rule, and their registry.

Importing this package registers every rule in :data:`REGISTRY`; the registry
rejects a duplicate id at import time.
"""

from __future__ import annotations

from . import (  # noqa: F401 - imported to register the rules
    rls000_parse_error,
    rls001_rls_disabled,
    rls002_policy_without_rls,
    rls003_auth_call_not_wrapped,
    rls004_always_true_write,
    rls005_policy_for_public,
    rls006_security_definer_search_path,
    rls007_unindexed_foreign_key,
    rls008_unindexed_policy_column,
    rls009_multiple_permissive,
    rls010_view_security_invoker,
    rls011_dangerous_grant,
    rls012_default_privileges_kept,
)
from .base import REGISTRY, Hit, Registry, Rule, register

__all__ = ["REGISTRY", "Hit", "Registry", "Rule", "register"]
