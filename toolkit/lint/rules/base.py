"""The rule base class, the :class:`Hit` a rule yields, and the registry of rule classes."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from ..finding import Severity
from ..model import Location, Model


@dataclass(frozen=True)
class Hit:
    """One place a rule fired: where, what exactly, and (optionally) a specific fix hint."""

    location: Location
    message: str
    hint: str | None = None


class Rule:
    """Base of mashdb's static RLS rules.

    A subclass sets ``id``, ``severity``, ``title`` and ``hint`` and implements
    :meth:`check`. Its docstring's first line is the rule's message; the rest
    shows an ``**Anti-pattern**`` and a ``**Best practice**``, each with a
    ``.. code-block:: sql`` example (the tests run both examples).
    """

    id: ClassVar[str]
    severity: ClassVar[Severity]
    title: ClassVar[str]
    hint: ClassVar[str]

    def check(self, model: Model) -> Iterable[Hit]:
        """Yield a :class:`Hit` for every place ``model`` breaks the rule."""
        raise NotImplementedError

    @classmethod
    def doc(cls) -> str:
        """The rule's docstring, dedented."""
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def message(cls) -> str:
        """The docstring's first line: the rule's generic message."""
        return cls.doc().splitlines()[0] if cls.__doc__ else cls.title


class Registry:
    """Rule classes by id; registering a second rule with a taken id is an error."""

    def __init__(self) -> None:
        self._rules: dict[str, type[Rule]] = {}

    def register(self, rule: type[Rule]) -> type[Rule]:
        """Add ``rule`` (usable as a class decorator); rejects duplicate ids."""
        if rule.id in self._rules:
            other = self._rules[rule.id]
            raise ValueError(
                f"duplicate rule id {rule.id}: {other.__module__}.{other.__name__} and "
                f"{rule.__module__}.{rule.__name__}"
            )
        self._rules[rule.id] = rule
        return rule

    def get(self, rule_id: str) -> type[Rule] | None:
        """The rule class with this id (case-insensitive), or ``None``."""
        return self._rules.get(rule_id.upper())

    def all(self) -> tuple[type[Rule], ...]:
        """Every registered rule, by id."""
        return tuple(self._rules[k] for k in sorted(self._rules))

    def __contains__(self, rule_id: object) -> bool:
        return isinstance(rule_id, str) and rule_id.upper() in self._rules

    def __len__(self) -> int:
        return len(self._rules)


REGISTRY = Registry()
register = REGISTRY.register
